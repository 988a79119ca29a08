"""What every command shares: the app, options, error handling, output and progress.

stdout carries data only; progress, warnings and errors go to stderr.
Exit codes: 0 done (hits or not), 1 an error (``Error: <what>. <how to fix>``),
2 a usage error, 3 with ``--fail-on-match`` when anything matched.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from watchlist.errors import WatchlistError

app = typer.Typer(
    name="watchlist",
    help="Screen names, files of names and news articles against sanctions and designation lists.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)
lists_app = typer.Typer(help="Import, list and compare the designation lists in the store.", no_args_is_help=True)
app.add_typer(lists_app, name="lists")


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


StoreOpt = Annotated[
    Optional[Path],
    typer.Option("--store", envvar="WATCHLIST_HOME", help="Store folder (default: a per-user data folder).",
                 show_envvar=True),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages on stderr.")]
ThresholdOpt = Annotated[
    Optional[float],
    typer.Option("--threshold", "-t", min=0, max=100, help="Lowest score reported (default: the documented default)."),
]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many hits per name.")]
ListsOpt = Annotated[Optional[list[str]], typer.Option("--list", "-l", help="Screen only this list (repeatable).")]
FailOpt = Annotated[bool, typer.Option("--fail-on-match", help="Exit 3 when anything matched.")]


def _err(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """Library exceptions become one line on stderr and exit 1; nothing else is caught."""
    try:
        yield
    except WatchlistError as exc:
        _err(str(exc).rstrip(".") + ".")
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        _err("interrupted. Nothing was written to the store.")
        raise typer.Exit(130) from None


class _Say:
    """Progress lines on stderr, unless quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def __call__(self, message: str) -> None:
        if not self.quiet:
            typer.echo(message, err=True)


def _open_store(store: Optional[Path], say: _Say, *, bundled: bool = True):
    from watchlist.store import Store, ensure_lists

    st = Store(store)
    if bundled:
        ensure_lists(st, progress=say)
    return st


def _emit(rows: list[dict], fmt: OutputFormat, columns: Optional[list[str]] = None, title: str = "") -> None:
    from watchlist.report import CsvReport, write_json

    columns = columns or (list(rows[0]) if rows else [])
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        CsvReport(buf, columns).write_all(rows)
        sys.stdout.write(buf.getvalue())
    elif fmt is OutputFormat.json:
        write_json(sys.stdout, rows)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title or None, show_lines=False)
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*(str(row.get(c, "")) for c in columns))
        Console(width=200 if not sys.stdout.isatty() else None).print(table)


class _Progress:
    """A progress bar with rate and ETA on stderr (plain lines when stderr is not a terminal)."""

    def __init__(self, total: Optional[int], label: str, quiet: bool) -> None:
        self.total, self.label, self.quiet = total, label, quiet
        self.done, self.t0, self._last = 0, time.perf_counter(), 0.0
        self._bar = None
        if not quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                                 TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=False)
            self._task = self._bar.add_task(label, total=total, rate="")
            self._bar.start()

    def __call__(self, n: int) -> None:
        self.done += n
        elapsed = max(time.perf_counter() - self.t0, 1e-9)
        rate = f"{self.done / elapsed:,.0f} names/s"
        if self._bar is not None:
            self._bar.update(self._task, advance=n, rate=rate)
        elif not self.quiet and time.perf_counter() - self._last > 2:
            self._last = time.perf_counter()
            pct = f" of {self.total:,}" if self.total else ""
            typer.echo(f"{self.label}: {self.done:,}{pct} names, {rate}", err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


class _OutputError(WatchlistError):
    def __init__(self, path: Path, exc: OSError) -> None:
        super().__init__(f"{path}: cannot write the report ({exc.strerror}). Pass a writable --out path")


