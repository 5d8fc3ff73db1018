"""The main job as plain functions: per-document stages, then corpus-wide stages.

``process_document`` never raises: a document that cannot be read becomes a ``documents``
row with ``status=error`` and the run goes on. ``run`` fans documents out over processes
(``--jobs``), then writes every table of the output contract atomically.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefparse import notes as notes_mod
from briefparse import terms as terms_mod
from briefparse.extract import dates as dates_mod
from briefparse.extract import quantities as quantities_mod
from briefparse.ingest import IngestError, ingest
from briefparse.notes import markers as markers_mod
from briefparse.outputs.glossary_files import write_glossary
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
from briefparse.segments import Segmentation, segment
from briefparse.sources import inventory as sources_mod
from briefparse.text.files import write_text_atomic

log = logging.getLogger("briefparse")

SUPPORTED_SUFFIXES = {".pdf", ".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".markdown"}


@dataclass
class RunOptions:
    """What ``briefparse run`` was asked to do."""

    out: Path = Path("outputs")
    jobs: int = 1
    pdf_engine: str = "pypdfium2"
    sources_warc: Path | None = None
    fetch: bool = False
    allow_private: bool = False
    respect_robots: bool = True
    progress: bool = True
    fetch_settings: Any = None  # a briefparse.fetch.FetchSettings overriding timeouts, caps and delays
    write_store: bool = True  # retrieval writes OUT/sources.warc.gz, sources.cdxj and source texts


@dataclass
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


@dataclass
class CorpusResult:
    """The whole run: per-document results plus corpus-wide tables."""

    docs: list[DocResult]
    sources: list[SourceRecord] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[DocResult]:
        return [d for d in self.docs if d.row.status != "ok"]


def discover(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Expand files and folders into ``(path, doc_id)`` pairs in a stable order.

    doc_id is the path relative to the folder given (a file given directly: its name).
    Files of unsupported types inside folders are skipped; given directly they are kept
    so that they fail with a clear error.
    """
    found: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.startswith("."):
                    found.append((f, f.relative_to(p).as_posix()))
        else:
            found.append((p, p.name))
    seen: set[str] = set()
    unique = []
    for f, d in found:
        if d not in seen:
            seen.add(d)
            unique.append((f, d))
    return unique


def analyse(doc: Document) -> DocResult:
    """Run every per-document stage on an ingested Document."""
    res = DocResult(row=DocumentRow(doc_id=doc.doc_id, path=doc.path, sha256=doc.sha256,
                                    media_type=doc.media_type, pages=doc.pages, chars=len(doc.text),
                                    encoding=doc.encoding), text=doc.text, blocks=list(doc.blocks))
    res.warnings.extend(doc.warnings)
    seg: Segmentation = segment(doc)
    notes = notes_mod.parse_notes(doc, seg)
    if notes.regions is not None:
        seg = segment(doc, notes.regions)
    res.warnings.extend(notes.warnings)
    res.endnotes = notes.endnotes
    res.markers = markers_mod.find_markers(doc, seg, res.endnotes)
    res.warnings.extend(markers_mod.call_checks(res.endnotes, res.markers))
    res.terms, res.abbreviations = terms_mod.extract_terms(doc, seg, res.endnotes)
    res.quantities = quantities_mod.extract_quantities(doc, seg, res.markers)
    res.dates = dates_mod.extract_dates(doc, seg, res.endnotes)
    res.urls = sources_mod.inventory_urls(doc, seg, res.endnotes)
    res.row = replace(res.row, notes_heading=notes.heading or seg.regions.notes_heading,
                      note_count=len(res.endnotes), call_count=len(res.markers))
    return res


@dataclass
class Ingested:
    """An input after ingestion: its Document, or the error row saying why there is none."""

    row: DocumentRow
    doc: Document | None


def ingest_one(path: str | Path, doc_id: str, pdf_engine: str = "pypdfium2") -> Ingested:
    """Ingest one file; a bad file gives ``status=error`` with the problem, never an exception."""
    try:
        doc = ingest(path, doc_id, pdf_engine=pdf_engine)
    except IngestError as e:
        return Ingested(DocumentRow(doc_id=doc_id, path=str(path), status="error", error=e.problem), None)
    except Exception as e:  # a reader bug must not stop the other documents
        return Ingested(DocumentRow(doc_id=doc_id, path=str(path), status="error",
                                    error=f"could not read: {type(e).__name__}: {e}"), None)
    return Ingested(DocumentRow(doc_id=doc_id, path=str(path), sha256=doc.sha256, media_type=doc.media_type,
                                pages=doc.pages, chars=len(doc.text), encoding=doc.encoding), doc)


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


def process_document(path: str | Path, doc_id: str, pdf_engine: str = "pypdfium2") -> DocResult:
    """Ingest and analyse one file; errors become a ``status=error`` row, never an exception."""
    with gc_paused():
        return _process_document(path, doc_id, pdf_engine)


