"""Delta re-screening: screen a file again, but only for what changed in the lists.

After a list update, the alerts worth an analyst's time are the ones a full
screen against the latest versions would now report *on entities added or
changed since* an earlier version, and that the previous screening of the
same input did not already report. :func:`rescreen` finds exactly those,
without scoring every name against every listed name again:

1. Per list, the *delta* is every entity of the latest version whose digest
   differs from (or is absent in) the ``since`` version.
2. Each distinct name is first checked against the delta with the latest
   version's own index: same candidate retrieval, same IDF word weights, same
   scorer, but only candidates that belong to delta entities are scored. Names
   with no such hit (nearly all of them) are done.
3. The few names left are screened in full (the public :class:`Screener`), so
   their alerts (scores, ranks, the per-name ``limit``) are exactly a full
   screen's; alerts on delta entities are kept.
4. Names that the previous screening never saw (new rows of the input) are
   screened in full against the latest versions: they were never checked.
5. Alert keys the previous screening already reported are dropped, and
   cleared false positives are dropped (or marked) as in every report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from watchlist.errors import StoreError
from watchlist.index import NameIndex
from watchlist.screen.cleared import filter_alerts
from watchlist.screen.inputs import InputRow, read_rows
from watchlist.screen.screener import Alert, Screener
from watchlist.store.core import Store, Version
from watchlist.store.decisions import Clearances
from watchlist.store.screenings import Screening, file_sha256, previous_screening, screening_alerts, screening_queries

__all__ = ["Delta", "DeltaProbe", "RescreenResult", "delta_entities", "rescreen", "since_versions"]


@dataclass(frozen=True, slots=True)
class Delta:
    """The entities of ``new`` added or changed since ``old`` (None: every entity)."""

    old: Version | None
    new: Version
    entity_ids: frozenset[str]
    rows: frozenset[int]
    old_ids: frozenset[str]  # every entity id of ``old``


def delta_entities(store: Store, old: Version | None, new: Version) -> Delta:
    """Entities whose digest in ``new`` differs from ``old`` (or that ``old`` lacks)."""
    before = store.digests(old) if old is not None else {}
    rows = store.con.execute("SELECT row, entity_id, digest FROM entities WHERE version_id = ?", (new.id,))
    ids, picked = set(), set()
    for row, eid, dig in rows:
        if before.get(eid) != dig:
            ids.add(eid)
            picked.add(row)
    return Delta(old, new, frozenset(ids), frozenset(picked), frozenset(before))


class DeltaProbe:
    """Does a name hit any delta entity of one version? Scored exactly as the full index would.

    A :meth:`NameIndex.search` restricted to the delta entities' groups: the
    same retrieval (the same top candidates a full search scores), only the
    candidates that are delta names scored.
    """

    def __init__(self, index: NameIndex, rows: frozenset[int]) -> None:
        self.index = index
        self.rows = rows

    def hits(self, query: str, *, threshold: float | None = None) -> bool:
        """True when a full search of ``query`` would score a delta name at or above ``threshold``."""
        return bool(self.rows) and bool(self.index.search(query, limit=1, threshold=threshold, groups=self.rows))


@dataclass(slots=True)
class RescreenResult:
    """What a re-screen found."""

    alerts: list[Alert]  # new alerts, in input order (cleared ones marked, with show_cleared)
    deltas: list[Delta]
    baseline: Screening | None
    rows: int = 0
    names: int = 0  # distinct names screened
    new_names: int = 0  # names the baseline never screened (screened in full)
    probed_hits: int = 0  # names with a delta hit (screened in full)
    already_reported: int = 0  # alerts on delta entities the baseline already had
    cleared: list[Alert] = field(default_factory=list)
    empty_rows: list[int] = field(default_factory=list)
    reasons: dict[tuple[str, str, str, str], str] = field(default_factory=dict)  # why each alert is new

    def reason(self, alert: Alert) -> str:
        return self.reasons.get((alert.query, alert.list, alert.entity_id, alert.matched_name), "")


def since_versions(store: Store, screener_versions: Sequence[Version], since: Mapping[str, int] | None,
                   baseline: Screening | None) -> list[Version | None]:
    """The version each list is compared with: ``since[list]``, else the baseline's, else the one before the latest."""
    out: list[Version | None] = []
    for v in screener_versions:
        number = (since or {}).get(v.list)
        if number is None and baseline is not None:
            number = baseline.version_of(v.list)
        if number is None:
            number = v.version - 1
        if number > v.version:
            raise StoreError(f"--since {v.list}={number} is after the latest version v{v.version}. "
                             f"Run `watchlist lists show {v.list}`")
        out.append(store.version(v.list, number) if number >= 1 else None)
    return out


