"""Sources and claims: retrieve a document's cited sources and cross-check its claims against them.

Both are done per document (``finish_document``) right after its stages, in the process that analysed it,
so no step ever holds the whole corpus: the sources table and the WARC store are assembled afterwards from
the per-document files (``outputs.assemble``).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefparse.claims import build_claims
from briefparse.options import RunOptions
from briefparse.outputs.tables import TABLES_DIR, doc_key
from briefparse.records import Claim, SourceRecord, UrlRecord
from briefparse.results import DocResult
from briefparse.sources.retrieval import RetrievalResult, retrieve_sources

_FAILED_SOURCE = ("refused", "error", "timeout", "redirect_loop", "too_many_redirects", "too_large", "robots",
                  "http_error", "unreachable", "unsupported")


def retrieve(docs: list[DocResult], opts: RunOptions) -> RetrievalResult:
    """Every cited source of every document, from the snapshot store or (when allowed) the network."""
    urls = [u for d in docs for u in d.urls]
    try:
        got = retrieve_sources(urls, opts)
    except Exception as e:
        return RetrievalResult(warnings=[f"source retrieval failed: {type(e).__name__}: {e}"])
    if opts.fetch:
        got = replace(got, warnings=[*got.warnings, *_source_failures(got.sources, urls)])
    return got


def with_retrieval(docs: list[DocResult], retrieved: RetrievalResult) -> list[DocResult]:
    """The documents with the retrieval columns of their ``urls`` rows filled."""
    return [replace(d, urls=retrieved.urls_with_status(d.urls)) for d in docs]


def cross_check(docs: list[DocResult], retrieved: RetrievalResult) -> tuple[list[Claim], list[str]]:
    """The claims table of every document, and warnings (the cross-check never stops a run)."""
    try:
        return build_claims(docs, retrieved), []
    except Exception as e:
        return [], [f"claims cross-check failed: {type(e).__name__}: {e}"]


FETCHED_DIR = "warc"  # OUT/tables/warc/<doc_key>.warc.gz: the captures fetched for one document


def retrieve_for_document(doc: DocResult, opts: RunOptions) -> RetrievalResult:
    """The document's cited sources: texts written under ``OUT/sources/``; with ``--fetch`` the records used
    and the new captures go to ``OUT/tables/warc/<doc_key>.warc.gz``, merged into ``OUT/sources.warc.gz``
    when the corpus is assembled. The store's own records are copied there once, at assembly."""
    if not doc.urls:
        return RetrievalResult()
    if not opts.fetch:
        return retrieve([doc], replace(opts, write_store=False, write_source_texts=opts.write_store))
    out = Path(opts.out)
    scratch = out / TABLES_DIR / f".fetch-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        got = retrieve([doc], replace(opts, out=scratch, write_store=opts.write_store, share_fetches=True))
        if opts.write_store:
            for f in sorted((scratch / "sources").glob("*.txt")):
                (out / "sources").mkdir(parents=True, exist_ok=True)
                os.replace(f, out / "sources" / f.name)
            warc = scratch / "sources.warc.gz"
            if warc.is_file():
                (out / TABLES_DIR / FETCHED_DIR).mkdir(parents=True, exist_ok=True)
                os.replace(warc, out / TABLES_DIR / FETCHED_DIR / (doc_key(doc.row.doc_id) + ".warc.gz"))
        return got
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@dataclass(frozen=True)
class Finished:
    """A document with its sources and claims, and what retrieving and cross-checking had to say (run
    warnings naming the document and note, not part of the document's own ``warnings``)."""

    doc: DocResult
    warnings: list[str] = field(default_factory=list)


def finish_document(doc: DocResult, opts: RunOptions) -> Finished:
    """A document with its sources retrieved and its claims cross-checked (``sources``, ``claims`` and the
    retrieval columns of ``urls`` filled); never raises."""
    if doc.row.status != "ok":
        return Finished(doc)
    retrieved = retrieve_for_document(doc, opts)
    doc = with_retrieval([doc], retrieved)[0]
    claims, warnings = cross_check([doc], retrieved)
    return Finished(replace(doc, sources=retrieved.sources, claims=claims), [*retrieved.warnings, *warnings])


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
