"""The one Definitions object of the code location (`dagster dev -m pipelines.definitions`)."""

from typing import Any

from dagster import Definitions, load_assets_from_modules

from . import assets, corpus_assets
from .assets import DOCUMENT_IO_MANAGER
from .executors import job_executor
from .io import document_files_io_manager
from .jobs import corpus_job, document_job, link_health_job
from .resources import BriefparseSettings
from .sensors import corpus_refresh_sensor, corpus_sensor, link_health_schedule


def resources_for(settings: BriefparseSettings) -> dict[str, Any]:
    """The resources of the code location for ``settings``: the settings and the per-document files."""
    return {"settings": settings, DOCUMENT_IO_MANAGER: document_files_io_manager}


defs = Definitions(
    assets=load_assets_from_modules([assets, corpus_assets]),
    jobs=[document_job, corpus_job, link_health_job],
    sensors=[corpus_sensor, corpus_refresh_sensor],
    schedules=[link_health_schedule],
    resources=resources_for(BriefparseSettings()),
    executor=job_executor(),  # in process, or Celery workers with BRIEFPARSE_EXECUTOR=celery (pipelines.executors)
)
