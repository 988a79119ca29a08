"""OFAC legacy CSV files: ``ofac-sdn`` (sdn/alt/add/sdn_comments) and ``ofac-cons``.

The files have no header; null is ``-0- `` (with a trailing space); lines end
in CRLF and the file usually ends with a DOS EOF byte (0x1A). Remarks are cut
at 1000 characters and continued (mid-word) in the comments file. All four
files join on ``ent_num``. OFAC files carry no publication date, so
``published`` is "".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from watchlist.errors import ListFormatError
from watchlist.models import Entity, EntityType, NameKind, ParsedList
from watchlist.sources._common import clean, csv_records, decode, make_names, read_bytes, source_file, uniq

__all__ = ["parse_remarks", "read", "split_programs"]


@dataclass(frozen=True, slots=True)
class _Layout:
    """File names of one OFAC list and the fields each file must have."""

    main: str
    alt: str
    add: str
    comments: str


_LAYOUTS = {
    "ofac-sdn": _Layout("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"),
    "ofac-cons": _Layout("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"),
}
_WIDTH = {"main": 12, "alt": 5, "add": 6, "comments": 2}

_TYPES = {
    "": EntityType.ORGANIZATION,  # OFAC writes "-0- " for entities
    "individual": EntityType.PERSON,
    "vessel": EntityType.VESSEL,
    "aircraft": EntityType.AIRCRAFT,
}
_ALT_KINDS = {"aka": NameKind.AKA, "fka": NameKind.FKA, "nka": NameKind.NKA, "weak aka": NameKind.WEAK}
_VESSEL_FIELDS = ("title", "call sign", "vessel type", "tonnage", "GRT", "vessel flag", "vessel owner")

# Remarks items we lift into structured fields: (label, regex on one "; " item).
_DOB = re.compile(r"^(?:alt\. )?DOB (.+)$")
_POB = re.compile(r"^(?:alt\. )?POB (.+)$")
_NATIONALITY = re.compile(r"^(?:alt\. )?nationality (.+)$", re.IGNORECASE)
_REMARK_DETAILS = (
    ("citizen", re.compile(r"^(?:alt\. )?citizen (.+)$")),
    ("gender", re.compile(r"^Gender (.+)$")),
    ("passport", re.compile(r"^(?:alt\. )?Passport (.+)$")),
    ("national id", re.compile(r"^(?:alt\. )?National ID No\. (.+)$")),
    ("linked to", re.compile(r"^Linked To: (.+)$")),
    ("IMO", re.compile(r"^Vessel Registration Identification IMO (.+)$")),
)


def split_programs(value: str) -> tuple[str, ...]:
    """``"SDGT] [SYRIA"`` (or ``"[SDGT] [SYRIA]"``) -> ``("SDGT", "SYRIA")``."""
    value = clean(value)
    if not value:
        return ()
    return uniq(p.strip() for p in re.split(r"\]\s*\[", value.strip().strip("[]")))


def parse_remarks(remarks: str) -> tuple[list[str], list[str], list[str], list[tuple[str, str]]]:
    """Lift DOB, POB, nationality and a few identifiers out of OFAC remarks.

    Args:
        remarks: The full remarks text (``"DOB 03 May 1938; POB Egypt; ..."``).

    Returns:
        ``(birth_dates, birth_places, nationalities, details)``.
    """
    dobs: list[str] = []
    pobs: list[str] = []
    nats: list[str] = []
    details: list[tuple[str, str]] = []
    for item in remarks.split(";"):
        item = item.strip().rstrip(".").strip()
        if not item:
            continue
        if m := _DOB.match(item):
            dobs.append(m[1].strip())
        elif m := _POB.match(item):
            pobs.append(m[1].strip())
        elif m := _NATIONALITY.match(item):
            nats.append(m[1].strip())
        else:
            for label, rx in _REMARK_DETAILS:
                if m := rx.match(item):
                    details.append((label, m[1].strip()))
                    break
    return dobs, pobs, nats, details


def read(paths: list[Path], options: dict[str, str]) -> ParsedList:
    """Read an OFAC legacy CSV set.

    Args:
        paths: The folder holding the files, or the files themselves.
        options: ``format`` is ``ofac-sdn`` (default) or ``ofac-cons``.

    Returns:
        One entity per main-file row, in file order.

    Raises:
        ListFormatError: A file is missing, damaged or not OFAC's layout.
    """
    fmt = options.get("format", "ofac-sdn")
    layout = _LAYOUTS.get(fmt, _LAYOUTS["ofac-sdn"])
    files = _identify(paths, layout)
    parsed = ParsedList(format=fmt, entities=[], files=[])

    main_path = files["main"]
    rows: dict[str, dict] = {}
    for line, f in _rows(main_path, "main", layout.main, parsed):
        ent = f[0]
        if ent in rows:
            raise ListFormatError(
                main_path.name, line, f"duplicate ent_num {ent} (first on line {rows[ent]['line']})",
                "Each row of OFAC's main file must have its own ent_num; download the file again.",
            )
        rows[ent] = {"line": line, "f": f, "names": [], "addresses": [], "more": ""}

    if "alt" in files:
        for line, f in _rows(files["alt"], "alt", layout.alt, parsed):
            row = rows.get(f[0])
            if row is None:
                parsed.warn(f"alias rows whose entity is not in {layout.main} (dropped)")
                continue
            alt_type, remark = clean(f[2]).lower(), clean(f[4]).lower()
            kind = _ALT_KINDS.get(alt_type)
            if kind is None:
                parsed.warn("alias rows with an unknown alt_type (read as aka)")
                kind = NameKind.AKA
            if "weak" in remark or "low quality" in remark:
                kind = NameKind.WEAK
            row["names"].append((clean(f[3]), kind))

    if "add" in files:
        for line, f in _rows(files["add"], "add", layout.add, parsed):
            row = rows.get(f[0])
            if row is None:
                parsed.warn(f"address rows whose entity is not in {layout.main} (dropped)")
                continue
            address = ", ".join(p for p in (clean(f[2]), clean(f[3]), clean(f[4])) if p)
            if address:
                row["addresses"].append(address)

    if "comments" in files:
        for line, f in _rows(files["comments"], "comments", layout.comments, parsed):
            row = rows.get(f[0])
            if row is None:
                parsed.warn(f"remarks continuation rows whose entity is not in {layout.main} (dropped)")
                continue
            row["more"] += f[1]

    for ent, row in rows.items():
        parsed.entities.append(_entity(ent, row, parsed))
    return parsed


def _entity(ent: str, row: dict, parsed: ParsedList) -> Entity:
    """Build one Entity from a main row and its joined alias/address/comment rows."""
    f = row["f"]
    raw_type = clean(f[2]).lower()
    etype = _TYPES.get(raw_type)
    if etype is None:
        parsed.warn(f"rows with an unknown SDN_Type {raw_type!r} (read as unknown)")
        etype = EntityType.UNKNOWN
    remarks = clean(f[11] + row["more"]) if row["more"] else clean(f[11])
    dobs, pobs, nats, extra = parse_remarks(remarks)
    details = [(label, clean(v)) for label, v in zip(_VESSEL_FIELDS, f[4:11]) if clean(v)]
    name = clean(f[1])
    return Entity(
        entity_id=ent,
        type=etype,
        primary_name=name,
        names=make_names(name, row["names"]),
        programs=split_programs(f[3]),
        birth_dates=uniq(dobs),
        birth_places=uniq(pobs),
        nationalities=uniq(nats),
        addresses=uniq(row["addresses"]),
        remarks=remarks,
        details=tuple(dict.fromkeys(details + extra)),
    )


def _identify(paths: list[Path], layout: _Layout) -> dict[str, Path]:
    """Map role (main/alt/add/comments) -> file, from folders or named files."""
    by_name = {layout.main: "main", layout.alt: "alt", layout.add: "add", layout.comments: "comments"}
    found: dict[str, Path] = {}
    unknown: list[Path] = []
    folder = ""
    for path in paths:
        if path.is_dir():
            folder = str(path)
            for child in sorted(path.iterdir()):
                role = by_name.get(child.name.lower())
                if role and child.is_file():
                    found.setdefault(role, child)
        elif path.exists():
            role = by_name.get(path.name.lower())
            if role:
                found[role] = path
            else:
                unknown.append(path)
        else:
            raise ListFormatError(str(path), "", "no such file or folder", "Check the path.")
    if "main" not in found and len(unknown) == 1:
        found["main"] = unknown.pop()  # a renamed main file: the field check catches a wrong format
    if unknown:
        raise ListFormatError(
            unknown[0].name, "", "cannot tell which OFAC file this is",
            f"Keep OFAC's file names ({', '.join(by_name)}) or pass the folder holding them.",
        )
    if "main" not in found:
        where = folder or ", ".join(str(p) for p in paths)
        raise ListFormatError(
            where, "", f"no {layout.main} in {where}",
            f"Pass the folder holding OFAC's {layout.main} (with {layout.alt}, {layout.add}, "
            f"{layout.comments} beside it), or the files themselves.",
        )
    return found


def _rows(path: Path, role: str, label: str, parsed: ParsedList):
    """Yield ``(line, fields)`` of one headerless OFAC file, schema-checked."""
    data = read_bytes(path)
    parsed.files.append(source_file(path, data))
    width = _WIDTH[role]
    _sniff_container(path, data)
    text = decode(path, data, ("cp1252",), hint=" or pass the file OFAC published, unchanged")
    text = text.removesuffix("\x1a")  # DOS end-of-file byte after the last CRLF
    for line, fields in csv_records(path, text):
        if not fields or fields == [""]:
            continue
        if len(fields) != width:
            if line == 1:
                raise ListFormatError(
                    path.name, line, f"expected {width} fields of OFAC {label}, found {len(fields)}",
                    "Is this the right --format?",
                )
            raise ListFormatError(
                path.name, line, f"expected {width} fields of OFAC {label}, found {len(fields)}",
                "The file looks truncated or damaged; download it again.",
            )
        ent = fields[0].strip()
        if not ent.isdigit():
            raise ListFormatError(
                path.name, line, f"ent_num {fields[0]!r} is not a whole number",
                "Is this the right --format?" if line == 1 else "The file looks damaged; download it again.",
            )
        fields[0] = str(int(ent))
        yield line, fields


def _sniff_container(path: Path, data: bytes) -> None:
    """Refuse XLSX/ZIP and XML files early, with a hint about --format."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        raise ListFormatError(path.name, "", "this is a ZIP/XLSX file, not OFAC's CSV", "Is this the right --format?")
    if head.startswith(b"<"):
        raise ListFormatError(path.name, 1, "this is an XML file, not OFAC's CSV", "Is this the right --format?")
