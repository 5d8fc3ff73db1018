"""Jobs: the per-document job (a partition at a time, in one process) and the corpus-wide jobs."""

from dagster import AssetSelection, define_asset_job

from .assets import PER_DOCUMENT
from .executors import job_executor

document_job = define_asset_job(
    "document_job", selection=AssetSelection.assets(*PER_DOCUMENT),  # partitioned like its assets
    executor_def=job_executor(),  # one step: in process, or on a Celery worker (pipelines.executors)
    description="Ingest one document and extract notes, calls, references, terms, quantities, dates and URLs.",
)
corpus_job = define_asset_job(
    "corpus_job", selection=AssetSelection.assets("sources", "claims", "corpus_outputs"),
    executor_def=job_executor(),
    description="Corpus-wide: retrieve sources, cross-check claims, write every output table, DuckDB and report.",
)
link_health_job = define_asset_job(
    "link_health_job", selection=AssetSelection.assets("link_health"), executor_def=job_executor(),
    description="Re-check every cited URL and flag broken or changed links.",
)
