"""Getting the cited sources: replay from a WARC, or fetch (when asked), then extract text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefparse.records import SourceRecord, UrlRecord


@dataclass
class RetrievalResult:
    """Retrieved sources and, per URL, the path of the extracted text."""

    sources: list[SourceRecord] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # url -> source text
    warnings: list[str] = field(default_factory=list)


def retrieve_sources(urls: list[UrlRecord], opts: Any) -> RetrievalResult:
    """Retrieve every distinct cited URL the options allow."""
    return RetrievalResult()
