"""Read files of names to screen (CSV or XLSX) in chunks, so memory stays flat.

Rows come out as ``(row_number, input_id, name)``; ``row_number`` is the
1-based physical row of the file (the header is row 1), which is what error
messages and the empty-name count refer to.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from watchlist.errors import InputError

__all__ = ["InputRow", "read_rows", "count_rows"]

MAX_FIELD = 1_000_000
csv.field_size_limit(MAX_FIELD)


@dataclass(frozen=True, slots=True)
class InputRow:
    row: int
    input_id: str
    name: str


def _pick(header: list[str], wanted: str, path: Path, option: str) -> int:
    cleaned = [h.strip() for h in header]
    if wanted in cleaned:
        return cleaned.index(wanted)
    lowered = [h.casefold() for h in cleaned]
    if wanted.casefold() in lowered:
        return lowered.index(wanted.casefold())
    raise InputError(path.name, 1, f"no column {wanted!r} in the header ({', '.join(cleaned)})",
                     f"Pass the name of the column with {option}")


def count_rows(path: Path) -> int | None:
    """Data rows in the file, for progress (approximate for CSVs with multi-line cells)."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True)
            return max((wb.worksheets[0].max_row or 1) - 1, 0)
        with open(path, "rb") as fh:
            return max(sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) - 1, 0)
    except Exception:  # progress only: never fail the run for it
        return None


def read_rows(path: Path, column: str, id_column: str | None = None,
              encoding: str = "utf-8-sig") -> Iterator[InputRow]:
    """Every data row of a CSV or XLSX file of names."""
    if not path.is_file():
        raise InputError(str(path), "", "no such file", "Check the path")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path, column, id_column)
    else:
        yield from _csv_rows(path, column, id_column, encoding)


def _csv_rows(path: Path, column: str, id_column: str | None, encoding: str) -> Iterator[InputRow]:
    try:
        fh = open(path, encoding=encoding, newline="")
    except LookupError:
        raise InputError(path.name, "", f"unknown encoding {encoding!r}", "Pass e.g. --encoding cp1252") from None
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(path.name, "", "the file is empty", "Pass a CSV with a header row")
            if "\x00" in "".join(header):
                raise InputError(path.name, 1, "binary data, not CSV text", "Pass a CSV or XLSX file of names")
            col = _pick(header, column, path, "--column")
            idc = _pick(header, id_column, path, "--id-column") if id_column else None
            for fields in reader:
                line = reader.line_num
                if not fields:
                    continue
                if len(fields) <= max(col, idc or 0):
                    raise InputError(path.name, line, f"{len(fields)} fields, the header has {len(header)}",
                                     "Fix the row, or quote fields that hold commas")
                name = fields[col]
                yield InputRow(line, fields[idc].strip() if idc is not None else str(line), name)
        except UnicodeDecodeError as exc:
            line, byte = _first_bad_line(path, encoding)
            raise InputError(path.name, line, f"byte 0x{byte:02x} is not {encoding} ({exc.reason})",
                             "Re-save the file as UTF-8, or pass --encoding cp1252") from None
        except csv.Error as exc:
            raise InputError(path.name, reader.line_num, f"malformed CSV ({exc})",
                             "Check the quoting of that row") from None


def _first_bad_line(path: Path, encoding: str) -> tuple[int, int]:
    """(1-based line, offending byte) of the first line that does not decode (the reader reads ahead)."""
    import codecs

    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                decoder.decode(raw)
            except UnicodeDecodeError as exc:
                return number, raw[exc.start]
    return 1, 0


def _xlsx_rows(path: Path, column: str, id_column: str | None) -> Iterator[InputRow]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(path.name, "", f"cannot open as XLSX ({exc})", "Re-save it from Excel as .xlsx") from None
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise InputError(path.name, "", "the first sheet is empty", "Put a header row and names in the first sheet")
    names = ["" if h is None else str(h) for h in header]
    col = _pick(names, column, path, "--column")
    idc = _pick(names, id_column, path, "--id-column") if id_column else None
    for number, values in enumerate(rows, start=2):
        cells = ["" if v is None else str(v) for v in values]
        cells += [""] * (len(names) - len(cells))
        if not any(cells):
            continue
        yield InputRow(number, cells[idc].strip() if idc is not None else str(number), cells[col])
    wb.close()
