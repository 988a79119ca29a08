"""Strip HTML and Markdown markup down to the text a reader sees.

The stripped text is the *document text* that mention offsets refer to.
HTML: tags dropped, entities decoded, ``script``/``style``/``head`` content
skipped (the ``<title>`` kept as the first line), whitespace squashed as a
browser does, block elements on lines of their own, ``<pre>`` kept as is.
Markdown: heading, quote and list marks, emphasis, code ticks, link and image
syntax (their text kept, the URL dropped), fences, rules and link definitions
removed; the line structure kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["strip_html", "strip_markdown"]

_BLOCK = frozenset("""address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4
h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul caption title""".split())
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
_SPACES = re.compile(r"\s+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.pre = 0
        self.in_title = False

    def _newline(self) -> None:
        if self.out and not self.out[-1].endswith("\n"):
            self.out.append("\n")

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _SKIP:
            self.skip += 1
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCK:
            self._newline()
        if tag == "img" and not self.skip:
            alt = dict(attrs).get("alt")
            if alt:
                self.handle_data(f" {alt} ")

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _SKIP and self.skip:
            self.skip -= 1
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _BLOCK:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.skip and not self.in_title:
            return
        if not self.pre:
            data = _SPACES.sub(" ", data)
            if self.out and (self.out[-1].endswith((" ", "\n"))) and data.startswith(" "):
                data = data[1:]
            elif not self.out and data.startswith(" "):
                data = data[1:]
        if data:
            if self.out and self.out[-1].endswith("\n") and data == " ":
                return
            self.out.append(data)


def strip_html(html: str) -> str:
    """The visible text of an HTML page, one block per line."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = [line.strip(" ") for line in "".join(parser.out).split("\n")]
    return "\n".join(line for line in lines if line).strip() + "\n"


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$|^\s{0,3}=+\s*$")
_LINKDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_LEAD = re.compile(r"^\s{0,3}(?:#{1,6}(?:\s+|$)|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)+")
_TRAIL_HASH = re.compile(r"\s+#+\s*$")
_INLINE = re.compile(
    r"!?\[([^\]\n]*)\]\([^)\n]*\)"  # [text](url), ![alt](src)
    r"|!?\[([^\]\n]*)\]\[[^\]\n]*\]"  # [text][ref]
    r"|<(https?://[^>\s]+)>"  # <http://...>
    r"|</?[A-Za-z][^>\n]*>"  # inline HTML tags
    r"|`+"  # code ticks
    r"|\*{1,3}|~~"  # emphasis, strike-through
    r"|(?<![^\W_])_{1,3}|_{1,3}(?![^\W_])"  # _emphasis_ (not snake_case)
)


def _inline(line: str) -> str:
    def keep(m: re.Match) -> str:
        return next((g for g in m.groups() if g is not None), "")

    return _INLINE.sub(keep, line)


def strip_markdown(md: str) -> str:
    """The text of a Markdown document with the markup removed, line by line."""
    out: list[str] = []
    fenced = False
    for line in md.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
            continue
        if _RULE.match(line) or _LINKDEF.match(line):
            out.append("")
            continue
        line = _TRAIL_HASH.sub("", _LEAD.sub("", line)) if line.lstrip().startswith("#") else _LEAD.sub("", line)
        out.append(_inline(line).rstrip())
    return "\n".join(out).strip("\n") + "\n"
