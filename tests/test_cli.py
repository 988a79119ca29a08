"""Every command through typer's CliRunner: real lists, real stores, exact outputs and error paths."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from watchlist.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def one_error_line(res, *fragments):
    assert res.exit_code == 1, res.output
    lines = res.stderr.splitlines()
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1 and lines[-1] == errors[0] and errors[0].endswith("."), res.stderr
    assert "Traceback" not in res.output
    for f in fragments:
        assert f in errors[0], res.stderr


# ------------------------------------------------------------------ lists


def test_import_prints_counts_and_reimport_says_unchanged(tmp_path, raw):
    store = tmp_path / "s"
    first = run("lists", "import", raw / "un-sc" / "consolidated.xml", "--format", "un-sc", "--store", store)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("un-sc v1: 1,003 entities, ")
    assert "published 2026-02-27; 1,003 added, 0 removed, 0 changed" in first.stdout
    again = run("lists", "import", raw / "un-sc" / "consolidated.xml", "--format", "un-sc", "--store", store)
    assert again.exit_code == 0
    assert again.stdout == "un-sc: unchanged, same content as v1 (1,003 entities); nothing added.\n"


def test_import_ofac_folder_reports_orphan_aliases_on_stderr(tmp_path, raw):
    res = run("lists", "import", raw / "ofac-sdn", "--format", "ofac-sdn", "--store", tmp_path / "s")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("ofac-sdn v1: 14,965 entities")
    # the bundled 2024 sdn.csv is older than its 2025 alt.csv: 2,460 alias rows of 1,567 entities have no entity
    assert "warning: 2,460 alias rows whose entity is not in sdn.csv" in res.stderr


def test_lists_show_and_diff_on_real_sdn_versions(tmp_path, raw):
    store = tmp_path / "s"
    assert run("lists", "import", raw / "ofac-sdn-2021-07-set", "--format", "ofac-sdn", "--list", "sdn",
               "--store", store).exit_code == 0
    second = run("lists", "import", raw / "ofac-sdn", "--format", "ofac-sdn", "--list", "sdn", "--store", store)
    assert "since v1" in second.stdout
    show = run("lists", "show", "sdn", "--format", "json", "--store", store)
    versions = json.loads(show.stdout)
    assert [(v["version"], v["entities"]) for v in versions] == [(1, 8976), (2, 14965)]
    diff = run("lists", "diff", "sdn", "--from", "1", "--to", "2", "--format", "csv", "--store", store)
    assert diff.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(diff.stdout)))
    putin = [r for r in rows if r["entity_id"] == "35096"]
    assert putin and putin[0]["change"] == "added" and putin[0]["primary_name"] == "PUTIN, Vladimir Vladimirovich"
    assert {r["change"] for r in rows} == {"added", "removed", "changed"}
    table = run("lists", "diff", "sdn", "--store", store)  # defaults: latest against the one before
    assert table.exit_code == 0 and "PUTIN, Vladimir Vladimirovich" in table.stdout
    assert "sdn: v1 -> v2: " in table.stderr


def test_lists_errors(tmp_path, raw):
    store = tmp_path / "s"
    un = raw / "un-sc" / "consolidated.xml"
    assert run("lists", "import", un, "--format", "un-sc", "--store", store).exit_code == 0
    one_error_line(run("lists", "show", "nope", "--store", store), "no list named 'nope'", "lists: un-sc")
    one_error_line(run("lists", "diff", "un-sc", "--from", "5", "--store", store), "no version 5")
    wrong = run("lists", "import", un, "--format", "ofac-sdn", "--list", "x", "--store", store)
    one_error_line(wrong, "consolidated.xml", "--format")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    one_error_line(run("lists", "import", empty, "--format", "generic", "--map", "name=name", "--list", "x",
                       "--store", store), "empty.csv")
    nomap = run("lists", "import", empty, "--format", "generic", "--store", store)
    assert nomap.exit_code == 2 and "--map" in nomap.output
    from watchlist.store import Store

    assert [v.list for v in Store(store).versions()] == ["un-sc"]  # nothing else was stored


def test_first_use_imports_the_bundled_lists(bundled_store):
    res = run("lists", "ls", "--format", "csv", "--store", bundled_store)
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert sorted(r["list"] for r in rows) == ["ofac-cons", "ofac-sdn", "uk-ofsi", "un-sc"]
    counts = {r["list"]: int(r["entities"]) for r in rows}
    assert counts == {"ofac-cons": 442, "ofac-sdn": 14965, "uk-ofsi": 4688, "un-sc": 1003}


# ------------------------------------------------------------------ match


def test_match_table_explains_and_misses_go_to_stderr(bundled_store):
    res = run("match", "Qasem Soleimani", "Jane Q. Public", "--store", bundled_store)
    assert res.exit_code == 0, res.output
    assert "SOLEIMANI" in res.stdout.upper()
    assert "Jane Q. Public: no hit" in res.stderr


def test_match_json_names_the_list_version(bundled_store):
    res = run("match", "Qasem Soleimani", "--format", "json", "--list", "ofac-sdn", "--store", bundled_store)
    rows = json.loads(res.stdout)
    assert rows and {r["list"] for r in rows} == {"ofac-sdn"} and {r["list_version"] for r in rows} == {1}
    assert rows[0]["explanation"]


def test_match_unknown_list_is_an_error(bundled_store):
    one_error_line(run("match", "x", "--list", "nope", "--store", bundled_store), "no list named 'nope'")


# ------------------------------------------------------------------ batch


def _csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_batch_counts_empty_names_and_keeps_input_order(bundled_store, tmp_path):
    src = _csv(tmp_path / "in.csv", [["id", "name"], ["a", "Qasem Soleimani"], ["b", ""], ["c", "  "],
                                      ["d", "Vladimir Putin"]])
    out = tmp_path / "out.csv"
    res = run("batch", src, "--column", "name", "--id-column", "id", "--out", out, "--store", bundled_store)
    assert res.exit_code == 0, res.output
    assert "2 rows had an empty name and were not screened (rows 3, 4)" in res.stderr
    ids = [r["input_id"] for r in csv.DictReader(open(out, encoding="utf-8"))]
    assert ids and ids == sorted(ids) and set(ids) == {"a", "d"}
    to_stdout = run("batch", src, "--column", "name", "--id-column", "id", "--out", "-", "--store", bundled_store)
    assert to_stdout.exit_code == 0 and to_stdout.stdout_bytes == out.read_bytes()  # the same bytes, on stdout


def test_batch_reads_xlsx(bundled_store, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["customer", "full name"])
    ws.append(["c1", "Vladimir Putin"])
    wb.save(tmp_path / "in.xlsx")
    out = tmp_path / "out.csv"
    res = run("batch", tmp_path / "in.xlsx", "--column", "full name", "--id-column", "customer", "--out", out,
              "--store", bundled_store)
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert rows[0]["input_id"] == "c1" and "PUTIN" in rows[0]["primary_name"]


def test_report_cells_cannot_run_as_formulas(bundled_store, tmp_path):
    src = _csv(tmp_path / "in.csv", [["id", "name"], ["=1+1", "=Vladimir Putin"]])
    out = tmp_path / "out.csv"
    assert run("batch", src, "--column", "name", "--id-column", "id", "--out", out,
               "--store", bundled_store).exit_code == 0
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert rows and rows[0]["input_id"] == "'=1+1" and rows[0]["query"] == "'=Vladimir Putin"


@pytest.mark.parametrize(
    "content, fragments",
    [
        (b"", ["in.csv", "empty"]),
        (b"id,nom\n1,x\n", ["in.csv: 1: no column 'name'", "--column"]),
        (b"id,name\n1,caf\xe9\n", ["in.csv: 2:", "--encoding cp1252"]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["in.csv"]),
    ],
)
def test_batch_bad_input_is_one_line(bundled_store, tmp_path, content, fragments):
    src = tmp_path / "in.csv"
    src.write_bytes(content)
    out = tmp_path / "out.csv"
    res = run("batch", src, "--column", "name", "--out", out, "--store", bundled_store)
    one_error_line(res, *fragments)
    assert not out.exists()  # no half-written report


def test_batch_cp1252_with_encoding_option(bundled_store, tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes("id,name\n1,Vladimir Pútin\n".encode("cp1252"))
    out = tmp_path / "out.csv"
    res = run("batch", src, "--column", "name", "--out", out, "--encoding", "cp1252", "--store", bundled_store)
    assert res.exit_code == 0, res.output
    assert "Pútin" in out.read_text(encoding="utf-8")
