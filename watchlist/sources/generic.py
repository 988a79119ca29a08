"""Any delimited text file with a header row: format ``generic``.

The ``map`` option says which column holds what, e.g.
``name=Full Name,id=Ref,type=Kind,aliases=AKA,programs=Regime``. Without a map,
columns named like the keys (``name``, ``id``, ``type``, ...) are used. Keys
other than the known ones become ``details`` under their own label.

A row with an empty name is an error, not a silent skip: a dropped name would
never be screened, which is a legal risk for the user. Rows sharing an id are
merged into one entity (the first row's name is primary, later names AKA).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from watchlist.errors import ListFormatError
from watchlist.models import Entity, EntityType, NameKind, ParsedList
from watchlist.sources._common import EntityStream, clean, csv_records, decode, expand_paths, make_names, read_bytes, source_file, uniq

__all__ = ["entity_type", "parse_map", "read"]

_KEYS = ("name", "id", "type", "aliases", "programs", "birth_date", "birth_place", "nationality",
         "address", "listed_on", "remarks")
_MULTI = {"aliases", "programs", "birth_date", "birth_place", "nationality", "address"}
_TYPES = {
    "individual": EntityType.PERSON, "person": EntityType.PERSON, "natural person": EntityType.PERSON,
    "entity": EntityType.ORGANIZATION, "organization": EntityType.ORGANIZATION,
    "organisation": EntityType.ORGANIZATION, "company": EntityType.ORGANIZATION,
    "legal entity": EntityType.ORGANIZATION, "legalentity": EntityType.ORGANIZATION,
    "vessel": EntityType.VESSEL, "ship": EntityType.VESSEL,
    "aircraft": EntityType.AIRCRAFT, "airplane": EntityType.AIRCRAFT,
}
_DELIMITERS = (",", ";", "\t", "|")


def parse_map(raw: str) -> dict[str, str]:
    """``"name=Full Name,id=Ref"`` -> ``{"name": "Full Name", "id": "Ref"}``.

    Raises:
        ListFormatError: A part is not ``key=COLUMN`` or a key repeats.
    """
    result: dict[str, str] = {}
    for part in raw.split(","):
        if not part.strip():
            continue
        key, sep, column = part.partition("=")
        key, column = key.strip().lower().replace("-", "_"), column.strip()
        if not sep or not key or not column:
            raise ListFormatError("--map", "", f"{part.strip()!r} is not key=COLUMN",
                                  "Write the map as name=COL,id=COL,type=COL,aliases=COL,...")
        if key in result:
            raise ListFormatError("--map", "", f"key {key!r} is given twice", "Name each key once.")
        result[key] = column
    return result


def entity_type(value: str) -> EntityType | None:
    """Lenient type mapping; ``None`` for a non-empty value it does not know."""
    value = clean(value).lower()
    if not value:
        return EntityType.UNKNOWN
    return _TYPES.get(value)


def read(paths: list[Path], options: dict[str, str]) -> ParsedList:
    """Read a delimited file with a header, using the ``map`` option.

    Every row is checked (and every warning counted) here; the entities are
    then built one at a time each time ``entities`` is iterated, from the
    decoded text kept in memory, so a million-row file never holds a million
    entities at once.

    Args:
        paths: The file(s), or a folder holding ``.csv``/``.tsv``/``.txt`` files.
        options: ``map``: ``key=COLUMN`` pairs (see module docstring).

    Returns:
        One entity per distinct id (default id: the 1-based data row number),
        in the order the ids first appear.

    Raises:
        ListFormatError: Bad map, missing column, bad row, or empty name.
    """
    parsed = ParsedList(format=options.get("format", "generic"), entities=[], files=[])
    mapping = parse_map(options["map"]) if options.get("map") else {}
    files: list[_File] = []
    first: dict[str, tuple[int, int]] = {}  # id -> (file, line) of its first row
    later: _Later = {}
    for path in expand_paths(paths, (".csv", ".tsv", ".txt"), "CSV"):
        src = _scan(path, mapping, parsed)
        files.append(src)
        fno = len(files) - 1
        for line, number, fields in _data_rows(src):
            gid, _ = _identify(src, line, number, fields, parsed.warn)
            key = first.setdefault(gid, (fno, line))
            if key != (fno, line):
                parsed.warn("rows merged into an earlier row with the same id")
                later.setdefault(key, []).append((fno, line, fields))
            _type(src, fields, parsed.warn)
    count = len(first)
    del first
    parsed.entities = EntityStream(lambda: _entities(files, later), count)
    return parsed


#: (file, line) of an id's first row -> (file, line, fields) of each later row with that id, merged into it
_Later = dict[tuple[int, int], list[tuple[int, int, list[str]]]]


@dataclass(frozen=True, slots=True)
class _File:
    """One checked file: its decoded text and where the map's columns are."""

    path: Path
    text: str
    delimiter: str
    width: int  # fields in the header
    name_column: str
    known: dict[str, int]
    extra: list[tuple[str, int]]


def _scan(path: Path, mapping: dict[str, str], parsed: ParsedList) -> _File:
    """Read, hash and decode one file, and resolve its header against the map."""
    data = read_bytes(path)
    parsed.files.append(source_file(path, data))
    if data.startswith(b"PK\x03\x04"):
        raise ListFormatError(path.name, "", "this is a ZIP/XLSX file, not CSV",
                              "Save the sheet as CSV (UTF-8), or use the list's own --format.")
    text = decode(path, data, ("utf-8-sig", "cp1252"), hint=" (CSV UTF-8 in Excel's Save As)")
    del data
    delimiter = _sniff(text)
    _, header = next(csv_records(path, text, delimiter=delimiter))
    header = [h.strip() for h in header]
    columns = _columns(path, header, mapping)
    known = {k: i for k, i in columns.items() if k in _KEYS}
    extra = [(k, i) for k, i in columns.items() if k not in _KEYS]
    return _File(path, text, delimiter, len(header), header[known["name"]], known, extra)


