"""Remembered screenings: a screening's names and alert keys come back exactly as recorded.

Names and keys are real rows of the US Consolidated Screening List excerpt
(tests/fixtures/lists/generic/csl_excerpt.csv), plus the awkward strings a customer file can
hold: a NUL, a lone surrogate, a separator-looking text, Arabic script.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from watchlist.store import Store
from watchlist.store.schema import DB_FILE
from watchlist.store.screenings import previous_screening, record_screening, screening_alerts, screening_queries

CSL = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "generic" / "csl_excerpt.csv"


def _csl_sets() -> tuple[set[str], set[tuple[str, str, str, str]]]:
    """Every name of the excerpt as a query, and an alert key for each alias of its entity."""
    with open(CSL, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    queries, keys = set(), set()
    for r in rows:
        queries.add(r["name"])
        for alias in [r["name"], *filter(None, (a.strip() for a in r["alt_names"].split(";")))]:
            keys.add((r["name"], "csl", r["entity_number"], alias))
    return queries, keys


def _record(store: Store, tmp_path: Path, queries, keys):
    src = tmp_path / "customers.csv"
    src.write_text("name\n" + "\n".join(sorted(q.replace("\x00", "") for q in queries if "\ud800" not in q)) + "\n",
                   encoding="utf-8")
    return src, record_screening(store, src, "name", {"csl": 1}, queries, keys)


def test_names_and_keys_come_back_as_recorded(store_path, tmp_path):
    queries, keys = _csl_sets()
    assert len(queries) >= 10 and len(keys) > len(queries)  # aliases: several keys per name
    store = Store(store_path)
    src, done = _record(store, tmp_path, queries, keys)
    assert (done.queries, done.alerts) == (len(queries), len(keys))
    assert previous_screening(store, src, "name") == done
    assert screening_queries(store, done) == queries
    assert screening_alerts(store, done) == keys


@pytest.mark.parametrize("odd", ["Ali\x00Hassan", "\ud800Omar", "\x00", ""])
def test_any_string_survives_nul_and_lone_surrogate_included(store_path, tmp_path, odd):
    """The packed form joins strings with NUL: a set with a NUL inside a string is kept as JSON instead."""
    queries, keys = _csl_sets()
    queries = queries | {odd, "قاسم سليماني", "a,b;c\x1fd"}
    keys = keys | {(odd, "csl", "9673", odd), ("قاسم سليماني", "csl", "1", "")}
    store = Store(store_path)
    _, done = _record(store, tmp_path, queries, keys)
    store.close()
    store = Store(store_path)  # read back through a fresh connection
    assert screening_queries(store, done) == queries
    assert screening_alerts(store, done) == keys


def test_an_empty_screening_is_remembered(store_path, tmp_path):
    store = Store(store_path)
    _, done = _record(store, tmp_path, set(), set())
    assert (done.queries, done.alerts) == (0, 0)
    assert screening_queries(store, done) == set() and screening_alerts(store, done) == set()


def test_a_schema_2_screening_is_still_read_after_the_upgrade(store_path, tmp_path):
    """Schema 2 kept a row per name and key; a store upgraded to schema 3 reads them for that screening."""
    queries, keys = _csl_sets()
    store = Store(store_path)
    src, done = _record(store, tmp_path, queries, keys)
    store.close()
    con = sqlite3.connect(store_path / DB_FILE)  # the screening as schema 2 wrote it
    con.executemany("INSERT INTO screening_queries VALUES (?,?)", [(done.id, q) for q in sorted(queries)])
    con.executemany("INSERT INTO screening_alerts VALUES (?,?,?,?,?)", [(done.id, *k) for k in sorted(keys)])
    con.execute("DROP TABLE screening_sets")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    store = Store(store_path)
    assert store.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "3"
    assert previous_screening(store, src, "name") == done
    assert screening_queries(store, done) == queries
    assert screening_alerts(store, done) == keys
    _, newer = _record(store, tmp_path, {"Mohammed Abu Jheisheh"}, set())
    assert screening_queries(store, newer) == {"Mohammed Abu Jheisheh"}
    assert store.con.execute("SELECT count(*) FROM screening_queries WHERE screening_id = ?", (newer.id,)).fetchone() == (0,)
