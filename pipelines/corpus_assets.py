"""Corpus-wide assets: sources, claims, the glossary, link health and the written outputs."""


from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from dagster import AssetExecutionContext, MetadataValue, Output, asset

from briefparse import checks, pipeline
from briefparse import claims as crossref
from briefparse import notes as notes_lib
from briefparse.outputs.glossary_files import write_glossary
from briefparse.pipeline import DocResult, Ingested
from briefparse.sources import retrieval

from .assets import COMMON, OWNERS, check_result, spec
from .metadata import frame_metadata, records_metadata, table_metadata
from .resources import BriefparseSettings


def per_document(context: AssetExecutionContext, name: str, value: Any) -> dict[str, Any]:
    """An upstream per-document input as ``{doc_id: value}``, even when the corpus has one document.

    Dagster's filesystem IO manager hands an unpartitioned asset the bare value (not a dict)
    when the upstream asset has a single partition; no per-document value is itself a dict.
    """
    if isinstance(value, dict):
        return value
    keys = list(context.asset_partition_keys_for_input(name))
    return {keys[0] if keys else "": value}


def doc_result(ingested: Ingested, notes_result: notes_lib.NotesResult, markers: list, terms: tuple,
               quantities: list, dates: list, urls: list) -> DocResult:
    """Assemble one document's stage outputs into the record the writers take."""
    row = ingested.row
    res = DocResult(row=row, text=ingested.doc.text if ingested.doc else None,
                    blocks=list(ingested.doc.blocks) if ingested.doc else [])
    res.endnotes, res.markers = notes_result.endnotes, markers
    res.terms, res.abbreviations = terms
    res.quantities, res.dates, res.urls = quantities, dates, urls
    res.warnings = (ingested.doc.warnings if ingested.doc else []) + notes_result.warnings
    res.row = replace(row, notes_heading=notes_result.heading, note_count=len(notes_result.endnotes),
                      call_count=len(markers))
    return res


@asset(group_name="sources", tags={"stage": "sources"}, owners=OWNERS, kinds={"python", "warc"})
def sources(context: AssetExecutionContext, settings: BriefparseSettings, urls: Any) -> Output[Any]:
    """Cited sources retrieved (replayed from the WARC store, or fetched when enabled)."""
    urls = per_document(context, "urls", urls)
    all_urls = [u for key in sorted(urls) for u in urls[key]]
    got = retrieval.retrieve_sources(all_urls, settings.run_options())
    for w in got.warnings:
        context.log.warning(w)
    return Output(got, metadata=table_metadata("sources", got.sources, ["url", "status", "title", "chars", "error"]))


@asset(group_name="claims", tags={"stage": "claims"},
       check_specs=[spec("claims_have_evidence", "claims")], **COMMON)
def claims(context: AssetExecutionContext, settings: BriefparseSettings, document: Ingested,
           endnotes: notes_lib.NotesResult, markers: list, terms: tuple, quantities: list, dates: list,
           urls: list) -> Iterator[Any]:
    """Each claim of the document with its notes, their sources, and what the sources say.

    The document's own cited sources are replayed from the snapshot store (fetched only when
    the settings allow), so one partition's run is complete on its own.
    """
    res = doc_result(document, endnotes, markers, terms, quantities, dates, urls)
    retrieved = retrieval.retrieve_sources(urls, settings.run_options(write=False))
    found = crossref.build_claims([res], retrieved)
    yield Output(found, metadata=table_metadata("claims", found, ["claim_id", "quantity_text", "notes", "status"]))
    yield check_result(checks.claims_evidence(found), "claims", context.partition_key)


