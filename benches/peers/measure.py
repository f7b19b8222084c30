"""Measure the benchmark job (job.md): gds and its peers, interleaved.

Usage: measure.py DATA [--gds-cmd CMD] [--rounds 5] [--warmup 1] [--catalogue] [--out FILE]

Runs every command once per round, round-robin (the order rotates each round), after
--warmup rounds that are not recorded. For each run: wall time, the whole-process CPU time
(user + sys of the child and its waited-for descendants, from os.wait4) and the peak resident
set size (ru_maxrss). Prints a markdown table of the medians, with CPU, wall and RSS ratios to
DuckDB and gds / floor, and writes it to target/peers-N.md (N = the data folder's name).

The floor (floor.py) is DuckDB decoding only the columns the job reads from the same files.
--catalogue adds a whole-catalogue gds run (`gds compute DATA/gds.toml --period 2024 --out
/tmp/all.csv`) and its floor (every column of every Parquet/CSV source, floor.py --all).

--extra NAME=CMD times more commands in the same rounds (e.g. "gds-validate={gds} validate
{data}/gds.toml", the validation gate gds compute runs first).

CMD may use {gds} (target/release/gds, else target/debug/gds), {data} and {ids} (the job's
indicators); default: "{gds} compute {data}/gds.toml --period 2024 --indicators {ids} --out
/tmp/gds-job.csv". Peers run with 2 threads (POLARS_MAX_THREADS=2, DuckDB SET threads = 2);
POLARS_MAX_THREADS=2 is also in gds's environment. gds runs with GDS_NO_CACHE=1 (its gate
screens every value on every run) and, as gds-stored / gds-all-stored, with the screenings
of the warm-up stored (GDS_CACHE_DIR=target/bench-screened, emptied first).
"""
import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_GDS = "{gds} compute {data}/gds.toml --period 2024 --indicators {ids} --out /tmp/gds-job.csv"
CATALOGUE_GDS = "{gds} compute {data}/gds.toml --period 2024 --out /tmp/all.csv"


