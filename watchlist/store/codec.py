"""Entities to and from the JSON kept in the store, and the digest that tells changes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from watchlist.models import Entity, EntityType, Name, NameKind

__all__ = ["entity_to_dict", "entity_from_dict", "entity_json", "digest"]

_TUPLES = ("programs", "birth_dates", "birth_places", "nationalities", "addresses")


def entity_to_dict(entity: Entity) -> dict[str, Any]:
    """A plain dict of the entity, with stable key order."""
    return {
        "entity_id": entity.entity_id,
        "type": entity.type.value,
        "primary_name": entity.primary_name,
        "names": [[n.text, n.kind.value] for n in entity.names],
        **{key: list(getattr(entity, key)) for key in _TUPLES},
        "listed_on": entity.listed_on,
        "remarks": entity.remarks,
        "details": [list(pair) for pair in entity.details],
    }


def entity_from_dict(data: dict[str, Any]) -> Entity:
    """The inverse of ``entity_to_dict``."""
    return Entity(
        entity_id=data["entity_id"],
        type=EntityType(data["type"]),
        primary_name=data["primary_name"],
        names=tuple(Name(text, NameKind(kind)) for text, kind in data["names"]),
        **{key: tuple(data[key]) for key in _TUPLES},
        listed_on=data["listed_on"],
        remarks=data["remarks"],
        details=tuple((label, value) for label, value in data["details"]),
    )


def entity_json(entity: Entity) -> str:
    """Canonical JSON of an entity (the digest is taken over this)."""
    return json.dumps(entity_to_dict(entity), ensure_ascii=False, separators=(",", ":"))


def digest(text: str) -> str:
    """sha256 hex of a string."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
