"""The versioned list store: import a parsed list as a new version, read versions back.

A version is immutable once written. Re-importing content identical to a
list's latest version adds nothing. The candidate index of each version is
built at import time and persisted beside it, so screening loads it instead of
rebuilding it; a store indexed by another normalizer version is re-indexed on
first use (the names themselves never change).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from watchlist.errors import StoreBusyError, StoreError
from watchlist.models import Entity, EntityType, ParsedList, SourceFile
from watchlist.store.codec import digest, entity_from_dict, entity_json
from watchlist.store.schema import BUSY_TIMEOUT_S, DB_FILE, connect

__all__ = ["Store", "Version", "ImportResult", "default_store_folder"]

Progress = Callable[[str], None]


def default_store_folder() -> Path:
    """``$WATCHLIST_HOME`` when set, else the per-user data directory."""
    env = os.environ.get("WATCHLIST_HOME", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("watchlist", appauthor=False))


@dataclass(frozen=True, slots=True)
class Version:
    """One imported version of one list."""

    id: int
    list: str
    version: int
    format: str
    imported_at: str
    published: str
    content_sha256: str
    files: tuple[SourceFile, ...]
    entities: int
    names: int
    warnings: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]

    @property
    def label(self) -> str:
        """How reports name this version: ``<list> v<version>``."""
        return f"{self.list} v{self.version}"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: the version now current, and whether it is new."""

    version: Version
    previous: Version | None
    unchanged: bool


_VERSION_COLS = (
    "id, list, version, format, imported_at, published, content_sha256, files, entities, names, warnings, notes"
)


def _version(row: Sequence) -> Version:
    files = tuple(SourceFile(f["name"], f["size"], f["sha256"]) for f in json.loads(row[7]))
    warnings = tuple((k, int(v)) for k, v in json.loads(row[10]).items())
    return Version(row[0], row[1], row[2], row[3], row[4], row[5], row[6], files, row[8], row[9],
                   warnings, tuple(json.loads(row[11])))


def content_sha256(parsed: ParsedList, options: str = "") -> str:
    """Identity of an import's content: format, options and the files' hashes."""
    parts = [parsed.format, options] + sorted(f.sha256 for f in parsed.files)
    return digest("\n".join(parts))


_STAGE = "stage"  # schema name of the temporary database an import is staged in
_CHUNK = 5_000  # entities staged per executemany
_TYPES = list(EntityType)


class _Names(Sequence):
    """(row, name text, entity type) per name id, packed: what ``NameIndex.build`` reads.

    About 25 bytes a name (UTF-8 text in one buffer, offsets, rows and type
    codes in arrays) instead of a tuple, a string and an int per name.
    """

    def __init__(self) -> None:
        self._rows = array("q")
        self._types = array("B")
        self._off = array("q", [0])
        self._text = bytearray()
        self.entity_count = 0  # entities staged

    def append(self, row: int, text: str, etype: EntityType) -> None:
        self._rows.append(row)
        self._types.append(_TYPES.index(etype))
        self._text += text.encode("utf-8")
        self._off.append(len(self._text))

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._rows[i], self._text[self._off[i]:self._off[i + 1]].decode("utf-8"), _TYPES[self._types[i]]

    def __iter__(self) -> Iterator[tuple[int, str, EntityType]]:
        text, off, types = self._text, self._off, self._types
        for i, row in enumerate(self._rows):
            yield row, text[off[i]:off[i + 1]].decode("utf-8"), _TYPES[types[i]]


def _stage(con: sqlite3.Connection, entities: Iterable[Entity]) -> _Names:
    """Write every entity and name to the staging database, in order; return the names for the index."""
    names = _Names()
    entity_rows: list[tuple] = []
    name_rows: list[tuple] = []

    def flush() -> None:
        con.executemany(f"INSERT INTO {_STAGE}.entities VALUES (?,?,?,?,?,?,?)", entity_rows)
        con.executemany(f"INSERT INTO {_STAGE}.names VALUES (?,?,?,?)", name_rows)
        entity_rows.clear()
        name_rows.clear()

    con.execute("BEGIN")  # one transaction on the staging database only: the store is not locked
    for row, entity in enumerate(entities):
        text = entity_json(entity)
        entity_rows.append((row, entity.entity_id, entity.type.value, entity.primary_name,
                            "; ".join(entity.programs), digest(text), text))
        for name in entity.names:
            name_rows.append((len(names), row, name.text, name.kind.value))
            names.append(row, name.text, entity.type)
        names.entity_count = row + 1
        if len(entity_rows) >= _CHUNK:
            flush()
    flush()
    con.execute("COMMIT")
    return names


def _write_blob(con: sqlite3.Connection, vid: int, normalizer: str, parts: Sequence, size: int, *,
                replace: bool = False) -> None:
    """Store a version's index: its pieces (NameIndex.build_parts) written in slices into a zero-filled blob.

    Nothing is joined: binding the index whole would copy it twice.
    """
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    con.execute(f"{verb} INTO indexes VALUES (?,?,zeroblob(?))", (vid, normalizer, size))
    step = 1 << 24
    with con.blobopen("indexes", "data", vid) as out:
        for part in parts:
            view = memoryview(part).cast("B")
            for start in range(0, len(view), step):
                out.write(view[start:start + step])