def job_ids(data):
    out = subprocess.run([sys.executable, "-c", "import common; print(common.IDS)", data],
                         cwd=HERE, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def run(cmd, env):
    """One run: (wall s, cpu s, peak RSS MiB)."""
    t0 = time.perf_counter()
    with open("/tmp/peers-measure.err", "wb") as err:
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.stderr.write(open("/tmp/peers-measure.err", encoding="utf-8", errors="replace").read())
        sys.exit(f"failed ({p.returncode}): {shlex.join(cmd)}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default="target/bench-data/1000000")
    ap.add_argument("--gds-cmd", default=DEFAULT_GDS)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--catalogue", action="store_true", help="also time a whole-catalogue gds run and its floor")
    ap.add_argument("--extra", action="append", default=[], metavar="NAME=CMD",
                    help="also time CMD (with {gds}, {data}, {ids} filled in), e.g. 'gds-validate={gds} validate {data}/gds.toml'")
    ap.add_argument("--only", help="comma-separated subset of: gds,gds-stored,duckdb,polars,pandas,floor,gds-all,gds-all-stored,floor-all")
    ap.add_argument("--out", help="markdown file (default target/peers-N.md)")
    a = ap.parse_args()

    data = os.path.relpath(os.path.abspath(a.data), ROOT)
    gds = "target/release/gds"
    if not os.path.exists(os.path.join(ROOT, gds)):
        gds = "target/debug/gds"
        print("warning: target/release/gds does not exist, timing the debug build", file=sys.stderr)
    py = sys.executable if not sys.executable.startswith(ROOT + "/") else os.path.relpath(sys.executable, ROOT)
    ids = job_ids(a.data if os.path.isabs(a.data) else os.path.join(ROOT, data))
    fill = lambda c: shlex.split(c.format(gds=gds, data=data, ids=ids))
    cmds = {
        "gds": fill(a.gds_cmd),
        "duckdb": [py, "benches/peers/duckdb_job.py", data, "/tmp/duckdb-job.csv"],
        "polars": [py, "benches/peers/polars_job.py", data, "/tmp/polars-job.csv"],
        "pandas": [py, "benches/peers/pandas_job.py", data, "/tmp/pandas-job.csv"],
        "floor": [py, "benches/peers/floor.py", data],
    }
    # gds screens every value of every source for its gate on each run ("gds"); with the
    # screenings stored by an earlier run of the same build on the same bytes ("gds-stored",
    # stored in the warm-up), the gate reuses them and reads only what the job needs.
    cmds["gds-stored"] = cmds["gds"]
    if a.catalogue:
        cmds["gds-all"] = fill(CATALOGUE_GDS)
        cmds["gds-all-stored"] = cmds["gds-all"]
        cmds["floor-all"] = [py, "benches/peers/floor.py", data, "--all"]
    for e in a.extra:
        name, cmd = e.split("=", 1)
        cmds[name] = fill(cmd)
    if a.only:
        cmds = {k: v for k, v in cmds.items() if k in a.only.split(",")}
    env = dict(os.environ, POLARS_MAX_THREADS="2")
    store = os.path.join(ROOT, "target", "bench-screened")
    shutil.rmtree(store, ignore_errors=True)
    envs = {k: dict(env, GDS_CACHE_DIR=store) if k.endswith("-stored") else dict(env, GDS_NO_CACHE="1")
            for k in cmds}

    names = list(cmds)
    runs = {k: [] for k in names}
    load0 = os.getloadavg()
    for r in range(a.warmup + a.rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for k in order:
            m = run(cmds[k], envs[k])
            tag = "warm-up" if r < a.warmup else f"round {r - a.warmup + 1}"
            print(f"{tag:>8} {k:<9} wall {m[0]:8.3f} s  cpu {m[1]:8.3f} s  rss {m[2]:8.1f} MiB", file=sys.stderr)
            if r >= a.warmup:
                runs[k].append(m)
    load1 = os.getloadavg()

    med = {k: tuple(statistics.median(x[i] for x in v) for i in range(3)) for k, v in runs.items()}
    ref = med.get("duckdb")
    ratio = lambda x, y: f"{x / y:.2f}" if y else "—"
    lines = [
        f"# Peer job on {data}",
        "",
        f"Medians of {a.rounds} interleaved rounds after {a.warmup} warm-up; CPU = user + sys of the whole "
        f"process (os.wait4); RSS = peak resident set. {os.cpu_count()} CPUs, {platform.machine()}, "
        f"load average {load0[0]:.2f} before, {load1[0]:.2f} after. Peers at 2 threads. {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        "| tool | wall s | CPU s | CPU s min–max | CPU / DuckDB | wall / DuckDB | peak RSS MiB | RSS / DuckDB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for k in names:
        w, c, m = med[k]
        cpus = [x[1] for x in runs[k]]
        lines.append(f"| {k} | {w:.3f} | {c:.3f} | {min(cpus):.3f}–{max(cpus):.3f} | {ratio(c, ref[1]) if ref else '—'} | "
                     f"{ratio(w, ref[0]) if ref else '—'} | {m:.0f} | {ratio(m, ref[2]) if ref else '—'} |")
    lines.append("")
    for g, f in (("gds", "floor"), ("gds-stored", "floor"), ("gds-all", "floor-all"), ("gds-all-stored", "floor-all")):
        if g in med and f in med:
            lines.append(f"- {g} / {f}: CPU {ratio(med[g][1], med[f][1])}, wall {ratio(med[g][0], med[f][0])}, "
                         f"RSS {ratio(med[g][2], med[f][2])}")
    lines.append("")
    lines.append("Commands:")
    lines.append("")
    lines += [f"- {k}: `{'GDS_CACHE_DIR=target/bench-screened ' if k.endswith('-stored') else 'GDS_NO_CACHE=1 ' if k.startswith('gds') else ''}{shlex.join(v)}`"
              for k, v in cmds.items()]
    text = "\n".join(lines) + "\n"
    print(text)
    out = a.out or os.path.join(ROOT, "target", f"peers-{os.path.basename(os.path.normpath(data))}.md")
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
