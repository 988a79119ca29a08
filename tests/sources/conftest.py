"""Shared paths for the source-reader tests."""

from __future__ import annotations

from pathlib import Path

import pytest

#: Small byte-exact cuts of the real list files.
FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists"
#: The full real list files (read-only, outside the repo); see PROVENANCE.md there.
RAW = Path(__file__).parents[2].parent / "shared" / "lists-raw"


def raw(*parts: str) -> Path:
    """A path under the real list folder; skips the test when it is absent."""
    path = RAW.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real list file not available: {path}")
    return path
