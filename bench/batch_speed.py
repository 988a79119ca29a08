#!/usr/bin/env python3
"""Batch screening speed: names per second, index build/load, peak memory, and growth to a 1M-name list.

1. A store with the bundled lists (OFAC SDN, OFAC non-SDN, UN, UK) is built once.
2. `watchlist batch` screens 1k, 10k and 100k names (half listed names, lightly perturbed;
   half synthetic non-designated persons from yente's negatives_global.csv) as a user runs it:
   wall time of the whole process, start-up included, and its peak RSS.
3. The naive exhaustive baseline in the same run: rapidfuzz `process.extractOne` with
   `token_sort_ratio` over every listed name (unidecoded, casefolded), on a sample.
4. Index build and load time per list, in-process.
5. A synthetic list of `--big` names (default 1,000,000; generated from name parts) is imported
   with the generic importer, then screened with 10k names: import time, index size, load time,
   names/s and peak memory.

    python bench/batch_speed.py                 # everything (several minutes)
    python bench/batch_speed.py --sizes 1000,10000 --big 0
    python bench/batch_speed.py --big-only      # only step 5 (the 1M-name import and its 10k batch)
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "lists-raw"
NEG = RAW / "screening-fixtures" / "opensanctions-yente" / "negatives_global.csv"


def cli(args: list[str]) -> tuple[float, float]:
    """(wall s, peak RSS MB) of one `watchlist` process."""
    probe = ("import resource,subprocess,sys,time;t=time.perf_counter();"
             "r=subprocess.run(sys.argv[1:],capture_output=True,text=True);w=time.perf_counter()-t;"
             "m=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024;"
             "print(r.returncode,w,m);sys.stderr.write(r.stderr[-500:])")
    p = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "watchlist"] + args,
                       capture_output=True, text=True)
    code, wall, peak = p.stdout.split()
    if code != "0":
        raise SystemExit(f"watchlist {' '.join(args[:2])} failed: {p.stderr.strip()[-300:]}")
    return float(wall), float(peak)


def perturb(name: str, rng: random.Random) -> str:
    parts = name.replace(",", "").split()
    r = rng.random()
    if r < 0.3 and len(parts) > 1:
        parts = parts[1:] + parts[:1]
    elif r < 0.6 and parts:
        w = parts[rng.randrange(len(parts))]
        if len(w) > 4:
            i = rng.randrange(1, len(w) - 1)
            parts[parts.index(w)] = w[:i] + w[i + 1:]
    return " ".join(parts)


def listed_names(store_folder: Path) -> list[str]:
    from watchlist.store import Store

    st = Store(store_folder)
    out = []
    for v in st.latest_versions():
        out += [text for _, text, _ in st.names(v)]
    return out


def negatives() -> list[str]:
    with open(NEG, encoding="utf-8", newline="") as fh:
        return [r["full_name"].strip() for r in csv.DictReader(fh) if r["full_name"].strip()]


def write_queries(path: Path, n: int, listed: list[str], negs: list[str], seed: int) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        for i in range(n):
            name = perturb(rng.choice(listed), rng) if i % 2 == 0 else rng.choice(negs)
            w.writerow([f"q{i}", name])


def naive_rate(listed: list[str], queries: list[str]) -> float:
    from rapidfuzz import fuzz, process, utils
    from unidecode import unidecode

    choices = [utils.default_process(unidecode(x)) for x in listed]
    t0 = time.perf_counter()
    for q in queries:
        process.extractOne(utils.default_process(unidecode(q)), choices, scorer=fuzz.token_sort_ratio,
                           processor=None, score_cutoff=85)
    return len(queries) / (time.perf_counter() - t0)


def index_times(store_folder: Path) -> list[tuple[str, int, float, float, int]]:
    from watchlist.index import NameIndex
    from watchlist.store import Store

    st = Store(store_folder)
    rows = []
    for v in st.latest_versions():
        entries = st.names(v)
        t0 = time.perf_counter()
        blob = NameIndex.build(entries).dumps()
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        NameIndex.loads(blob)
        load = time.perf_counter() - t0
        rows.append((v.list, len(entries), build, load, len(blob)))
    return rows


def big_list(path: Path, n: int, seed: int) -> None:
    """n synthetic person names built from the parts of non-designated names."""
    rng = random.Random(seed)
    firsts, lasts = set(), set()
    for name in negatives():
        parts = name.split()
        if len(parts) >= 2:
            firsts.add(parts[0])
            lasts.add(parts[-1])
    firsts, lasts = sorted(firsts), sorted(lasts)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "type"])
        for i in range(n):
            w.writerow([f"S{i}", f"{rng.choice(firsts)} {rng.choice(lasts)}", "individual"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--big", type=int, default=1_000_000, help="names in the synthetic list (0: skip)")
    ap.add_argument("--naive-sample", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--big-only", action="store_true", help="skip steps 1-4 (the bundled lists)")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wl-speed-"))
    if not a.big_only:
        bundled(a, work)
    if a.big:
        big(a, work)
    print(f"\n(this process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; work dir {work})")
    return 0


def bundled(a: argparse.Namespace, work: Path) -> None:
    """Steps 1-4: the bundled lists, batch rates against them, the naive baseline, index build/load."""
    store = work / "store"
    print("building the store with the bundled lists ...", file=sys.stderr)
    wall, peak = cli(["lists", "ls", "--store", str(store), "--quiet"])
    print(f"first use (bundled lists imported, indexes built): {wall:.1f} s, peak {peak:.0f} MB")
    listed, negs = listed_names(store), negatives()
    print(f"listed names in the store: {len(listed):,}")

    print("\nindex per list (in-process)")
    print(f"{'list':<12} {'names':>8} {'build s':>8} {'load s':>7} {'MB':>6}")
    for name, n, build, load, size in index_times(store):
        print(f"{name:<12} {n:>8,} {build:>8.2f} {load:>7.3f} {size / 1e6:>6.1f}")

    wall, _ = cli(["match", "Qasem Soleimani", "--store", str(store), "--quiet", "--format", "csv"])
    print(f"\ncold start of `watchlist match` (one name, all lists): {wall:.2f} s")

    rng = random.Random(a.seed)
    sample = [perturb(rng.choice(listed), rng) if i % 2 == 0 else rng.choice(negs) for i in range(a.naive_sample)]
    naive = naive_rate(listed, sample)
    print(f"naive exhaustive rapidfuzz extractOne(token_sort_ratio) over {len(listed):,} names: {naive:,.1f} names/s")

    print(f"\n{'batch names':>12} {'wall s':>8} {'names/s':>9} {'x naive':>8} {'peak MB':>8}")
    for n in [int(x) for x in a.sizes.split(",") if x and int(x) > 0]:
        q = work / f"q{n}.csv"
        write_queries(q, n, listed, negs, a.seed)
        wall, peak = cli(["batch", str(q), "--column", "name", "--id-column", "id", "--out", str(work / "r.csv"),
                          "--store", str(store), "--quiet"])
        print(f"{n:>12,} {wall:>8.2f} {n / wall:>9,.0f} {n / wall / naive:>8,.0f} {peak:>8.0f}")


def big(a: argparse.Namespace, work: Path) -> None:
    """Step 5: import a synthetic list of a.big names, load its index, screen 10k names against it."""
    path = work / "big.csv"
    big_list(path, a.big, a.seed)
    bstore = work / "big-store"
    wall, peak = cli(["lists", "import", str(path), "--format", "generic", "--map", "name=name,id=id,type=type",
                      "--list", "synthetic", "--store", str(bstore), "--quiet"])
    print(f"\nsynthetic list of {a.big:,} names: import {wall:.1f} s, peak {peak:.0f} MB")
    from watchlist.index import NameIndex
    from watchlist.store import Store

    st = Store(bstore)
    v = st.version("synthetic")
    blob = st.con.execute("SELECT data FROM indexes WHERE version_id = ?", (v.id,)).fetchone()[0]
    t0 = time.perf_counter()
    NameIndex.loads(blob)
    print(f"index {len(blob) / 1e6:.0f} MB, load {time.perf_counter() - t0:.2f} s")
    del blob
    st.close()
    negs = negatives()
    q = work / "qbig.csv"
    write_queries(q, 10_000, [n for n in negs[:50_000]], negs, a.seed)
    wall, peak = cli(["batch", str(q), "--column", "name", "--id-column", "id", "--out", str(work / "rb.csv"),
                      "--store", str(bstore), "--quiet"])
    print(f"batch 10,000 names against it: {wall:.1f} s, {10_000 / wall:,.0f} names/s, peak {peak:.0f} MB")


if __name__ == "__main__":
    raise SystemExit(main())
