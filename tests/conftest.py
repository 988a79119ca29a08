"""Shared fixtures: real list files, and stores built from them once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "lists-raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def raw() -> Path:
    """The real publisher files beside the project (../shared/lists-raw)."""
    if not RAW.is_dir():
        pytest.fail(f"{RAW} is missing: the tests need ../shared beside the project")
    return RAW


@pytest.fixture(scope="session")
def _bundled_store_master(tmp_path_factory) -> Path:
    from watchlist.store import Store, ensure_lists

    folder = tmp_path_factory.mktemp("bundled-store")
    store = Store(folder)
    ensure_lists(store)
    store.close()
    return folder


@pytest.fixture()
def bundled_store(_bundled_store_master, tmp_path) -> Path:
    """A store folder holding the bundled lists (a private copy per test)."""
    folder = tmp_path / "store"
    shutil.copytree(_bundled_store_master, folder)
    return folder


@pytest.fixture()
def store_path(tmp_path) -> Path:
    """An empty store folder."""
    return tmp_path / "empty-store"