def _data_rows(src: _File) -> Iterator[tuple[int, int, list[str]]]:
    """(physical line, data row number, fields) of each non-blank row after the header."""
    records = csv_records(src.path, src.text, delimiter=src.delimiter)
    next(records)
    number = 0
    for line, fields in records:
        if not any(f.strip() for f in fields):
            continue
        number += 1
        yield line, number, fields


def _identify(src: _File, line: int, number: int, fields: list[str], warn: Callable[[str], None]) -> tuple[str, str]:
    """(id, name) of a data row.

    Raises:
        ListFormatError: The row's field count differs from the header's, or its name is empty.
    """
    if len(fields) != src.width:
        raise ListFormatError(
            src.path.name, line, f"row has {len(fields)} fields, the header has {src.width}",
            "The file looks truncated or has a stray delimiter; fix or re-export it.",
        )
    known = src.known
    name = clean(fields[known["name"]])
    if not name:
        raise ListFormatError(
            src.path.name, line, f"empty name (column {src.name_column!r})",
            "Fill in or delete the row: rows are not skipped silently, as a lost name would never be screened.",
        )
    gid = clean(fields[known["id"]]) if "id" in known else ""
    if not gid and "id" in known:
        warn("rows with an empty id (id row-<data row number> used)")
        gid = f"row-{number}"  # cannot collide with a real id such as "7"
    elif not gid:
        gid = str(number)
    return gid, name


def _type(src: _File, fields: list[str], warn: Callable[[str], None]) -> EntityType:
    raw_type = clean(fields[src.known["type"]]) if "type" in src.known else ""
    etype = entity_type(raw_type)
    if etype is None:
        warn(f"rows with an unknown type {raw_type.lower()!r} (read as unknown)")
        etype = EntityType.UNKNOWN
    return etype


def _no_warning(_message: str) -> None:
    """Rows were checked and counted by the first pass; building entities warns of nothing again."""


def _entities(files: list[_File], later: _Later) -> Iterator[Entity]:
    """The entities of checked files, in the order their ids first appear (the second pass)."""
    merged = {(fno, line) for rows in later.values() for fno, line, _ in rows}
    for fno, src in enumerate(files):
        for line, number, fields in _data_rows(src):
            if (fno, line) in merged:
                continue
            gid, name = _identify(src, line, number, fields, _no_warning)
            acc: dict = {"name": name, "names": [], "type": None, "fields": {k: [] for k in _KEYS}, "details": []}
            _add(acc, src, fields)
            for other, _, more in later.get((fno, line), ()):
                acc["names"].append((clean(more[files[other].known["name"]]), NameKind.AKA))
                _add(acc, files[other], more)
            yield _entity(gid, acc)


def _sniff(text: str) -> str:
    """The delimiter that is most frequent on the header line (default comma)."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns(path: Path, header: list[str], mapping: dict[str, str]) -> dict[str, int]:
    """Resolve map keys to column indexes (exact name first, then case-insensitive)."""
    exact = {h: i for i, h in reversed(list(enumerate(header)))}
    folded = {h.strip().lower(): i for i, h in reversed(list(enumerate(header)))}
    if not mapping:
        mapping = {k: h for h in header for k in _KEYS if h.strip().lower() == k}
        if "name" not in mapping:
            raise ListFormatError(
                path.name, 1, "no --map given and no column called 'name'",
                f"Pass --map name=COL,id=COL,... using the header's columns: {', '.join(header)}.",
            )
    if "name" not in mapping:
        raise ListFormatError("--map", "", "the map has no 'name' key", "Add name=COL (the column holding names).")
    columns: dict[str, int] = {}
    for key, col in mapping.items():
        index = exact.get(col, folded.get(col.strip().lower()))
        if index is None:
            raise ListFormatError(
                path.name, 1, f"column {col!r} (map key {key!r}) is not in the header",
                f"The header has: {', '.join(repr(h) for h in header)}.",
            )
        columns[key] = index
    return columns


def _add(acc: dict, src: _File, fields: list[str]) -> None:
    """Add one checked row's type and fields to an entity's accumulated fields."""
    etype = _type(src, fields, _no_warning)
    if acc["type"] in (None, EntityType.UNKNOWN):
        acc["type"] = etype
    for key, index in src.known.items():
        if key in ("name", "id", "type"):
            continue
        value = fields[index]
        parts = value.split(";") if key in _MULTI else [value]
        acc["fields"][key].extend(clean(p) for p in parts)
    acc["details"].extend((k, clean(fields[i])) for k, i in src.extra if clean(fields[i]))


def _entity(gid: str, acc: dict) -> Entity:
    """Build an Entity from one id's accumulated fields."""
    f = acc["fields"]
    names = acc["names"] + [(a, NameKind.AKA) for a in f["aliases"]]
    return Entity(
        entity_id=gid,
        type=acc["type"] or EntityType.UNKNOWN,
        primary_name=acc["name"],
        names=make_names(acc["name"], [(t, k) for t, k in names if t != acc["name"]]),
        programs=uniq(f["programs"]),
        birth_dates=uniq(f["birth_date"]),
        birth_places=uniq(f["birth_place"]),
        nationalities=uniq(f["nationality"]),
        addresses=uniq(f["address"]),
        listed_on=next((v for v in f["listed_on"] if v), ""),
        remarks=" ".join(uniq(f["remarks"])),
        details=tuple(dict.fromkeys(acc["details"])),
    )
