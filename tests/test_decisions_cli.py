"""`watchlist decisions import|ls|export` and `--show-cleared`, through typer's CliRunner.

The list is a real 13-entity excerpt of the US Consolidated Screening List;
the customers are names from it, spelling variants and unlisted names.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from watchlist.cli import app

runner = CliRunner()

CSL = Path(__file__).resolve().parent / "fixtures" / "lists" / "generic" / "csl_excerpt.csv"
CSL_MAP = ("name=name,id=entity_number,type=type,aliases=alt_names,programs=programs,"
           "birth_date=dates_of_birth,nationality=nationalities,remarks=remarks,source=source")
CUSTOMERS = ["Mohammed Abu Jheisheh", "Rosneft Trade Ltd", "Evren Kayakiran", "Anna Schmidt", "=Fathi QARAWI"]


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def one_error_line(res, *fragments):
    assert res.exit_code == 1, res.output
    assert res.stderr.startswith("Error: ") and res.stderr.endswith(".\n") and res.stderr.count("\n") == 1, res.stderr
    for f in fragments:
        assert f in res.stderr, res.stderr


@pytest.fixture()
def screened(tmp_path) -> Path:
    """A store with the CSL excerpt, a customers file and its batch report (report.csv)."""
    store = tmp_path / "s"
    res = run("lists", "import", CSL, "--format", "generic", "--map", CSL_MAP, "--list", "csl", "--store", store)
    assert res.exit_code == 0, res.output
    with open(tmp_path / "customers.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        w.writerows([f"K{i}", n] for i, n in enumerate(CUSTOMERS, start=1))
    res = run("batch", tmp_path / "customers.csv", "-c", "name", "--id-column", "id", "-o", tmp_path / "report.csv",
              "--store", store)
    assert res.exit_code == 0, res.output
    return tmp_path


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _review(folder: Path, verdicts: dict[str, str], name: str = "reviewed.csv", **extra: str) -> Path:
    rows = _rows(folder / "report.csv")
    for r in rows:
        r["review"] = verdicts.get(r["entity_id"], "")
        r.update(extra)
    out = folder / name
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return out


def test_import_ls_export_and_show_cleared(screened):
    store = ["--store", screened / "s"]
    report = _rows(screened / "report.csv")
    by_id = {r["entity_id"]: r for r in report}
    assert len(by_id) >= 3
    fp_id = next(r["entity_id"] for r in report if r["query"] == "Mohammed Abu Jheisheh")
    tm_id = next(r["entity_id"] for r in report if r["query"] == "Evren Kayakiran")
    reviewed = _review(screened, {fp_id: "False positive", tm_id: "TRUE_MATCH"}, note="checked passport")
    res = run("decisions", "import", reviewed, "--reviewer", "ana", *store)
    assert res.exit_code == 0, res.output
    assert res.stdout == (f"reviewed.csv: 2 decisions (1 true-match, 1 false-positive, 0 open); 2 stored, 0 unchanged; "
                          f"{len(report) - 2} rows without a review.\n")
    again = run("decisions", "import", reviewed, "--reviewer", "ana", *store)
    assert "0 stored, 2 unchanged" in again.stdout

    ls = json.loads(run("decisions", "ls", "--format", "json", *store).stdout)
    assert sorted((d["verdict"], d["reviewer"], d["note"]) for d in ls) == [
        ("false-positive", "ana", "checked passport"), ("true-match", "ana", "checked passport")]
    export = list(csv.DictReader(run("decisions", "export", *store).stdout.splitlines()))
    assert [d["verdict"] for d in export] == ["false-positive", "true-match"]
    assert all(d["decided_at"] and len(d["entity_digest"]) == 64 and d["source"] == "reviewed.csv" for d in export)

    # match: the cleared alert is gone, or shown as cleared
    hidden = run("match", "Mohammed Abu Jheisheh", "--format", "json", *store)
    assert all(a["entity_id"] != fp_id for a in json.loads(hidden.stdout))
    assert "1 alerts cleared as false positives are not shown" in hidden.stderr
    shown = json.loads(run("match", "Mohammed Abu Jheisheh", "--format", "json", "--show-cleared", *store).stdout)
    assert [a["decision"] for a in shown if a["entity_id"] == fp_id] == ["cleared"]
    # batch: same; the true match stays
    batch = run("batch", screened / "customers.csv", "-c", "name", "--id-column", "id", "-o", "-", *store)
    ids = [r["entity_id"] for r in csv.DictReader(batch.stdout.splitlines())]
    assert fp_id not in ids and tm_id in ids

    # re-opening: a later review marks it open again
    reopen = _review(screened, {fp_id: "open"}, name="reopen.csv", reviewer="bob")
    assert run("decisions", "import", reopen, *store).exit_code == 0
    back = run("match", "Mohammed Abu Jheisheh", "--format", "json", *store)
    assert fp_id in {a["entity_id"] for a in json.loads(back.stdout)}
    history = json.loads(run("decisions", "ls", "--history", "--format", "json", *store).stdout)
    assert [(d["verdict"], d["reviewer"]) for d in history][-1] == ("open", "bob")


def test_excel_escaped_cells_are_read_back_as_the_alert(screened):
    """The report writes '=Fathi QARAWI as "'=Fathi QARAWI" (Excel-safe); the decision is about "=Fathi QARAWI"."""
    rows = _rows(screened / "report.csv")
    escaped = [r for r in rows if r["query"].startswith("'=")]
    if not escaped:
        pytest.skip("the excerpt gives no hit for the escaped name")
    reviewed = _review(screened, {escaped[0]["entity_id"]: "false-positive"})
    assert run("decisions", "import", reviewed, "--store", screened / "s").exit_code == 0
    ls = json.loads(run("decisions", "ls", "--format", "json", "--store", screened / "s").stdout)
    assert ls[0]["query"] == "=Fathi QARAWI"


def test_decisions_import_errors_store_nothing(screened):
    store = ["--store", screened / "s"]
    report = _rows(screened / "report.csv")
    one_error_line(run("decisions", "import", screened / "report.csv", *store),
                   "report.csv: 1: no column review in the header")
    bad = _review(screened, {report[0]["entity_id"]: "maybe"})
    one_error_line(run("decisions", "import", bad, *store), "reviewed.csv: 2: review 'maybe' is not true-match")
    rows = _rows(screened / "report.csv")
    rows[0]["entity_id"], rows[0]["review"] = "999999", "false-positive"
    for r in rows[1:]:
        r["review"] = ""
    with open(screened / "ghost.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    one_error_line(run("decisions", "import", screened / "ghost.csv", *store), "csl v1 has no entity '999999'")
    rows[0]["entity_id"], rows[0]["list_version"] = report[0]["entity_id"], "4"
    with open(screened / "future.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    one_error_line(run("decisions", "import", screened / "future.csv", *store), "list 'csl' has no version 4")
    one_error_line(run("decisions", "import", screened / "nope.csv", *store), "nope.csv: cannot open")
    assert json.loads(run("decisions", "ls", "--format", "json", *store).stdout) == []
    out = run("decisions", "export", "-o", screened / "no" / "such" / "dir.csv", *store)
    one_error_line(out, "cannot write the report")
