"""Screen a file of names: read in chunks, search every list, write report rows in input order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from watchlist.report import BATCH_COLUMNS, EXTRA_COLUMNS, CsvReport, alert_row
from watchlist.screen.inputs import InputRow, read_rows
from watchlist.screen.screener import Alert, Screener

__all__ = ["BatchStats", "BATCH_REPORT_COLUMNS", "screen_rows", "screen_file"]

BATCH_REPORT_COLUMNS = BATCH_COLUMNS + EXTRA_COLUMNS
CHUNK = 2000


@dataclass(slots=True)
class BatchStats:
    """What a batch run saw."""

    rows: int = 0
    screened: int = 0
    empty_rows: list[int] = field(default_factory=list)
    alerts: int = 0
    names_with_alerts: int = 0


def _chunks(rows: Iterable[InputRow], size: int) -> Iterator[list[InputRow]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def screen_rows(screener: Screener, rows: Iterable[InputRow], *, threshold: float | None = None,
                limit: int = 10, stats: BatchStats | None = None,
                progress: Callable[[int], None] | None = None) -> Iterator[Alert]:
    """Alerts for every row, in input order; rows with an empty name are counted in ``stats``."""
    stats = stats if stats is not None else BatchStats()
    for chunk in _chunks(rows, CHUNK):
        named = []
        for r in chunk:
            stats.rows += 1
            if r.name.strip():
                named.append(r)
            else:
                stats.empty_rows.append(r.row)
        results = screener.screen_many([r.name for r in named], input_ids=[r.input_id for r in named],
                                       threshold=threshold, limit=limit)
        stats.screened += len(named)
        for alerts in results:
            stats.alerts += len(alerts)
            stats.names_with_alerts += bool(alerts)
            yield from alerts
        if progress is not None:
            progress(len(chunk))


def screen_file(screener: Screener, path: Path, out, *, column: str, id_column: str | None = None,
                threshold: float | None = None, limit: int = 10, encoding: str = "utf-8-sig",
                progress: Callable[[int], None] | None = None) -> BatchStats:
    """Screen the names in ``column`` of a CSV/XLSX file and write the CSV report to ``out``."""
    stats = BatchStats()
    report = CsvReport(out, BATCH_REPORT_COLUMNS)
    rows = read_rows(path, column, id_column, encoding)
    for alert in screen_rows(screener, rows, threshold=threshold, limit=limit, stats=stats, progress=progress):
        report.write(alert_row(alert))
    return stats
