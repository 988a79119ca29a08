"""Reference data files (``names/data/*.yml``): one loader for every module that reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["DATA", "load_yaml"]

DATA = Path(__file__).parent / "data"
# libyaml's parser when PyYAML was built with it (wheels are): about 8x faster than the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path | str) -> Any:
    """Parse one YAML file (a name relative to ``names/data``, or a path) safely."""
    p = Path(path)
    if not p.is_absolute():
        p = DATA / p
    return yaml.load(p.read_text(encoding="utf-8"), Loader=_LOADER)
