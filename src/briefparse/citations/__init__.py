"""Trained citation field tagger: CRF over AnyStyle core + generated CSL-rendered notes (see README.md)."""

from .model import CitationModelError
from .tagger import CitationFields, Field, parse_citation, split_names, tag_citation, to_iso_date

__all__ = ["CitationFields", "CitationModelError", "Field", "parse_citation", "split_names", "tag_citation", "to_iso_date"]
