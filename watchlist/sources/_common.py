"""Helpers shared by the list readers: hashing, decoding, CSV rows, names.

Everything here works on plain strings and tuples; readers turn the result into
``Entity`` records. Every failure is raised as ``ListFormatError`` naming the
file and the 1-based physical line (or record) where it happened.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

from watchlist.errors import ListFormatError
from watchlist.models import Entity, Name, NameKind, SourceFile

__all__ = [
    "MAX_FIELD",
    "EntityStream",
    "clean",
    "csv_records",
    "decode",
    "dmy_to_iso",
    "expand_paths",
    "make_names",
    "read_bytes",
    "source_file",
    "uniq",
]

#: Longest field accepted (characters). Real list fields stay far below this;
#: a longer one means a broken quote swallowed the rest of the file.
MAX_FIELD = 1_000_000

_WS = re.compile(r"\s+")


class EntityStream(Sequence[Entity]):
    """The entities of a checked list, built afresh by ``make()`` each time they are iterated.

    A reader that has already checked every row (so building cannot fail)
    returns one of these as ``ParsedList.entities``: the store then streams a
    million entities without holding them. ``len()`` is known up front.
    Indexing builds the whole list once and keeps it (for small lists and tests).
    """

    def __init__(self, make: Callable[[], Iterator[Entity]], count: int) -> None:
        self._make, self._count = make, count
        self._list: list[Entity] | None = None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._list) if self._list is not None else self._make()

    @overload
    def __getitem__(self, i: int) -> Entity: ...
    @overload
    def __getitem__(self, i: slice) -> list[Entity]: ...
    def __getitem__(self, i: int | slice) -> Entity | list[Entity]:
        if self._list is None:
            self._list = list(self._make())
        return self._list[i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"EntityStream({self._count:,} entities)"


def source_file(path: Path, data: bytes | None = None) -> SourceFile:
    """Describe a file that was read: base name, size and SHA-256.

    Args:
        path: The file.
        data: Its bytes when already in memory (avoids a second read).

    Returns:
        The ``SourceFile`` record.
    """
    if data is None:
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
        return SourceFile(path.name, size, digest.hexdigest())
    return SourceFile(path.name, len(data), hashlib.sha256(data).hexdigest())


def read_bytes(path: Path) -> bytes:
    """Read a whole file, turning OS errors into ``ListFormatError``.

    Raises:
        ListFormatError: The file is missing, a folder, unreadable, or empty.
    """
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ListFormatError(path.name, "", "is a folder, not a list file", "Pass the list file itself.") from None
    except OSError as exc:
        raise ListFormatError(str(path), "", f"cannot read the file ({exc.strerror})", "Check the path.") from None
    if not data.strip(b" \t\r\n\x1a\x00"):
        raise ListFormatError(path.name, "", "the file is empty", "Download the list again.")
    return data


def decode(path: Path, data: bytes, encodings: Sequence[str], hint: str = "") -> str:
    """Decode bytes with the first encoding that works; strip a UTF-8 BOM.

    Args:
        path: The file (for messages).
        data: Its bytes.
        encodings: Encodings to try in order, e.g. ``("utf-8-sig", "cp1252")``.
        hint: Extra advice appended to the error message.

    Raises:
        ListFormatError: No encoding decodes the bytes; names the line and byte
            offset of the first bad byte under the last encoding tried.
    """
    error: UnicodeDecodeError | None = None
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            error = exc
            continue
        return text.removeprefix("\ufeff")
    assert error is not None
    line = data.count(b"\n", 0, error.start) + 1
    raise ListFormatError(
        path.name, line,
        f"byte 0x{data[error.start]:02X} at byte offset {error.start} cannot be decoded as "
        f"{' or '.join(encodings)}",
        f"Re-save the file as UTF-8{hint}.",
    )


def csv_records(path: Path, text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, fields)`` for each CSV record of ``text``.

    ``line`` is the 1-based physical line where the record starts. Quoting is
    strict RFC 4180, so an unterminated quote at end of file is an error
    rather than a silently swallowed remainder.

    Raises:
        ListFormatError: Broken quoting, or a field longer than ``MAX_FIELD``.
    """
    if csv.field_size_limit() < MAX_FIELD:
        csv.field_size_limit(MAX_FIELD)  # the default (128 KiB) is below real remarks limits
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    prev = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise ListFormatError(
                    path.name, prev + 1, f"a field is over {MAX_FIELD:,} characters long",
                    "The file looks damaged (a stray quote?); download it again.",
                ) from None
            raise ListFormatError(
                path.name, prev + 1, f"broken CSV quoting ({exc})",
                "The file looks truncated or damaged; download it again.",
            ) from None
        start, prev = prev + 1, reader.line_num
        for field in row:
            if len(field) >= MAX_FIELD:
                raise ListFormatError(
                    path.name, start, f"a field is over {MAX_FIELD:,} characters long",
                    "The file looks damaged (a stray quote?); download it again.",
                )
        yield start, row


def clean(value: object) -> str:
    """Strip, collapse whitespace (incl. line breaks) and map OFAC's ``-0-`` null to ""."""
    if value is None:
        return ""
    text = _WS.sub(" ", str(value)).strip()
    return "" if text == "-0-" else text


def uniq(values: Iterable[str]) -> tuple[str, ...]:
    """Non-empty values, deduplicated, in first-seen order."""
    return tuple(dict.fromkeys(v for v in values if v))


def make_names(primary: str, others: Iterable[tuple[str, NameKind]]) -> tuple[Name, ...]:
    """Build ``Entity.names``: the primary first, then each (text, kind) once."""
    seen: dict[tuple[str, NameKind], None] = {}
    if primary:
        seen[(primary, NameKind.PRIMARY)] = None
    for text, kind in others:
        if text:
            seen.setdefault((text, kind), None)
    return tuple(Name(text, kind) for text, kind in seen)


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def dmy_to_iso(value: str) -> str:
    """``dd/mm/yyyy`` to ISO, keeping only the known parts.

    ``"12/03/1960"`` -> ``"1960-03-12"``, ``"00/03/1960"`` -> ``"1960-03"``,
    ``"00/00/1994"`` -> ``"1994"``. Anything else is returned as given.
    """
    m = _DMY.match(value.strip())
    if not m:
        return value.strip()
    day, month, year = int(m[1]), int(m[2]), m[3]
    if month == 0:
        return year
    if day == 0:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}"


def expand_paths(paths: Sequence[Path], suffixes: Sequence[str], what: str) -> list[Path]:
    """Turn user paths (files or folders) into list files, in a stable order.

    A folder contributes its files ending in one of ``suffixes`` (sorted by
    name). Named files are taken as given.

    Raises:
        ListFormatError: A path does not exist, or nothing matched.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.name.lower().endswith(tuple(suffixes)))
            if not found:
                raise ListFormatError(
                    str(path), "", f"no {what} file ({' / '.join(suffixes)}) in this folder",
                    f"Pass the {what} file itself, or the folder holding it.",
                )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise ListFormatError(str(path), "", "no such file or folder", "Check the path.")
    if not files:
        raise ListFormatError("", "", f"no {what} file given", f"Pass the {what} file.")
    return files
