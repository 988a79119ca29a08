"""Write alerts as CSV (safe to open in Excel), JSON lines or a terminal table.

The column order is a contract (``../shared/bench/CONTRACT.md``): the batch
columns come first, in this order, and more columns may follow.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, Any

from watchlist.screen.screener import Alert

__all__ = ["BATCH_COLUMNS", "EXTRA_COLUMNS", "alert_row", "csv_header", "excel_safe", "id_cell",
           "line_writer", "CsvReport", "write_json"]

BATCH_COLUMNS = ("input_id", "query", "rank", "score", "decision", "list", "list_version",
                 "entity_id", "entity_type", "matched_name", "primary_name")
EXTRA_COLUMNS = ("matched_name_kind", "programs", "explanation", "list_published")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe.

    Cells starting with ``= + - @``, a tab or a carriage return are formulas
    (or become one) in Excel and LibreOffice; numbers are left alone.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


_COLUMNS = BATCH_COLUMNS + EXTRA_COLUMNS


def alert_row(alert: Alert) -> dict[str, Any]:
    """The report columns of one alert."""
    return {col: getattr(alert, col) for col in _COLUMNS}


def csv_header(columns: Sequence[str]) -> str:
    """The header line :class:`CsvReport` writes for ``columns``."""
    buf = io.StringIO()
    CsvReport(buf, columns)
    return buf.getvalue()


class _Lines:
    """A file for csv.writer that keeps each written row as a string (writerow writes a row at once)."""

    __slots__ = ("write",)

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def line_writer(lines: list[str]) -> Callable[[Iterable[Any]], Any]:
    """A ``writerow`` of the report's CSV dialect that appends each row's line to ``lines``."""
    return csv.writer(_Lines(lines), lineterminator="\r\n").writerow


def id_cell(input_id: str) -> str:
    """The ``input_id`` cell of a report line as :class:`CsvReport` writes it.

    csv quotes each cell by itself, so a line is this cell and the rest of the row, whatever the
    input id (a batch writes the rows of a name met again under each row's id).
    """
    if input_id.isalnum() and input_id.isascii():  # nothing to quote or escape (q123, 10045)
        return input_id
    lines: list[str] = []
    line_writer(lines)([excel_safe(input_id), ""])
    return lines[0][:-3]  # without ",\r\n"


class CsvReport:
    """A CSV report written row by row; ``columns`` fixes the header."""

    def __init__(self, stream: IO[str], columns: Sequence[str]) -> None:
        self.columns = tuple(columns)
        self._writer = csv.writer(stream, lineterminator="\r\n")
        self._writer.writerow(self.columns)
        self.rows = 0

    def write(self, row: Mapping[str, Any]) -> None:
        self._writer.writerow([excel_safe(row.get(col, "")) for col in self.columns])
        self.rows += 1

    def write_all(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.write(row)


def write_json(stream: IO[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """A JSON array of row objects; returns the number of rows."""
    items = list(rows)
    json.dump(items, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
    return len(items)
