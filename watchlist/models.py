"""Records that flow through the pipeline: entities read from a list, and alerts.

Frozen, slotted dataclasses: they are created in the hundreds of thousands on
import and screening, and must not change once made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

__all__ = ["EntityType", "NameKind", "Name", "Entity", "ParsedList", "SourceFile"]


class EntityType(str, Enum):
    """What kind of party a listed entity is."""

    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"


class NameKind(str, Enum):
    """How a publisher qualifies one name of an entity."""

    PRIMARY = "primary"
    AKA = "aka"  # also known as (strong alias)
    FKA = "fka"  # formerly known as
    NKA = "nka"  # now known as
    VARIATION = "variation"  # spelling variation of the primary name (UK "Primary name variation")
    WEAK = "weak"  # low-quality / weak alias (UN QUALITY=Low, OFAC "weak aka")
    ORIGINAL_SCRIPT = "original-script"  # the name in its original (often non-Latin) script


@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entity, as the publisher wrote it."""

    text: str
    kind: NameKind = NameKind.AKA


@dataclass(frozen=True, slots=True)
class Entity:
    """One listed party, with everything an analyst needs to review a hit.

    ``names`` holds every name including the primary one (kind PRIMARY first).
    Multi-valued details are tuples of strings, in publisher order, deduplicated.
    ``details`` holds further publisher fields as (label, value) pairs, e.g.
    ("title", "Minister of Defence"), ("call sign", "9HXE7").
    """

    entity_id: str
    type: EntityType
    primary_name: str
    names: tuple[Name, ...]
    programs: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    listed_on: str = ""
    remarks: str = ""
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file a list version was read from."""

    name: str
    size: int
    sha256: str


@dataclass(slots=True)
class ParsedList:
    """What a source reader returns: the entities, and what it learned of the file.

    ``published`` is the file's own publication date (ISO 8601) when the file
    states one, else "". ``warnings`` counts non-fatal problems by message,
    e.g. {"alias rows whose entity is not in sdn.csv (dropped)": 1567}.
    ``notes`` are free-text facts worth showing once (e.g. mixed file dates).
    ``entities`` is a list, or a sequence that builds them as it is iterated
    (the generic reader's ``EntityStream``): iterate it, rather than holding it.
    """

    format: str
    entities: Sequence[Entity]
    files: list[SourceFile]
    published: str = ""
    warnings: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def warn(self, message: str, count: int = 1) -> None:
        self.warnings[message] = self.warnings.get(message, 0) + count
