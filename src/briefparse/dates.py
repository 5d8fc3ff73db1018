"""Date expressions in English and Chinese, normalised to ISO 8601."""

from __future__ import annotations

from briefparse.records import DateExpr, Document, Endnote
from briefparse.segments import Segmentation


def extract_dates(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> list[DateExpr]:
    """Every date expression in the body and the notes."""
    return []
