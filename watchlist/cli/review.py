"""`watchlist rescreen` and `watchlist decisions import|ls|export`: review work after a list update."""

from __future__ import annotations

import getpass
import io
import sys
import time
from pathlib import Path
from typing import Annotated

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

decisions_app = typer.Typer(help="Analyst decisions on alerts: import reviewed reports, list and export them.",
                            no_args_is_help=True)
app.add_typer(decisions_app, name="decisions")

RESCREEN_EXTRA = ("reason",)


def _since(values: list[str] | None, lists: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for value in values or []:
        name, sep, number = value.rpartition("=")
        if not number.strip().isdigit():
            raise typer.BadParameter(f"{value!r} is not VERSION or LIST=VERSION", param_hint="--since")
        if sep:
            out[name.strip()] = int(number)
        else:
            out.update({n: int(number) for n in lists})
    return out


@app.command("rescreen")
def rescreen_cmd(
    input_file: Annotated[Path, typer.Argument(help="CSV or XLSX file of names screened before.", metavar="INPUT")],
    column: Annotated[str, typer.Option("--column", "-c", help="Column holding the names.")],
    since: Annotated[list[str] | None, typer.Option("--since", help="Compare with this version: N (every list) or LIST=N (repeatable). Default: the versions of the previous screening of INPUT, else the version before the latest.")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Report CSV to write ('-' for stdout).")] = Path("-"),
    id_column: Annotated[str | None, typer.Option("--id-column", help="Column echoed as input_id (default: row number).")] = None,
    threshold: ThresholdOpt = None,
    limit: LimitOpt = 10,
    lists: ListsOpt = None,
    encoding: Annotated[str, typer.Option("--encoding", help="Encoding of a CSV input.")] = "utf-8-sig",
    show_cleared: Annotated[bool, typer.Option("--show-cleared", help="Keep alerts cleared as false positives, with decision 'cleared'.")] = False,
    fail_on_match: FailOpt = False,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Report only the NEW alerts caused by entities added or changed since an earlier list version."""
    from watchlist.report import CsvReport, alert_row
    from watchlist.screen.batch import BATCH_REPORT_COLUMNS
    from watchlist.screen.inputs import count_rows
    from watchlist.screen.rescreen import rescreen

    say = _Say(quiet)
    with _errors():
        st = _open_store(store, say)
        chosen = list(lists) if lists else [v.list for v in st.latest_versions()]
        wanted = _since(since, chosen)
        progress = _Progress(count_rows(input_file) if input_file.is_file() else None, "re-screening", quiet)
        try:
            res = rescreen(st, input_file, column, id_column=id_column, since=wanted, lists=lists,
                           threshold=threshold, limit=limit, encoding=encoding, show_cleared=show_cleared,
                           progress=progress)
        finally:
            progress.close()
        buf = io.StringIO()
        report = CsvReport(buf, BATCH_REPORT_COLUMNS + RESCREEN_EXTRA)
        for a in res.alerts:
            report.write(dict(alert_row(a), reason=res.reason(a)))
        try:
            if str(out) == "-":
                sys.stdout.write(buf.getvalue())
            else:
                tmp = out.with_name(out.name + ".partial")
                tmp.write_text(buf.getvalue(), encoding="utf-8", newline="")
                tmp.replace(out)
        except OSError as exc:
            raise _OutputError(out, exc) from None
        elapsed = time.perf_counter() - progress.t0
        deltas = "; ".join(f"{d.new.label} since {f'v{d.old.version}' if d.old else 'nothing'}: "
                           f"{len(d.entity_ids):,} entities added or changed" for d in res.deltas)
        base = (f"previous screening {res.baseline.screened_at}" if res.baseline else
                "no previous screening of this input: every alert on those entities is new")
        say(f"re-screened {res.names:,} names ({deltas}; {base}) in {elapsed:.1f} s: "
            f"{res.probed_hits:,} names hit a new or changed entity, {res.new_names:,} names not screened before; "
            f"{len(res.alerts) - (len(res.cleared) if show_cleared else 0):,} new alerts, "
            f"{res.already_reported:,} already reported, {len(res.cleared):,} cleared as false positives"
            + (f" -> {out}" if str(out) != "-" else ""))
        if res.empty_rows:
            say(f"warning: {len(res.empty_rows):,} rows had an empty name and were not screened")
    if fail_on_match and len(res.alerts) > (len(res.cleared) if show_cleared else 0):
        raise typer.Exit(3)


@decisions_app.command("import")
def decisions_import(
    reviewed: Annotated[Path, typer.Argument(help="A report (batch/rescreen CSV) with a 'review' column filled in: true-match, false-positive or open; optional 'reviewer' and 'note'.", metavar="REVIEWED.csv")],
    reviewer: Annotated[str | None, typer.Option("--reviewer", help="Who reviewed, where a row has no reviewer (default: your login name).")] = None,
    encoding: Annotated[str, typer.Option("--encoding", help="Encoding of the CSV.")] = "utf-8-sig",
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Store the analyst decisions of a reviewed report, with who and when."""
    from watchlist.screen.reviewed import read_reviewed
    from watchlist.store.decisions import Verdict, record_decisions

    say = _Say(quiet)
    with _errors():
        st = _open_store(store, say, bundled=False)
        who = reviewer or _login()
        got = read_reviewed(reviewed, st, reviewer=who, encoding=encoding)
        stored, unchanged = record_decisions(st, got.decisions)
        counts = ", ".join(f"{sum(d.verdict is v for d in got.decisions):,} {v.value}" for v in Verdict)
        typer.echo(f"{reviewed.name}: {len(got.decisions):,} decisions ({counts}); {stored:,} stored, "
                   f"{unchanged:,} unchanged; {got.unreviewed:,} rows without a review.")


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


_DECISION_COLS = ["decided_at", "reviewer", "verdict", "query", "list", "entity_id", "matched_name",
                  "list_version", "entity_digest", "note", "source"]


def _decision_rows(decisions) -> list[dict]:
    return [{"decided_at": d.decided_at, "reviewer": d.reviewer, "verdict": d.verdict.value, "query": d.query,
             "list": d.list, "entity_id": d.entity_id, "matched_name": d.matched_name,
             "list_version": d.list_version, "entity_digest": d.entity_digest, "note": d.note, "source": d.source}
            for d in decisions]


@decisions_app.command("ls")
def decisions_ls(
    history: Annotated[bool, typer.Option("--history", help="Every decision ever made, not only the current one of each alert.")] = False,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Show the current decision of each reviewed alert (or the whole history)."""
    from watchlist.store.decisions import current_decisions, decision_history

    with _errors():
        st = _open_store(store, _Say(quiet), bundled=False)
        found = decision_history(st) if history else sorted(current_decisions(st).values(), key=lambda d: d.decided_at)
        rows = _decision_rows(found)
        cols = ["decided_at", "reviewer", "verdict", "query", "list", "entity_id", "matched_name", "note"]
        _emit(rows, fmt, cols if fmt is OutputFormat.table else _DECISION_COLS, "decisions")


@decisions_app.command("export")
def decisions_export(
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV file to write ('-' for stdout).")] = Path("-"),
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write every decision ever made (the audit trail), oldest first, as CSV."""
    from watchlist.report import CsvReport
    from watchlist.store.decisions import decision_history

    with _errors():
        st = _open_store(store, _Say(quiet), bundled=False)
        rows = _decision_rows(decision_history(st))
        buf = io.StringIO()
        CsvReport(buf, _DECISION_COLS).write_all(rows)
        try:
            if str(out) == "-":
                sys.stdout.write(buf.getvalue())
            else:
                out.write_text(buf.getvalue(), encoding="utf-8", newline="")
        except OSError as exc:
            raise _OutputError(out, exc) from None
        _Say(quiet)(f"{len(rows):,} decisions" + (f" -> {out}" if str(out) != "-" else ""))
