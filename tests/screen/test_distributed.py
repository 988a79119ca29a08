"""The Dask engine gives the same report, and remembers the same screening, as the local engine (a real 2-worker LocalCluster)."""

from __future__ import annotations

import csv

from typer.testing import CliRunner

from watchlist.cli import app

from ._samples import sdn_names

runner = CliRunner()


def _names(raw, n=120):
    """Real OFAC names (listed), their re-orderings, and names that are not listed."""
    rows = sdn_names(raw, 97, n)
    others = ["Jane Q. Public", "Maria Gonzalez Lopez", "", "Acme Widgets Ltd", "Pierre Dupont"]
    return rows + [" ".join(reversed(r.split(", "))) for r in rows[:40]] + others


def _remembered(store_folder, src):
    """(names, alert keys, id) of the latest screening of ``src`` remembered in the store."""
    from watchlist.store import Store
    from watchlist.store.screenings import previous_screening, screening_alerts, screening_queries

    st = Store(store_folder)
    try:
        done = previous_screening(st, src, "name")
        return screening_queries(st, done), screening_alerts(st, done), done.id
    finally:
        st.close()


def test_dask_engine_report_is_identical_to_local(bundled_store, raw, tmp_path):
    src = tmp_path / "customers.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "name"])
        for i, name in enumerate(_names(raw)):
            w.writerow([f"c{i:04d}", name])
    local, dask = tmp_path / "local.csv", tmp_path / "dask.csv"
    common = ["--column", "name", "--id-column", "customer_id", "--store", str(bundled_store), "--quiet"]
    r1 = runner.invoke(app, ["batch", str(src), "--out", str(local)] + common)
    assert r1.exit_code == 0, r1.output
    remembered = [_remembered(bundled_store, src)]
    r2 = runner.invoke(app, ["batch", str(src), "--out", str(dask), "--engine", "dask", "--workers", "2"] + common)
    assert r2.exit_code == 0, r2.output
    remembered.append(_remembered(bundled_store, src))
    local_bytes = local.read_bytes()
    assert local_bytes.count(b"\n") > 100  # listed names hit
    assert dask.read_bytes() == local_bytes
    assert remembered[0][2] != remembered[1][2]  # two screenings, remembered alike (re-screens start from them)
    assert remembered[0][:2] == remembered[1][:2] and len(remembered[0][1]) > 50
