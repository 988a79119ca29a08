"""The ``watchlist`` command: a thin typer layer over the library.

stdout carries data only; progress, warnings and errors go to stderr.
Exit codes: 0 done (hits or not), 1 an error (``Error: <what>. <how to fix>``),
2 a usage error, 3 with ``--fail-on-match`` when anything matched.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
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
        _err(str(exc).rstrip(".") + ("" if str(exc).endswith(".") else "."))
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


# ------------------------------------------------------------------ lists


def _parse_map(value: Optional[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in (value or "").split(","):
        if not part.strip():
            continue
        key, sep, col = part.partition("=")
        if not sep or not key.strip() or not col.strip():
            raise typer.BadParameter(f"{part!r} is not FIELD=COLUMN", param_hint="--map")
        out[key.strip()] = col.strip()
    return out


@lists_app.command("import")
def lists_import(
    paths: Annotated[list[Path], typer.Argument(help="List files, or the folder holding them.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="ofac-sdn, ofac-cons, uk-ofsi, un-sc, opensanctions, generic.")],
    list_name: Annotated[Optional[str], typer.Option("--list", help="List name (default: the format's name).")] = None,
    mapping: Annotated[Optional[str], typer.Option("--map", help="generic: name=COL,id=COL,type=COL,aliases=COL,...")] = None,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Import list files as a new version of a list and print what changed."""
    from watchlist.sources import FORMATS, read_list
    from watchlist.store import diff_versions

    say = _Say(quiet)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    options = {}
    if fmt == "generic":
        if not mapping:
            raise typer.BadParameter("the generic format needs --map name=COL[,id=COL,type=COL,aliases=COL]",
                                     param_hint="--map")
        _parse_map(mapping)
        options["map"] = mapping
    with _errors():
        st = _open_store(store, say, bundled=False)
        name = list_name or fmt
        t0 = time.perf_counter()
        say(f"reading {', '.join(str(p) for p in paths)} as {fmt}")
        parsed = read_list(paths, fmt, options)
        for message, count in parsed.warnings.items():
            say(f"warning: {count:,} {message}")
        for note in parsed.notes:
            say(f"note: {note}")
        result = st.import_parsed(name, parsed, options=json.dumps(options, sort_keys=True), progress=say)
        v = result.version
        if result.unchanged:
            typer.echo(f"{name}: unchanged, same content as v{v.version} ({v.entities:,} entities); nothing added.")
            return
        d = diff_versions(st, result.previous, v)
        since = f" since v{result.previous.version}" if result.previous else ""
        typer.echo(
            f"{name} v{v.version}: {v.entities:,} entities, {v.names:,} names"
            f"{' published ' + v.published if v.published else ''}; "
            f"{d.count('added'):,} added, {d.count('removed'):,} removed, {d.count('changed'):,} changed{since} "
            f"({time.perf_counter() - t0:.1f} s)"
        )


def _version_rows(versions) -> list[dict]:
    return [
        {"list": v.list, "version": v.version, "imported_at": v.imported_at, "published": v.published,
         "entities": v.entities, "names": v.names, "format": v.format,
         "files": "; ".join(f.name for f in v.files), "content_sha256": v.content_sha256,
         "warnings": "; ".join(f"{n} {m}" for m, n in v.warnings)}
        for v in versions
    ]


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


