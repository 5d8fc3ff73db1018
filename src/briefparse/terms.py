"""Bilingual term pairs and abbreviations."""

from __future__ import annotations

from briefparse.records import Abbreviation, Document, Endnote, Term
from briefparse.segments import Segmentation


def extract_terms(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> tuple[list[Term], list[Abbreviation]]:
    """English–Chinese pairs and abbreviations of one document."""
    return [], []
