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

ShowClearedOpt = Annotated[
    bool, typer.Option("--show-cleared", help="Keep alerts cleared as false positives, with decision 'cleared'.")
]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def _drop_cleared(store, results: list, show_cleared: bool, say: _Say) -> list:
    from watchlist.screen.cleared import filter_alerts
    from watchlist.store.decisions import Clearances

    clearances, cleared = Clearances(store), []
    kept = [list(filter_alerts(alerts, clearances, show_cleared=show_cleared, cleared=cleared)) for alerts in results]
    if cleared and not show_cleared:
        say(f"{len(cleared):,} alerts cleared as false positives are not shown (--show-cleared shows them)")
    return kept


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
    show_cleared: ShowClearedOpt = False,
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
        results = _drop_cleared(screener.store, results, show_cleared, say)
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
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="local: worker processes (default: the cores, at most 8). The report does not depend on it.")] = None,
    fail_on_match: FailOpt = False,
    show_cleared: ShowClearedOpt = False,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Screen every name in a column of a CSV/XLSX file; write one report row per hit.

    Alerts cleared as false positives (`watchlist decisions import`) are left
    out unless --show-cleared. The screening is remembered in the store, so
    `watchlist rescreen` can later report only new alerts.
    """
    import os
    import tempfile
    from functools import partial

    from watchlist.screen.batch import screen_file
    from watchlist.screen.inputs import count_rows
    from watchlist.screen.remember import finish_report

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
            from watchlist.screen.batch import default_jobs

            run = partial(screen_file, screener, jobs=jobs if jobs is not None else default_jobs())
        # the raw report goes to a temporary file; finish_report drops cleared alerts and remembers the screening
        if tmp is not None:
            raw = out.with_name(out.name + ".raw.partial")
        else:
            fd, raw_name = tempfile.mkstemp(prefix="watchlist-batch-", suffix=".csv")
            os.close(fd)
            raw = Path(raw_name)
        finish = partial(finish_report, screener.store, raw, input_file=input_file, column=column,
                         id_column=id_column, encoding=encoding, show_cleared=show_cleared,
                         versions={v.list: v.version for v in screener.versions})
        try:
            with open(raw, "w", encoding="utf-8", newline="") as fh:
                stats = run(input_file, fh, column=column, id_column=id_column,
                            threshold=threshold, limit=limit, encoding=encoding, progress=progress, keep=True)
            if tmp is None:
                review = finish(sys.stdout, screened=stats)
            else:
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    review = finish(fh, screened=stats)
                tmp.replace(out)
        except OSError as exc:
            raise _OutputError(out, exc) from None
        finally:
            progress.close()
            for leftover in (tmp, raw):
                if leftover is not None and leftover.exists():
                    leftover.unlink()
        elapsed = time.perf_counter() - progress.t0
        say(f"screened {stats.screened:,} names against {versions} in {elapsed:.1f} s: "
            f"{stats.names_with_alerts:,} with hits, {stats.alerts:,} report rows"
            + (f" -> {out}" if tmp is not None else ""))
        if review.cleared:
            say(f"{review.cleared:,} report rows are alerts cleared as false positives"
                + (", shown with decision 'cleared'" if show_cleared else " and were left out (--show-cleared shows them)"))
        if stats.empty_rows:
            shown = ", ".join(map(str, stats.empty_rows[:10])) + (" ..." if len(stats.empty_rows) > 10 else "")
            say(f"warning: {len(stats.empty_rows):,} rows had an empty name and were not screened (rows {shown})")
    if fail_on_match and review.rows > (review.cleared if show_cleared else 0):
        raise typer.Exit(3)


