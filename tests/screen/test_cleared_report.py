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
