"""The one Definitions object of the code location (`dagster dev -m pipelines.definitions`)."""

from dagster import Definitions, in_process_executor, load_assets_from_modules

from . import assets, corpus_assets
from .jobs import corpus_job, document_job, link_health_job
from .resources import BriefparseSettings
from .sensors import corpus_sensor, link_health_schedule

defs = Definitions(
    assets=load_assets_from_modules([assets, corpus_assets]),
    jobs=[document_job, corpus_job, link_health_job],
    sensors=[corpus_sensor],
    schedules=[link_health_schedule],
    resources={"settings": BriefparseSettings()},
    # every job is one step (a document's tables, or the corpus step): a subprocess per step would only
    # re-import spaCy and jieba; parallelism comes from the run queue (deploy/dagster-local.yaml)
    executor=in_process_executor,
)
