"""OpenSanctions ``targets.simple.csv`` export: format ``opensanctions``.

RFC-4180 CSV with a header, UTF-8, quoted fields that may span lines, and
``;`` joining multiple values. The header gained ``program_ids`` and
``last_change`` over time, so only ``id``, ``schema`` and ``name`` are
required. ``published`` is the latest ``last_seen`` date in the file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from watchlist.errors import ListFormatError
from watchlist.models import Entity, EntityType, NameKind, ParsedList
from watchlist.sources._common import clean, csv_records, decode, expand_paths, make_names, read_bytes, source_file, uniq

__all__ = ["SCHEMAS", "read"]

#: FollowTheMoney schema -> entity type.
SCHEMAS = {
    "Person": EntityType.PERSON,
    "Organization": EntityType.ORGANIZATION,
    "Company": EntityType.ORGANIZATION,
    "LegalEntity": EntityType.ORGANIZATION,
    "PublicBody": EntityType.ORGANIZATION,
    "Vessel": EntityType.VESSEL,
    "Airplane": EntityType.AIRCRAFT,
}
_REQUIRED = ("id", "schema", "name")
_DETAILS = (("identifier", "identifiers"), ("phone", "phones"), ("email", "emails"))
_SINGLE_DETAILS = (("schema", "schema"), ("dataset", "dataset"), ("first seen", "first_seen"),
                   ("last change", "last_change"))


def _split(value: str) -> list[str]:
    return [clean(v) for v in value.split(";")]


def _sanctions(value: str) -> list[str]:
    """The ``sanctions`` cell holds ``;``-joined, CSV-quoted strings (``""`` when empty)."""
    if not value.strip():
        return []
    try:
        parts = next(csv.reader(io.StringIO(value, newline=""), delimiter=";"), [])
    except csv.Error:
        parts = [value]
    return [clean(p) for p in parts if clean(p)]


def read(paths: list[Path], options: dict[str, str]) -> ParsedList:
    """Read an OpenSanctions targets.simple.csv.

    Args:
        paths: The CSV file(s), or a folder holding them.
        options: Unused.

    Returns:
        One entity per row, in file order.

    Raises:
        ListFormatError: Missing column, bad row, empty name, or broken CSV.
    """
    parsed = ParsedList(format=options.get("format", "opensanctions"), entities=[], files=[])
    seen: set[str] = set()
    for path in expand_paths(paths, (".csv",), "targets.simple.csv"):
        data = read_bytes(path)
        parsed.files.append(source_file(path, data))
        text = decode(path, data, ("utf-8-sig",), hint=", as OpenSanctions publishes it")
        records = csv_records(path, text)
        _, header = next(records)
        header = [h.strip() for h in header]
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise ListFormatError(
                path.name, 1, f"the header lacks column(s) {', '.join(repr(m) for m in missing)}",
                f"Is this OpenSanctions' targets.simple.csv? Its header has: {', '.join(header[:20])}.",
            )
        last_seen = ""
        for line, fields in records:
            if not any(fields):
                continue
            if len(fields) != len(header):
                raise ListFormatError(
                    path.name, line, f"row has {len(fields)} fields, the header has {len(header)}",
                    "The file looks truncated or damaged; download it again.",
                )
            row = dict(zip(header, fields))
            entity = _entity(path, line, row, parsed)
            if entity.entity_id in seen:
                parsed.warn("rows repeating an earlier id (ignored)")
                continue
            seen.add(entity.entity_id)
            parsed.entities.append(entity)
            last_seen = max(last_seen, clean(row.get("last_seen", ""))[:10])
        parsed.published = max(parsed.published, last_seen)
    return parsed


def _entity(path: Path, line: int, row: dict[str, str], parsed: ParsedList) -> Entity:
    """One CSV row as an Entity."""
    name = clean(row["name"])
    ent_id = clean(row["id"])
    if not name or not ent_id:
        raise ListFormatError(
            path.name, line, f"empty {'name' if not name else 'id'}",
            "Every OpenSanctions row has an id and a name; the file looks damaged.",
        )
    schema = clean(row["schema"])
    etype = SCHEMAS.get(schema)
    if etype is None:
        parsed.warn(f"rows with an unknown schema {schema!r} (read as unknown)")
        etype = EntityType.UNKNOWN
    sanctions = _sanctions(row.get("sanctions", ""))
    details = [(label, v) for label, col in _DETAILS for v in _split(row.get(col, "")) if v]
    details += [(label, clean(row.get(col, ""))) for label, col in _SINGLE_DETAILS if clean(row.get(col, ""))]
    return Entity(
        entity_id=ent_id,
        type=etype,
        primary_name=name,
        names=make_names(name, [(a, NameKind.AKA) for a in _split(row.get("aliases", ""))]),
        programs=uniq(_split(row.get("program_ids", ""))),
        birth_dates=uniq(_split(row.get("birth_date", ""))),
        nationalities=uniq(_split(row.get("countries", ""))),
        addresses=uniq(_split(row.get("addresses", ""))),
        remarks="; ".join(uniq(sanctions)),
        details=tuple(dict.fromkeys(details)),
    )
