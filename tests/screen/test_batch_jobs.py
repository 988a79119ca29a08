"""`batch --jobs N` writes the same report, byte for byte, as one process (real OFAC names, forked workers)."""

from __future__ import annotations

import csv
from itertools import islice

import pytest
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
    """Python's cyclic collector is off while a batch screens (it walks every cached word) and back on after,
    with what the batch made moved to the oldest generation."""
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
    # what the pause made counts as old: the next collection of the young does not walk it all
    with batch_mod.collector_paused():
        made = [[i] for i in range(5000)]
        assert gc.get_count()[0] > 4000  # young objects, counted
    assert any(o is made for o in gc.get_objects(generation=2))  # not in a younger generation
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


@pytest.mark.parametrize("known_max", [200_000, 5])
def test_repeated_names_are_written_as_if_screened_again(bundled_store, raw, tmp_path, monkeypatch, known_max):
    """A name met again (in its own chunk or a later one) is not screened again: its rows are those of its
    first screening under its own input id. The report and the counts equal screening every row
    (report_chunk of all names at once); names and ids that need quoting or Excel escaping, and ids that do not.
    With a bound of 5 kept names, names past it are screened again and written the same."""
    import io

    from watchlist.screen.screener import Screener
    from watchlist.store import Store

    monkeypatch.setattr(batch_mod, "CHUNK", 23)
    monkeypatch.setattr(batch_mod, "KNOWN_MAX", known_max)
    listed = sdn_names(raw, 41, 40)
    names = (listed + listed[:15] + ["Jane Q. Public", listed[3], listed[3]] + list(reversed(listed[5:25]))
             + [f"={n}" for n in listed[:4]] + [f'-"{n}", ltd' for n in listed[4:8]] + [f"={listed[0]}"])
    odd = ["+7", "a,b", 'x"y', "", "é1", "-", "=1+2", "c 9", "line\nbreak", "10045"]
    ids = [odd[i % len(odd)] if i % 3 == 0 else f"c{i}" for i in range(len(names))]
    src = tmp_path / "customers.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        w.writerows(zip(ids, names))
    st = Store(bundled_store)
    try:
        screener = Screener(st)
        whole = batch_mod.report_chunk(screener, names, ids, None, 10)
        out = io.StringIO()
        stats = batch_mod.screen_file(screener, src, out, column="name", id_column="id", keep=True)
    finally:
        st.close()
    assert out.getvalue() == batch_mod.CSV_HEADER + whole.text
    assert (stats.alerts, stats.names_with_alerts, stats.keys) == (whole.alerts, whole.names_with_alerts, whole.keys)
    assert stats.alerts > len(listed) and stats.screened == len(names)
    assert "\r\n+" not in out.getvalue() and '"a,b",' in out.getvalue() and "'-," in out.getvalue()
    assert ",'=" in out.getvalue() and '"\'-""' in out.getvalue()  # escaped query cells are there


def test_worker_chunks_shrink_towards_the_end_and_memory_stays_bounded():
    """_guided_chunks: every row once, in order; JOB_CHUNK_MAX rows a chunk while the file goes on past the
    read-ahead window (large chunks: each list's data come back into the caches less often), then chunks that
    shrink with the rows left, down to JOB_CHUNK (the last ones are small: no worker screens alone at the end
    for long); never more than the window read ahead of what was cut."""
    from watchlist.screen.inputs import InputRow

    lo, hi, jobs = batch_mod.JOB_CHUNK, batch_mod.JOB_CHUNK_MAX, 2
    window = batch_mod._window(jobs)
    for n in (lo + 1, 10_000, window - 1, window, window + 1, 3 * window + hi // 3):
        read = [0]

        def rows(n=n, read=read):
            for i in range(n):
                read[0] += 1
                yield InputRow(i + 2, str(i), f"name {i}")

        it = rows()
        first = list(islice(it, window))
        cut, sizes = 0, []
        for chunk in batch_mod._guided_chunks(first, it, jobs):
            assert [r.row for r in chunk] == list(range(cut + 2, cut + 2 + len(chunk)))  # in order, none lost
            cut += len(chunk)
            sizes.append(len(chunk))
            assert read[0] - cut <= window  # bounded read-ahead
        assert cut == n
        assert all(lo <= k <= hi for k in sizes[:-1]) and 0 < sizes[-1] <= hi
        assert sizes == sorted(sizes, reverse=True)  # full chunks, then shrinking ones
        assert all(k <= lo for k in sizes[-2:])  # the end in the smallest chunks
        if n > window:
            assert sizes[0] == hi  # a large file: full chunks first
    assert batch_mod._job_chunk(10_000, 2) == 10_000 // (2 * batch_mod.CHUNKS_PER_JOB)
    assert batch_mod._job_chunk(10**7, 8) == hi and batch_mod._job_chunk(10, 8) == lo


def test_each_name_gets_its_own_hits_whatever_the_order_searched(bundled_store, raw):
    """Screener.ranked searches a chunk's names in the order of their words (for the caches), not as given:
    each name's hits are those it gets screened alone, in the given order (real SDN names, reversed names,
    typos, unlisted names and a repeat)."""
    from watchlist.screen.screener import Screener
    from watchlist.store import Store

    names = _names(raw, 60)
    st = Store(bundled_store)
    try:
        screener = Screener(st)
        together = screener.ranked(names)
        assert together == [screener.ranked([n])[0] for n in names]
        assert sum(bool(h) for h in together) > 40  # most listed names were found
        assert together[::-1] == screener.ranked(names[::-1])
    finally:
        st.close()
