"""What the cross-check reads and says: a retrieved source (text, figures, dates, page lines, provenance),
a figure it states, the verdict on one claim, and the source sentence around a match.

Kept apart from the checking code so the date and count checkers (``claims.dating``, ``claims.counted``)
and ``build_claims`` share these types without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefparse.claims.script import fold
from briefparse.records import SourceOrigin
from briefparse.sources.source_text import page_lines

_SENT_SPLIT = re.compile(r"[^。！？；;\n]+[。！？；;]?")


@dataclass
class SourceFigure:
    """A number a source states, with where it stands."""

    value: float | None
    low: float | None
    high: float | None
    unit: str
    qualifier: str | None
    start: int
    end: int
    text: str


@dataclass
class SourceText:
    """One retrieved source: its text, simplified form, figures and where it came from."""

    url: str
    text: str
    simplified: str
    sha256: str | None
    text_path: str | None
    figures: list[SourceFigure] = field(default_factory=list)
    dates: list[tuple[str, int, int, str]] = field(default_factory=list)  # (iso, start, end, text)
    folded: str = ""  # simplified script, ASCII digits, same length as ``text`` (``claims.script.fold``)
    lines: list[tuple[int, int, str]] = field(default_factory=list)  # byline / furniture / date_line spans
    origins: list[SourceOrigin] = field(default_factory=list)  # where each stretch of ``text`` was read from

    def __post_init__(self) -> None:
        if not self.folded:
            self.folded = fold(self.text)
        if not self.lines:
            self.lines = page_lines(self.text)


@dataclass
class Verdict:
    status: str
    reason: str | None = None
    evidence: str | None = None
    evidence_url: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    source_sha256: str | None = None
    text_path: str | None = None
    figure: str | None = None  # the source's figure (or date) inside the evidence, and where it is in the source
    figure_start: int | None = None
    figure_end: int | None = None
    origin: SourceOrigin | None = None  # where the evidence was read from (see ``Claim.evidence_source``)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The source sentence (split on 。！？；; and newlines) holding ``[start, end)``."""
    for m in _SENT_SPLIT.finditer(text):
        if m.start() <= start < m.end() or (m.start() < end <= m.end()):
            a, b = m.start(), m.end()
            while a < b and text[a].isspace():
                a += 1
            return a, b
    return start, end
