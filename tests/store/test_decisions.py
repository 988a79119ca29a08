"""Analyst decisions: stored with who/when, cleared only while the entity is unchanged, never lost.

Lists here are a real 13-entity excerpt of the US Consolidated Screening List
(tests/fixtures/lists/generic/csl_excerpt.csv) read by the generic reader; a
"changed" version is the same file with one entity's programs edited.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from watchlist.sources import read_list
from watchlist.store import Store
from watchlist.store.decisions import Clearances, Decision, Verdict, current_decisions, decision_history, record_decisions
from watchlist.store.schema import DB_FILE, SCHEMA_VERSION

CSL = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "generic" / "csl_excerpt.csv"
CSL_MAP = ("name=name,id=entity_number,type=type,aliases=alt_names,programs=programs,"
           "birth_date=dates_of_birth,nationality=nationalities,remarks=remarks,source=source")
KEY = ("Mohammed Abu Jheisheh", "csl", "9673", "Mohammed ABU JHEISHEH")


def _import(store: Store, path: Path = CSL):
    return store.import_parsed("csl", read_list([path], "generic", {"map": CSL_MAP}), options=CSL_MAP)


def _changed_copy(tmp_path: Path) -> Path:
    """The excerpt with entity 9673's programs changed (NS-PLC -> NS-PLC; SDGT)."""
    text = CSL.read_text(encoding="utf-8")
    assert text.count('"NS-PLC","Mohammed ABU JHEISHEH"') == 1
    out = tmp_path / "csl_changed.csv"
    out.write_text(text.replace('"NS-PLC","Mohammed ABU JHEISHEH"', '"NS-PLC; SDGT","Mohammed ABU JHEISHEH"'),
                   encoding="utf-8")
    return out


def _fp(store: Store, version: int = 1, reviewer: str = "ana", note: str = "other person") -> Decision:
    digest = store.digests(store.version("csl", version))["9673"]
    return Decision(*KEY, Verdict.FALSE_POSITIVE, version, digest, reviewer, note, "2026-01-05T10:00:00+00:00",
                    "reviewed.csv")


def test_decisions_are_appended_with_who_and_when_and_the_newest_is_current(store_path):
    store = Store(store_path)
    _import(store)
    assert record_decisions(store, [_fp(store)]) == (1, 0)
    assert record_decisions(store, [_fp(store)]) == (0, 1)  # the same decision again adds nothing
    reopen = Decision(*KEY, Verdict.OPEN, 1, _fp(store).entity_digest, "bob", "", "2026-01-06T09:00:00+00:00", "r2.csv")
    assert record_decisions(store, [reopen]) == (1, 0)
    assert current_decisions(store)[KEY].verdict is Verdict.OPEN
    history = decision_history(store)
    assert [(d.verdict.value, d.reviewer, d.decided_at[:10]) for d in history] == [
        ("false-positive", "ana", "2026-01-05"), ("open", "bob", "2026-01-06")]


def test_a_false_positive_clears_only_while_the_entity_is_unchanged(store_path, tmp_path):
    store = Store(store_path)
    _import(store)
    record_decisions(store, [_fp(store)])
    clear = Clearances(store)
    assert clear.cleared(KEY[0], "csl", 1, "9673", KEY[3]).reviewer == "ana"
    assert clear.cleared("Someone Else", "csl", 1, "9673", KEY[3]) is None  # the key includes the query text
    assert clear.cleared(KEY[0], "csl", 1, "9673", "Mohammad Mutlaq ABU JHESHEH") is None  # ... and the name matched
    # a new version where 9673 is unchanged: still cleared; where it changed: re-opened
    v2 = _import(store, _changed_copy(tmp_path)).version
    assert v2.version == 2
    clear = Clearances(store)
    assert clear.cleared(KEY[0], "csl", 2, "9673", KEY[3]) is None
    assert clear.reopened(KEY[0], "csl", 2, "9673", KEY[3]).note == "other person"
    assert clear.cleared(KEY[0], "csl", 1, "9673", KEY[3]) is not None  # a report against v1 is still cleared


def test_decisions_survive_list_reimports(store_path, tmp_path):
    store = Store(store_path)
    _import(store)
    record_decisions(store, [_fp(store)])
    _import(store, _changed_copy(tmp_path))
    _import(store)  # back to the original content: v3, and the entity is as it was when decided
    assert [v.version for v in store.versions("csl")] == [1, 2, 3]
    assert [d.key for d in decision_history(store)] == [KEY]
    assert Clearances(store).cleared(KEY[0], "csl", 3, "9673", KEY[3]) is not None


def _downgrade_to_v1(folder: Path) -> None:
    """Make the store file look like one written by schema 1 (no decisions or screenings tables)."""
    con = sqlite3.connect(folder / DB_FILE)
    con.executescript("DROP TABLE decisions; DROP TABLE screenings; DROP TABLE screening_queries; "
                      "DROP TABLE screening_alerts; UPDATE meta SET value = '1' WHERE key = 'schema_version';")
    con.close()


def test_a_schema_1_store_is_upgraded_in_place_and_keeps_its_versions(store_path):
    store = Store(store_path)
    _import(store)
    before = [(v.list, v.version, v.content_sha256) for v in store.versions()]
    store.close()
    _downgrade_to_v1(store_path)
    store = Store(store_path)
    assert [(v.list, v.version, v.content_sha256) for v in store.versions()] == before
    assert store.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
    assert record_decisions(store, [_fp(store)]) == (1, 0)  # the new tables are there


def test_an_upgrade_keeps_every_decision(store_path):
    store = Store(store_path)
    _import(store)
    record_decisions(store, [_fp(store)])
    store.close()
    con = sqlite3.connect(store_path / DB_FILE)  # an older schema number: connect() re-runs the DDL
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    store = Store(store_path)
    assert [d.key for d in decision_history(store)] == [KEY]
    assert store.versions("csl")[0].version == 1


def test_a_newer_store_is_refused_not_touched(store_path):
    store = Store(store_path)
    _import(store)
    record_decisions(store, [_fp(store)])
    store.close()
    con = sqlite3.connect(store_path / DB_FILE)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    from watchlist.errors import StoreError

    with pytest.raises(StoreError, match="schema version 99"):
        Store(store_path).versions()
    con = sqlite3.connect(store_path / DB_FILE)
    assert con.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 1
    con.close()

