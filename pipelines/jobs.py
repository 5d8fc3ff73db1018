"""Jobs: the per-document job (a partition at a time) and the corpus-wide jobs."""

from dagster import AssetSelection, define_asset_job

from .partitions import documents_partitions

PER_DOCUMENT = ["document", "endnotes", "markers", "references", "terms", "quantities", "dates", "urls", "claims"]

document_job = define_asset_job(
    "document_job", selection=AssetSelection.assets(*PER_DOCUMENT), partitions_def=documents_partitions,
    description="Ingest one document and extract notes, calls, terms, quantities, dates, URLs and claims.",
)
corpus_job = define_asset_job(
    "corpus_job", selection=AssetSelection.assets("sources", "glossary_files", "corpus_claims"),
    description="Corpus-wide: retrieve sources, write the glossary and every output table, DuckDB and report.",
)
link_health_job = define_asset_job(
    "link_health_job", selection=AssetSelection.assets("link_health"),
    description="Re-check every cited URL and flag broken or changed links.",
)
