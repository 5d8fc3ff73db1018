"""Endnotes and footnotes: find the notes region, split it into notes, parse each note."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefparse.records import Document, Endnote
from briefparse.segments import Regions, Segmentation


@dataclass
class NotesResult:
    """What the notes stage found: the notes, the heading and region used, warnings."""

    endnotes: list[Endnote] = field(default_factory=list)
    heading: str | None = None
    regions: Regions | None = None  # set when the notes region differs from segments.find_regions
    warnings: list[str] = field(default_factory=list)


def parse_notes(doc: Document, seg: Segmentation) -> NotesResult:
    """Find and parse every note of ``doc``."""
    return NotesResult(heading=seg.regions.notes_heading)
