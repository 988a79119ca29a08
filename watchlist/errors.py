"""Exceptions raised by the library. Only ``watchlist.cli`` turns them into exit codes.

Every message is one line that says what went wrong and how to fix it.
"""

from __future__ import annotations

__all__ = [
    "WatchlistError",
    "ListFormatError",
    "StoreError",
    "StoreBusyError",
    "InputError",
]


class WatchlistError(Exception):
    """Base class: a problem the user can fix; shown as ``Error: <message>``."""


class ListFormatError(WatchlistError):
    """A list file cannot be read as the format asked for.

    ``file`` is the file's name, ``row`` the 1-based physical row or record
    number ("" when it concerns the whole file), ``what`` the problem and
    ``fix`` how to fix it.
    """

    def __init__(self, file: str, row: int | str, what: str, fix: str) -> None:
        self.file, self.row, self.what, self.fix = str(file), row, what.rstrip("."), fix
        where = f"{self.file}: {row}" if row not in ("", None) else self.file
        super().__init__(f"{where}: {self.what}. {fix}")


class InputError(ListFormatError):
    """A file of names or a document to screen cannot be read."""


class StoreError(WatchlistError):
    """The store cannot be opened, or does not hold what was asked for."""


class StoreBusyError(StoreError):
    """Another process is writing to the store."""
