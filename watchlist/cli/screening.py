"""`watchlist match` and `watchlist batch`: screen names and files of names."""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from watchlist.cli._common import (
    FailOpt,
    LimitOpt,
    ListsOpt,
    OutputFormat,
    QuietOpt,
    StoreOpt,
    ThresholdOpt,
    _emit,
    _errors,
    _open_store,
    _OutputError,
    _Progress,
    _Say,
    app,
)


class Engine(str, Enum):
    local = "local"
    dask = "dask"


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
            for name, alerts in zip(names, results, strict=True):
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
    engine: Annotated[Engine, typer.Option("--engine", help="local: this process; dask: a Dask cluster.")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="dask: address of an existing scheduler.")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="dask: workers of the LocalCluster started.")] = 2,
    fail_on_match: FailOpt = False,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Screen every name in a column of a CSV/XLSX file; write one report row per hit."""
    from functools import partial

    from watchlist.screen.batch import screen_file
    from watchlist.screen.inputs import count_rows

    say = _Say(quiet)
    with _errors():
        screener = _screener(store, lists, say)
        versions = ", ".join(v.label for v in screener.versions)
        progress = _Progress(count_rows(input_file) if input_file.is_file() else None, "screening", quiet)
        tmp = out.with_name(out.name + ".partial") if str(out) != "-" else None
        if engine is Engine.dask:
            from watchlist.screen.distributed import screen_file_dask

            run = partial(screen_file_dask, screener.store.folder, lists=lists, scheduler=scheduler, workers=workers)
        else:
            run = partial(screen_file, screener)
        try:
            if tmp is None:
                stats = run(input_file, sys.stdout, column=column, id_column=id_column,
                            threshold=threshold, limit=limit, encoding=encoding, progress=progress)
            else:
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    stats = run(input_file, fh, column=column, id_column=id_column,
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