def rescreen(store: Store, path: Path, column: str, *, id_column: str | None = None,
             since: Mapping[str, int] | None = None, lists: Sequence[str] | None = None,
             threshold: float | None = None, limit: int = 10, encoding: str = "utf-8-sig",
             show_cleared: bool = False, progress: Callable[[int], None] | None = None) -> RescreenResult:
    """New alerts on entities added or changed since ``since`` (per list), for the names in ``path``."""
    screener = Screener(store, lists)
    sha = file_sha256(path)
    baseline = previous_screening(store, path, column, sha)
    olds = since_versions(store, screener.versions, since, baseline)
    deltas = [delta_entities(store, old, new) for old, new in zip(olds, screener.versions, strict=True)]
    probes = [DeltaProbe(ix, d.rows) for ix, d in zip(screener.indexes, deltas, strict=True)]
    seen = screening_queries(store, baseline) if baseline is not None else None
    reported = screening_alerts(store, baseline) if baseline is not None else set()
    delta_ids = {d.new.list: d.entity_ids for d in deltas}

    result = RescreenResult([], deltas, baseline)
    rows: list[InputRow] = []
    for r in read_rows(path, column, id_column, encoding):
        result.rows += 1
        if r.name.strip():
            rows.append(r)
        else:
            result.empty_rows.append(r.row)
    names = list(dict.fromkeys(r.name for r in rows))
    result.names = len(names)
    full: set[str] = set()
    for i, name in enumerate(names):
        if seen is not None and name not in seen:
            result.new_names += 1
            full.add(name)
        elif any(p.hits(name, threshold=threshold) for p in probes):
            result.probed_hits += 1
            full.add(name)
        if progress is not None and i % 1000 == 999:
            progress(1000)
    picked = [r for r in rows if r.name in full]
    found = screener.screen_many([r.name for r in picked], input_ids=[r.input_id for r in picked],
                                 threshold=threshold, limit=limit)
    clearances = Clearances(store)
    since_label = {d.new.list: (f"v{d.old.version}" if d.old else "nothing") for d in deltas}
    old_ids = {d.new.list: d.old_ids for d in deltas}
    new: list[Alert] = []
    for r, alerts in zip(picked, found, strict=True):
        never_seen = seen is not None and r.name not in seen
        for a in alerts:
            key = (a.query, a.list, a.entity_id, a.matched_name)
            if a.entity_id not in delta_ids[a.list]:
                if not never_seen:
                    continue
                reason = "name not screened before"
            elif key in reported:
                if clearances.reopened(*key[:2], a.list_version, *key[2:]) is None:
                    result.already_reported += 1
                    continue
                reason = "cleared false positive re-opened: the entity changed since the decision"
            elif a.entity_id in old_ids[a.list]:
                reason = f"entity changed since {since_label[a.list]}"
            else:
                reason = f"entity added since {since_label[a.list]}"
            result.reasons[key] = reason
            new.append(a)
    result.alerts = list(filter_alerts(new, clearances, show_cleared=show_cleared, cleared=result.cleared))
    return result
