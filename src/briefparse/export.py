"""Parsed notes as references for reference managers: CSL-JSON, BibTeX, RIS."""

from __future__ import annotations

from pathlib import Path

from briefparse.records import Endnote


def write_references(out: Path, endnotes: list[Endnote]) -> None:
    """Write references.json, references.bib and references.ris."""
    return None
