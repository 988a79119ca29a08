"""Readers for publisher list formats: one module per format, each returning a ParsedList.

A reader is ``read(paths, options) -> ParsedList``; ``paths`` are the files or
folders the user named, ``options`` the format's own settings (the generic
reader's column map). Readers raise ``ListFormatError`` naming the file and row.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from watchlist.errors import ListFormatError
from watchlist.models import ParsedList

__all__ = ["FORMATS", "read_list"]

#: format name -> module in this package that defines ``read(paths, options)``
FORMATS: dict[str, str] = {
    "ofac-sdn": "ofac",
    "ofac-cons": "ofac",
    "uk-ofsi": "uk_ofsi",
    "un-sc": "un_sc",
    "opensanctions": "opensanctions",
    "generic": "generic",
}


def read_list(paths: Sequence[Path | str], fmt: str, options: Mapping[str, str] | None = None) -> ParsedList:
    """Read list files of format ``fmt`` into entities."""
    if fmt not in FORMATS:
        raise ListFormatError(
            ", ".join(str(p) for p in paths), "", f"unknown format {fmt!r}",
            f"Use one of: {', '.join(FORMATS)}.",
        )
    module = importlib.import_module(f"watchlist.sources.{FORMATS[fmt]}")
    opts = dict(options or {})
    opts.setdefault("format", fmt)
    return module.read([Path(p) for p in paths], opts)
