"""filter_report copies a real batch report exactly as the row-by-row round trip did (unescape, clear, excel_safe).

The report is screened from real OFAC names (some behind formula characters, quotes and line
breaks, so Excel-safe and quoted cells are there); the clearances are real false-positive
decisions recorded in the store on rows of that report.
"""

from __future__ import annotations

import csv
import io

import pytest

from watchlist.report import CsvReport
from watchlist.screen import batch as batch_mod
from watchlist.screen.cleared import CLEARED, _why, filter_report, row_key, unescape
from watchlist.screen.screener import Screener
from watchlist.store import Store
from watchlist.store.decisions import Clearances, Decision, Verdict, record_decisions

from ._samples import sdn_names


def _oracle(text: str, clearances: Clearances, show_cleared: bool) -> tuple[str, int, int, set]:
    """The filter as it was written before (DictReader, every cell unescaped and escaped again)."""
    dst = io.StringIO()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out = CsvReport(dst, reader.fieldnames or [])
    rows = cleared = 0
    keys = set()
    for row in reader:
        key = row_key(row)
        d = clearances.cleared(key[0], key[1], int(row["list_version"]), key[2], key[3])
        if d is None:
            keys.add(key)
        else:
            cleared += 1
            if not show_cleared:
                continue
            row = dict(row, decision=CLEARED, explanation=f"{_why(d)}; {unescape(row.get('explanation', ''))}")
        rows += 1
        out.write({k: unescape(v) if isinstance(v, str) else v for k, v in row.items()})
    return dst.getvalue(), rows, cleared, keys


@pytest.fixture()
def report(bundled_store, raw):
    listed = sdn_names(raw, 29, 80)
    names = listed + [f"={n}" for n in listed[:8]] + [f'@"{n}"' for n in listed[8:14]] + [f"{n}\nline two" for n in listed[14:18]]
    ids = [f"-{i}" if i % 4 == 0 else f"c{i}" for i in range(len(names))]
    st = Store(bundled_store)
    part = batch_mod.report_chunk(Screener(st), names, ids, None, 10)
    yield st, batch_mod.CSV_HEADER + part.text
    st.close()


@pytest.mark.parametrize("show_cleared", [False, True])
def test_filter_report_equals_the_round_trip(report, show_cleared):
    st, text = report
    assert "'=" in text and "'@" in text and '""' in text and "line two" in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    # no decisions: the report is copied byte for byte
    dst = io.StringIO()
    stats = filter_report(io.StringIO(text, newline=""), dst, Clearances(st), show_cleared=show_cleared)
    assert dst.getvalue() == text == _oracle(text, Clearances(st), show_cleared)[0]
    assert (stats.rows, stats.cleared, stats.keys) == (len(rows), 0, {row_key(r) for r in rows})
    # false positives on real rows (among them escaped ones) are dropped, or shown as cleared
    chosen = rows[3:40:6] + [r for r in rows if r["query"].startswith("'=")][:2]
    digests = {}
    for r in chosen:
        v = st.version(r["list"], int(r["list_version"]))
        digests.setdefault(v.id, st.digests(v))
    record_decisions(st, [Decision(*row_key(r), Verdict.FALSE_POSITIVE, int(r["list_version"]),
                                   digests[st.version(r["list"], int(r["list_version"])).id][r["entity_id"]], "ana",
                                   "checked", "2026-01-02T00:00:00") for r in chosen])
    clearances = Clearances(st)
    dst = io.StringIO()
    stats = filter_report(io.StringIO(text, newline=""), dst, clearances, show_cleared=show_cleared)
    want, n, cleared, keys = _oracle(text, clearances, show_cleared)
    assert cleared >= len(chosen) and stats.cleared == cleared
    assert dst.getvalue() == want and (stats.rows, stats.keys) == (n, keys)
    assert (CLEARED in want) == show_cleared


def test_finish_report_from_the_run_equals_reading_the_files(bundled_store, raw, tmp_path):
    """finish_report with the batch run's stats (its names and alert keys, no decision in the store)
    writes the report and remembers the screening exactly as reading the raw report and the input
    again does; names behind a formula character, or an apostrophe and one, keep their keys."""
    import shutil

    from watchlist.screen.remember import finish_report
    from watchlist.store.screenings import previous_screening, screening_alerts, screening_queries

    listed = sdn_names(raw, 37, 60)
    names = listed + [f"={n}" for n in listed[:5]] + [f"'+{n}" for n in listed[5:10]] + ["", "Jane Q. Public"]
    src = tmp_path / "customers.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        w.writerows([f"@{i}", n] for i, n in enumerate(names + listed[:7]))  # repeated names too
    other = tmp_path / "other-store"
    shutil.copytree(bundled_store, other)
    out = {}
    for folder, use_stats in ((bundled_store, True), (other, False)):
        st = Store(folder)
        screener = Screener(st)
        rawf = tmp_path / f"raw-{use_stats}.csv"
        with open(rawf, "w", encoding="utf-8", newline="") as fh:
            stats = batch_mod.screen_file(screener, src, fh, column="name", id_column="id", keep=use_stats)
        dst = io.StringIO()
        review = finish_report(st, rawf, dst, input_file=src, column="name", id_column="id", encoding="utf-8-sig",
                               versions={v.list: v.version for v in screener.versions},
                               screened=stats if use_stats else None)
        done = previous_screening(st, src, "name")
        if use_stats:  # a UTF-8 file takes the raw report's bytes as they are; the text is the same
            with open(tmp_path / "report.csv", "w", encoding="utf-8", newline="") as fh:
                finish_report(st, rawf, fh, input_file=src, column="name", id_column="id", encoding="utf-8-sig",
                              versions={}, screened=stats, remember=False)
            assert (tmp_path / "report.csv").read_bytes() == rawf.read_bytes() == dst.getvalue().encode("utf-8")
        out[use_stats] = (dst.getvalue(), review.rows, review.cleared, review.keys,
                          screening_queries(st, done), screening_alerts(st, done), done.queries, done.alerts)
        st.close()
    assert out[True] == out[False]
    text, rows, _, keys, queries, alerts, _, _ = out[True]
    assert rows == stats.alerts > len(listed) and queries == {n for n in names if n.strip()}
    hit = {k[0] for k in keys}  # row_key reads the cell "'+name" as "+name", the run's keys do too
    assert hit & {f"+{n}" for n in listed[5:10]} and hit & {f"={n}" for n in listed[:5]}
    assert alerts == keys and "\r\n@" not in text and ",'=" in text
