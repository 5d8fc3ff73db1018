"""Endnotes and footnotes: find the notes region, split it into notes, parse each note."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from briefparse.notes.fields import parse_note_text
from briefparse.notes.find import RawNote, find_notes
from briefparse.notes.works import Cited
from briefparse.records import Document, Endnote
from briefparse.segments import Regions, Segmentation

_IBID = re.compile(r"^(?:ibid|id)\.?(?:,?\s*(?:p{1,2}\.\s*)?\d+(?:\s*[–-]\s*\d+)?)?\.?$|^同上", re.I)


@dataclass
class NotesResult:
    """What the notes stage found: the notes, the heading and region used, warnings."""

    endnotes: list[Endnote] = field(default_factory=list)
    heading: str | None = None
    regions: Regions | None = None  # set when the notes region differs from segments.find_regions
    warnings: list[str] = field(default_factory=list)


def endnote_from_raw(doc: Document, raw: RawNote, earlier: Sequence[Cited] = ()) -> Endnote:
    """Parse one cut-out note into an ``endnotes`` row (never raises on odd text); ``earlier``: the works
    cited before it in its series, for Ibid. and short forms."""
    return _parse_one(doc, raw, earlier)[0]


def _parse_one(doc: Document, raw: RawNote, earlier: Sequence[Cited],
               library: Sequence[Cited] = ()) -> tuple[Endnote, list[Cited]]:
    """The note's row and its cited works as later back-references see them."""
    e = Endnote(doc_id=doc.doc_id, n=raw.n, raw=raw.text, start=raw.start, end=raw.end,
                page=doc.page_at(raw.start), placement=raw.placement, series=raw.series)
    try:
        nf = parse_note_text(raw.text, earlier, library, entry=raw.kind == "bibliography")
    except Exception:  # a note we cannot parse keeps its raw text; the stage warns about it
        return replace(e, kind="unparsed"), []
    w = nf.work
    cited = [] if nf.explanatory else [
        Cited(raw.n, k, work, origin or (raw.n, k))
        for k, (work, origin) in enumerate(zip(nf.works or [w], nf.origins or (None,), strict=False), start=1)]
    ref, ref_work = nf.refers_to if nf.refers_to else (None, None)
    return replace(e, authors=list(w.authors), authors_zh=list(w.authors_zh), title_en=w.title_en,
                   title_zh=w.title_zh, container_en=w.container_en, container_zh=w.container_zh,
                   date_iso=w.date_iso, urls=list(w.urls), doi=w.doi, volume=w.volume, issue=w.issue,
                   pages=w.pages, kind=raw.kind or w.kind, works=list(nf.works), refers_to=ref,
                   refers_to_work=ref_work, inherited=list(nf.inherited), commentary=nf.commentary), cited


def parse_all(doc: Document, raws: list[RawNote]) -> list[Endnote]:
    """Parse the notes in order, each seeing the works cited before it in its series (a reference list's
    entries are parsed alone: they never point back)."""
    parsed: dict[int, Endnote] = {}
    library: list[Cited] = []
    for i, r in enumerate(raws):
        if r.kind == "bibliography":
            parsed[i], cited = _parse_one(doc, r, ())
            library += [replace(c, origin=(0, c.k)) for c in cited]  # an entry is no note: never a refers_to
    earlier: dict[int, list[Cited]] = {}
    for i, r in enumerate(raws):
        if r.kind != "bibliography":
            seen = earlier.setdefault(r.series, [])
            parsed[i], cited = _parse_one(doc, r, seen, library)
            seen.extend(cited)
    return [parsed[i] for i in range(len(raws))]


def _signature(e: Endnote) -> tuple[str, ...]:
    return (e.title_en or "", e.title_zh or "", "|".join(e.authors), e.container_en or "", e.date_iso or "")


def mark_duplicates(notes: list[Endnote]) -> list[Endnote]:
    """``duplicate_of``: a note repeating an earlier one (same work, near-identical text), or ``Ibid.``."""
    out: list[Endnote] = []
    # earlier notes that are no duplicates, by placement and work: only those can be repeated (one look-up a
    # note instead of a pass over every earlier note)
    originals: dict[tuple[str, tuple[str, ...]], list[Endnote]] = {}
    for i, e in enumerate(notes):
        if _IBID.match(e.raw.strip()) and i > 0:
            prev = out[i - 1]
            e = replace(e, duplicate_of=prev.duplicate_of or prev.n)
        elif e.title_en or e.title_zh:
            e = next((replace(e, duplicate_of=p.n) for p in originals.get((e.placement, _signature(e)), ())
                      if fuzz.ratio(p.raw, e.raw) >= 90), e)
        out.append(e)
        if not e.duplicate_of:
            originals.setdefault((e.placement, _signature(e)), []).append(e)
    return out


def parse_notes(doc: Document, seg: Segmentation) -> NotesResult:
    """Find and parse every note of ``doc``."""
    found = find_notes(doc)
    res = NotesResult(heading=found.heading or seg.regions.notes_heading, warnings=list(found.warnings))
    res.endnotes = parse_all(doc, found.notes)
    for e in res.endnotes:
        if e.kind == "unparsed":
            res.warnings.append(f"note {e.n} could not be parsed: {e.raw[:80]!r}")
    res.endnotes = mark_duplicates(res.endnotes)
    if found.region is not None:
        start, end = found.region
        cur = seg.regions
        back = found.back_start
        if interleaved(doc, found.spans):
            res.regions = Regions(start, back, back, res.heading, notes_spans=list(found.spans))
        elif cur.notes_start != start or (cur.notes_end or len(doc.text)) < end:
            res.regions = Regions(start, back, back, res.heading)
    return res


def interleaved(doc: Document, spans: list[tuple[int, int]]) -> bool:
    """Whether body text lies between notes regions (notes printed after each chapter)."""
    for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False):
        if any(b.kind in ("paragraph", "list_item") and a_end <= b.start < b_start for b in doc.blocks):
            return True
    return False
