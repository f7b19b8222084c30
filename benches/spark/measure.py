"""Time `gds cube` on each engine over one district, in one run: wall and CPU seconds of the
whole process tree (gds, the Python runner, Spark's JVM), peak RSS of the tree (sampled every
0.1 s from /proc), and a check that every engine wrote the same cube files, byte for byte.

Usage: measure.py DATA_DIR ENGINE [ENGINE ...]
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


def tree(root):
    """The pids of root and its descendants, with (rss bytes, cpu seconds) each."""
    kids, stats = {}, {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                s = f.read()
        except OSError:
            continue
        rest = s[s.rindex(")") + 2 :].split()
        ppid = int(rest[1])
        kids.setdefault(ppid, []).append(int(p))
        stats[int(p)] = (int(rest[21]) * PAGE, (int(rest[11]) + int(rest[12])) / TICK)
    out, todo = {}, [root]
    while todo:
        p = todo.pop()
        if p in stats:
            out[p] = stats[p]
        todo.extend(kids.get(p, []))
    return out


def run(cmd, env):
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # stderr to a file, not a pipe: a pipe nobody reads until the end fills up (64 KiB of
    # progress lines at 10^7 persons) and blocks the engine.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=log)
    peak, cpu_seen = 0, {}
    while proc.poll() is None:
        procs = tree(proc.pid)
        peak = max(peak, sum(r for r, _ in procs.values()))
        for p, (_, c) in procs.items():
            cpu_seen[p] = max(cpu_seen.get(p, 0.0), c)
        time.sleep(0.1)
    wall = time.perf_counter() - t
    log.seek(0)
    err = log.read().decode()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    # CPU: the processes waited for (gds, the Python runner) from the rusage of children; a
    # process nobody waits for (Spark's JVM) only from its last sample, hence the larger.
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu = max(waited, sum(cpu_seen.values()))
    return wall, cpu, peak, err


def files(d):
    return {f: open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d))}


def main():
    data, engines = sys.argv[1], sys.argv[2:]
    project = os.path.join(data, "gds.toml")
    persons = os.path.basename(os.path.normpath(data))
    env = dict(os.environ)
    rows, cubes = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for e in engines:
            out = os.path.join(tmp, e)
            cmd = ["target/release/gds", "cube", project, "--period", "2024", "--out", out, "--engine", e]
            wall, cpu, peak, err = run(cmd, env)
            cubes[e] = files(out)
            version = next((l.split(": ", 1)[1] for l in err.splitlines() if l.startswith("engine: ")), "gds polars")
            rows.append((e, version, wall, cpu, peak))
    base = cubes[engines[0]]
    same = {e: cubes[e] == base for e in engines}
    print(f"# Whole catalogue cubes, {int(persons):,} persons (gds cube --period 2024, 2 threads)\n")
    print("| engine | version | wall s | CPU s (tree) | peak RSS (tree) | wall / polars | cubes = polars |")
    print("| --- | --- | ---: | ---: | ---: | ---: | :---: |")
    w0 = rows[0][2]
    for e, v, wall, cpu, peak in rows:
        print(f"| {e} | {v} | {wall:.2f} | {cpu:.2f} | {peak / 2**20:.0f} MiB | {wall / w0:.2f} | {'yes' if same[e] else 'NO'} |")
    if not all(same.values()):
        sys.exit("the engines' cubes differ")


main()
