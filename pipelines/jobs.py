"""Jobs: the per-document job (a partition at a time, in one process) and the corpus-wide jobs."""

from dagster import AssetSelection, define_asset_job, in_process_executor

from .assets import PER_DOCUMENT

document_job = define_asset_job(
    "document_job", selection=AssetSelection.assets(*PER_DOCUMENT),  # partitioned like its assets
    executor_def=in_process_executor,  # one step anyway: no subprocess re-importing spaCy and jieba
    description="Ingest one document and extract notes, calls, references, terms, quantities, dates and URLs.",
)
corpus_job = define_asset_job(
    "corpus_job", selection=AssetSelection.assets("sources", "claims", "corpus_outputs"),
    executor_def=in_process_executor,
    description="Corpus-wide: retrieve sources, cross-check claims, write every output table, DuckDB and report.",
)
link_health_job = define_asset_job(
    "link_health_job", selection=AssetSelection.assets("link_health"), executor_def=in_process_executor,
    description="Re-check every cited URL and flag broken or changed links.",
)
