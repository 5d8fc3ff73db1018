"""Read AnyStyle-format XML (``<dataset><sequence><author>…</author>…</sequence>``) into labelled citations.

AnyStyle tag -> our label (documented in the package README):

* author, director, producer -> author (creators); editor -> editor; translator -> translator
* title -> title; container-title, journal -> container (AnyStyle has no separate issue: ``27(3)`` stays volume)
* collection-title (a series) and source (a database or archive) -> other; medium -> genre
* date, volume, pages, publisher, location, url, doi, isbn, edition, genre, note, citation-number -> same name
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from .labels import LabeledText

__all__ = ["ANYSTYLE_MAP", "read_anystyle", "parse_anystyle"]

ANYSTYLE_MAP: dict[str, str] = {
    "author": "author", "director": "author", "producer": "author", "editor": "editor", "translator": "translator",
    "title": "title", "container-title": "container", "journal": "container", "collection-title": "other",
    "source": "other", "medium": "genre", "date": "date", "volume": "volume", "pages": "pages",
    "publisher": "publisher", "location": "location", "url": "url", "doi": "doi", "isbn": "isbn",
    "edition": "edition", "genre": "genre", "note": "note", "citation-number": "citation-number",
}


def parse_anystyle(xml_text: str) -> list[LabeledText]:
    """Parse AnyStyle XML text; a reference's text is its elements' texts joined by single spaces."""
    root = ET.fromstring(xml_text)
    out: list[LabeledText] = []
    for seq in root.iter("sequence"):
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        pos = 0
        for el in seq:
            value = " ".join((el.text or "").split())
            if not value:
                continue
            if parts:
                pos += 1
            label = ANYSTYLE_MAP.get(el.tag, "other")
            spans.append((pos, pos + len(value), label))
            parts.append(value)
            pos += len(value)
        if parts:
            out.append(LabeledText(" ".join(parts), tuple(spans), style="anystyle"))
    return out


def read_anystyle(path: str | Path) -> list[LabeledText]:
    """Read an AnyStyle-format XML file."""
    return parse_anystyle(Path(path).read_text(encoding="utf-8"))
