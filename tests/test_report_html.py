"""The HTML report: self-contained, escaped, and rendered by a real headless Chromium."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from watchlist.report_html import write_html
from watchlist.screen.articles import MentionAlert
from watchlist.screen.documents import Document
from watchlist.screen.screener import Alert

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _alert(**kw):
    base = dict(query="Qasem Soleimani", input_id="", rank=1, score=98.5, decision="match", list="ofac-sdn",
                list_version=1, list_published="", entity_id="10481", entity_type="person",
                matched_name="SOLEIMANI, Qasem", matched_name_kind="primary", primary_name="SOLEIMANI, Qasem",
                programs="SDGT", explanation="exact")
    base.update(kw)
    return Alert(**base)


def _page(text="Iranian commander Qasem Soleimani <script>alert(1)</script> and Donald Trump."):
    doc = Document("a<b>.txt", text, "text")
    s = text.index("Qasem")
    t = text.index("Donald")
    rows = [MentionAlert(doc.name, "Qasem Soleimani", s, s + 15, "", 1, "", "person", "caps", _alert()),
            MentionAlert(doc.name, "Donald Trump", t, t + 12, "", 2, "", "person", "caps", None)]
    buf = io.StringIO()
    write_html(buf, [(doc, rows)], subtitle="screened against ofac-sdn v1", errors=["Error: bad.bin: binary."])
    return buf.getvalue()


def test_page_is_self_contained_and_escaped():
    page = _page()
    assert page.startswith("<!DOCTYPE html>") and "<script>" not in page and "&lt;script&gt;" in page
    assert "http" not in page.replace("http-equiv", "")  # no external resource
    assert '<mark class="match"' in page and '<mark class="none"' in page
    assert "10481" in page and "a&lt;b&gt;.txt" in page and "bad.bin" in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_chromium_renders_the_page(tmp_path):
    html = tmp_path / "report.html"
    html.write_text(_page(), encoding="utf-8")
    png = tmp_path / "shot.png"
    profile = tempfile.mkdtemp()
    try:
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1400,1000",
                        html.as_uri()], check=True, capture_output=True, timeout=120, env={**os.environ})
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
    keep = os.environ.get("WATCHLIST_KEEP_SCREENSHOT")
    if keep:
        Path(keep).write_bytes(data)
