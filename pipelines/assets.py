"""Per-document assets: one partition per input document (doc_id).

Each asset calls one library stage and attaches metadata; checks come from
``briefparse.checks`` so the same verdicts show in the UI and in the CLI.
"""


import warnings
from collections.abc import Iterator
from typing import Any

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    MetadataValue,
    Output,
    PreviewWarning,
    asset,
)

from briefparse import checks, pipeline
from briefparse import notes as notes_lib
from briefparse import terms as terms_lib
from briefparse.extract import dates as dates_lib
from briefparse.extract import quantities as quantities_lib
from briefparse.notes import markers as markers_lib
from briefparse.pipeline import Ingested
from briefparse.records import Document
from briefparse.segments import Segmentation, segment
from briefparse.sources import inventory as sources_lib

from .metadata import records_metadata, table_metadata
from .partitions import documents_partitions
from .resources import BriefparseSettings

OWNERS = ["team:briefparse"]
COMMON: dict[str, Any] = {"partitions_def": documents_partitions, "owners": OWNERS, "kinds": {"python"}}


CHECK_DESCRIPTIONS = {
    "ingested": "The file could be read (an error names the file and the problem).",
    "note_numbering": "Notes are numbered 1..N without gaps or repeats.",
    "duplicate_notes": "Lists notes that repeat an earlier note (information, always passes).",
    "every_note_called": "Every note is called at least once in the text (warns with the uncalled notes).",
    "no_call_to_missing_note": "No call points to a note that does not exist.",
    "flagged_urls": "Cited URLs with an issue: likely typo, near-duplicate, plain http, date mismatch…",
    "claims_have_evidence": "Claims with no citation or whose cited sources are unavailable.",
    "links_healthy": "Cited links that are broken or whose content changed since the last snapshot.",
}


