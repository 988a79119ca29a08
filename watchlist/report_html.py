"""One self-contained HTML page per article-screening run.

For each document: the document text with every reported mention
highlighted by its decision (match, review, unmatched), and beside it the
alert table, one row per (mention group, listed entity) with all the
mention offsets of that group. No script, no external file: the page opens
from disk, offline, and prints.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import IO

from watchlist.screen.articles import MentionAlert
from watchlist.screen.documents import Document

__all__ = ["write_html"]

_CSS = """
body{font:14px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{padding:12px 20px;background:#1f2a37;color:#fff}header h1{font-size:18px;margin:0}
header p{margin:4px 0 0;color:#c9d1d9;font-size:12px}
section.doc{display:flex;gap:16px;padding:16px 20px;border-bottom:1px solid #d0d7de;align-items:flex-start}
.text{flex:1 1 50%;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;white-space:pre-wrap;
font-family:Georgia,serif;font-size:15px;max-height:85vh;overflow:auto}
.alerts{flex:1 1 50%;min-width:0}.alerts h2{font-size:15px;margin:0 0 8px;word-break:break-all}
table{border-collapse:collapse;width:100%;background:#fff;font-size:12px}
th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eef1f4}
mark{border-radius:3px;padding:0 1px}mark.match{background:#ffb3b3;outline:1px solid #d1242f}
mark.review{background:#ffe08a;outline:1px solid #bf8700}mark.none{background:#dde4ee}
td.match{color:#d1242f;font-weight:600}td.review{color:#9a6700;font-weight:600}
.legend mark{margin-right:8px}.empty{color:#57606a;font-style:italic}.err{color:#d1242f}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _decision(rows: Sequence[MentionAlert]) -> str:
    decisions = {r.alert.decision for r in rows if r.alert is not None}
    return "match" if "match" in decisions else "review" if decisions else "none"


def _highlighted(doc: Document, rows: Sequence[MentionAlert]) -> str:
    spans: dict[tuple[int, int], list[MentionAlert]] = {}
    for r in rows:
        spans.setdefault((r.start, r.end), []).append(r)
    out, pos = [], 0
    for (s, e), rs in sorted(spans.items()):
        if s < pos:  # overlapping spans are not reported, but never garble the text
            continue
        first = rs[0]
        tip = "; ".join(f"{r.alert.primary_name} ({r.alert.list} {r.alert.entity_id}, {r.alert.score:g})"
                        for r in rs if r.alert is not None) or "no listed match"
        out.append(_e(doc.text[pos:s]))
        out.append(f'<mark class="{_decision(rs)}" id="{_e(doc.name)}-{s}" title="{_e(tip)}" '
                   f'data-group="{first.group}">{_e(doc.text[s:e])}</mark>')
        pos = e
    out.append(_e(doc.text[pos:]))
    return "".join(out)


def _table(rows: Sequence[MentionAlert]) -> str:
    groups: dict[tuple, list[MentionAlert]] = {}
    unmatched: dict[int, list[MentionAlert]] = {}
    for r in rows:
        if r.alert is None:
            unmatched.setdefault(r.group, []).append(r)
        else:
            groups.setdefault((r.group, r.alert.list, r.alert.entity_id), []).append(r)
    head = ("<tr><th>mention</th><th>offsets</th><th>score</th><th>decision</th><th>list</th><th>entity_id</th>"
            "<th>type</th><th>matched name</th><th>primary name</th><th>programs</th></tr>")
    body = []
    for _, rs in sorted(groups.items(), key=lambda kv: (kv[1][0].start, -kv[1][0].alert.score)):
        a = max((r.alert for r in rs), key=lambda x: x.score)
        full = next((r.linked_to for r in rs if r.linked_to), "") or rs[0].mention
        offsets = " ".join(f"{r.start}-{r.end}" for r in sorted(rs, key=lambda r: r.start))
        body.append(f"<tr><td>{_e(full)} <small>({len(rs)}×)</small></td><td>{_e(offsets)}</td><td>{a.score:g}</td>"
                    f'<td class="{_e(a.decision)}">{_e(a.decision)}</td><td>{_e(a.list)} v{a.list_version}</td>'
                    f"<td>{_e(a.entity_id)}</td><td>{_e(a.entity_type)}</td><td>{_e(a.matched_name)}</td>"
                    f"<td>{_e(a.primary_name)}</td><td>{_e(a.programs)}</td></tr>")
    table = f"<table>{head}{''.join(body)}</table>" if body else '<p class="empty">No listed party named.</p>'
    if unmatched:
        names = ", ".join(_e(rs[0].mention) for _, rs in sorted(unmatched.items(), key=lambda kv: kv[1][0].start))
        table += f"<p><b>Also named (no listed match):</b> {names}</p>"
    return table


def write_html(stream: IO[str], results: Sequence[tuple[Document, Sequence[MentionAlert]]], *,
               title: str = "watchlist: article screening", subtitle: str = "",
               errors: Sequence[str] = ()) -> None:
    """Write the page for a run: ``results`` pairs each document with its report rows."""
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
             f"<header><h1>{_e(title)}</h1><p>{_e(subtitle)}</p>"
             '<p class="legend"><mark class="match">match</mark><mark class="review">review</mark>'
             '<mark class="none">named, not listed</mark></p></header>']
    for message in errors:
        parts.append(f'<section class="doc"><p class="err">{_e(message)}</p></section>')
    for doc, rows in results:
        alerts = sum(1 for r in rows if r.alert is not None)
        parts.append(f'<section class="doc"><div class="text">{_highlighted(doc, rows)}</div>'
                     f'<div class="alerts"><h2>{_e(doc.name)} — {alerts} alert rows</h2>{_table(rows)}</div></section>')
    parts.append("</body></html>\n")
    stream.write("\n".join(parts))
