"""The one compiled part: the PDF reader's per-character loops (``briefparse.ingest._glyphs``).

Everything else is declared in pyproject.toml. The extension is optional: without a C compiler the
install goes on and the reader uses its Python loops, which give the same results, only slower.
``-ffp-contract=off``: no fused multiply-adds, so every float sum and product is rounded as Python rounds it.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("briefparse.ingest._glyphs", ["src/briefparse/ingest/_glyphs.c"],
                             extra_compile_args=["-O2", "-ffp-contract=off"], optional=True)])
