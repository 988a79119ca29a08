#!/usr/bin/env python3
"""Import time and peak memory of the bundled lists (and any other list folders), through the CLI.

Each import runs as its own `watchlist lists import` process into a fresh store, so the
figures are what a user sees: wall time including start-up, and the process's peak RSS
(from wait4). The last row imports all bundled lists at once, as a store's first use does.

    python bench/import_lists.py                    # bundled lists
    python bench/import_lists.py --repeat 3         # best of 3
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "lists-raw"


def measure(label: str, args: list[str], repeat: int, env: dict | None = None) -> list:
    best = None
    for _ in range(repeat):
        store = Path(tempfile.mkdtemp(prefix="wl-bench-"))
        try:
            cmd = [sys.executable, "-m", "watchlist"] + args + ["--store", str(store)]
            # a fresh interpreter per measurement so ru_maxrss of children is this command's peak
            probe = [sys.executable, "-c",
                     "import resource,subprocess,sys,time;t=time.perf_counter();"
                     "r=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
                     "w=time.perf_counter()-t;"
                     "m=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024;"
                     "print(r.returncode,w,m);print(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else '');"
                     "print(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else '')"] + cmd
            out = subprocess.run(probe, capture_output=True, text=True, env=env).stdout.splitlines()
            code, wall, peak = out[0].split()
            if code != "0":
                raise SystemExit(f"{label}: exited {code}: {out[2] if len(out) > 2 else ''}")
            row = [label, float(wall), float(peak), out[1][:90]]
            if best is None or row[1] < best[1]:
                best = row
        finally:
            shutil.rmtree(store, ignore_errors=True)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    lists = ROOT / "lists"
    cases = [
        ("ofac-sdn (bundled)", ["lists", "import", str(lists / "ofac-sdn"), "--format", "ofac-sdn"]),
        ("ofac-cons (bundled)", ["lists", "import", str(lists / "ofac-cons"), "--format", "ofac-cons"]),
        ("un-sc (bundled)", ["lists", "import", str(lists / "un-sc" / "consolidated.xml"), "--format", "un-sc"]),
        ("uk-ofsi (bundled XLSX)", ["lists", "import", str(lists / "uk-ofsi" / "ConList.xlsx"), "--format", "uk-ofsi"]),
    ]
    if (RAW / "opensanctions" / "targets.simple.csv").exists():
        cases.append(("opensanctions (not bundled)", ["lists", "import", str(RAW / "opensanctions" / "targets.simple.csv"),
                                                      "--format", "opensanctions"]))
    rows = [measure(label, args, a.repeat) for label, args in cases]
    rows.append(measure("all bundled lists (first use)", ["lists", "ls", "--format", "csv"], a.repeat))
    w = max(len(r[0]) for r in rows)
    print(f"{'import':<{w}}  {'wall s':>7}  {'peak MB':>8}  result")
    for label, wall, peak, out in rows:
        print(f"{label:<{w}}  {wall:7.2f}  {peak:8.0f}  {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
