"""Domain vocabularies shipped as data files in ``briefparse/data/`` (TSV), loaded once per process.

Vocabularies (translations, context words, host lists) live apart from the algorithms that use them,
as spaCy keeps language data apart: a reviewer can read and extend them without reading code.
Format: UTF-8, one entry per line, tab-separated columns, ``#`` starts a comment line, rows sorted.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Every row of ``data/<name>`` as a tuple of its tab-separated cells (comments and blank lines dropped)."""
    text = resources.files("briefparse").joinpath("data", name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(out)


def words(name: str) -> frozenset[str]:
    """The first column of ``data/<name>`` as a set (a word list)."""
    return frozenset(r[0] for r in rows(name))


def mapping(name: str) -> dict[str, str]:
    """Two-column ``data/<name>`` as a dict (key → value)."""
    return {r[0]: r[1] for r in rows(name)}


def multimap(name: str) -> dict[str, tuple[str, ...]]:
    """``data/<name>`` as key → every value given for it (one row per pair, or several values in one row)."""
    out: dict[str, list[str]] = {}
    for r in rows(name):
        out.setdefault(r[0], []).extend(v for v in r[1:] if v)
    return {k: tuple(v) for k, v in out.items()}
