"""Per-document assets: one partition per input document (doc_id), computed in one step.

``document_tables`` runs ingestion and every stage of ``briefparse.stages`` once, in one process, and yields
one output per table (so the lineage shows each table, with its own metadata and checks) — a document costs
in Dagster about what it costs in the CLI. Check logic lives in ``briefparse.checks``.
"""


import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetOut,
    Failure,
    MetadataValue,
    Output,
    PreviewWarning,
    multi_asset,
)

from briefparse import checks, stages
from briefparse.corpus import finish_document
from briefparse.outputs.references import Ref, references
from briefparse.pipeline import remove_document
from briefparse.results import DocResult

from .metadata import records_metadata, table_metadata
from .partitions import documents_partitions
from .resources import BriefparseSettings

OWNERS = ["team:briefparse"]
DOCUMENT_IO_MANAGER = "document_files"  # pipelines.io: per-document Parquet files under OUT/tables

CHECK_DESCRIPTIONS = {
    "ingested": "The file could be read (an error names the file and the problem).",
    "note_numbering": "Notes are numbered 1..N in each run without gaps or repeats.",
    "duplicate_notes": "Lists notes that repeat an earlier note (information, always passes).",
    "every_note_called": "Every note is called at least once in the text (warns with the uncalled notes).",
    "no_call_to_missing_note": "No call points to a note that does not exist.",
    "flagged_urls": "Cited URLs with an issue: likely typo, near-duplicate, plain http, date mismatch…",
    "claims_have_evidence": "The share of checkable claims whose cited source was retrieved (warns under a threshold).",
    "links_healthy": "Cited links that are broken or whose content changed since the last snapshot.",
}

# output name → (group, description, kinds)
DOCUMENT_OUTS: dict[str, tuple[str, str, set[str]]] = {
    "document": ("ingest", "The input ingested and analysed: its documents row, text and every stage's result.",
                 {"python"}),
    "endnotes": ("notes", "Endnotes and footnotes parsed into bibliographic fields.", {"python"}),
    "markers": ("notes", "In-text note calls linked to the notes they call.", {"python"}),
    "references": ("notes", "The document's cited works as reference-manager entries (CSL-JSON/BibTeX/RIS).",
                   {"python"}),
    "terms": ("terms", "English–Chinese term pairs and abbreviations of the document.", {"python"}),
    "quantities": ("claims", "Numeric quantities with their sentence and the note calls that back them.", {"python"}),
    "dates": ("claims", "Date expressions of the body and notes, as ISO 8601.", {"python"}),
    "urls": ("sources", "Every cited URL with its normalised form and flags.", {"python"}),
}
PER_DOCUMENT = list(DOCUMENT_OUTS)
DOCUMENT_CHECKS = {"ingested": "document", "note_numbering": "endnotes", "duplicate_notes": "endnotes",
                   "every_note_called": "markers", "no_call_to_missing_note": "markers", "flagged_urls": "urls"}