def spec(name: str, asset_name: str, partitioned: bool = True) -> AssetCheckSpec:
    """An AssetCheckSpec with the description operators see in the UI.

    Checks of per-document assets are partitioned like their asset, so the UI keeps one
    result per document instead of the last document's result only.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        return AssetCheckSpec(name, asset=asset_name, description=CHECK_DESCRIPTIONS[name],
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


def _segmentation(doc: Document, notes_result: notes_lib.NotesResult) -> Segmentation:
    return segment(doc, notes_result.regions) if notes_result.regions is not None else segment(doc)


def _doc_seg(ingested: Ingested, notes_result: notes_lib.NotesResult) -> tuple[Document, Segmentation]:
    """The document and its segmentation; an unreadable document stands in with no text."""
    doc = ingested.doc or Document(doc_id=ingested.row.doc_id, path=ingested.row.path, sha256="",
                                   media_type="", text="")
    return doc, _segmentation(doc, notes_result)


@asset(group_name="ingest", tags={"stage": "ingest"},
       check_specs=[spec("ingested", "document")], **COMMON)
def document(context: AssetExecutionContext, settings: BriefparseSettings) -> Iterator[Any]:
    """The input ingested: text in reading order, blocks, pages, superscript calls.

    A file that cannot be read still materializes (as an error row) and fails the
    ``ingested`` check, so one bad file never blocks the corpus-wide assets.
    """
    doc_id = context.partition_key
    got = pipeline.ingest_one(settings.path_of(doc_id), doc_id, settings.pdf_engine)
    doc = got.doc
    meta: dict[str, Any] = {"status": got.row.status, "path": got.row.path}
    if doc is None:
        context.log.error(f"{got.row.path}: {got.row.error}")
        meta.update({"error": got.row.error or "", "dagster/row_count": 0})
    else:
        for w in doc.warnings:
            context.log.warning(w)
        kinds: dict[str, int] = {}
        for b in doc.blocks:
            kinds[b.kind] = kinds.get(b.kind, 0) + 1
        meta.update({
            "sha256": doc.sha256, "media_type": doc.media_type, "chars": len(doc.text),
            "dagster/row_count": len(doc.blocks), "block_kinds": MetadataValue.json(kinds),
            "superscript_calls": len(doc.superscripts), "encoding": doc.encoding or "",
            "preview": MetadataValue.md("```\n" + doc.text[:1500] + "\n```"),
        })
        if doc.pages:
            meta["pages"] = doc.pages
    yield Output(got, metadata=meta)
    yield AssetCheckResult(asset_key="document", check_name="ingested", passed=doc is not None,
                           severity=AssetCheckSeverity.ERROR,
                           description=f"{got.row.path}: {got.row.error}" if doc is None else "read",
                           metadata={"error": got.row.error or ""})


NOTE_CHECKS = ["note_numbering", "duplicate_notes"]
CALL_CHECKS = ["every_note_called", "no_call_to_missing_note"]


@asset(group_name="notes", tags={"stage": "notes"},
       check_specs=[spec(n, "endnotes") for n in NOTE_CHECKS], **COMMON)
def endnotes(context: AssetExecutionContext, document: Ingested) -> Iterator[Any]:
    """Endnotes and footnotes parsed into bibliographic fields."""
    doc = document.doc
    result = notes_lib.parse_notes(doc, segment(doc)) if doc is not None else notes_lib.NotesResult()
    for w in result.warnings:
        context.log.warning(w)
    yield Output(result, metadata={
        **table_metadata("endnotes", result.endnotes, ["n", "authors", "title_en", "title_zh", "date_iso", "kind"]),
        "notes_heading": result.heading or "",
    })
    by_name = {o.name: o for o in checks.document_checks(result.endnotes, [])}
    for n in NOTE_CHECKS:
        yield check_result(by_name[n], "endnotes", context.partition_key)


@asset(group_name="notes", tags={"stage": "notes"},
       check_specs=[spec(n, "markers") for n in CALL_CHECKS], **COMMON)
def markers(context: AssetExecutionContext, document: Ingested, endnotes: notes_lib.NotesResult) -> Iterator[Any]:
    """In-text note calls linked to the notes they call."""
    doc, seg = _doc_seg(document, endnotes)
    found = markers_lib.find_markers(doc, seg, endnotes.endnotes)
    yield Output(found, metadata=table_metadata("markers", found, ["notes", "raw", "style", "kind", "context"]))
    by_name = {o.name: o for o in checks.document_checks(endnotes.endnotes, found)}
    for n in CALL_CHECKS:
        yield check_result(by_name[n], "markers", context.partition_key)


@asset(group_name="terms", tags={"stage": "terms"}, **COMMON)
def terms(context: AssetExecutionContext, document: Ingested,
                            endnotes: notes_lib.NotesResult) -> Output[Any]:
    """English–Chinese term pairs and abbreviations of the document."""
    pairs, abbrs = terms_lib.extract_terms(*_doc_seg(document, endnotes), endnotes.endnotes)
    meta = table_metadata("terms", pairs, ["en", "zh", "abbr", "type", "occurrences"])
    meta["abbreviations"] = len(abbrs)
    return Output((pairs, abbrs), metadata=meta)


@asset(group_name="claims", tags={"stage": "quantities"}, **COMMON)
def quantities(context: AssetExecutionContext, document: Ingested, endnotes: notes_lib.NotesResult,
               markers: list) -> Output[list]:
    """Numeric quantities with their sentence and the note calls that back them."""
    found = quantities_lib.extract_quantities(*_doc_seg(document, endnotes), markers)
    return Output(found, metadata=table_metadata("quantities", found, ["quantity_text", "value", "low", "high", "unit", "notes"]))


@asset(group_name="claims", tags={"stage": "dates"}, **COMMON)
def dates(context: AssetExecutionContext, document: Ingested, endnotes: notes_lib.NotesResult) -> Output[list]:
    """Date expressions of the body and notes, as ISO 8601."""
    found = dates_lib.extract_dates(*_doc_seg(document, endnotes), endnotes.endnotes)
    return Output(found, metadata=table_metadata("dates", found, ["text", "iso", "where", "note", "lang"]))


@asset(group_name="sources", tags={"stage": "sources"},
       check_specs=[spec("flagged_urls", "urls")], **COMMON)
def urls(context: AssetExecutionContext, document: Ingested, endnotes: notes_lib.NotesResult) -> Iterator[Any]:
    """Every cited URL with its normalised form and flags."""
    found = sources_lib.inventory_urls(*_doc_seg(document, endnotes), endnotes.endnotes)
    yield Output(found, metadata=table_metadata("urls", found, ["note", "url", "flags", "issue"]))
    yield check_result(checks.flagged_urls(found), "urls", context.partition_key)


@asset(group_name="notes", tags={"stage": "notes"}, partitions_def=documents_partitions, owners=OWNERS,
       kinds={"python", "json"})
def references(context: AssetExecutionContext, settings: BriefparseSettings,
               endnotes: notes_lib.NotesResult) -> Output[Any]:
    """The document's notes as CSL-JSON, BibTeX and RIS, for Zotero and other reference managers."""
    from pathlib import Path

    from briefparse.outputs import references as export

    doc_id = context.partition_key
    folder = Path(settings.out_dir) / "references" / doc_id.replace("/", "__")
    export.write_references(folder, endnotes.endnotes)
    refs = export.references(endnotes.endnotes)
    meta = records_metadata(export.Ref, refs, ["id", "kind", "authors", "title", "title_zh", "date"])
    meta["folder"] = MetadataValue.path(str(folder))
    return Output(str(folder), metadata=meta)
