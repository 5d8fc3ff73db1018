"""The corpus-wide stages, after every document: retrieve the cited sources, then cross-check the claims.

The CLI runs them through ``finish_corpus``; the Dagster code location runs the same two functions as
its ``sources`` and ``claims`` assets, so both paths give the same tables.
"""

from __future__ import annotations

from dataclasses import replace

from briefparse.claims import build_claims
from briefparse.options import RunOptions
from briefparse.records import Claim, SourceRecord, UrlRecord
from briefparse.results import CorpusResult, DocResult
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


def finish_corpus(docs: list[DocResult], opts: RunOptions) -> CorpusResult:
    """Corpus-wide stages: retrieve sources, cross-check claims."""
    retrieved = retrieve(docs, opts)
    docs = with_retrieval(docs, retrieved)
    claims, warnings = cross_check(docs, retrieved)
    return CorpusResult(docs=docs, sources=retrieved.sources, claims=claims,
                        warnings=[*retrieved.warnings, *warnings])


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
