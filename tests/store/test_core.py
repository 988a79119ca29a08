"""The versioned store: versions, identical re-imports, atomicity, concurrent writers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from watchlist.errors import StoreError
from watchlist.models import EntityType
from watchlist.sources import read_list
from watchlist.store import Store


def test_import_records_files_counts_and_publication_date(store_path, raw):
    store = Store(store_path)
    parsed = read_list([raw / "un-sc" / "consolidated.xml"], "un-sc")
    result = store.import_parsed("un-sc", parsed)
    v = result.version
    assert (v.list, v.version, result.unchanged, result.previous) == ("un-sc", 1, False, None)
    assert v.entities == 1003
    assert v.published == "2026-02-27"
    assert [(f.name, f.size) for f in v.files] == [("consolidated.xml", 2030620)]
    assert v.files[0].sha256 == "66b392a4090868d2d39161e8d748efd39138377b0e6e60b7921aa67a4f99c8bf"
    assert v.names == sum(len(e.names) for e in parsed.entities)
    rows = dict(store.entities(v))
    assert len(rows) == 1003
    assert rows[0] == parsed.entities[0]  # entities round-trip through the store unchanged


def test_identical_content_adds_nothing_and_new_content_is_a_new_version(store_path, raw):
    store = Store(store_path)
    old = raw / "ofac-sdn-2021-07-set"
    first = store.import_parsed("sdn", read_list([old], "ofac-sdn"))
    again = store.import_parsed("sdn", read_list([old], "ofac-sdn"))
    assert again.unchanged and again.version == first.version
    newer = store.import_parsed("sdn", read_list([raw / "ofac-sdn"], "ofac-sdn"))
    assert not newer.unchanged
    assert [v.version for v in store.versions("sdn")] == [1, 2]
    assert newer.previous.version == 1
    assert store.version("sdn").version == 2  # latest
    assert store.version("sdn", 1).entities == 8976


def test_unknown_list_and_version_are_clear_errors(store_path, raw):
    store = Store(store_path)
    store.import_parsed("un-sc", read_list([raw / "un-sc" / "consolidated.xml"], "un-sc"))
    with pytest.raises(StoreError, match=r"no list named 'nope'.*lists: un-sc"):
        store.version("nope")
    with pytest.raises(StoreError, match=r"no version 7 \(versions 1\.\.1\)"):
        store.version("un-sc", 7)


def test_index_is_persisted_and_finds_a_listed_name(store_path, raw):
    store = Store(store_path)
    v = store.import_parsed("un-sc", read_list([raw / "un-sc" / "consolidated.xml"], "un-sc")).version
    fresh = Store(store_path)  # another process would see the same
    index = fresh.index(fresh.version("un-sc"))
    entries = fresh.names(v)
    assert all(t in set(EntityType) for _, _, t in entries)
    hits = index.search("ERIC BADEGE", limit=3)
    assert hits and fresh.entity(v, hits[0].group).entity_id == "CDi.001"


def test_a_store_that_is_not_sqlite_is_a_clear_error(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "watchlist.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(folder).versions()


_IMPORT = (
    "import sys; from watchlist.store import Store; from watchlist.sources import read_list; "
    "Store(sys.argv[1]).import_parsed(sys.argv[2], read_list([sys.argv[3]], sys.argv[4]))"
)


def test_a_kill_mid_import_leaves_the_store_as_it_was(store_path, raw):
    store = Store(store_path)
    store.import_parsed("un-sc", read_list([raw / "un-sc" / "consolidated.xml"], "un-sc"))
    before = [(v.list, v.version, v.entities) for v in store.versions()]
    store.close()
    wal = store_path / "watchlist.sqlite-wal"
    start = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen([sys.executable, "-c", _IMPORT, str(store_path), "ofac-sdn",
                             str(raw / "ofac-sdn"), "ofac-sdn"])
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > start + 1_000_000:  # inside the write transaction
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after = Store(store_path)
    assert [(v.list, v.version, v.entities) for v in after.versions()] == before
    assert after.con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert after.con.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 1003


def test_two_concurrent_imports_both_land(store_path, raw):
    Store(store_path).versions()  # create the schema first
    procs = [
        subprocess.Popen([sys.executable, "-c", _IMPORT, str(store_path), name, str(path), fmt])
        for name, path, fmt in [("sdn-2021", raw / "ofac-sdn-2021-07-set", "ofac-sdn"),
                                ("cons", raw / "ofac-cons", "ofac-cons")]
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    store = Store(store_path)
    assert [(v.list, v.version, v.entities) for v in store.versions()] == [("cons", 1, 442), ("sdn-2021", 1, 8976)]
    assert store.con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_busy_store_refuses_with_a_clear_message(store_path, raw, monkeypatch):
    import watchlist.store.schema as schema

    Store(store_path).versions()
    blocker = sqlite3.connect(store_path / "watchlist.sqlite", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        monkeypatch.setattr(schema, "BUSY_TIMEOUT_S", 0.2)
        store = Store(store_path)
        with pytest.raises(StoreError, match="another watchlist process is writing"):
            store.import_parsed("un-sc", read_list([raw / "un-sc" / "consolidated.xml"], "un-sc"))
    finally:
        blocker.execute("ROLLBACK")
    assert Store(store_path).versions() == []
