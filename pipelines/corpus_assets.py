"""Corpus-wide assets: the corpus outputs assembled from the per-document files, and link health.

Each document's partition has written its own files (``pipelines.io``: one Parquet file per table under
``OUT/tables``, its sources and claims included). ``corpus`` assembles them with DuckDB exactly as
``briefparse run`` does (``briefparse.pipeline.assemble_outputs`` inside ``publish``), so the two write the
same bytes, and never loads a document into memory: adding a partition costs that partition's step and one
assembly whose cost grows with the corpus only through DuckDB reads.
"""


import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from dagster import AssetExecutionContext, AssetIn, AssetOut, MetadataValue, Output, asset, multi_asset

from briefparse import checks, pipeline, stages
from briefparse.options import RunOptions
from briefparse.outputs.assemble import key_frame
from briefparse.outputs.schema import columns_of
from briefparse.outputs.tables import TABLES_DIR
from briefparse.records import Claim, DocumentRow
from briefparse.results import CorpusResult, DocResult
from briefparse.sources import link_health as linkhealth

from .assets import OWNERS, PER_DOCUMENT, check_result, spec
from .metadata import frame_metadata, records_metadata
from .partitions import documents_partitions
from .resources import BriefparseSettings


def per_document(context: AssetExecutionContext, name: str, value: Any) -> dict[str, Any]:
    """An upstream per-document input as ``{doc_id: value}``, even when the corpus has one document.

    Dagster hands an unpartitioned asset the bare value (not a dict) when the upstream asset has a single
    partition; no per-document value is itself a dict.
    """
    if isinstance(value, dict):
        return value
    keys = list(context.asset_partition_keys_for_input(name))
    return {keys[0] if keys else "": value}


def assemble_partitions(settings: BriefparseSettings, doc_ids: list[str], staged: RunOptions,
                        live: Path) -> CorpusResult:
    """The corpus outputs in ``staged.out`` from the partitions' files in ``live``: files of documents that
    are no longer partitions are dropped; a partition with no files (its input could not be read, so it
    materialized nothing) gets its error row here, as the CLI writes it."""
    out = Path(staged.out)
    pipeline.seed_from(live, out)
    stored = {r["doc_id"]: r for r in pipeline.stored_documents(out)}
    for doc_id in sorted(set(stored) - set(doc_ids)):
        pipeline.remove_document(out, doc_id)
    docs: list[DocResult] = []
    for doc_id in doc_ids:
        row = stored.get(doc_id)
        if row is None:
            got = stages.analyse_ingested(stages.ingest_one(settings.path_of(doc_id), doc_id, settings.engine()))
            docs.append(pipeline.finish_one(got, staged).doc)
        else:
            docs.append(DocResult(row=DocumentRow(doc_id=doc_id, path=row["path"], status=row["status"], error=row["error"]),
                                  warnings=list(row["warnings"] or [])))
    return pipeline.assemble_outputs(docs, staged)


def carry_over(previous: Path, out: Path, seeded: dict[str, int]) -> int:
    """Per-document files a partition wrote into the live folder while the corpus was being assembled (they
    went to ``OUT.previous`` with the swap): moved into the new ``OUT`` so the next assembly has them."""
    moved = 0
    for rel, inode in pipeline.seeded_files(previous).items():
        if rel != f"{TABLES_DIR}/{pipeline.RUN_FILE}" and seeded.get(rel) != inode:
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(previous / rel, target)
            moved += 1
    return moved


def parquet_metadata(out: Path, table: str, rows: int, preview: list[str]) -> dict[str, Any]:
    """Row count, column schema and a preview of an assembled table (its first rows only are read)."""
    import pyarrow.parquet as pq

    from briefparse.outputs.assemble import csv_frame

    path = out / f"{table}.parquet"
    head = pq.ParquetFile(path).iter_batches(batch_size=10) if path.is_file() else iter(())
    first = next(head, None)
    df = csv_frame(table, first.to_pylist() if first is not None else [])
    meta = frame_metadata(df, columns_of(table), preview)
    meta["dagster/row_count"] = rows
    return meta


@multi_asset(
    outs={
        "sources": AssetOut(group_name="sources", owners=OWNERS, kinds={"python", "warc"}, tags={"stage": "sources"},
                            description="Cited sources (one row per URL, every citing note), and their WARC store."),
        "claims": AssetOut(group_name="claims", owners=OWNERS, kinds={"python"}, tags={"stage": "claims"},
                           description="Each claim with its notes, their sources, and what the sources say."),
        "corpus_outputs": AssetOut(group_name="outputs", owners=OWNERS, kinds={"python", "duckdb"},
                                   tags={"stage": "outputs"},
                                   description="Every table of the output contract, DuckDB, references, glossary "
                                               "and report.html, across all documents."),
    },
    # lineage only: the per-document files are read by DuckDB, never loaded into this process
    deps=PER_DOCUMENT,
    check_specs=[spec("claims_have_evidence", "claims", partitioned=False)],
    name="corpus",
)
def corpus(context: AssetExecutionContext, settings: BriefparseSettings) -> Iterator[Any]:
    """Assemble every corpus output from the partitions' files (the CLI's assembly, shared)."""
    doc_ids = sorted(context.instance.get_dynamic_partitions(documents_partitions.name or "documents"))
    opts = settings.run_options()
    live = Path(settings.out_dir)
    seeded: dict[str, int] = {}

    def produce(staged: RunOptions) -> CorpusResult:
        seeded.update(pipeline.seeded_files(live))
        return assemble_partitions(settings, doc_ids, staged, live)

    result = pipeline.publish(opts, produce)
    late = carry_over(live.parent / f"{live.name}.previous", live, seeded)
    if late:
        context.log.warning(f"{late} per-document files were written while assembling; the next run includes them")
    for w in result.warnings:
        context.log.warning(w)
    counts = {t: len(key_frame(live, t)) for t in ("documents", "endnotes", "urls", "sources", "claims")}
    yield Output(str(live / "sources.parquet"), output_name="sources", metadata=parquet_metadata(
        live, "sources", counts["sources"], ["url", "status", "title", "chars", "error"]))
    yield Output(str(live / "claims.parquet"), output_name="claims", metadata=parquet_metadata(
        live, "claims", counts["claims"], ["doc_id", "claim_id", "quantity_text", "status"]))
    yield Output(str(live), output_name="corpus_outputs", metadata={
        "tables": MetadataValue.md("| table | rows |\n|---|---|\n" + "\n".join(
            f"| {name} | {n} |" for name, n in counts.items())),
        "duckdb": MetadataValue.path(str(live / "briefparse.duckdb")),
        "report": MetadataValue.path(str(live / "report.html")),
        "failed_documents": MetadataValue.json([d.row.doc_id for d in result.failed]),
    })
    yield check_result(checks.claims_evidence(claim_statuses(live), settings.evidence_share), "claims")


def claim_statuses(out: Path) -> list[Claim]:
    """The claims' ids, statuses, figures and sentences (what the evidence check reads), from claims.parquet."""
    import pyarrow.parquet as pq

    path = out / "claims.parquet"
    if not path.is_file():
        return []
    rows = pq.read_table(path, columns=["claim_id", "status", "quantity_text", "sentence"]).to_pylist()
    return cast(list[Claim], [SimpleNamespace(**r) for r in rows])


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
