"""Corpus-wide assets: the sources, claims, glossary and every written output, and link health.

``corpus_outputs`` runs exactly what ``briefparse run`` runs after the per-document stages
(``briefparse.pipeline.finish_and_write`` inside ``publish``), over every partition's ``document``, so the
tables Dagster writes are byte-identical to the CLI's.
"""


from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetIn, AssetOut, MetadataValue, Output, asset, multi_asset

from briefparse import checks, pipeline, stages
from briefparse.results import DocResult
from briefparse.sources import link_health as linkhealth

from .assets import OWNERS, check_result, spec
from .metadata import records_metadata, table_metadata
from .partitions import documents_partitions
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


def documents_of(context: AssetExecutionContext, settings: BriefparseSettings,
                 stored: dict[str, DocResult]) -> list[DocResult]:
    """Every partition's document result; a partition with none stored (unreadable) is ingested again here."""
    keys = context.instance.get_dynamic_partitions(documents_partitions.name or "documents")
    out = []
    for doc_id in sorted(set(keys) | set(stored)):
        if doc_id in stored:
            out.append(stored[doc_id])
        else:
            got = stages.ingest_one(settings.path_of(doc_id), doc_id, settings.engine())
            out.append(stages.analyse_ingested(got))
    return out


@multi_asset(
    outs={
        "sources": AssetOut(group_name="sources", owners=OWNERS, kinds={"python", "warc"}, tags={"stage": "sources"},
                            description="Cited sources retrieved (replayed from the WARC store, or fetched)."),
        "claims": AssetOut(group_name="claims", owners=OWNERS, kinds={"python"}, tags={"stage": "claims"},
                           description="Each claim with its notes, their sources, and what the sources say."),
        "corpus_outputs": AssetOut(group_name="outputs", owners=OWNERS, kinds={"python", "duckdb"},
                                   tags={"stage": "outputs"},
                                   description="Every table of the output contract, DuckDB, references, glossary "
                                               "and report.html, across all documents."),
    },
    # a partition whose file could not be read has no stored `document`: it is read again below (an error row)
    ins={"document": AssetIn(metadata={"allow_missing_partitions": True})},
    check_specs=[spec("claims_have_evidence", "claims", partitioned=False)],
    name="corpus",
)
def corpus(context: AssetExecutionContext, settings: BriefparseSettings, document: Any) -> Iterator[Any]:
    """Retrieve sources, cross-check claims and write every output (the CLI's corpus step, shared)."""
    docs = documents_of(context, settings, per_document(context, "document", document))
    opts = settings.run_options()
    result = pipeline.publish(opts, lambda staged: pipeline.finish_and_write(docs, staged))
    for w in result.warnings:
        context.log.warning(w)
    yield Output(result.sources, output_name="sources", metadata=table_metadata(
        "sources", result.sources, ["url", "status", "title", "chars", "error"]))
    yield Output(result.claims, output_name="claims", metadata=table_metadata(
        "claims", result.claims, ["doc_id", "claim_id", "quantity_text", "status"]))
    out = Path(settings.out_dir)
    counts = {"documents": len(result.docs), "endnotes": sum(len(d.endnotes) for d in result.docs),
              "urls": sum(len(d.urls) for d in result.docs), "sources": len(result.sources),
              "claims": len(result.claims)}
    yield Output(str(out), output_name="corpus_outputs", metadata={
        "tables": MetadataValue.md("| table | rows |\n|---|---|\n" + "\n".join(
            f"| {name} | {n} |" for name, n in counts.items())),
        "duckdb": MetadataValue.path(str(out / "briefparse.duckdb")),
        "report": MetadataValue.path(str(out / "report.html")),
        "failed_documents": MetadataValue.json([d.row.doc_id for d in result.failed]),
    })
    yield check_result(checks.claims_evidence(result.claims, settings.evidence_share), "claims")


@asset(group_name="sources", tags={"stage": "link_health"}, owners=OWNERS, kinds={"python", "warc"},
       ins={"urls": AssetIn(metadata={"allow_missing_partitions": True})},
       check_specs=[spec("links_healthy", "link_health", partitioned=False)])
def link_health(context: AssetExecutionContext, settings: BriefparseSettings, urls: Any) -> Iterator[Any]:
    """One row per distinct cited URL: ok, broken, changed (sha256 differs), unreachable or skipped.

    Checks over the network only when the settings allow fetching; otherwise every URL is
    reported from the snapshot store as it was captured.
    """
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
