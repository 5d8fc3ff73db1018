"""In-text note calls: find them and link them to the notes."""

from __future__ import annotations

from briefparse.records import Document, Endnote, Marker
from briefparse.segments import Segmentation


def find_markers(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> list[Marker]:
    """Every note call in the body, with the notes it calls and its sentence."""
    return []