@asset(group_name="terms", tags={"stage": "glossary"}, owners=OWNERS, kinds={"python", "csv"})
def glossary_files(context: AssetExecutionContext, settings: BriefparseSettings, terms: Any) -> Output[Any]:
    """glossary.csv and glossary.tbx across every document (one row per distinct term pair)."""
    terms = per_document(context, "terms", terms)
    from pathlib import Path

    import pandas as pd

    all_terms = [t for key in sorted(terms) for t in terms[key][0]]
    out = Path(settings.out_dir)
    write_glossary(out, all_terms)
    df = pd.read_csv(out / "glossary.csv", dtype=str, keep_default_na=False)
    meta = frame_metadata(df, list(df.columns), [c for c in ("en", "zh", "abbr", "pinyin") if c in df.columns])
    meta.update({"term_occurrences": len(all_terms), "documents": len(terms),
                 "path": MetadataValue.path(str(out / "glossary.csv"))})
    return Output(str(out / "glossary.csv"), metadata=meta)


@asset(group_name="outputs", tags={"stage": "outputs"}, owners=OWNERS, kinds={"python", "duckdb"})
def corpus_claims(context: AssetExecutionContext, settings: BriefparseSettings, document: Any, endnotes: Any,
                  markers: Any, terms: Any, quantities: Any, dates: Any, urls: Any, sources: Any,
                  claims: Any) -> Output[str]:
    """Every table of the output contract, briefparse.duckdb and report.html, across all documents."""
    from pathlib import Path

    document, endnotes, markers, terms, quantities, dates, urls, claims = (
        per_document(context, name, value) for name, value in (
            ("document", document), ("endnotes", endnotes), ("markers", markers), ("terms", terms),
            ("quantities", quantities), ("dates", dates), ("urls", urls), ("claims", claims)))

    docs = [doc_result(document[k], endnotes[k], markers[k], terms[k], quantities[k], dates[k], urls[k])
            for k in sorted(document)]
    result = pipeline.CorpusResult(docs=docs, sources=sources.sources if sources else [],
                                   claims=[c for k in sorted(claims) for c in claims[k]])
    out = Path(settings.out_dir)
    frames = pipeline.write_outputs(result, out)
    counts = {name: len(df) for name, df in frames.items()}
    meta = table_metadata("claims", result.claims, ["doc_id", "claim_id", "quantity_text", "status"])
    meta.update({
        "documents": len(docs),
        "tables": MetadataValue.md("| table | rows |\n|---|---|\n" + "\n".join(
            f"| {name} | {n} |" for name, n in sorted(counts.items()))),
        "duckdb": MetadataValue.path(str(out / "briefparse.duckdb")),
        "report": MetadataValue.path(str(out / "report.html")),
    })
    return Output(str(out / "briefparse.duckdb"), metadata=meta)


@asset(group_name="sources", tags={"stage": "link_health"}, owners=OWNERS, kinds={"python", "warc"},
       check_specs=[spec("links_healthy", "link_health", partitioned=False)])
def link_health(context: AssetExecutionContext, settings: BriefparseSettings, urls: Any) -> Iterator[Any]:
    """One row per distinct cited URL: ok, broken, changed (sha256 differs), unreachable or skipped.

    Checks over the network only when the settings allow fetching; otherwise every URL is
    reported from the snapshot store as it was captured.
    """
    from briefparse.sources import link_health as linkhealth

    urls = per_document(context, "urls", urls)
    all_urls = [u for key in sorted(urls) for u in urls[key]]
    rows = linkhealth.check_links_with_settings(all_urls, settings.run_options(write=False))
    outcome = checks.links_healthy(rows)
    for r in rows:
        if r.state in checks.LINK_PROBLEMS:
            context.log.warning(f"{r.state}: {r.url} ({r.error or r.status})")
    meta = records_metadata(linkhealth.LinkRow, rows, ["state", "url", "status", "notes", "doc_ids", "error"])
    states = {s: sum(r.state == s for r in rows) for s in linkhealth.STATES}
    meta.update({
        "fetched": settings.fetch,
        "states": MetadataValue.json(states),
        "broken_or_changed": states["broken"] + states["changed"],
        "broken_and_changed": MetadataValue.md(outcome.details or "_no broken or changed links_"),
    })
    yield Output(rows, metadata=meta)
    yield check_result(outcome, "link_health")
