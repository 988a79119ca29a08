"""UN Security Council consolidated list XML: format ``un-sc``.

``CONSOLIDATED_LIST`` holds ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``.
A person's name is split over FIRST..FOURTH_NAME; aliases carry a QUALITY
(Good, Low, "a.k.a.", "f.k.a." or empty); many elements are present but empty.
Error rows are XML line numbers for parse errors, else the record number
(1-based, individuals first, in document order).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from watchlist.errors import ListFormatError
from watchlist.models import Entity, EntityType, NameKind, ParsedList
from watchlist.sources._common import clean, expand_paths, make_names, read_bytes, source_file, uniq

__all__ = ["read"]

_QUALITY = {"": NameKind.AKA, "good": NameKind.AKA, "a.k.a.": NameKind.AKA, "low": NameKind.WEAK, "f.k.a.": NameKind.FKA}
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def read(paths: list[Path], options: dict[str, str]) -> ParsedList:
    """Read the UN consolidated list XML.

    Args:
        paths: The XML file(s), or a folder holding them.
        options: Unused.

    Returns:
        Individuals then entities, in document order.

    Raises:
        ListFormatError: Not XML, not the UN layout, or a record without a name.
    """
    parsed = ParsedList(format=options.get("format", "un-sc"), entities=[], files=[])
    for path in expand_paths(paths, (".xml",), "UN consolidated XML"):
        data = read_bytes(path)
        parsed.files.append(source_file(path, data))
        root = _parse(path, data)
        parsed.published = max(parsed.published, root.get("dateGenerated", "")[:10])
        number = 0
        for section, tag, etype in (("INDIVIDUALS", "INDIVIDUAL", EntityType.PERSON),
                                    ("ENTITIES", "ENTITY", EntityType.ORGANIZATION)):
            for element in root.iterfind(f"{section}/{tag}"):
                number += 1
                parsed.entities.append(_entity(path, number, element, etype, parsed))
    return parsed


def _parse(path: Path, data: bytes) -> ET.Element:
    """Parse the XML and check the root element."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, _col = exc.position
        raise ListFormatError(
            path.name, line, f"not well-formed XML ({exc})",
            "The file looks truncated or is not XML; download it again, or check --format.",
        ) from None
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(
            path.name, 1, f"the root element is <{root.tag}>, not UN's <CONSOLIDATED_LIST>",
            "Is this the right --format?",
        )
    return root


def _text(element: ET.Element, path: str) -> str:
    return clean(element.findtext(path))


def _values(element: ET.Element, path: str) -> list[str]:
    return [clean(e.text) for e in element.iterfind(path)]


def _entity(path: Path, number: int, el: ET.Element, etype: EntityType, parsed: ParsedList) -> Entity:
    """One INDIVIDUAL or ENTITY element as an Entity."""
    tag = el.tag
    primary = " ".join(p for p in (_text(el, part) for part in _NAME_PARTS) if p)
    if not primary:
        raise ListFormatError(path.name, number, f"{tag} has no name (FIRST_NAME..FOURTH_NAME are empty)", "The file looks damaged; download it again.")
    ref = _text(el, "REFERENCE_NUMBER")
    if not ref:
        ref = _text(el, "DATAID")
        parsed.warn("records without REFERENCE_NUMBER (DATAID used as id)")
    others: list[tuple[str, NameKind]] = [(clean(el.findtext("NAME_ORIGINAL_SCRIPT")), NameKind.ORIGINAL_SCRIPT)]
    for alias in el.iterfind(f"{tag}_ALIAS"):
        quality = _text(alias, "QUALITY").lower()
        kind = _QUALITY.get(quality)
        if kind is None:
            parsed.warn(f"aliases with an unknown QUALITY {quality!r} (read as AKA)")
            kind = NameKind.AKA
        others.append((_text(alias, "ALIAS_NAME"), kind))

    details: list[tuple[str, str]] = []
    for label, xpath in (("title", "TITLE/VALUE"), ("designation", "DESIGNATION/VALUE"),
                         ("gender", "GENDER"), ("list type", "LIST_TYPE/VALUE"),
                         ("last updated", "LAST_DAY_UPDATED/VALUE"), ("un data id", "DATAID")):
        details += [(label, v) for v in _values(el, xpath) if v]
    for doc in el.iterfind("INDIVIDUAL_DOCUMENT"):
        text = _document(doc)
        if text:
            details.append(("document", text))

    return Entity(
        entity_id=ref,
        type=etype,
        primary_name=primary,
        names=make_names(primary, others),
        programs=uniq(_values(el, "UN_LIST_TYPE")),
        birth_dates=uniq(_dob(d) for d in el.iterfind("INDIVIDUAL_DATE_OF_BIRTH")),
        birth_places=uniq(_join(p, ("CITY", "STATE_PROVINCE", "COUNTRY")) for p in el.iterfind("INDIVIDUAL_PLACE_OF_BIRTH")),
        nationalities=uniq(_values(el, "NATIONALITY/VALUE")),
        addresses=uniq(_join(a, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE"))
                       for a in el.iterfind(f"{tag}_ADDRESS")),
        listed_on=_text(el, "LISTED_ON")[:10],
        remarks=_text(el, "COMMENTS1"),
        details=tuple(dict.fromkeys(details)),
    )


def _join(el: ET.Element, parts: tuple[str, ...]) -> str:
    return ", ".join(v for v in (_text(el, p) for p in parts) if v)


def _dob(el: ET.Element) -> str:
    """A date of birth as text: "1971-05-02", "circa 1960", "1958-1960"."""
    kind = _text(el, "TYPE_OF_DATE").upper()
    date = _text(el, "DATE")[:10] or _text(el, "YEAR")
    if not date:
        low, high = _text(el, "FROM_YEAR"), _text(el, "TO_YEAR")
        date = f"{low}-{high}" if low and high else low or high
    if date and kind == "APPROXIMATELY":
        return f"circa {date}"
    return date


def _document(el: ET.Element) -> str:
    """An identity document as one line: "Passport 12345 (Iraq)"."""
    kind = " ".join(v for v in (_text(el, "TYPE_OF_DOCUMENT"), _text(el, "TYPE_OF_DOCUMENT2")) if v)
    number = _text(el, "NUMBER")
    country = _text(el, "ISSUING_COUNTRY") or _text(el, "COUNTRY_OF_ISSUE")
    text = " ".join(v for v in (kind, number) if v)
    return f"{text} ({country})" if text and country else text
