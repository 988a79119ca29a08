"""Read documents to screen: plain text, Markdown or HTML, from a file or stdin.

A :class:`Document` holds the *document text*: the decoded file for plain
text, the text with the markup stripped for Markdown and HTML. Every offset
that screening reports is a character offset into that text, so
``doc.text[start:end] == mention`` always holds.

Decoding is strict, so a wrong guess never garbles names silently: a byte
order mark (UTF-8, UTF-16, UTF-32) wins, then the ``encoding`` asked for,
then an HTML ``<meta charset>``, then UTF-8. Binary files (NUL bytes, PDF,
ZIP/Office, images) and files above :data:`MAX_BYTES` are refused with an
:class:`~watchlist.errors.InputError` naming the file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from watchlist.errors import InputError
from watchlist.screen.markup import strip_html, strip_markdown

__all__ = ["MAX_BYTES", "KINDS", "Document", "read_document", "read_stream", "decode", "make_document"]

#: Largest document accepted (bytes). News articles are a few dozen KB; a
#: 20 MB "article" is almost surely the wrong file.
MAX_BYTES = 20 * 1024 * 1024
KINDS = ("text", "markdown", "html")

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_MAGIC = ((b"%PDF", "a PDF file", "Convert it to text first (e.g. pdftotext)"),
          (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt file)", "Save or export it as plain text, Markdown or HTML"),
          (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file", "Save or export it as plain text, Markdown or HTML"),
          (b"\x89PNG", "a PNG image", "Screen the text of the article, not an image"),
          (b"\xff\xd8\xff", "a JPEG image", "Screen the text of the article, not an image"),
          (b"GIF8", "a GIF image", "Screen the text of the article, not an image"),
          (b"\x1f\x8b", "a gzip file", "Decompress it first"))
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_MD_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.I)
_LOOKS_HTML = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Document:
    """A document to screen: its name (file path or ``-``), text and kind."""

    name: str
    text: str
    kind: str  # one of KINDS


def _kind_for(name: str, text: str, kind: str | None) -> str:
    if kind:
        if kind not in KINDS:
            raise InputError(name, "", f"unknown document kind {kind!r}", f"Use one of {', '.join(KINDS)}")
        return kind
    suffix = Path(name).suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _MD_SUFFIXES:
        return "markdown"
    return "html" if _LOOKS_HTML.match(text[:2000]) else "text"


def decode(name: str, data: bytes, encoding: str | None = None) -> str:
    """Decode a document's bytes strictly; raise ``InputError`` for binary or undecodable input."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(name, "", f"starts with a {codec} byte order mark but is not valid {codec} "
                                 f"(byte {exc.start})", "Re-save the file as UTF-8") from None
    head = data[:8192]
    for magic, what, fix in _MAGIC:
        if head.startswith(magic):
            raise InputError(name, "", f"is {what}, not a text, Markdown or HTML document", fix)
    if b"\x00" in head:
        raise InputError(name, "", "is a binary file (it holds NUL bytes), not a text, Markdown or HTML document",
                         "Pass a text file (UTF-16 needs a byte order mark)")
    codec = encoding
    if codec is None:
        declared = _META_CHARSET.search(data[:4096])
        codec = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        codecs.lookup(codec)
    except LookupError:
        raise InputError(name, "", f"unknown text encoding {codec!r}",
                         "Pass --encoding with a Python codec name such as utf-8 or cp1252") from None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(name, "", f"is not valid {codec} (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                         "Convert it to UTF-8, or pass its encoding with --encoding (e.g. cp1252, latin-1)") from None
    controls = len(_CONTROL.findall(text[:8192]))
    if controls > 8 and controls > len(text[:8192]) // 100:
        raise InputError(name, "", f"looks binary ({controls} control characters in its first 8 KB)",
                         "Pass a text, Markdown or HTML document")
    return text


def make_document(name: str, raw_text: str, kind: str | None = None) -> Document:
    """A document from decoded text: strip Markdown/HTML markup as its kind says."""
    k = _kind_for(name, raw_text, kind)
    if k == "html":
        return Document(name, strip_html(raw_text), k)
    if k == "markdown":
        return Document(name, strip_markdown(raw_text), k)
    return Document(name, raw_text, k)


def read_stream(name: str, stream: BinaryIO, *, encoding: str | None = None, kind: str | None = None,
                max_bytes: int = MAX_BYTES) -> Document:
    """Read a document from a binary stream (stdin), refusing more than ``max_bytes``."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(name, "", f"is larger than {max_bytes // (1024 * 1024)} MB, too large for one article",
                         "Split it into articles and screen those")
    return make_document(name, decode(name, data, encoding), kind)


def read_document(path: str | Path, *, encoding: str | None = None, kind: str | None = None,
                  max_bytes: int = MAX_BYTES) -> Document:
    """Read one document file (``InputError`` if missing, too large, binary or undecodable)."""
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise InputError(name, "", "is a folder, not a document", "Pass the files in it (e.g. folder/*.txt)")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(name, "", f"is {size / 1024 / 1024:.0f} MB, larger than the "
                             f"{max_bytes // (1024 * 1024)} MB limit for one article",
                             "Split it into articles and screen those")
        with open(p, "rb") as fh:
            return read_stream(name, fh, encoding=encoding, kind=kind, max_bytes=max_bytes)
    except FileNotFoundError:
        raise InputError(name, "", "no such file", "Check the path") from None
    except PermissionError:
        raise InputError(name, "", "cannot be read (permission denied)", "Check the file's permissions") from None
    except IsADirectoryError:
        raise InputError(name, "", "is a folder, not a document", "Pass the files in it") from None
