"""The per-document stages, in one list that both the CLI and the Dagster code location run.

Each stage takes the document's state so far and returns a new one (records are frozen); ``STAGES`` is
the order data flows in. ``process_document`` runs ingestion and every stage on one file and never raises:
a file that cannot be read, or a stage that fails, becomes a ``documents`` row with ``status=error``.
"""

from __future__ import annotations

import gc
import logging
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from briefparse.errors import IngestError
from briefparse.extract.dates import extract_dates
from briefparse.extract.quantities import extract_quantities
from briefparse.ingest import ingest, ingest_bytes
from briefparse.notes import parse_notes
from briefparse.notes.markers import call_checks, find_markers
from briefparse.options import PdfEngine
from briefparse.records import Document, DocumentRow
from briefparse.results import DocResult, Ingested
from briefparse.segments import Segmentation, segment
from briefparse.sources.inventory import inventory_urls
from briefparse.terms import extract_terms

log = logging.getLogger("briefparse")


@dataclass(frozen=True)
class DocState:
    """A document between two stages: its text and layout, its segmentation, and the results so far."""

    doc: Document
    seg: Segmentation
    result: DocResult


def notes_stage(s: DocState) -> DocState:
    """Notes found and parsed; the segmentation redone when the notes region differs from the first guess."""
    notes = parse_notes(s.doc, s.seg)
    seg = segment(s.doc, notes.regions) if notes.regions is not None else s.seg
    row = replace(s.result.row, notes_heading=notes.heading or seg.regions.notes_heading,
                  note_count=len(notes.endnotes))
    return replace(s, seg=seg, result=replace(s.result, row=row, endnotes=notes.endnotes,
                                              warnings=[*s.result.warnings, *notes.warnings]))


def markers_stage(s: DocState) -> DocState:
    """In-text calls linked to their notes, with warnings for uncalled notes and calls to missing ones."""
    markers = find_markers(s.doc, s.seg, s.result.endnotes)
    warnings = [*s.result.warnings, *call_checks(s.result.endnotes, markers)]
    row = replace(s.result.row, call_count=len(markers))
    return replace(s, result=replace(s.result, row=row, markers=markers, warnings=warnings))


def terms_stage(s: DocState) -> DocState:
    """English–Chinese term pairs and abbreviations."""
    terms, abbreviations = extract_terms(s.doc, s.seg, s.result.endnotes)
    return replace(s, result=replace(s.result, terms=terms, abbreviations=abbreviations))


def quantities_stage(s: DocState) -> DocState:
    """Numeric quantities with the calls that back them."""
    return replace(s, result=replace(s.result, quantities=extract_quantities(s.doc, s.seg, s.result.markers)))


def dates_stage(s: DocState) -> DocState:
    """Date expressions of the body and the notes."""
    return replace(s, result=replace(s.result, dates=extract_dates(s.doc, s.seg, s.result.endnotes)))


def urls_stage(s: DocState) -> DocState:
    """The URL inventory with its flags."""
    return replace(s, result=replace(s.result, urls=inventory_urls(s.doc, s.seg, s.result.endnotes)))


Stage = Callable[[DocState], DocState]
# (name, stage) in the order data flows; the name is the table the stage fills
STAGES: tuple[tuple[str, Stage], ...] = (
    ("endnotes", notes_stage),
    ("markers", markers_stage),
    ("terms", terms_stage),
    ("quantities", quantities_stage),
    ("dates", dates_stage),
    ("urls", urls_stage),
)


def document_row(doc: Document) -> DocumentRow:
    """The ``documents`` row of a document that was read."""
    return DocumentRow(doc_id=doc.doc_id, path=doc.path, sha256=doc.sha256, media_type=doc.media_type,
                       pages=doc.pages, chars=len(doc.text), encoding=doc.encoding, ocr=doc.ocr)


# the stage the current document is in (read by the CLI's per-document time budget to name it)
current_stage = ["ingest"]


def analyse(doc: Document) -> DocResult:
    """Run every per-document stage on an ingested Document."""
    current_stage[0] = "segments"
    state = DocState(doc, segment(doc), DocResult(row=document_row(doc), text=doc.text, blocks=list(doc.blocks),
                                                  warnings=list(doc.warnings)))
    for name, stage in STAGES:
        current_stage[0] = name
        state = stage(state)
    return state.result


def ingest_one(path: str | Path, doc_id: str, pdf_engine: PdfEngine = "pypdfium2") -> Ingested:
    """Ingest one file; a bad file gives ``status=error`` with the problem, never an exception."""
    try:
        doc = ingest(path, doc_id, pdf_engine=pdf_engine)
    except IngestError as e:
        return Ingested(DocumentRow(doc_id=doc_id, path=str(path), status="error", error=e.problem), None)
    except Exception as e:  # a reader bug must not stop the other documents
        return Ingested(DocumentRow(doc_id=doc_id, path=str(path), status="error",
                                    error=f"could not read: {type(e).__name__}: {e}"), None)
    return Ingested(document_row(doc), doc)


def analyse_ingested(got: Ingested) -> DocResult:
    """Every stage on an ingested input; an unreadable input or a failing stage gives an error row."""
    if got.doc is None:
        return DocResult(row=got.row)
    doc = got.doc
    try:
        return analyse(doc)
    except Exception as e:
        log.debug(traceback.format_exc(limit=3))
        return DocResult(row=replace(document_row(doc), status="error",
                                     error=f"analysis failed: {type(e).__name__}: {e}"), text=doc.text)


class _GcPause:
    """Shared state of ``gc_paused``: how many callers are inside, and whether GC was on before."""

    lock = threading.Lock()
    depth = 0
    was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while one document is processed, then resume it.

    The per-document stages allocate millions of short-lived, acyclic objects (glyphs, lines,
    tokens, matches). Each automatic full collection re-walks the whole live heap (spaCy's
    vocabulary, the lines of every page read so far), so on long PDFs the collector's share grew
    with the page count. These stages leave almost no cyclic garbage (about 60 objects a page,
    freed at the next collection after the pause), so pausing changes no result. Nested and
    concurrent uses nest: GC comes back on when the last one ends, and only if it was on before.
    """
    with _GcPause.lock:
        if _GcPause.depth == 0:
            _GcPause.was_enabled = gc.isenabled()
            gc.disable()
        _GcPause.depth += 1
    try:
        yield
    finally:
        with _GcPause.lock:
            _GcPause.depth -= 1
            if _GcPause.depth == 0 and _GcPause.was_enabled:
                gc.enable()


def process_document(path: str | Path, doc_id: str, pdf_engine: PdfEngine = "pypdfium2") -> DocResult:
    """Ingest and analyse one file; errors become a ``status=error`` row, never an exception."""
    current_stage[0] = "ingest"
    with gc_paused():
        return analyse_ingested(ingest_one(path, doc_id, pdf_engine))


def warm_up() -> DocResult:
    """Run every stage once on a small shipped brief, so a process loads what the stages load on first use
    (spaCy and its Matchers, word lists, the citation model, the Public Suffix List) before its first real document.

    Those loads are paid once per process, not per document: the workers' server runs this before forking,
    and the benchmarks before timing a document.
    """
    data = resources.files("briefparse").joinpath("data/warm_up_brief.txt").read_bytes()
    return analyse(ingest_bytes(data, "warm-up.txt", "warm-up.txt"))
