"""What changed between two versions of a list: entities added, removed and changed.

Entities are matched on the publisher's own id. For a changed entity the diff
says which names and programs came and went, and which other fields changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from watchlist.models import Entity
from watchlist.store.core import Store, Version

__all__ = ["EntityChange", "ListDiff", "diff_versions"]

_FIELDS = ("type", "primary_name", "birth_dates", "birth_places", "nationalities", "addresses",
           "listed_on", "remarks", "details")


@dataclass(frozen=True, slots=True)
class EntityChange:
    """One entity that differs between two versions."""

    change: str  # added | removed | changed
    entity_id: str
    entity_type: str
    primary_name: str
    names_added: tuple[str, ...] = ()
    names_removed: tuple[str, ...] = ()
    programs_added: tuple[str, ...] = ()
    programs_removed: tuple[str, ...] = ()
    fields_changed: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line of what changed, for tables."""
        parts = []
        if self.names_added:
            parts.append("names +" + " | ".join(self.names_added))
        if self.names_removed:
            parts.append("names -" + " | ".join(self.names_removed))
        if self.programs_added:
            parts.append("programs +" + ", ".join(self.programs_added))
        if self.programs_removed:
            parts.append("programs -" + ", ".join(self.programs_removed))
        if self.fields_changed:
            parts.append("changed: " + ", ".join(self.fields_changed))
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class ListDiff:
    """The changes from one version of a list to another."""

    list: str
    old: Version | None
    new: Version
    changes: tuple[EntityChange, ...]

    def count(self, change: str) -> int:
        return sum(1 for c in self.changes if c.change == change)


def _names(entity: Entity) -> list[str]:
    return list(dict.fromkeys(n.text for n in entity.names))


def _compare(old: Entity, new: Entity) -> EntityChange:
    old_names, new_names = _names(old), _names(new)
    fields = tuple(f for f in _FIELDS if getattr(old, f) != getattr(new, f))
    if [(n.text, n.kind) for n in old.names] != [(n.text, n.kind) for n in new.names] and \
            set(old_names) == set(new_names):
        fields += ("name kinds",)
    return EntityChange(
        "changed", new.entity_id, new.type.value, new.primary_name,
        tuple(n for n in new_names if n not in old_names),
        tuple(n for n in old_names if n not in new_names),
        tuple(p for p in new.programs if p not in old.programs),
        tuple(p for p in old.programs if p not in new.programs),
        fields,
    )


def diff_versions(store: Store, old: Version | None, new: Version) -> ListDiff:
    """Entities added, removed and changed from ``old`` to ``new`` (``old`` None: all added)."""
    new_digests = store.digests(new)
    old_digests = store.digests(old) if old is not None else {}
    wanted_new = {eid for eid, d in new_digests.items() if old_digests.get(eid) != d}
    wanted_old = {eid for eid, d in old_digests.items() if new_digests.get(eid) != d}
    old_entities = {e.entity_id: e for _, e in store.entities(old) if e.entity_id in wanted_old} if old else {}
    changes: list[EntityChange] = []
    for _, entity in store.entities(new):
        if entity.entity_id not in wanted_new:
            continue
        before = old_entities.get(entity.entity_id)
        if before is None:
            changes.append(EntityChange("added", entity.entity_id, entity.type.value, entity.primary_name,
                                        tuple(_names(entity)), (), entity.programs))
        else:
            changes.append(_compare(before, entity))
    for eid, entity in old_entities.items():
        if eid not in new_digests:
            changes.append(EntityChange("removed", eid, entity.type.value, entity.primary_name,
                                        (), tuple(_names(entity)), (), entity.programs))
    return ListDiff(new.list, old, new, tuple(changes))
