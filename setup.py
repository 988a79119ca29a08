"""The compiled name matcher (csrc/); everything else is declared in pyproject.toml.

The build records a digest of the C sources (ENGINE_SOURCES); a source checkout whose csrc/
no longer matches its built module refuses to import it (watchlist.engine), so a stale
build is never silently used: re-run ``pip install -e .``.
"""

import hashlib
import os
import subprocess
import sysconfig
from pathlib import Path

from setuptools import Extension, setup

CSRC = Path(__file__).resolve().parent / "csrc"
SOURCES = ["module.c", "search.c", "score.c", "explain.c", "wordsim.c", "strdist.c", "mcache.c", "skeleton.c", "compound.c"]
HEADERS = ["engine.h", "score.h", "explain.h", "module.h", "mcache.h", "skeleton.h", "may.h"]


def source_digest() -> str:
    """sha256 of every csrc/*.c and *.h (name and content), as watchlist.engine checks it."""
    h = hashlib.sha256()
    for path in sorted(CSRC.glob("*.[ch]")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def gcc() -> bool:
    """True when the C compiler is GCC, whose link-time optimization works with any linker it ships with
    (clang's needs a linker plugin: elsewhere the engine is built without it)."""
    cc = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    try:
        out = subprocess.run([cc, "--version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "Free Software Foundation" in out


# -O3 and link-time optimization (small functions of one file inlined in another): the engine's search
# of 27,000 names of the batch bench (their analysis cached) took 4.47 s of CPU at -O2, 4.35 at -O3,
# 4.15 at -O3 with LTO
FLOAT = ["-ffp-contract=off", "-fno-fast-math"]  # bit-identical floats with the Python reference: no FMA
LTO = ["-flto"] if gcc() else []

setup(
    ext_modules=[
        Extension(
            "watchlist._engine",
            sources=[f"csrc/{s}" for s in SOURCES],
            depends=[f"csrc/{h}" for h in HEADERS],
            define_macros=[("ENGINE_SOURCES", f'"{source_digest()}"')],
            extra_compile_args=["-O3", "-std=c11", *FLOAT, "-Wall", "-Wextra", "-Wno-missing-field-initializers",
                                "-Wno-unused-parameter", *LTO],
            extra_link_args=["-O3", *FLOAT, *LTO],
        )
    ]
)
