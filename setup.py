"""The one compiled part: the pdfium reader's per-character loop (``briefparse.ingest._glyphs``).

Everything else is declared in pyproject.toml. The extension is optional: without a C compiler the
install goes on and the reader uses its Python loop, which gives the same glyphs, only slower.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("briefparse.ingest._glyphs", ["src/briefparse/ingest/_glyphs.c"],
                             extra_compile_args=["-O2"], optional=True)])