@lists_app.command("ls")
def lists_ls(
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Show each list's versions."""
    with _errors():
        st = _open_store(store, _Say(quiet))
        rows = _version_rows(st.versions())
        cols = ["list", "version", "imported_at", "published", "entities", "names", "format", "files"]
        _emit(rows, fmt, cols if fmt is OutputFormat.table else None, "lists")


@lists_app.command("show")
def lists_show(
    name: Annotated[str, typer.Argument(help="List name.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Show one list's versions, with files, hashes and import warnings."""
    with _errors():
        st = _open_store(store, _Say(quiet))
        st.version(name)  # raises a clear error for an unknown list
        _emit(_version_rows(st.versions(name)), fmt, title=name)


@lists_app.command("diff")
def lists_diff(
    name: Annotated[str, typer.Argument(help="List name.")],
    from_version: Annotated[Optional[int], typer.Option("--from", help="Old version (default: the one before --to).")] = None,
    to_version: Annotated[Optional[int], typer.Option("--to", help="New version (default: the latest).")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Entities added, removed and changed between two versions of a list."""
    from watchlist.store import diff_versions

    with _errors():
        st = _open_store(store, _Say(quiet))
        new = st.version(name, to_version)
        if from_version is None:
            old = st.version(name, new.version - 1) if new.version > 1 else None
        else:
            old = st.version(name, from_version)
        d = diff_versions(st, old, new)
        rows = [
            {"change": c.change, "entity_id": c.entity_id, "entity_type": c.entity_type,
             "primary_name": c.primary_name, "names_added": " | ".join(c.names_added),
             "names_removed": " | ".join(c.names_removed), "programs_added": ", ".join(c.programs_added),
             "programs_removed": ", ".join(c.programs_removed), "fields_changed": ", ".join(c.fields_changed)}
            for c in d.changes
        ]
        cols = list(rows[0]) if rows else ["change", "entity_id", "entity_type", "primary_name", "names_added",
                                           "names_removed", "programs_added", "programs_removed", "fields_changed"]
        if fmt is OutputFormat.table:
            rows = [{"change": c.change, "entity_id": c.entity_id, "primary_name": c.primary_name,
                     "what": c.summary() if c.change == "changed" else ", ".join(c.programs_added or c.programs_removed)}
                    for c in d.changes]
            cols = ["change", "entity_id", "primary_name", "what"]
        old_label = f"v{old.version}" if old else "nothing"
        _Say(quiet)(f"{name}: {old_label} -> v{new.version}: {d.count('added'):,} added, "
                    f"{d.count('removed'):,} removed, {d.count('changed'):,} changed")
        _emit(rows, fmt, cols, f"{name} {old_label} -> v{new.version}")


# ------------------------------------------------------------------ screening


def _screener(store: Optional[Path], lists: Optional[list[str]], say: _Say):
    from watchlist.screen.screener import Screener

    st = _open_store(store, say)
    return Screener(st, lists)


@app.command("match")
def match(
    names: Annotated[list[str], typer.Argument(help="Names to screen.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    threshold: ThresholdOpt = None,
    limit: LimitOpt = 10,
    lists: ListsOpt = None,
    fail_on_match: FailOpt = False,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Screen one or more names and show the hits with their explanation."""
    from watchlist.report import alert_row
    from watchlist.screen.batch import BATCH_REPORT_COLUMNS

    say = _Say(quiet)
    with _errors():
        screener = _screener(store, lists, say)
        results = screener.screen_many(names, input_ids=[str(i) for i in range(1, len(names) + 1)],
                                       threshold=threshold, limit=limit)
        rows = [alert_row(a) for alerts in results for a in alerts]
        if fmt is OutputFormat.table:
            for name, alerts in zip(names, results):
                if not alerts:
                    say(f"{name}: no hit")
            cols = ["query", "rank", "score", "decision", "list", "entity_id", "matched_name", "primary_name",
                    "programs", "explanation"]
            if rows:
                _emit(rows, fmt, cols, "hits")
        else:
            _emit(rows, fmt, list(BATCH_REPORT_COLUMNS))
    if fail_on_match and rows:
        raise typer.Exit(3)


class _Progress:
    """A progress bar with rate and ETA on stderr (plain lines when stderr is not a terminal)."""

    def __init__(self, total: Optional[int], label: str, quiet: bool) -> None:
        self.total, self.label, self.quiet = total, label, quiet
        self.done, self.t0, self._last = 0, time.perf_counter(), 0.0
        self._bar = None
        if not quiet and sys.stderr.isatty():
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn,
                                       TextColumn, TimeRemainingColumn)
            from rich.console import Console

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


@app.command("batch")
def batch(
    input_file: Annotated[Path, typer.Argument(help="CSV or XLSX file of names.", metavar="INPUT")],
    column: Annotated[str, typer.Option("--column", "-c", help="Column holding the names.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Report CSV to write ('-' for stdout).")],
    id_column: Annotated[Optional[str], typer.Option("--id-column", help="Column echoed as input_id (default: row number).")] = None,
    threshold: ThresholdOpt = None,
    limit: LimitOpt = 10,
    lists: ListsOpt = None,
    encoding: Annotated[str, typer.Option("--encoding", help="Encoding of a CSV input.")] = "utf-8-sig",
    fail_on_match: FailOpt = False,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Screen every name in a column of a CSV/XLSX file; write one report row per hit."""
    from watchlist.screen.batch import screen_file
    from watchlist.screen.inputs import count_rows

    say = _Say(quiet)
    with _errors():
        screener = _screener(store, lists, say)
        versions = ", ".join(v.label for v in screener.versions)
        progress = _Progress(count_rows(input_file) if input_file.is_file() else None, "screening", quiet)
        tmp = out.with_name(out.name + ".partial") if str(out) != "-" else None
        try:
            if tmp is None:
                stats = screen_file(screener, input_file, sys.stdout, column=column, id_column=id_column,
                                    threshold=threshold, limit=limit, encoding=encoding, progress=progress)
            else:
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    stats = screen_file(screener, input_file, fh, column=column, id_column=id_column,
                                        threshold=threshold, limit=limit, encoding=encoding, progress=progress)
                tmp.replace(out)
        except OSError as exc:
            raise _OutputError(out, exc) from None
        finally:
            progress.close()
            if tmp is not None and tmp.exists():
                tmp.unlink()
        elapsed = time.perf_counter() - progress.t0
        say(f"screened {stats.screened:,} names against {versions} in {elapsed:.1f} s: "
            f"{stats.names_with_alerts:,} with hits, {stats.alerts:,} report rows"
            + (f" -> {out}" if tmp is not None else ""))
        if stats.empty_rows:
            shown = ", ".join(map(str, stats.empty_rows[:10])) + (" ..." if len(stats.empty_rows) > 10 else "")
            say(f"warning: {len(stats.empty_rows):,} rows had an empty name and were not screened (rows {shown})")
    if fail_on_match and stats.alerts:
        raise typer.Exit(3)


class _OutputError(WatchlistError):
    def __init__(self, path: Path, exc: OSError) -> None:
        super().__init__(f"{path}: cannot write the report ({exc.strerror}). Pass a writable --out path")


def main() -> None:
    """Console-script entry point."""
    csv.field_size_limit(1_000_000)
    app()


if __name__ == "__main__":
    main()
