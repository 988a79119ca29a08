"""Analyst decisions on alerts: true match, false positive, or open again.

A decision is about one alert key, ``(query text, list, entity id, matched
name)``, and remembers the digest of the listed entity at the time, so that a
false positive clears that alert only while the entity stays as it was: once
the publisher changes the entity (new names, programs, details), the alert
re-opens. Decisions are an append-only history; the newest row of a key is its
current decision. Nothing here is keyed on an internal version id, so list
re-imports and store upgrades keep every decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from watchlist.store.core import Store

__all__ = [
    "AlertKey",
    "Clearances",
    "Decision",
    "Verdict",
    "current_decisions",
    "decision_history",
    "record_decisions",
]

#: (query, list, entity_id, matched_name): what a decision is about.
AlertKey = tuple[str, str, str, str]


class Verdict(str, Enum):
    """What an analyst concluded about an alert."""

    TRUE_MATCH = "true-match"
    FALSE_POSITIVE = "false-positive"
    OPEN = "open"


@dataclass(frozen=True, slots=True)
class Decision:
    """One analyst decision, as stored."""

    query: str
    list: str
    entity_id: str
    matched_name: str
    verdict: Verdict
    list_version: int
    entity_digest: str
    reviewer: str
    note: str = ""
    decided_at: str = ""
    source: str = ""

    @property
    def key(self) -> AlertKey:
        return (self.query, self.list, self.entity_id, self.matched_name)


_COLS = ("query, list, entity_id, matched_name, verdict, list_version, entity_digest, reviewer, note, "
         "decided_at, source")


def _decision(row: tuple) -> Decision:
    return Decision(row[0], row[1], row[2], row[3], Verdict(row[4]), row[5], row[6], row[7], row[8], row[9], row[10])


def current_decisions(store: Store) -> dict[AlertKey, Decision]:
    """The newest decision of every key."""
    rows = store.con.execute(
        f"SELECT {_COLS} FROM decisions d WHERE id = (SELECT MAX(id) FROM decisions e WHERE "
        "e.query = d.query AND e.list = d.list AND e.entity_id = d.entity_id AND e.matched_name = d.matched_name)"
    )
    return {(r[0], r[1], r[2], r[3]): _decision(r) for r in rows}


def decision_history(store: Store) -> list[Decision]:
    """Every decision ever recorded, oldest first (the audit trail)."""
    return [_decision(r) for r in store.con.execute(f"SELECT {_COLS} FROM decisions ORDER BY id")]


def record_decisions(store: Store, decisions: Iterable[Decision]) -> tuple[int, int]:
    """Append decisions in one transaction; returns (stored, unchanged).

    A decision equal to its key's current one (same verdict, reviewer, note and
    entity digest) is not stored again, so re-importing a reviewed file is harmless.
    """
    items = list(decisions)
    stored = unchanged = 0
    with store.transaction() as con:
        current = current_decisions(store)
        for d in items:
            before = current.get(d.key)
            if before is not None and (before.verdict, before.reviewer, before.note, before.entity_digest) == \
                    (d.verdict, d.reviewer, d.note, d.entity_digest):
                unchanged += 1
                continue
            con.execute(
                f"INSERT INTO decisions ({_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (d.query, d.list, d.entity_id, d.matched_name, d.verdict.value, d.list_version, d.entity_digest,
                 d.reviewer, d.note, d.decided_at, d.source),
            )
            current[d.key] = d
            stored += 1
    return stored, unchanged


class Clearances:
    """Answers "is this alert a cleared false positive?" against the current decisions.

    An alert is cleared when its key's current decision is false-positive and
    the entity it hits has the same digest in the alert's list version as when
    the decision was made.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.decisions = {k: d for k, d in current_decisions(store).items() if d.verdict is Verdict.FALSE_POSITIVE}
        self._digests: dict[tuple[str, int], dict[str, str]] = {}

    def digest(self, list_name: str, version: int, entity_id: str) -> str | None:
        key = (list_name, version)
        if key not in self._digests:
            self._digests[key] = self.store.digests(self.store.version(list_name, version))
        return self._digests[key].get(entity_id)

    def cleared(self, query: str, list_name: str, version: int, entity_id: str, matched_name: str) -> Decision | None:
        """The false-positive decision that clears this alert, or None."""
        if not self.decisions:
            return None
        found = self.decisions.get((query, list_name, entity_id, matched_name))
        if found is None or self.digest(list_name, version, entity_id) != found.entity_digest:
            return None
        return found

    def reopened(self, query: str, list_name: str, version: int, entity_id: str, matched_name: str) -> Decision | None:
        """The false-positive decision this alert re-opens (its entity changed since), or None."""
        found = self.decisions.get((query, list_name, entity_id, matched_name))
        if found is None or self.digest(list_name, version, entity_id) == found.entity_digest:
            return None
        return found
