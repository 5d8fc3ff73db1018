"""Typed results of the stages: one ingested input, one analysed document, one whole run.

They are frozen like the records they carry: a stage returns a new result instead of changing the one
it was given, so the CLI and the Dagster code location see the same values whatever order they run in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefparse.records import (
    Abbreviation,
    Block,
    Claim,
    DateExpr,
    Document,
    DocumentRow,
    Endnote,
    Marker,
    Quantity,
    SourceRecord,
    Term,
    UrlRecord,
)


@dataclass(frozen=True)
class Ingested:
    """An input after ingestion: its Document, or the error row saying why there is none."""

    row: DocumentRow
    doc: Document | None


@dataclass(frozen=True)
class DocResult:
    """Everything the per-document stages produced for one input."""

    row: DocumentRow
    text: str | None = None
    blocks: list[Block] = field(default_factory=list)
    endnotes: list[Endnote] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    urls: list[UrlRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # filled by the per-document cross-check (``corpus.finish_document``): the document's cited sources
    # (``cited_by`` naming this document only) and its claims
    sources: list[SourceRecord] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


@dataclass(frozen=True)
class CorpusResult:
    """The whole run: per-document results plus corpus-wide tables."""

    docs: list[DocResult]
    sources: list[SourceRecord] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[DocResult]:
        return [d for d in self.docs if d.row.status != "ok"]
