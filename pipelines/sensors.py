"""The corpus sensor (a partition per new file) and the weekly link-health schedule."""


from pathlib import Path

from dagster import (
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SensorResult,
    sensor,
)

from briefparse.pipeline import discover

from .jobs import document_job, link_health_job
from .partitions import documents_partitions
from .resources import BriefparseSettings


def corpus_doc_ids(corpus_dir: str) -> list[str]:
    """doc_ids of the supported files under the corpus folder, as `briefparse run` names them."""
    return [d for _, d in discover([Path(corpus_dir)])] if Path(corpus_dir).is_dir() else []


@sensor(job=document_job, minimum_interval_seconds=30, default_status=DefaultSensorStatus.RUNNING,
        description="Adds a partition per new file in the corpus folder and runs the document job on it.")
def corpus_sensor(context: SensorEvaluationContext, settings: BriefparseSettings) -> SensorResult:
    known = set(context.instance.get_dynamic_partitions(documents_partitions.name or "documents"))
    new = [d for d in corpus_doc_ids(settings.corpus_dir) if d not in known]
    return SensorResult(
        run_requests=[RunRequest(partition_key=d, run_key=f"new-{d}") for d in new],
        dynamic_partitions_requests=[documents_partitions.build_add_request(new)] if new else [],
    )


link_health_schedule = ScheduleDefinition(
    name="link_health_weekly", job=link_health_job, cron_schedule="0 3 * * 1",
    default_status=DefaultScheduleStatus.STOPPED,
    description="Re-checks every cited URL weekly (off by default; turn on in the UI).",
)
