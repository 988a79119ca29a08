"""`batch --jobs N` writes the same report, byte for byte, as one process (real OFAC names, forked workers)."""

from __future__ import annotations

import csv

from typer.testing import CliRunner

import watchlist.screen.batch as batch_mod
from watchlist.cli import app

from ._samples import sdn_names

runner = CliRunner()


def _names(raw, n=200):
    """Real OFAC names, their re-orderings, typos, empty names and names that are not listed."""
    rows = sdn_names(raw, 53, n)
    typos = [r[:3] + r[4:] for r in rows[:60] if len(r) > 6]
    others = ["Jane Q. Public", "Maria Gonzalez Lopez", "", "Acme Widgets Ltd", "Pierre Dupont"] * 4
    return rows + [" ".join(reversed(r.split(", "))) for r in rows[:80]] + typos + others + rows[:30]


def test_jobs_report_is_identical_to_one_process(bundled_store, raw, tmp_path, monkeypatch):
    monkeypatch.setattr(batch_mod, "JOB_CHUNK", 37)  # many chunks, uneven last one
    src = tmp_path / "customers.csv"
    names = _names(raw)
    assert len(names) > 37 * 4
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "name"])
        for i, name in enumerate(names):
            w.writerow([f"c{i:04d}", name])
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    common = ["--column", "name", "--id-column", "customer_id", "--store", str(bundled_store), "--quiet"]
    r1 = runner.invoke(app, ["batch", str(src), "--out", str(one), "--jobs", "1"] + common)
    assert r1.exit_code == 0, r1.output
    r2 = runner.invoke(app, ["batch", str(src), "--out", str(two), "--jobs", "2"] + common)
    assert r2.exit_code == 0, r2.output
    assert two.read_bytes() == one.read_bytes()
    assert one.read_text("utf-8").count("\n") > 100  # hits were found


def test_collector_is_paused_while_screening_and_restored(bundled_store, raw):
    """Python's cyclic collector is off while a batch screens (it walks every cached word) and back on after."""
    import gc

    from watchlist.screen.inputs import InputRow
    from watchlist.screen.screener import Screener
    from watchlist.store import Store

    rows = [InputRow(i + 2, f"r{i}", name) for i, name in enumerate(sdn_names(raw, 53, 20))]
    seen = []
    assert gc.isenabled()
    st = Store(bundled_store)
    screener = Screener(st)
    for _ in batch_mod.screen_rows(screener, rows):
        seen.append(gc.isenabled())
    assert seen and not any(seen)
    assert gc.isenabled()
    gc.disable()  # a caller that turned it off keeps it off
    try:
        list(batch_mod.screen_rows(screener, rows[:2]))
        assert not gc.isenabled()
    finally:
        gc.enable()
        st.close()


def test_chunk_text_is_what_csv_report_writes(bundled_store, raw):
    """Workers send report text: it is, line for line, CsvReport(alert_row) of the same alerts.

    Real OFAC names, and the same names behind a formula character (Excel-safe cells) with ids
    that start with one, so a difference in escaping, quoting or number format shows.
    """
    import io

    from watchlist.report import CsvReport, alert_row
    from watchlist.screen.screener import Screener
    from watchlist.store import Store

    listed = sdn_names(raw, 31, 60)
    names = listed + [f"={n}" for n in listed[:10]] + [f'-"{n}", ltd' for n in listed[10:20]] + ["Jane Q. Public"]
    ids = [f"+{i}" if i % 3 else f"c{i}" for i in range(len(names))]
    st = Store(bundled_store)
    try:
        screener = Screener(st)
        alerts = screener.screen_many(names, input_ids=ids)
        part = batch_mod.report_chunk(screener, names, ids, None, 10)
    finally:
        st.close()
    buf = io.StringIO()
    report = CsvReport(buf, batch_mod.BATCH_REPORT_COLUMNS)
    for a in (a for per in alerts for a in per):
        report.write(alert_row(a))
    assert batch_mod.CSV_HEADER + part.text == buf.getvalue()
    assert part.alerts == report.rows > len(listed)  # the listed names hit, several more than once
    assert part.names_with_alerts == sum(1 for per in alerts if per)
    assert ",'=" in part.text and "'+" in part.text and '"\'-""' in part.text  # escaped cells are there
