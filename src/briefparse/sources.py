"""Cited URLs: the inventory with flags (per document)."""

from __future__ import annotations

from briefparse.records import Document, Endnote, UrlRecord
from briefparse.segments import Segmentation


def inventory_urls(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> list[UrlRecord]:
    """Every URL in the notes and the body, normalised and flagged."""
    return []
