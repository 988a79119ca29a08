"""The SQLite schema of a store, and how a store file is opened.

One file, ``watchlist.sqlite``, in the store folder. Every import writes a new
immutable version of a list inside one transaction, so a failure or a kill
leaves the file exactly as it was (SQLite's rollback journal does the rest).
Writers take SQLite's RESERVED lock up front (``BEGIN IMMEDIATE``): a second
writer waits up to ``BUSY_TIMEOUT_S`` and then gets a ``StoreBusyError``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from watchlist.errors import StoreError

__all__ = ["SCHEMA_VERSION", "DB_FILE", "BUSY_TIMEOUT_S", "connect"]

SCHEMA_VERSION = "3"
DB_FILE = "watchlist.sqlite"
BUSY_TIMEOUT_S = 30.0

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY,
    list TEXT NOT NULL,
    version INTEGER NOT NULL,
    format TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    published TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    files TEXT NOT NULL,            -- JSON [{name, size, sha256}]
    entities INTEGER NOT NULL,
    names INTEGER NOT NULL,
    warnings TEXT NOT NULL,         -- JSON {message: count}
    notes TEXT NOT NULL,            -- JSON [text]
    UNIQUE (list, version)
);
CREATE TABLE IF NOT EXISTS entities (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    row INTEGER NOT NULL,           -- 0-based position in the version = the index's group
    entity_id TEXT NOT NULL,
    type TEXT NOT NULL,
    primary_name TEXT NOT NULL,
    programs TEXT NOT NULL,         -- '; '-joined, for reports
    digest TEXT NOT NULL,           -- sha256 of the entity's JSON: equal digests, equal entities
    data TEXT NOT NULL,             -- JSON of the whole Entity
    PRIMARY KEY (version_id, row)
);
CREATE INDEX IF NOT EXISTS entities_by_id ON entities (version_id, entity_id);
CREATE TABLE IF NOT EXISTS names (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    name_id INTEGER NOT NULL,       -- position in the index
    row INTEGER NOT NULL,           -- entities.row
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (version_id, name_id)
);
CREATE TABLE IF NOT EXISTS indexes (
    version_id INTEGER PRIMARY KEY REFERENCES versions(id),
    normalizer_version TEXT NOT NULL,
    data BLOB NOT NULL
);
-- schema 2: analyst decisions and remembered screenings. Decisions name the list and entity by
-- their published ids (never a versions.id), so no re-import or upgrade can orphan or drop them.
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,         -- append-only history: the newest row of a key is its decision
    query TEXT NOT NULL,
    list TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    matched_name TEXT NOT NULL,
    verdict TEXT NOT NULL,          -- true-match | false-positive | open
    list_version INTEGER NOT NULL,  -- the version the reviewed report was screened against
    entity_digest TEXT NOT NULL,    -- entities.digest then: a later digest means the entity changed
    reviewer TEXT NOT NULL,
    note TEXT NOT NULL,
    decided_at TEXT NOT NULL,       -- UTC ISO 8601
    source TEXT NOT NULL            -- the reviewed file imported
);
CREATE INDEX IF NOT EXISTS decisions_by_key ON decisions (query, list, entity_id, matched_name);
CREATE TABLE IF NOT EXISTS screenings (
    id INTEGER PRIMARY KEY,
    input_name TEXT NOT NULL,       -- resolved path of the input file
    input_sha256 TEXT NOT NULL,
    input_column TEXT NOT NULL,
    screened_at TEXT NOT NULL,
    versions TEXT NOT NULL,         -- JSON {list: version number}
    queries INTEGER NOT NULL,
    alerts INTEGER NOT NULL
);
-- schema 2 kept a row per name and per alert key; screenings recorded since schema 3 keep
-- screening_sets instead, and these rows are read only for the screenings recorded before.
CREATE TABLE IF NOT EXISTS screening_queries (
    screening_id INTEGER NOT NULL REFERENCES screenings(id),
    query TEXT NOT NULL,
    PRIMARY KEY (screening_id, query)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS screening_alerts (
    screening_id INTEGER NOT NULL REFERENCES screenings(id),
    query TEXT NOT NULL,
    list TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    matched_name TEXT NOT NULL,
    PRIMARY KEY (screening_id, query, list, entity_id, matched_name)
) WITHOUT ROWID;
-- schema 3: a screening's distinct names and alert keys, each set one zlib-compressed blob
-- (store.screenings._pack: the strings NUL-terminated, or a JSON array when one holds a NUL).
-- They are only ever read whole (a re-screen's baseline). A row each took 2.6x the time to write
-- (100,000 names, 102,100 keys: 0.46 s against 0.18 s, at the end of a batch) and 6x the space.
CREATE TABLE IF NOT EXISTS screening_sets (
    screening_id INTEGER PRIMARY KEY REFERENCES screenings(id),
    queries BLOB NOT NULL,          -- query, ...
    alerts BLOB NOT NULL            -- query, list, entity_id, matched_name of each key in turn
);
"""


def connect(folder: Path) -> sqlite3.Connection:
    """Open (creating if needed) the store database in ``folder``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(folder / DB_FILE, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        version = _schema_version(con)
        if version is None or (version.isdigit() and int(version) < int(SCHEMA_VERSION)):
            # new store, or an older schema: every table is CREATE ... IF NOT EXISTS, so running the
            # DDL adds what is missing and keeps every row (versions, decisions) that is there.
            con.executescript(
                "BEGIN IMMEDIATE;" + _DDL
                + f"INSERT OR REPLACE INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}'); COMMIT;"
            )
        elif version != SCHEMA_VERSION:
            raise StoreError(
                f"{folder / DB_FILE}: store schema version {version}, this watchlist reads {SCHEMA_VERSION}. "
                "Upgrade watchlist, or use another --store folder"
            )
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{folder / DB_FILE}: cannot open the store ({exc}). "
            "Check the path and permissions, or pass another --store folder"
        ) from exc
    except OSError as exc:
        raise StoreError(f"{folder}: cannot create the store folder ({exc.strerror}). Pass a writable --store") from exc
    return con


def _schema_version(con: sqlite3.Connection) -> str | None:
    row = con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    if row is None:
        return None
    found = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return found[0] if found else None
