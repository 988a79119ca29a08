"""The list snapshots bundled with watchlist, imported into a store that holds no list yet.

The snapshots live in the project's ``lists/`` folder, described row by row in
``lists/MANIFEST`` (publisher, URL, file date, sha256, licence). An installed
package finds them under ``<prefix>/share/watchlist/lists``; a source checkout
uses its own ``lists/``; ``$WATCHLIST_BUNDLE`` overrides both.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchlist.errors import StoreError
from watchlist.store.core import ImportResult, Store

__all__ = ["BundledList", "bundle_folder", "bundled_lists", "ensure_lists"]


@dataclass(frozen=True, slots=True)
class BundledList:
    """One bundled list: its name, format and files (with their expected sha256)."""

    list: str
    format: str
    files: tuple[tuple[Path, str], ...]


def bundle_folder() -> Path | None:
    """Where the bundled snapshots are, or None when this install has none."""
    candidates = []
    if os.environ.get("WATCHLIST_BUNDLE"):
        candidates.append(Path(os.environ["WATCHLIST_BUNDLE"]))
    candidates += [Path(sys.prefix) / "share" / "watchlist" / "lists", Path(__file__).resolve().parents[2] / "lists"]
    for folder in candidates:
        if (folder / "MANIFEST").is_file():
            return folder
    return None


def bundled_lists(folder: Path) -> list[BundledList]:
    """The lists described by ``folder/MANIFEST``, in manifest order."""
    lines = [ln for ln in (folder / "MANIFEST").read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    out: dict[tuple[str, str], list[tuple[Path, str]]] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        out.setdefault((row["list"], row["format"]), []).append((folder / row["file"], row["sha256"]))
    return [BundledList(name, fmt, tuple(files)) for (name, fmt), files in out.items()]


def _check(path: Path, expected: str) -> None:
    try:
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise StoreError(f"{path}: bundled list file unreadable ({exc.strerror}). Reinstall watchlist") from exc
    if actual != expected:
        raise StoreError(f"{path}: bundled list file does not match its sha256 in MANIFEST. Reinstall watchlist")


def ensure_lists(store: Store, progress: Callable[[str], None] | None = None) -> list[ImportResult]:
    """Import the bundled snapshots when the store holds no list; return what was imported."""
    if store.versions():
        return []
    folder = bundle_folder()
    if folder is None:
        raise StoreError(f"{store.path} holds no list and this install bundles none. "
                         "Import one with `watchlist lists import PATH --format FORMAT`")
    from watchlist.sources import read_list

    say = progress or (lambda _msg: None)
    results = []
    for bundled in bundled_lists(folder):
        for path, sha in bundled.files:
            _check(path, sha)
        say(f"first use: importing the bundled {bundled.list} list")
        parsed = read_list([p for p, _ in bundled.files], bundled.format)
        results.append(store.import_parsed(bundled.list, parsed, progress=progress))
    return results
