"""`watchlist screen`: the listed parties named in articles (text, Markdown, HTML, stdin)."""

from __future__ import annotations

import io
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
    QuietOpt,
    StoreOpt,
    ThresholdOpt,
    _err,
    _errors,
    _open_store,
    _OutputError,
    _Say,
    app,
)
from watchlist.errors import InputError


class ReportFormat(str, Enum):
    csv = "csv"
    json = "json"
    html = "html"


class DocKind(str, Enum):
    auto = "auto"
    text = "text"
    markdown = "markdown"
    html = "html"


def _render(fmt: ReportFormat, results, errors: list[str], subtitle: str) -> str:
    from watchlist.screen.report import SCREEN_COLUMNS, screen_row

    buf = io.StringIO(newline="")
    if fmt is ReportFormat.html:
        from watchlist.report_html import write_html

        write_html(buf, results, subtitle=subtitle, errors=errors)
    elif fmt is ReportFormat.json:
        from watchlist.report import write_json

        write_json(buf, [screen_row(r) for _, rows in results for r in rows])
    else:
        from watchlist.report import CsvReport

        report = CsvReport(buf, SCREEN_COLUMNS)
        report.write_all(screen_row(r) for _, rows in results for r in rows)
    return buf.getvalue()


@app.command("screen")
def screen(
    files: Annotated[list[str], typer.Argument(help="Articles: text, Markdown or HTML files; '-' reads stdin.",
                                               metavar="FILE...")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Report file (default: stdout).")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = ReportFormat.csv,
    threshold: ThresholdOpt = None,
    limit: LimitOpt = 10,
    all_mentions: Annotated[bool, typer.Option("--all-mentions", help="Also report the person/organization "
                                               "mentions that match no listed party (empty match columns).")] = False,
    ner: Annotated[bool, typer.Option("--ner", help="Also use spaCy NER (pip install 'watchlist[ner]').")] = False,
    kind: Annotated[DocKind, typer.Option("--kind", help="Document kind (default: from the file name/content).")] = DocKind.auto,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Text encoding (default: BOM, HTML meta "
                                                    "charset, else UTF-8).")] = None,
    lists: ListsOpt = None,
    fail_on_match: FailOpt = False,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Screen articles: every listed party named in them, where, and in which sentence.

    One report row per (mention, listed entity) at or above the threshold. Offsets are character
    offsets into the document text (for HTML and Markdown input: the text with the markup stripped).
    A file that cannot be read is reported on stderr and skipped; the others are screened (exit 1).
    """
    from watchlist.screen.articles import ArticleScreener
    from watchlist.screen.documents import read_document, read_stream
    from watchlist.screen.screener import Screener

    say = _Say(quiet)
    failed: list[str] = []
    with _errors():
        named_ner = None
        if ner:
            from watchlist.screen.ner import load_ner

            named_ner = load_ner()
        screener = Screener(_open_store(store, say), lists)
        articles = ArticleScreener(screener, named_ner)
        versions = ", ".join(v.label for v in screener.versions)
        t0 = time.perf_counter()
        results = []
        doc_kind = None if kind is DocKind.auto else kind.value
        for name in files:
            try:
                if name == "-":
                    doc = read_stream("-", sys.stdin.buffer, encoding=encoding, kind=doc_kind)
                else:
                    doc = read_document(name, encoding=encoding, kind=doc_kind)
            except InputError as exc:
                failed.append(str(exc).rstrip(".") + ".")
                _err(failed[-1])
                continue
            rows = articles.screen(doc, threshold=threshold, limit=limit, all_mentions=all_mentions)
            results.append((doc, rows))
            hits = sum(1 for r in rows if r.alert is not None)
            say(f"{doc.name}: {len(doc.text.split()):,} words, {hits} alert rows")
        text = _render(fmt, results, failed, f"screened against {versions}")
        if out is None:
            sys.stdout.write(text)
        else:
            tmp = out.with_name(out.name + ".partial")
            try:
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
                tmp.replace(out)
            except OSError as exc:
                if tmp.exists():
                    tmp.unlink()
                raise _OutputError(out, exc) from None
        alerts = sum(1 for _, rows in results for r in rows if r.alert is not None)
        say(f"screened {len(results)} of {len(files)} documents against {versions} in "
            f"{time.perf_counter() - t0:.1f} s: {alerts} alert rows" + (f" -> {out}" if out else ""))
    if failed:
        raise typer.Exit(1)
    if fail_on_match and alerts:
        raise typer.Exit(3)
