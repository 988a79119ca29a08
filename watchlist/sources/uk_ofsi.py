"""UK OFSI consolidated list (ConList), as CSV or XLSX: format ``uk-ofsi``.

Row 1 is ``Last Updated,<dd/mm/yyyy>``, row 2 the header, then one row per
name variant; rows sharing a ``Group ID`` are one listed party. Columns are
looked up by header name, because they changed in 2022 (29 -> 36 columns; the
2018 file calls the primary name "Prime Alias"). Dates are dd/mm/yyyy text
with ``00`` for unknown parts and are stored with only the known parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from watchlist.errors import ListFormatError
from watchlist.models import Entity, EntityType, NameKind, ParsedList
from watchlist.sources._common import (
    MAX_FIELD,
    clean,
    csv_records,
    decode,
    dmy_to_iso,
    expand_paths,
    make_names,
    read_bytes,
    source_file,
    uniq,
)

__all__ = ["display_name", "read"]

_REQUIRED = ("Name 6", "Group ID", "Group Type", "Alias Type")
_NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
_ADDRESS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6", "Post/Zip Code", "Country")
_TYPES = {"individual": EntityType.PERSON, "entity": EntityType.ORGANIZATION, "ship": EntityType.VESSEL}
_KINDS = {
    "primary name": NameKind.PRIMARY,
    "prime alias": NameKind.PRIMARY,  # 2018 and earlier
    "primary name variation": NameKind.VARIATION,
    "aka": NameKind.AKA,
    "fka": NameKind.FKA,
}
#: (detail label, header) copied into Entity.details when non-empty.
_DETAILS = (
    ("title", "Title"),
    ("position", "Position"),
    ("passport", "Passport Number"),
    ("passport", "Passport Details"),
    ("national id", "National Identification Number"),
    ("national id", "National Identification Details"),
    ("national id", "NI Number"),
    ("non-latin script type", "Non-Latin Script Type"),
    ("non-latin script language", "Non-Latin Script Language"),
    ("designated", "UK Sanctions List Date Designated"),
    ("last updated", "Last Updated"),
)
_UK_REF = re.compile(r"\(UK Sanctions List Ref\):\s*([A-Za-z0-9]+)")
_GENDER = re.compile(r"\(Gender\):\s*([A-Za-z]+)")
_NUMBERED = re.compile(r"(?:^|\s)\(?\d+\)\s*")


def display_name(parts: list[str]) -> str:
    """Join Name 1..5 and Name 6 (the surname) with single spaces."""
    return " ".join(p for p in (clean(x) for x in parts) if p)


def read(paths: list[Path], options: dict[str, str]) -> ParsedList:
    """Read an OFSI ConList CSV or XLSX.

    Args:
        paths: The ConList file(s), or a folder holding them.
        options: Unused.

    Returns:
        One entity per Group ID, in order of first appearance.

    Raises:
        ListFormatError: Unreadable file, missing column, or bad row.
    """
    files = expand_paths(paths, (".csv", ".xlsx"), "UK ConList")
    parsed = ParsedList(format=options.get("format", "uk-ofsi"), entities=[], files=[])
    groups: dict[str, list[dict[str, str]]] = {}
    seen_rows: set[tuple[str, ...]] = set()
    for path in files:
        published = _read_file(path, parsed, groups, seen_rows)
        parsed.published = max(parsed.published, published)
    for gid, rows in groups.items():
        parsed.entities.append(_entity(gid, rows, parsed))
    return parsed


def _read_file(path: Path, parsed: ParsedList, groups: dict, seen_rows: set) -> str:
    """Add one file's rows to ``groups``; return its Last Updated date (ISO)."""
    data = read_bytes(path)
    parsed.files.append(source_file(path, data))
    rows = _xlsx_rows(path, data) if data.startswith(b"PK\x03\x04") else _csv_rows(path, data)
    published, header = _preamble(path, rows)
    for line, values in rows:
        if not any(values):
            continue
        row = dict(zip(header, values))
        key = tuple(values)
        if key in seen_rows:
            parsed.warn("duplicate rows (ignored)")
            continue
        seen_rows.add(key)
        gid = row.get("Group ID", "")
        if not gid:
            raise ListFormatError(path.name, line, "row has no Group ID", "Each ConList row must name its group.")
        groups.setdefault(gid, []).append(row)
    return published


def _preamble(path: Path, rows: Iterator[tuple[int, list[str]]]) -> tuple[str, list[str]]:
    """Consume the "Last Updated" row and the header row."""
    first = next(rows, None)
    if first is None:
        raise ListFormatError(path.name, "", "the file is empty", "Download the list again.")
    line, values = first
    published = ""
    if values and values[0].lower() == "last updated":
        published = dmy_to_iso(values[1]) if len(values) > 1 else ""
        second = next(rows, None)
        if second is None:
            raise ListFormatError(path.name, line + 1, "no header row after 'Last Updated'", "The file looks truncated.")
        line, values = second
    header = [v.strip() for v in values]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        if line == 1 and not any(v.lower().startswith("name") for v in header):
            raise ListFormatError(
                path.name, 1, f"expected 'Last Updated' on row 1 and the ConList header on row 2, found {values[:3]}",
                "Is this the right --format?",
            )
        raise ListFormatError(
            path.name, line, f"the header lacks column(s) {', '.join(repr(m) for m in missing)}",
            f"Is this OFSI's ConList? Its header has: {', '.join(h for h in header if h)}.",
        )
    return published, header


