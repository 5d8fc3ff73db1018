"""Numeric quantities in English and Chinese."""

from __future__ import annotations

from briefparse.records import Document, Marker, Quantity
from briefparse.segments import Segmentation


def extract_quantities(doc: Document, seg: Segmentation, markers: list[Marker]) -> list[Quantity]:
    """Every numeric quantity of the body with its sentence and note calls."""
    return []
