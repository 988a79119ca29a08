"""The article-screening report's columns and rows (the contract: ../shared/bench/CONTRACT.md).

``document, mention, start, end, sentence``, then the batch columns
(``input_id`` is empty), the batch extras, then ``group, linked_to,
mention_type, found_by``. An unmatched mention (``--all-mentions``) has
empty match columns.
"""

from __future__ import annotations

from typing import Any

from watchlist.report import BATCH_COLUMNS, EXTRA_COLUMNS, alert_row
from watchlist.screen.articles import MentionAlert

__all__ = ["SCREEN_COLUMNS", "screen_row"]

SCREEN_COLUMNS = (("document", "mention", "start", "end", "sentence") + BATCH_COLUMNS + EXTRA_COLUMNS
                  + ("group", "linked_to", "mention_type", "found_by"))


def screen_row(r: MentionAlert) -> dict[str, Any]:
    """The report columns of one (mention, entity) pair."""
    row: dict[str, Any] = alert_row(r.alert) if r.alert is not None else {}
    row.update(document=r.document, mention=r.mention, start=r.start, end=r.end, sentence=r.sentence,
               group=r.group, linked_to=r.linked_to, mention_type=r.mention_type, found_by=r.found_by)
    row["input_id"] = ""
    return {col: row.get(col, "") for col in SCREEN_COLUMNS}