def _csv_rows(path: Path, data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Rows of the CSV edition (UTF-8 or, as in 2018, cp1252)."""
    text = decode(path, data, ("utf-8-sig", "cp1252"), hint=" or pass the file OFSI published, unchanged")
    for line, fields in csv_records(path, text):
        yield line, [f.strip() for f in fields]


def _xlsx_rows(path: Path, data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Rows of the XLSX edition: sheet "Data", else the first sheet."""
    import io

    import openpyxl  # imported here: only this reader needs it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book["Data"] if "Data" in book.sheetnames else book.worksheets[0]
        cells = sheet.iter_rows(values_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl surfaces zip, zlib, XML and key errors alike
        raise ListFormatError(
            path.name, "", f"cannot open as XLSX ({type(exc).__name__}: {exc})",
            "The file looks truncated or damaged; download it again.",
        ) from None
    try:
        for number, values in enumerate(cells, start=1):
            out = [_cell(v) for v in values]
            if any(len(v) >= MAX_FIELD for v in out):
                raise ListFormatError(
                    path.name, number, f"a cell is over {MAX_FIELD:,} characters long", "The file looks damaged."
                )
            yield number, out
    except ListFormatError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part inside the zip: zlib.error, ParseError, ...
        raise ListFormatError(
            path.name, "", f"cannot read the XLSX sheet ({type(exc).__name__}: {exc})",
            "The file looks truncated or damaged; download it again.",
        ) from None
    finally:
        book.close()


def _cell(value: object) -> str:
    """An XLSX cell as text; dates as dd/mm/yyyy like the CSV edition."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _entity(gid: str, rows: list[dict[str, str]], parsed: ParsedList) -> Entity:
    """Fold the rows of one Group ID into an Entity."""
    raw_type = clean(rows[0].get("Group Type", "")).lower()
    etype = _TYPES.get(raw_type, EntityType.UNKNOWN)
    if etype is EntityType.UNKNOWN:
        parsed.warn(f"groups with an unknown Group Type {raw_type!r} (read as unknown)")

    primary = ""
    others: list[tuple[str, NameKind]] = []
    for row in rows:
        text = display_name([row.get(p, "") for p in _NAME_PARTS])
        alias_type = clean(row.get("Alias Type", "")).lower()
        kind = _KINDS.get(alias_type)
        if kind is None:
            parsed.warn(f"rows with an unknown Alias Type {alias_type!r} (read as AKA)")
            kind = NameKind.AKA
        if kind is NameKind.PRIMARY:
            if not primary:
                primary = text
                continue
            kind = NameKind.VARIATION
        if kind is not NameKind.VARIATION and clean(row.get("Alias Quality", "")).lower().startswith("low"):
            kind = NameKind.WEAK
        others.append((text, kind))
        others.append((clean(row.get("Name Non-Latin Script", "")), NameKind.ORIGINAL_SCRIPT))
    if primary:
        others = [(clean(rows[0].get("Name Non-Latin Script", "")), NameKind.ORIGINAL_SCRIPT)] + others
    else:
        parsed.warn("groups with no Primary name row (first row's name used)")
        primary = others[0][0]
        others = others[1:]
    others = [(t, k) for t, k in others if not (k is NameKind.VARIATION and t == primary)]

    def col(header: str) -> list[str]:
        return [clean(r.get(header, "")) for r in rows]

    remarks = " ".join(uniq(col("Other Information")))
    details = [(label, v) for label, header in _DETAILS for v in uniq(col(header))]
    details += [("UK sanctions list ref", m[1]) for m in _UK_REF.finditer(remarks)]
    details += [("gender", m[1]) for m in _GENDER.finditer(remarks)]
    return Entity(
        entity_id=gid,
        type=etype,
        primary_name=primary,
        names=make_names(primary, others),
        programs=uniq(col("Regime")),
        birth_dates=uniq(dmy_to_iso(v) for v in col("DOB")),
        birth_places=uniq(", ".join(p for p in (clean(r.get("Town of Birth", "")), clean(r.get("Country of Birth", ""))) if p) for r in rows),
        nationalities=uniq(n.strip(" .,") for v in col("Nationality") for n in _NUMBERED.split(v)),
        addresses=uniq(", ".join(p for p in (clean(r.get(h, "")) for h in _ADDRESS) if p) for r in rows),
        listed_on=next((dmy_to_iso(v) for v in col("Listed On") if v), ""),
        remarks=remarks,
        details=tuple(dict.fromkeys(details)),
    )
