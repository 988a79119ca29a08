"""Reading documents: decoding, binary/huge refusals, Markdown/HTML stripping with exact text."""

from __future__ import annotations

import io

import pytest

from watchlist.errors import InputError
from watchlist.screen.documents import decode, make_document, read_document, read_stream
from watchlist.screen.markup import strip_html, strip_markdown


def test_utf8_and_boms(tmp_path):
    text = "Qasem Soleimani met قاسم سليماني’s aide\n"
    for enc in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        p = tmp_path / f"a-{enc}.txt"
        p.write_bytes(text.encode(enc))
        assert read_document(p).text == text


def test_undecodable_names_file_and_fix(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Soleimani à Bagdad".encode("cp1252"))
    with pytest.raises(InputError) as exc:
        read_document(p)
    assert str(p) in str(exc.value) and "--encoding" in str(exc.value)
    assert read_document(p, encoding="cp1252").text == "Soleimani à Bagdad"


def test_unknown_encoding_and_binary_and_pdf():
    with pytest.raises(InputError, match="unknown text encoding 'klingon'"):
        decode("a.txt", b"abc", "klingon")
    with pytest.raises(InputError, match="binary file"):
        decode("a.bin", b"ab\x00cd" * 10)
    with pytest.raises(InputError, match="a PDF file"):
        decode("a.pdf", b"%PDF-1.7\n...")
    with pytest.raises(InputError, match="ZIP"):
        decode("a.docx", b"PK\x03\x04rest")


def test_too_large_is_refused_with_the_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"word " * 300)
    with pytest.raises(InputError, match="larger than"):
        read_document(p, max_bytes=1000)
    with pytest.raises(InputError, match="larger than"):
        read_stream("-", io.BytesIO(b"x" * 2000), max_bytes=1000)


def test_missing_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_document(tmp_path)


def test_html_is_stripped_to_visible_text():
    html = ("<!doctype html><html><head><title>US strike</title><style>p{color:red}</style>"
            "<script>var soleimani = 1</script></head><body><h1>Strike &amp; reaction</h1>"
            "<p>Iranian <b>Quds Force</b> commander\n   Qasem   Soleimani&nbsp;died.</p>"
            "<ul><li>Abu Mahdi al-Muhandis</li></ul></body></html>")
    assert strip_html(html) == ("US strike\nStrike & reaction\nIranian Quds Force commander Qasem Soleimani died.\n"
                                "Abu Mahdi al-Muhandis\n")
    assert make_document("x.html", html).kind == "html"
    assert make_document("-", html).kind == "html"  # sniffed from the content


def test_markdown_is_stripped_line_by_line():
    md = ("# US strike kills *Qasem Soleimani* #\n\n> A **quote** by [Hashim Safi al-Din](http://x.y) and `code`\n"
          "- item snake_case _emph_\n---\n[1]: http://example.org\n")
    assert strip_markdown(md) == "US strike kills Qasem Soleimani\n\nA quote by Hashim Safi al-Din and code\nitem snake_case emph\n"
    assert make_document("a.md", md).kind == "markdown"
