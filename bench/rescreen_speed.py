#!/usr/bin/env python3
"""How much faster a delta re-screen is than screening the whole file again, and that it finds the same alerts.

Customers: N names, a mix of OpenSanctions target names (../shared/lists-raw/opensanctions,
not all on the SDN), SDN 2024 primary names and SDN 2021 aliases, shuffled. Steps:

1. import the 2021-07 SDN set as ``sdn`` v1; screen the customers (remembered, as `watchlist batch` does);
2. **big update**: import the 2024 SDN as v2 (8,186 of 14,965 entities added or changed since v1);
3. **weekly update**: import v3 = the 2024 files with 25 entities' programs edited (a typical OFAC week);
4. for each update, time a full re-screen (every name against the latest version, what one would
   otherwise run) and ``rescreen`` (library call; index already loaded in both), and check that the
   rescreen's alerts equal the full screen's alerts on added/changed entities minus the earlier ones.

    python bench/rescreen_speed.py              # 5,000 names
    python bench/rescreen_speed.py --names 20000
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import tempfile
import time
from pathlib import Path

from watchlist.screen.inputs import read_rows
from watchlist.screen.rescreen import rescreen
from watchlist.screen.screener import Screener
from watchlist.sources import read_list
from watchlist.store import Store
from watchlist.store.screenings import record_screening

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "lists-raw"


def customers(path: Path, n: int) -> None:
    rng = random.Random(6)
    with open(RAW / "opensanctions" / "targets.simple.csv", encoding="utf-8", newline="") as fh:
        os_names = [r["name"] for r in csv.DictReader(fh) if r["name"].strip()]
    sdn24 = read_list([RAW / "ofac-sdn"], "ofac-sdn").entities
    sdn21 = read_list([RAW / "ofac-sdn-2021-07-set"], "ofac-sdn").entities
    aliases = [nm.text for e in sdn21 for nm in e.names[1:]]
    names = (rng.sample(os_names, min(len(os_names), n // 2)) + [e.primary_name for e in rng.sample(sdn24, n // 4)]
             + rng.sample(aliases, n - n // 2 - n // 4))
    rng.shuffle(names)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        w.writerows([f"C{i}", name] for i, name in enumerate(names))


def weekly_copy(folder: Path, count: int) -> Path:
    """The 2024 files with ``count`` entities' program field edited."""
    folder.mkdir()
    for name in ("alt.csv", "add.csv", "sdn_comments.csv"):
        shutil.copy(RAW / "ofac-sdn" / name, folder / name)
    lines = (RAW / "ofac-sdn" / "sdn.csv").read_bytes().split(b"\r\n")
    rng = random.Random(7)
    for i in rng.sample(range(len(lines) - 1), count):
        fields = next(csv.reader([lines[i].decode("cp1252")]))
        fields[3] += "] [BENCH-WEEK"
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(fields)
        lines[i] = buf.getvalue().encode("cp1252")
    (folder / "sdn.csv").write_bytes(b"\r\n".join(lines))
    return folder


def full_screen(store: Store, rows) -> tuple[float, list]:
    t0 = time.perf_counter()
    found = Screener(store).screen_many([r.name for r in rows], input_ids=[r.input_id for r in rows])
    return time.perf_counter() - t0, [a for alerts in found for a in alerts]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", type=int, default=5000)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wl-rescreen-"))
    try:
        path = work / "customers.csv"
        customers(path, args.names)
        rows = [r for r in read_rows(path, "name", "id") if r.name.strip()]
        store = Store(work / "store")
        store.import_parsed("sdn", read_list([RAW / "ofac-sdn-2021-07-set"], "ofac-sdn"))
        secs, alerts = full_screen(store, rows)
        print(f"{len(rows):,} names; full screen against sdn v1: {secs:.1f} s, {len(alerts):,} alerts")
        earlier = {(a.query, a.list, a.entity_id, a.matched_name) for a in alerts}
        record_screening(store, path, "name", {"sdn": 1}, [r.name for r in rows], earlier)
        updates = [("big update: 2021-07 -> 2024-05", read_list([RAW / "ofac-sdn"], "ofac-sdn"), 1),
                   ("weekly update: 25 entities changed", read_list([weekly_copy(work / "week", 25)], "ofac-sdn"), 2)]
        print("| update | entities added or changed | full re-screen | rescreen | speed-up | new alerts | same as full |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for label, parsed, since in updates:
            new = store.import_parsed("sdn", parsed).version
            store.index(new)  # load the index outside both timings
            full_s, full_alerts = full_screen(store, rows)
            t0 = time.perf_counter()
            res = rescreen(store, path, "name", id_column="id", since={"sdn": since})
            delta_s = time.perf_counter() - t0
            before, after = store.digests(store.version("sdn", since)), store.digests(new)
            touched = {e for e, d in after.items() if before.get(e) != d}
            expected = {(a.input_id, a.query, a.entity_id, a.matched_name, a.score, a.rank) for a in full_alerts
                        if a.entity_id in touched and (a.query, a.list, a.entity_id, a.matched_name) not in earlier}
            got = {(a.input_id, a.query, a.entity_id, a.matched_name, a.score, a.rank) for a in res.alerts}
            print(f"| {label} | {len(touched):,} | {full_s:.1f} s | {delta_s:.1f} s | {full_s / delta_s:.0f}x | "
                  f"{len(got):,} | {'yes' if got == expected else f'NO ({len(expected ^ got)} differ)'} |")
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
