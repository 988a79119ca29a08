"""The compiled name matcher (csrc/); everything else is declared in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "watchlist._engine",
            sources=["csrc/module.c", "csrc/search.c", "csrc/score.c", "csrc/wordsim.c", "csrc/strdist.c"],
            depends=["csrc/engine.h", "csrc/score.h", "csrc/module.h"],
            # bit-identical floats with the Python reference: no fused multiply-add, no fast-math
            extra_compile_args=["-O2", "-std=c11", "-ffp-contract=off", "-fno-fast-math", "-Wall", "-Wextra",
                                "-Wno-missing-field-initializers", "-Wno-unused-parameter"],
        )
    ]
)
