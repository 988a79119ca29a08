"""Screen names against the latest version of every list in a store.

A ``Screener`` loads each list's persisted candidate index once, searches
them all for a query, merges the hits by score and turns them into ``Alert``
records that name the list version screened against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from watchlist.errors import StoreError
from watchlist.index import Hit, analyze_queries
from watchlist.models import EntityType
from watchlist.store import Store, Version

__all__ = ["Alert", "Screener", "Summary"]

_ORDER = itemgetter(0, 1, 2)  # alerts by score desc, then list, then group
_IN = 500  # keys per SELECT ... IN (...): under SQLite's limit of bound parameters


@dataclass(frozen=True, slots=True)
class Alert:
    """One (query, listed entity) pair at or above the threshold."""

    query: str
    input_id: str
    rank: int
    score: float
    decision: str
    list: str
    list_version: int
    list_published: str
    entity_id: str
    entity_type: str
    matched_name: str
    matched_name_kind: str
    primary_name: str
    programs: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Summary:
    entity_id: str
    type: str
    primary_name: str
    programs: str


class Screener:
    """Searches the latest version of each (selected) list in a store."""

    def __init__(self, store: Store, lists: Sequence[str] | None = None,
                 versions: Sequence[Version] | None = None) -> None:
        self.store = store
        chosen = list(versions) if versions is not None else store.latest_versions()
        if lists:
            unknown = sorted(set(lists) - {v.list for v in chosen})
            if unknown:
                raise StoreError(f"no list named {', '.join(map(repr, unknown))} in {store.path}. "
                                 "Run `watchlist lists ls` to see the lists")
            chosen = [v for v in chosen if v.list in set(lists)]
        if not chosen:
            raise StoreError(f"{store.path} holds no list. Import one with `watchlist lists import`")
        self.versions = chosen
        self.indexes = [store.index(v) for v in chosen]
        self._summaries: dict[tuple[int, int], Summary] = {}
        self._names: dict[tuple[int, int], tuple[str, str]] = {}

    def screen(self, query: str, *, input_id: str = "", threshold: float | None = None, limit: int = 10,
               query_type: EntityType | None = None) -> list[Alert]:
        """Alerts for one name, best first."""
        return self.screen_many([query], input_ids=[input_id], threshold=threshold, limit=limit,
                                query_type=query_type)[0]

    def screen_many(self, queries: Sequence[str], *, input_ids: Sequence[str] | None = None,
                    threshold: float | None = None, limit: int = 10,
                    query_type: EntityType | None = None) -> list[list[Alert]]:
        """Alerts for each query (same order), at most ``limit`` per query, best first."""
        ids = list(input_ids) if input_ids is not None else [""] * len(queries)
        versions = self.versions
        return [[self._alert(query, ids[qi], rank, versions[li], hit) for rank, (li, hit) in enumerate(found, start=1)]
                for qi, (query, found) in enumerate(zip(queries, self.ranked(queries, threshold=threshold, limit=limit,
                                                                             query_type=query_type)))]

    def ranked(self, queries: Sequence[str], *, threshold: float | None = None, limit: int = 10,
               query_type: EntityType | None = None) -> list[list[tuple[int, Hit]]]:
        """The hits of each query (same order) as (position of the list in ``versions``, hit), at most
        ``limit``, best first: what :meth:`screen_many` makes alerts of. The hits' entity summaries and
        name texts are read from the store (:meth:`summary`, :meth:`name` then find them)."""
        analyzed = analyze_queries(queries)
        # searched in the order of their words (sorted), not as given: names that share words follow each
        # other, and the words, names and similarities one search reads are still in the caches for the
        # next (sorted as a whole, a batch's names took 9 % less engine time; a chunk at a time, 2-3 %); every
        # query's hits are its own whatever the order
        order = sorted(range(len(queries)), key=lambda i: sorted([t.text for t in analyzed[i][0]]))
        qs, an = [queries[i] for i in order], [analyzed[i] for i in order]
        per_list = [index.search_many(qs, limit=limit, threshold=threshold, query_type=query_type, analyzed=an)
                    for index in self.indexes]
        for li, version in enumerate(self.versions):
            self._fetch(version, per_list[li])
        out: list[list[tuple[int, Hit]]] = [[] for _ in queries]
        for i, found in zip(order, zip(*per_list)):  # back in the given order
            if not any(found):  # most names of a batch hit no list
                continue
            merged = [(-hit.score, li, hit.group, hit) for li, hits in enumerate(found) for hit in hits]
            merged.sort(key=_ORDER)
            out[i] = [(li, hit) for _, li, _, hit in merged[:limit]]
        return out

    def _alert(self, query: str, input_id: str, rank: int, version: Version, hit: Hit) -> Alert:
        summary = self.summary(version, hit.group)
        text, kind = self.name(version, hit.name_id)
        return Alert(query, input_id, rank, hit.score, hit.decision, version.list, version.version,
                     version.published, summary.entity_id, summary.type, text, kind, summary.primary_name,
                     summary.programs, hit.explanation)

    def _fetch(self, version: Version, results: Sequence[Sequence]) -> None:
        """Read the entity summaries and name texts of these hits that are not cached, a few queries per list.

        One query per alert cost more than building the alert; at most ``_IN`` keys per query
        (SQLite's parameter limit). Hits of names the store lacks are left to :meth:`summary`
        and :meth:`name`, which report them.
        """
        vid = version.id
        rows = sorted({h.group for hits in results for h in hits if (vid, h.group) not in self._summaries})
        nids = sorted({h.name_id for hits in results for h in hits if (vid, h.name_id) not in self._names})
        con = self.store.con
        for i in range(0, len(rows), _IN):
            part = rows[i:i + _IN]
            for row, *rec in con.execute(
                    "SELECT row, entity_id, type, primary_name, programs FROM entities WHERE version_id = ? AND row IN "
                    f"({','.join('?' * len(part))})", (vid, *part)):
                self._summaries[(vid, row)] = Summary(*rec)
        for i in range(0, len(nids), _IN):
            part = nids[i:i + _IN]
            for nid, text, kind in con.execute(
                    f"SELECT name_id, text, kind FROM names WHERE version_id = ? AND name_id IN ({','.join('?' * len(part))})",
                    (vid, *part)):
                self._names[(vid, nid)] = (text, kind)

    def summary(self, version: Version, row: int) -> Summary:
        """The entity summary of a listed group (entity row) of a list version."""
        key = (version.id, row)
        found = self._summaries.get(key)
        if found is None:
            rec = self.store.con.execute(
                "SELECT entity_id, type, primary_name, programs FROM entities WHERE version_id = ? AND row = ?",
                key,
            ).fetchone()
            if rec is None:
                raise StoreError(f"{version.label} has no entity row {row}. Re-import the list")
            found = self._summaries[key] = Summary(*rec)
        return found

    def name(self, version: Version, name_id: int) -> tuple[str, str]:
        """(text, kind) of an indexed name of a list version."""
        key = (version.id, name_id)
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = self.store.name_text(version, name_id)
        return found