def _process_document(path: str | Path, doc_id: str, pdf_engine: str) -> DocResult:
    ingested = ingest_one(path, doc_id, pdf_engine)
    if ingested.doc is None:
        return DocResult(row=ingested.row)
    doc = ingested.doc
    try:
        return analyse(doc)
    except Exception as e:
        tb = traceback.format_exc(limit=3)
        log.debug(tb)
        return DocResult(
            row=DocumentRow(doc_id=doc_id, path=str(path), sha256=doc.sha256, media_type=doc.media_type,
                            pages=doc.pages, chars=len(doc.text), status="error",
                            error=f"analysis failed: {type(e).__name__}: {e}"),
            text=doc.text,
        )


def _process_args(args: tuple[str, str, str]) -> DocResult:
    return process_document(*args)


def process_all(items: list[tuple[Path, str]], jobs: int = 1, pdf_engine: str = "pypdfium2",
                on_done: Callable[[DocResult], None] | None = None) -> list[DocResult]:
    """Process documents, in parallel when ``jobs > 1``; results keep the input order."""
    args = [(str(p), d, pdf_engine) for p, d in items]
    results: list[DocResult] = []
    if jobs > 1 and len(args) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as ex:
            for r in ex.map(_process_args, args, chunksize=max(1, len(args) // (jobs * 8) or 1)):
                results.append(r)
                if on_done:
                    on_done(r)
    else:
        for a in args:
            r = _process_args(a)
            results.append(r)
            if on_done:
                on_done(r)
    return results


def finish_corpus(docs: list[DocResult], opts: RunOptions) -> CorpusResult:
    """Corpus-wide stages: retrieve sources, cross-check claims."""
    from briefparse import claims as crossref
    from briefparse.sources import retrieval

    result = CorpusResult(docs=docs)
    urls = [u for d in docs for u in d.urls]
    try:
        retrieved = retrieval.retrieve_sources(urls, opts)
        for d in docs:
            d.urls = retrieved.urls_with_status(d.urls)
        result.sources = retrieved.sources
        result.warnings.extend(retrieved.warnings)
        if opts.fetch:
            result.warnings.extend(_source_failures(retrieved.sources, urls))
    except Exception as e:
        retrieved = None
        result.warnings.append(f"source retrieval failed: {type(e).__name__}: {e}")
    try:
        result.claims = crossref.build_claims(docs, retrieved)
    except Exception as e:
        result.warnings.append(f"claims cross-check failed: {type(e).__name__}: {e}")
    return result


_FAILED_SOURCE = ("refused", "error", "timeout", "redirect_loop", "too_many_redirects", "too_large", "robots",
                  "http_error", "unreachable", "unsupported")


def _source_failures(sources: list[SourceRecord], urls: list[UrlRecord]) -> list[str]:
    """One warning per cited source that could not be fetched, naming the documents and notes citing it."""
    cited: dict[str, list[str]] = {}
    for u in urls:
        where = f"{u.doc_id} note {u.note}" if u.note is not None else f"{u.doc_id} body"
        cited.setdefault(u.url, []).append(where)
    out = []
    for s in sources:
        status = str(s.status or "")
        if s.error or any(status.startswith(f) for f in _FAILED_SOURCE):
            who = ", ".join(dict.fromkeys(cited.get(s.url, []))) or "?"
            out.append(f"{who}: source {s.url} not retrieved: {s.error or status}")
    return out


def write_outputs(result: CorpusResult, out: Path) -> dict[str, Any]:
    """Write every file of the output contract under ``out``; return the table frames."""
    from briefparse.outputs import references as export
    from briefparse.outputs import report
    from briefparse.outputs import tables as output

    out.mkdir(parents=True, exist_ok=True)
    docs = result.docs
    for d in docs:
        if d.text is not None:
            write_text_atomic(out / "text" / f"{d.row.doc_id}.txt", d.text)
    rows = [replace(d.row, warnings=d.warnings) for d in docs]
    tables: dict[str, list[Any]] = {
        "documents": rows,
        "endnotes": [x for d in docs for x in d.endnotes],
        "markers": [x for d in docs for x in d.markers],
        "terms": [x for d in docs for x in d.terms],
        "abbreviations": [x for d in docs for x in d.abbreviations],
        "quantities": [x for d in docs for x in d.quantities],
        "dates": [x for d in docs for x in d.dates],
        "urls": [x for d in docs for x in d.urls],
        "sources": result.sources,
        "claims": result.claims,
    }
    frames = {name: output.write_table(out, name, rows) for name, rows in tables.items()}
    output.write_duckdb(out, frames)
    export.write_references(out, tables["endnotes"])
    write_glossary(out, tables["terms"])
    report.write_report(out, frames)
    return frames


def run(paths: Iterable[str | Path], opts: RunOptions) -> CorpusResult:
    """The main job: discover, process, finish, write. Returns what was done."""
    items = discover(paths)
    progress = None
    if opts.progress and sys.stderr.isatty() or (opts.progress and len(items) > 20):
        from rich.console import Console
        from rich.progress import Progress

        progress = Progress(transient=False, console=Console(stderr=True))
    if progress is not None:
        with progress:
            task = progress.add_task("documents", total=len(items))
            docs = process_all(items, opts.jobs, opts.pdf_engine, lambda r: progress.advance(task))
    else:
        docs = process_all(items, opts.jobs, opts.pdf_engine)
    result = finish_corpus(docs, opts)
    write_outputs(result, opts.out)
    return result
