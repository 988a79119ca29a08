"""What a screening of an input file reported, remembered so a re-screen can tell new alerts.

A screening is stored with the input file's resolved path, its sha256 and the
name column, the list versions screened against, every distinct name screened
and every alert key ``(query, list, entity id, matched name)`` reported. The
previous screening of an input is the newest one of the same content and
column, else the newest of the same path and column (the file was edited).

The names and the keys are sets read whole: each is kept as one compressed blob
(``screening_sets``, see :func:`_pack`), in no particular order. Screenings recorded by schema 2
kept a row each (``screening_queries``, ``screening_alerts``); those are still read.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path

from watchlist.errors import InputError
from watchlist.store.core import Store

__all__ = [
    "Screening",
    "file_sha256",
    "previous_screening",
    "record_screening",
    "screening_alerts",
    "screening_queries",
]


@dataclass(frozen=True, slots=True)
class Screening:
    """One remembered screening of an input file."""

    id: int
    input_name: str
    input_sha256: str
    input_column: str
    screened_at: str
    versions: tuple[tuple[str, int], ...]  # (list, version number), by list name
    queries: int
    alerts: int

    def version_of(self, list_name: str) -> int | None:
        return dict(self.versions).get(list_name)


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise InputError(str(path), "", f"cannot read the file ({exc.strerror})", "Check the path") from exc
    return h.hexdigest()


def _screening(row: tuple) -> Screening:
    versions = tuple(sorted((k, int(v)) for k, v in json.loads(row[5]).items()))
    return Screening(row[0], row[1], row[2], row[3], row[4], versions, row[6], row[7])


_COLS = "id, input_name, input_sha256, input_column, screened_at, versions, queries, alerts"


def record_screening(store: Store, path: Path, column: str, versions: Mapping[str, int],
                     queries: Iterable[str], alerts: Iterable[tuple[str, str, str, str]],
                     sha256: str | None = None) -> Screening:
    """Remember a screening of ``path`` (all in one transaction)."""
    qs = queries if isinstance(queries, (set, frozenset)) else set(queries)
    keys = alerts if isinstance(alerts, (set, frozenset)) else set(alerts)
    sha = sha256 or file_sha256(path)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction() as con:
        cur = con.execute(
            "INSERT INTO screenings (input_name, input_sha256, input_column, screened_at, versions, queries, alerts) "
            "VALUES (?,?,?,?,?,?,?)",
            (str(Path(path).resolve()), sha, column, now, json.dumps(dict(sorted(versions.items()))), len(qs),
             len(keys)),
        )
        sid = cur.lastrowid
        con.execute("INSERT INTO screening_sets VALUES (?,?,?)", (sid, _pack(qs, 1), _pack(keys, 4)))
    row = con.execute(f"SELECT {_COLS} FROM screenings WHERE id = ?", (sid,)).fetchone()
    return _screening(row)


def previous_screening(store: Store, path: Path, column: str, sha256: str | None = None) -> Screening | None:
    """The newest screening of the same content (else the same path) and column, or None."""
    sha = sha256 or file_sha256(path)
    for where, arg in (("input_sha256 = ?", sha), ("input_name = ?", str(Path(path).resolve()))):
        row = store.con.execute(
            f"SELECT {_COLS} FROM screenings WHERE {where} AND input_column = ? ORDER BY id DESC LIMIT 1",
            (arg, column),
        ).fetchone()
        if row is not None:
            return _screening(row)
    return None


def _pack(items: AbstractSet[str] | AbstractSet[tuple[str, ...]], width: int) -> bytes:
    """One set as stored: zlib of its strings (a tuple's in turn), each followed by NUL, in UTF-8
    (lone surrogates pass). A set holding a NUL in some string is stored as a JSON array instead,
    marked by a leading "[" (a NUL-joined set starts with zlib's 0x78)."""
    flat = items if width == 1 else chain.from_iterable(items)
    text = "\x00".join(flat)  # type: ignore[arg-type]
    if text.count("\x00") != max(len(items) * width - 1, 0):
        return b"[" + zlib.compress(json.dumps(list(items), ensure_ascii=False).encode("utf-8", "surrogatepass"), 1)
    return zlib.compress((text + "\x00" if items else "").encode("utf-8", "surrogatepass"), 1)


def _unpack(blob: bytes, width: int) -> set:
    if blob[:1] == b"[":
        items = json.loads(zlib.decompress(blob[1:]).decode("utf-8", "surrogatepass"))
        return set(items) if width == 1 else set(map(tuple, items))
    parts = zlib.decompress(blob).decode("utf-8", "surrogatepass").split("\x00")[:-1]
    if width == 1:
        return set(parts)
    it = iter(parts)
    return set(zip(*[it] * width))


def _packed(store: Store, screening: Screening, column: str, width: int) -> set | None:
    row = store.con.execute(f"SELECT {column} FROM screening_sets WHERE screening_id = ?", (screening.id,)).fetchone()
    return None if row is None else _unpack(row[0], width)


def screening_queries(store: Store, screening: Screening) -> set[str]:
    """Every distinct name that screening screened."""
    packed = _packed(store, screening, "queries", 1)
    if packed is not None:
        return packed
    rows = store.con.execute("SELECT query FROM screening_queries WHERE screening_id = ?", (screening.id,))
    return {r[0] for r in rows}  # recorded by schema 2


def screening_alerts(store: Store, screening: Screening) -> set[tuple[str, str, str, str]]:
    """Every alert key that screening reported."""
    packed = _packed(store, screening, "alerts", 4)
    if packed is not None:
        return packed
    rows = store.con.execute(  # recorded by schema 2
        "SELECT query, list, entity_id, matched_name FROM screening_alerts WHERE screening_id = ?", (screening.id,)
    )
    return {tuple(r) for r in rows}  # type: ignore[misc]