class Store:
    """A folder holding one SQLite file of versioned lists."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder).expanduser() if folder is not None else default_store_folder()
        self.path = self.folder / DB_FILE
        self._con: sqlite3.Connection | None = None
        self._indexes: dict[int, object] = {}

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = connect(self.folder)
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    # ---------------------------------------------------------------- reading

    def versions(self, list_name: str | None = None) -> list[Version]:
        """Every version, ordered by list then version number."""
        sql = f"SELECT {_VERSION_COLS} FROM versions"
        args: tuple = ()
        if list_name is not None:
            sql += " WHERE list = ?"
            args = (list_name,)
        return [_version(r) for r in self.con.execute(sql + " ORDER BY list, version", args)]

    def latest_versions(self) -> list[Version]:
        """The newest version of each list, ordered by list name."""
        rows = self.con.execute(
            f"SELECT {_VERSION_COLS} FROM versions v WHERE version = "
            "(SELECT MAX(version) FROM versions w WHERE w.list = v.list) ORDER BY list"
        )
        return [_version(r) for r in rows]

    def version(self, list_name: str, number: int | None = None) -> Version:
        """A list's version ``number`` (the latest when None)."""
        found = self.versions(list_name)
        if not found:
            known = ", ".join(sorted({v.list for v in self.versions()})) or "none"
            raise StoreError(f"no list named {list_name!r} in {self.path} (lists: {known}). "
                             "Run `watchlist lists ls` to see the lists")
        if number is None:
            return found[-1]
        for v in found:
            if v.version == number:
                return v
        raise StoreError(f"list {list_name!r} has no version {number} (versions 1..{found[-1].version}). "
                         f"Run `watchlist lists show {list_name}`")

    def entities(self, version: Version) -> Iterator[tuple[int, Entity]]:
        """(row, entity) for every entity of a version, in publisher order."""
        rows = self.con.execute("SELECT row, data FROM entities WHERE version_id = ? ORDER BY row", (version.id,))
        for row, data in rows:
            yield row, entity_from_dict(json.loads(data))

    def entity(self, version: Version, row: int) -> Entity:
        """The entity at ``row`` of a version."""
        found = self.con.execute(
            "SELECT data FROM entities WHERE version_id = ? AND row = ?", (version.id, row)
        ).fetchone()
        if found is None:
            raise StoreError(f"{version.label} has no entity row {row}. The store may be damaged: re-import the list")
        return entity_from_dict(json.loads(found[0]))

    def digests(self, version: Version) -> dict[str, str]:
        """entity_id -> digest for a version (what diffs and re-screens compare)."""
        rows = self.con.execute("SELECT entity_id, digest FROM entities WHERE version_id = ?", (version.id,))
        return dict(rows.fetchall())

    def names(self, version: Version) -> list[tuple[int, str, EntityType]]:
        """(row, name text, entity type) per name_id of a version: the index's entries."""
        return list(self._name_rows(version))

    def _name_rows(self, version: Version) -> Iterator[tuple[int, str, EntityType]]:
        rows = self.con.execute(
            "SELECT n.row, n.text, e.type FROM names n JOIN entities e "
            "ON e.version_id = n.version_id AND e.row = n.row WHERE n.version_id = ? ORDER BY n.name_id",
            (version.id,),
        )
        return ((row, text, EntityType(kind)) for row, text, kind in rows)

    def _packed_names(self, version: Version) -> _Names:
        """``names(version)`` packed: what re-indexing a version reads."""
        packed = _Names()
        for row, text, etype in self._name_rows(version):
            packed.append(row, text, etype)
        packed.entity_count = version.entities
        return packed

    def name_text(self, version: Version, name_id: int) -> tuple[str, str]:
        """(text, kind) of one indexed name."""
        found = self.con.execute(
            "SELECT text, kind FROM names WHERE version_id = ? AND name_id = ?", (version.id, name_id)
        ).fetchone()
        if found is None:
            raise StoreError(f"{version.label} has no name {name_id}. Re-import the list")
        return found[0], found[1]

    # ---------------------------------------------------------------- writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed when the block ends, rolled back on any exception.

        Takes SQLite's write lock up front; another writer holding it longer than
        ``BUSY_TIMEOUT_S`` makes this raise ``StoreBusyError``.
        """
        con = self.con
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreBusyError(
                f"{self.path}: another watchlist process is writing to this store (waited {BUSY_TIMEOUT_S:.0f} s). "
                "Try again when it has finished"
            ) from exc
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def import_parsed(self, list_name: str, parsed: ParsedList, *, options: str = "",
                      progress: Progress | None = None) -> ImportResult:
        """Write ``parsed`` as the next version of ``list_name``, atomically.

        Content identical to the latest version (same format, options and file
        hashes) adds nothing and returns ``unchanged=True``.

        The entities are iterated once, and written in chunks to a private
        temporary database (SQLite's temporary folder, e.g. ``$TMPDIR``; about
        the list's size on disk) while a packed copy of the names (about 25
        bytes a name) is kept for the index; the index is built, then one
        transaction copies the staged rows and the index into the store. So no
        list-sized Python structure is held but the index's own, a failure
        leaves the store as it was, and the write lock is held only for the
        copy, not while the index is built.
        """
        from watchlist.index import NameIndex
        from watchlist.names.normalize import NORMALIZER_VERSION

        say = progress or (lambda _msg: None)
        sha = content_sha256(parsed, options)
        previous = self._latest_or_none(list_name)
        if previous is not None and previous.content_sha256 == sha:
            return ImportResult(previous, previous, True)
        with self._staging() as stage:
            entries = _stage(stage, parsed.entities)
            n_entities = entries.entity_count
            say(f"indexing {len(entries):,} names of {n_entities:,} entities")
            index_parts, index_size = NameIndex.build_parts(entries)
            del entries
            with self.transaction() as con:
                latest = self._latest_or_none(list_name)  # re-read under the lock: another import may have landed
                if latest is not None and latest.content_sha256 == sha:
                    return ImportResult(latest, latest, True)
                number = 1 if latest is None else latest.version + 1
                files = json.dumps([{"name": f.name, "size": f.size, "sha256": f.sha256} for f in parsed.files])
                now = datetime.now(timezone.utc).isoformat(timespec="seconds")
                n_names = con.execute(f"SELECT COUNT(*) FROM {_STAGE}.names").fetchone()[0]
                cur = con.execute(
                    "INSERT INTO versions (list, version, format, imported_at, published, content_sha256, files, "
                    "entities, names, warnings, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (list_name, number, parsed.format, now, parsed.published, sha, files, n_entities,
                     n_names, json.dumps(parsed.warnings, ensure_ascii=False),
                     json.dumps(parsed.notes, ensure_ascii=False)),
                )
                vid = cur.lastrowid
                say(f"writing {list_name} v{number}")
                con.execute(f"INSERT INTO entities SELECT ?, * FROM {_STAGE}.entities ORDER BY row", (vid,))
                con.execute(f"INSERT INTO names SELECT ?, * FROM {_STAGE}.names ORDER BY name_id", (vid,))
                _write_blob(con, vid, NORMALIZER_VERSION, index_parts, index_size)
                del index_parts
                con.execute("INSERT OR REPLACE INTO meta VALUES ('normalizer_version', ?)", (NORMALIZER_VERSION,))
        return ImportResult(self.version(list_name, number), latest, False)

    @contextlib.contextmanager
    def _staging(self) -> Iterator[sqlite3.Connection]:
        """A private temporary on-disk database attached to the store's connection as ``stage``.

        SQLite deletes its file when it is detached (or the process ends); writing
        to it takes no lock on the store.
        """
        con = self.con
        con.execute(f"ATTACH DATABASE '' AS {_STAGE}")
        try:
            con.execute(f"PRAGMA {_STAGE}.journal_mode = MEMORY")  # a fresh database: next to nothing to journal
            con.execute(f"PRAGMA {_STAGE}.synchronous = OFF")
            con.execute(f"CREATE TABLE {_STAGE}.entities (row INTEGER PRIMARY KEY, entity_id TEXT, type TEXT, "
                        "primary_name TEXT, programs TEXT, digest TEXT, data TEXT)")
            con.execute(f"CREATE TABLE {_STAGE}.names (name_id INTEGER PRIMARY KEY, row INTEGER, text TEXT, kind TEXT)")
            yield con
        finally:
            if con.in_transaction:  # only when staging itself failed half-way
                con.execute("ROLLBACK")
            con.execute(f"DETACH DATABASE {_STAGE}")

    def _latest_or_none(self, list_name: str) -> Version | None:
        found = self.versions(list_name)
        return found[-1] if found else None

    # ---------------------------------------------------------------- index

    def index(self, version: Version):  # -> NameIndex
        """The candidate index of a version, re-built if the normalizer or the index format changed since import."""
        from watchlist.index import IndexFormatError, NameIndex
        from watchlist.names.normalize import NORMALIZER_VERSION

        if version.id in self._indexes:
            return self._indexes[version.id]
        row = self.con.execute(
            "SELECT normalizer_version, data FROM indexes WHERE version_id = ?", (version.id,)
        ).fetchone()
        index = None
        if row is not None and row[0] == NORMALIZER_VERSION:
            try:
                index = NameIndex.loads(row[1])
            except IndexFormatError:  # written by an older index format: rebuilt below
                index = None
        if index is None:
            index = NameIndex.build(self._packed_names(version))
            self._write_index(version, NORMALIZER_VERSION, *index.parts())
        self._indexes[version.id] = index
        return index

    def _write_index(self, version: Version, normalizer: str, parts: Sequence, size: int) -> None:
        try:
            with self.transaction() as con:
                _write_blob(con, version.id, normalizer, parts, size, replace=True)
        except StoreBusyError:
            pass  # someone else is writing; use the rebuilt index in memory this time
