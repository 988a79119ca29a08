"""The compiled name matcher (csrc/); everything else is declared in pyproject.toml.

The build records a digest of the C sources (ENGINE_SOURCES); a source checkout whose csrc/
no longer matches its built module refuses to import it (watchlist.engine), so a stale
build is never silently used: re-run ``pip install -e .``.
"""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

CSRC = Path(__file__).resolve().parent / "csrc"
SOURCES = ["module.c", "search.c", "score.c", "explain.c", "wordsim.c", "strdist.c", "mcache.c", "skeleton.c"]
HEADERS = ["engine.h", "score.h", "explain.h", "module.h", "mcache.h", "skeleton.h", "may.h"]


def source_digest() -> str:
    """sha256 of every csrc/*.c and *.h (name and content), as watchlist.engine checks it."""
    h = hashlib.sha256()
    for path in sorted(CSRC.glob("*.[ch]")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


setup(
    ext_modules=[
        Extension(
            "watchlist._engine",
            sources=[f"csrc/{s}" for s in SOURCES],
            depends=[f"csrc/{h}" for h in HEADERS],
            define_macros=[("ENGINE_SOURCES", f'"{source_digest()}"')],
            # bit-identical floats with the Python reference: no fused multiply-add, no fast-math
            extra_compile_args=["-O2", "-std=c11", "-ffp-contract=off", "-fno-fast-math", "-Wall", "-Wextra",
                                "-Wno-missing-field-initializers", "-Wno-unused-parameter"],
        )
    ]
)
