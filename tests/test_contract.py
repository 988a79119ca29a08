"""Pins the interface ../shared/bench/CONTRACT.md fixes: commands, options, report columns, exit codes.

The benchmark imports a plain `id,name,type` CSV with the generic importer into a fresh store and
screens a CSV of names with `batch`, without --threshold. These tests drive the same commands.
"""

from __future__ import annotations

import csv
import io

from typer.testing import CliRunner

from watchlist.cli import app

BATCH_COLUMNS = ["input_id", "query", "rank", "score", "decision", "list", "list_version",
                 "entity_id", "entity_type", "matched_name", "primary_name"]
runner = CliRunner()

# Real UN SC entries (consolidated.xml of 2026-02-27) and UK OFSI group ids (ConList 14/04/2025).
LIST_ROWS = [
    ("QDi.042", "HASSAN DAHIR AWEYS", "individual"),
    ("CDi.001", "ERIC BADEGE", "individual"),
    ("QDe.004", "AL-QAIDA", "entity"),
    ("13918", "Alexander Ryhorovich LUKASHENKO", "individual"),
]


def _write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _import(tmp_path, store):
    lst = _write(tmp_path / "list.csv", ["id", "name", "type"], LIST_ROWS)
    return runner.invoke(app, ["lists", "import", str(lst), "--format", "generic", "--map",
                               "name=name,id=id,type=type", "--list", "bench-test", "--store", str(store)])


def test_generic_import_then_lists_ls_csv(tmp_path):
    store = tmp_path / "store"
    res = _import(tmp_path, store)
    assert res.exit_code == 0, res.output
    ls = runner.invoke(app, ["lists", "ls", "--format", "csv", "--store", str(store)])
    assert ls.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(ls.stdout)))
    assert {"list", "version", "imported_at", "entities", "names"} <= set(rows[0])
    assert [(r["list"], r["version"], r["entities"], r["names"]) for r in rows] == [("bench-test", "1", "4", "4")]


def test_batch_report_columns_ids_and_ranks(tmp_path):
    store = tmp_path / "store"
    assert _import(tmp_path, store).exit_code == 0
    queries = _write(tmp_path / "q.csv", ["id", "name"],
                     [("q1", "AWEYS, Hassan Dahir"), ("q2", "Badege Eric"), ("q3", "Jane Q. Public")])
    out = tmp_path / "report.csv"
    res = runner.invoke(app, ["batch", str(queries), "--column", "name", "--id-column", "id", "--out", str(out),
                              "--limit", "10", "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert res.stdout == ""  # the report goes to --out; stdout carries nothing else
    with open(out, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames[: len(BATCH_COLUMNS)] == BATCH_COLUMNS
        rows = list(reader)
    by_query = {}
    for r in rows:
        by_query.setdefault(r["input_id"], []).append(r)
    assert by_query["q1"][0]["entity_id"] == "QDi.042" and by_query["q1"][0]["rank"] == "1"
    assert by_query["q2"][0]["entity_id"] == "CDi.001"
    assert "q3" not in by_query
    for r in rows:
        assert r["list"] == "bench-test" and r["list_version"] == "1"
        assert 0 <= float(r["score"]) <= 100 and r["decision"] in ("match", "review")
        assert r["entity_type"] in ("person", "organization", "vessel", "aircraft", "unknown")
    assert [int(r["rank"]) for r in by_query["q1"]] == list(range(1, len(by_query["q1"]) + 1))


def test_match_formats_and_fail_on_match(tmp_path):
    store = tmp_path / "store"
    assert _import(tmp_path, store).exit_code == 0
    res = runner.invoke(app, ["match", "ERIC BADEGE", "--format", "csv", "--store", str(store)])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows[0]["entity_id"] == "CDi.001" and float(rows[0]["score"]) == 100.0
    assert list(rows[0])[: len(BATCH_COLUMNS)] == BATCH_COLUMNS
    hit = runner.invoke(app, ["match", "ERIC BADEGE", "--fail-on-match", "--format", "json", "--store", str(store)])
    assert hit.exit_code == 3
    miss = runner.invoke(app, ["match", "Jane Q. Public", "--fail-on-match", "--format", "json", "--store", str(store)])
    assert miss.exit_code == 0 and miss.stdout.strip() == "[]"


def test_exit_codes_error_is_one_line_and_usage_is_2(tmp_path):
    store = tmp_path / "store"
    res = runner.invoke(app, ["lists", "import", str(tmp_path / "missing.csv"), "--format", "generic",
                              "--map", "name=name", "--store", str(store)])
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and res.stderr.splitlines()[-1] == errors[0] and "Traceback" not in res.output
    assert errors[0].endswith("missing.csv: no such file or folder. Check the path.")
    usage = runner.invoke(app, ["batch", "x.csv", "--store", str(store)])  # --column and --out missing
    assert usage.exit_code == 2
    bad_format = runner.invoke(app, ["lists", "import", "x", "--format", "nope", "--store", str(store)])
    assert bad_format.exit_code == 2


def test_store_from_environment_variable(tmp_path, monkeypatch):
    store = tmp_path / "env-store"
    assert _import(tmp_path, store).exit_code == 0
    monkeypatch.setenv("WATCHLIST_HOME", str(store))
    res = runner.invoke(app, ["lists", "ls", "--format", "csv"])
    assert res.exit_code == 0 and "bench-test" in res.stdout
