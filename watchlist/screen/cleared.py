"""Drop (or mark) alerts that an analyst cleared as false positives.

An alert is cleared while its key's current decision is ``false-positive``
and the listed entity is unchanged since (see
:class:`watchlist.store.decisions.Clearances`). Cleared alerts are left out of
reports; with ``show_cleared`` they stay, with decision ``cleared`` and the
decision (who, when, note) ahead of the explanation.

Reports are CSV files written by :class:`watchlist.report.CsvReport`, whose
text cells may carry a leading apostrophe (Excel-safe); :func:`unescape`
undoes it so a report row's key is the alert's key.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO

from watchlist.report import CsvReport
from watchlist.screen.screener import Alert
from watchlist.store.decisions import AlertKey, Clearances, Decision

__all__ = ["CLEARED", "ReviewStats", "filter_alerts", "filter_report", "mark_cleared", "row_key", "unescape"]

#: The ``decision`` shown for a cleared alert with ``--show-cleared``.
CLEARED = "cleared"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def unescape(value: str) -> str:
    """Undo :func:`watchlist.report.excel_safe`: drop the apostrophe it put before a formula character."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def _why(decision: Decision) -> str:
    when = decision.decided_at[:10]
    note = f": {decision.note}" if decision.note else ""
    return f"cleared as false positive by {decision.reviewer} on {when}{note}"


def mark_cleared(alert: Alert, decision: Decision) -> Alert:
    """The alert as shown with --show-cleared."""
    return dataclasses.replace(alert, decision=CLEARED, explanation=f"{_why(decision)}; {alert.explanation}")


def filter_alerts(alerts: Iterable[Alert], clearances: Clearances, *, show_cleared: bool = False,
                  cleared: list[Alert] | None = None) -> Iterator[Alert]:
    """Alerts that are not cleared (and the cleared ones marked, with ``show_cleared``)."""
    for a in alerts:
        d = clearances.cleared(a.query, a.list, a.list_version, a.entity_id, a.matched_name)
        if d is None:
            yield a
            continue
        if cleared is not None:
            cleared.append(a)
        if show_cleared:
            yield mark_cleared(a, d)


def row_key(row: Mapping[str, str]) -> AlertKey:
    """The alert key of a report row."""
    return (unescape(row["query"]), unescape(row["list"]), unescape(row["entity_id"]), unescape(row["matched_name"]))


@dataclass(slots=True)
class ReviewStats:
    """What filtering a report did."""

    rows: int = 0
    cleared: int = 0
    keys: set[AlertKey] = field(default_factory=set)


def filter_report(src: IO[str], dst: IO[str], clearances: Clearances, *, show_cleared: bool = False) -> ReviewStats:
    """Copy a CSV report from ``src`` to ``dst`` without its cleared alerts; collect the other alerts' keys."""
    stats = ReviewStats()
    reader = csv.DictReader(src)
    out = CsvReport(dst, reader.fieldnames or [])
    for row in reader:
        key = row_key(row)
        d = clearances.cleared(key[0], key[1], int(row["list_version"]), key[2], key[3])
        if d is None:
            stats.keys.add(key)  # what the report shows as alerts: cleared ones are not among them
        else:
            stats.cleared += 1
            if not show_cleared:
                continue
            row = dict(row, decision=CLEARED, explanation=f"{_why(d)}; {unescape(row.get('explanation', ''))}")
        stats.rows += 1
        out.write({k: unescape(v) if isinstance(v, str) else v for k, v in row.items()})
    return stats