def spec(name: str, asset_name: str, partitioned: bool = True, blocking: bool = False) -> AssetCheckSpec:
    """An AssetCheckSpec with the description operators see in the UI.

    Checks of per-document assets are partitioned like their asset, so the UI keeps one
    result per document instead of the last document's result only.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        return AssetCheckSpec(name, asset=asset_name, description=CHECK_DESCRIPTIONS[name], blocking=blocking,
                              partitions_def=documents_partitions if partitioned else None)


def check_result(outcome: checks.CheckOutcome, asset_key: str, doc_id: str | None = None) -> AssetCheckResult:
    """A library CheckOutcome as a Dagster AssetCheckResult (the document named when per-document)."""
    severity = AssetCheckSeverity.ERROR if outcome.severity == "error" else AssetCheckSeverity.WARN
    meta: dict[str, Any] = {"detail": MetadataValue.text(outcome.description)}
    if doc_id is not None:
        meta["doc_id"] = MetadataValue.text(doc_id)
    if outcome.details:
        meta["details"] = MetadataValue.md(outcome.details)
    for k, v in outcome.metadata.items():
        meta[k] = MetadataValue.json(v) if isinstance(v, (list, dict)) else v
    desc = f"{doc_id}: {outcome.description}" if doc_id else outcome.description
    return AssetCheckResult(asset_key=asset_key, check_name=outcome.name, passed=outcome.passed,
                            severity=severity, metadata=meta, description=desc)


def document_metadata(settings: BriefparseSettings, res: DocResult) -> dict[str, Any]:
    """What an operator wants to see of one input: status, relative path, checksum, size, a preview."""
    row = res.row
    meta: dict[str, Any] = {"status": row.status, "input_path": settings.relative_input(row.path),
                            "sha256": row.sha256 or "", "dagster/row_count": len(res.blocks)}
    if row.status != "ok":
        meta["error"] = row.error or ""
        return meta
    kinds: dict[str, int] = {}
    for b in res.blocks:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    meta.update({"media_type": row.media_type or "", "chars": row.chars or 0, "encoding": row.encoding or "",
                 "block_kinds": MetadataValue.json(kinds), "notes": row.note_count or 0, "calls": row.call_count or 0,
                 "warnings": MetadataValue.md("\n".join(f"- {w}" for w in res.warnings) or "_none_"),
                 "preview": MetadataValue.md("```\n" + (res.text or "")[:1500] + "\n```")})
    if row.pages:
        meta["pages"] = row.pages
    return meta


@multi_asset(
    outs={name: AssetOut(group_name=group, description=desc, kinds=kinds, owners=OWNERS,
                         tags={"stage": group}, is_required=False, io_manager_key=DOCUMENT_IO_MANAGER)
          for name, (group, desc, kinds) in DOCUMENT_OUTS.items()},
    partitions_def=documents_partitions,
    check_specs=[spec(name, asset, blocking=(name == "ingested")) for name, asset in DOCUMENT_CHECKS.items()],
    name="document_tables",
)
def document_tables(context: AssetExecutionContext, settings: BriefparseSettings) -> Iterator[Any]:
    """Ingest one document, run every per-document stage on it and cross-check its claims against its
    sources, in this one step; the IO manager writes each output to the document's files (as the CLI).

    A file that cannot be read (or whose analysis fails) materializes nothing and its earlier files are
    dropped: its ``ingested`` check fails naming the file and the problem, and the step fails, so the
    partition shows red. The corpus assets still list it as an error row in ``documents``, as the CLI does.
    """
    doc_id = context.partition_key
    with stages.gc_paused():
        res = stages.analyse_ingested(stages.ingest_one(settings.path_of(doc_id), doc_id, settings.engine()))
        finished = finish_document(res, settings.run_options())
    res = finished.doc
    for w in [*res.warnings, *finished.warnings]:
        context.log.warning(f"{doc_id}: {w}")
    if res.row.status != "ok":
        remove_document(Path(settings.out_dir), doc_id)
        shown = replace(res.row, path=settings.relative_input(res.row.path))  # as the operator knows the file
        yield check_result(checks.ingested(shown), "document", doc_id)
        raise Failure(description=f"{settings.relative_input(res.row.path)}: {res.row.error}",
                      metadata=document_metadata(settings, res))
    yield Output(res, output_name="document", metadata=document_metadata(settings, res))
    yield Output(res.endnotes, output_name="endnotes", metadata=table_metadata(
        "endnotes", res.endnotes, ["n", "authors", "title_en", "title_zh", "date_iso", "kind"]))
    yield Output(res.markers, output_name="markers",
                 metadata=table_metadata("markers", res.markers, ["notes", "raw", "style", "kind", "context"]))
    refs = references(res.endnotes)
    yield Output(refs, output_name="references",
                 metadata=records_metadata(Ref, refs, ["id", "kind", "authors", "title", "title_zh", "date"]))
    meta = table_metadata("terms", res.terms, ["en", "zh", "abbr", "type", "occurrences"])
    meta["abbreviations"] = len(res.abbreviations)
    yield Output((res.terms, res.abbreviations), output_name="terms", metadata=meta)
    yield Output(res.quantities, output_name="quantities", metadata=table_metadata(
        "quantities", res.quantities, ["quantity_text", "value", "low", "high", "unit", "notes"]))
    yield Output(res.dates, output_name="dates",
                 metadata=table_metadata("dates", res.dates, ["text", "iso", "where", "note", "lang"]))
    yield Output(res.urls, output_name="urls", metadata=table_metadata("urls", res.urls, ["note", "url", "flags", "issue"]))
    outcomes = {o.name: o for o in checks.document_checks(res.endnotes, res.markers)}
    outcomes["flagged_urls"] = checks.flagged_urls(res.urls)
    outcomes["ingested"] = checks.ingested(res.row)
    for name, asset in DOCUMENT_CHECKS.items():
        yield check_result(outcomes[name], asset, doc_id)
