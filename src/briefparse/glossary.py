"""The corpus glossary (CSV + TBX) and the jieba user dictionary built from it."""

from __future__ import annotations

from pathlib import Path

from briefparse.records import Term


def write_glossary(out: Path, terms: list[Term]) -> None:
    """Write glossary.csv and glossary.tbx."""
    return None
