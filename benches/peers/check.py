"""Check that the peers compute the same values as gds.

Usage: check.py GDS_RESULTS.csv PEER.csv [PEER.csv ...] [--tolerance 1e-9] [--levels commune,district]

GDS_RESULTS.csv is `gds compute ... --out x.csv` output; each PEER.csv has the columns
indicator,area,sex,value (a peer is named after its file, e.g. /tmp/duckdb-job.csv -> duckdb,
or given as NAME=PATH). Every cell (indicator, area, sex) of gds at the compared levels
(commune and district) that has a value must be in every peer with a value equal within the
relative tolerance |peer - gds| / max(|peer|, |gds|). A cell gds publishes without a value
(suppressed by the small-number rule) is not compared when gds's status is `suppressed`; any
other gds cell without a value must have no value in the peers either; a peer cell that gds
does not have is an error. Prints the maximum relative difference per indicator and tool;
exits 1 on any mismatch or missing cell.
"""
import argparse
import csv
import math
import os
import sys


def tool_name(arg):
    if "=" in arg and not os.path.exists(arg):
        name, path = arg.split("=", 1)
        return name, path
    name = os.path.basename(arg)
    for suffix in (".csv", "-job", "_job"):
        name = name.removesuffix(suffix)
    return name, arg


def number(s):
    return None if s is None or s.strip() == "" else float(s)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gds")
    ap.add_argument("peers", nargs="+")
    ap.add_argument("--tolerance", type=float, default=1e-9)
    ap.add_argument("--levels", default="commune,district")
    ap.add_argument("--show", type=int, default=5, help="mismatches listed per indicator and tool")
    a = ap.parse_args()
    levels = set(a.levels.split(","))

    gds = {}  # (indicator, area, sex) -> (value, status)
    with open(a.gds, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if r["period"] and r["level"] in levels:
                key = (r["indicator"], r["area"], r.get("sex") or "_T")
                gds[key] = (number(r["value"]), r["status"])
    if not gds:
        sys.exit(f"{a.gds}: no rows at levels {sorted(levels)}")
    indicators = sorted({k[0] for k in gds})

    failed = False
    # report[indicator][tool] = [max_rel, compared, missing, mismatched, extra]
    report = {i: {} for i in indicators}
    tools = []
    for arg in a.peers:
        tool, path = tool_name(arg)
        tools.append(tool)
        peer = {}
        with open(path, encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                peer[(r["indicator"], r["area"], r["sex"] or "_T")] = number(r["value"])
        stats = {i: [0.0, 0, 0, 0, 0] for i in indicators}
        shown = {}
        problems = []
        for key, (gv, status) in sorted(gds.items()):
            st = stats[key[0]]
            pv = peer.get(key)
            if gv is None:
                if status == "suppressed" or pv is None:
                    continue
                problems.append((key, f"gds has no value (status {status}) but {tool} has {pv!r}"))
                st[3] += 1
                continue
            if pv is None:
                st[2] += 1
                problems.append((key, f"missing in {tool} (gds {gv!r})"))
                continue
            scale = max(abs(gv), abs(pv))
            rel = 0.0 if scale == 0 else abs(pv - gv) / scale
            if math.isnan(rel):
                rel = math.inf
            st[0] = max(st[0], rel)
            st[1] += 1
            if rel > a.tolerance:
                st[3] += 1
                problems.append((key, f"{tool} {pv!r} vs gds {gv!r} (relative difference {rel:.3g})"))
        for key, pv in sorted(peer.items()):
            if key not in gds and pv is not None:
                ind = key[0]
                stats.setdefault(ind, [0.0, 0, 0, 0, 0])[4] += 1
                report.setdefault(ind, {})
                problems.append((key, f"{tool} has a cell gds does not have ({pv!r})"))
        for key, msg in problems:
            n = shown.get(key[0], 0)
            if n < a.show:
                print(f"MISMATCH {key[0]} {key[1]} {key[2]}: {msg}")
            shown[key[0]] = n + 1
        for ind, st in stats.items():
            report.setdefault(ind, {})[tool] = st
            if st[2] or st[3] or st[4]:
                failed = True

    skipped = sum(1 for gv, s in gds.values() if gv is None and s == "suppressed")
    print(f"gds: {a.gds}, {len(gds)} cells at levels {','.join(sorted(levels))}"
          f" ({skipped} suppressed, not compared); tolerance {a.tolerance:g} relative\n")
    print("| indicator | cells | " + " | ".join(f"{t} max rel. diff." for t in tools) + " |")
    print("|---|---:|" + "---:|" * len(tools))
    for ind in sorted(report):
        row = report[ind]
        cells = max((row[t][1] for t in tools if t in row), default=0)
        out = []
        for t in tools:
            st = row.get(t)
            if st is None:
                out.append("—")
                continue
            txt = f"{st[0]:.1e}" if st[1] else "—"
            bad = [f"{st[2]} missing"] * bool(st[2]) + [f"{st[3]} differ"] * bool(st[3]) + [f"{st[4]} extra"] * bool(st[4])
            out.append(txt + (" **(" + ", ".join(bad) + ")**" if bad else ""))
        print(f"| {ind} | {cells} | " + " | ".join(out) + " |")
    print("\nFAIL" if failed else "\nOK: every peer equals gds on every cell")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
