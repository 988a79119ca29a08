"""`watchlist screen` through typer's CliRunner: formats, stdin, --all-mentions and bad files in a batch."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from watchlist.cli import app

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "article.txt"


def run(*args, **kw):
    return runner.invoke(app, [str(a) for a in args], **kw)


def test_csv_on_stdout_with_contract_columns(bundled_store):
    res = run("screen", EXAMPLE, "--store", bundled_store, "-q")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert list(rows[0])[:16] == ["document", "mention", "start", "end", "sentence", "input_id", "query", "rank",
                                  "score", "decision", "list", "list_version", "entity_id", "entity_type",
                                  "matched_name", "primary_name"]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert all(text[int(r["start"]):int(r["end"])] == r["mention"] for r in rows)
    assert {"10481", "11461", "22303", "26446", "10465"} <= {r["entity_id"] for r in rows if r["list"] == "ofac-sdn"}


def test_stdin_json_and_all_mentions(bundled_store):
    res = run("screen", "-", "--format", "json", "--all-mentions", "--store", bundled_store, "-q",
              input="President Donald Trump said Qasem Soleimani was dead.\n")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert {(r["mention"], r["entity_id"]) for r in rows} >= {("Donald Trump", ""), ("Qasem Soleimani", "10481")}


def test_bad_file_does_not_stop_the_others(bundled_store, tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "r.html"
    res = run("screen", bad, EXAMPLE, tmp_path / "missing.txt", "--format", "html", "--out", out,
              "--store", bundled_store, "-q")
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 2 and "bad.bin" in errors[0] and "missing.txt" in errors[1]
    page = out.read_text(encoding="utf-8")
    assert "SOLEIMANI, Qasem" in page and "bad.bin" in page


def test_unwritable_out_is_one_error_line(bundled_store, tmp_path):
    res = run("screen", EXAMPLE, "--out", tmp_path / "no" / "such" / "dir" / "r.csv", "--store", bundled_store, "-q")
    assert res.exit_code == 1 and res.stderr.startswith("Error: ") and res.stderr.count("\n") == 1
