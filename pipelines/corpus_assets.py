"""Corpus-wide assets: sources, claims, the glossary, link health and the written outputs."""


from collections.abc import Iterator
from typing import Any

from dagster import AssetExecutionContext, MetadataValue, Output, asset

from briefparse import checks, crossref, glossary, pipeline, retrieval
from briefparse import notes as notes_lib
from briefparse.pipeline import DocResult, Ingested

from .assets import COMMON, OWNERS, check_result, spec
from .metadata import table_metadata
from .resources import BriefparseSettings


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
    row.notes_heading = notes_result.heading
    row.note_count, row.call_count = len(notes_result.endnotes), len(markers)
    return res


@asset(group_name="sources", tags={"stage": "sources"}, owners=OWNERS, kinds={"python", "warc"})
def sources(context: AssetExecutionContext, settings: BriefparseSettings, urls: dict[str, list]) -> Output[Any]:
    """Cited sources retrieved (replayed from the WARC store, or fetched when enabled)."""
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
    yield check_result(checks.claims_evidence(found), "claims")


@asset(group_name="terms", tags={"stage": "terms"}, owners=OWNERS, kinds={"python", "csv"})
def glossary_files(context: AssetExecutionContext, settings: BriefparseSettings, terms: dict[str, tuple]) -> Output[Any]:
    """glossary.csv and glossary.tbx across every document."""
    from pathlib import Path

    all_terms = [t for key in sorted(terms) for t in terms[key][0]]
    out = Path(settings.out_dir)
    glossary.write_glossary(out, all_terms)
    return Output(str(out / "glossary.csv"), metadata={"dagster/row_count": len(all_terms),
                                                       "path": MetadataValue.path(str(out / "glossary.csv"))})


@asset(group_name="outputs", tags={"stage": "outputs"}, owners=OWNERS, kinds={"python", "duckdb"})
def corpus_claims(context: AssetExecutionContext, settings: BriefparseSettings, document: dict[str, Ingested],
                  endnotes: dict[str, Any], markers: dict[str, list], terms: dict[str, tuple],
                  quantities: dict[str, list], dates: dict[str, list], urls: dict[str, list],
                  sources: Any, claims: dict[str, list]) -> Output[str]:
    """Every table of the output contract, briefparse.duckdb and report.html, across all documents."""
    from pathlib import Path

    docs = [doc_result(document[k], endnotes[k], markers[k], terms[k], quantities[k], dates[k], urls[k])
            for k in sorted(document)]
    result = pipeline.CorpusResult(docs=docs, sources=sources.sources if sources else [],
                                   claims=[c for k in sorted(claims) for c in claims[k]])
    out = Path(settings.out_dir)
    frames = pipeline.write_outputs(result, out)
    counts = {name: len(df) for name, df in frames.items()}
    return Output(str(out / "briefparse.duckdb"), metadata={
        "dagster/row_count": counts.get("claims", 0),
        "tables": MetadataValue.json(counts),
        "duckdb": MetadataValue.path(str(out / "briefparse.duckdb")),
        "report": MetadataValue.path(str(out / "report.html")),
    })


@asset(group_name="sources", tags={"stage": "link_health"}, owners=OWNERS, kinds={"python"},
       check_specs=[spec("links_healthy", "link_health")])
def link_health(context: AssetExecutionContext, settings: BriefparseSettings, urls: dict[str, list]) -> Iterator[Any]:
    """One row per distinct cited URL: ok, broken, changed (sha256 differs) or unchecked.

    Checks over the network only when the settings allow fetching; otherwise every URL is
    reported from the snapshot store as it was captured.
    """
    from briefparse import linkhealth

    all_urls = [u for key in sorted(urls) for u in urls[key]]
    rows = linkhealth.check_links_with_settings(all_urls, settings.run_options(write=False))
    broken = [r for r in rows if r.state in ("broken", "changed")]
    df_md = "\n".join(f"- {r.state}: {r.url}" for r in broken[:30]) or "_all links ok or unchecked_"
    yield Output(rows, metadata={"dagster/row_count": len(rows), "broken_or_changed": len(broken),
                                 "preview": MetadataValue.md(df_md)})
    yield check_result(checks.CheckOutcome("links_healthy", not broken, "warn",
                                           f"{len(broken)} broken or changed of {len(rows)}",
                                           {"broken": [r.url for r in broken[:50]]}), "link_health")
