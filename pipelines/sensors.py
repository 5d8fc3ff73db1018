"""The corpus sensor (a partition per new file) and the weekly link-health schedule."""


import json
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

INVALID_KEY_PARTS = ("...", "\a", "\b", "\f", "\n", "\r", "\t", "\v", "\0")  # refused by Dagster


def corpus_files(corpus_dir: str) -> list[tuple[Path, str]]:
    """(path, doc_id) of the supported files under the corpus folder, as `briefparse run` names them."""
    return discover([Path(corpus_dir)]).items if Path(corpus_dir).is_dir() else []


def corpus_doc_ids(corpus_dir: str) -> list[str]:
    """doc_ids of the supported files under the corpus folder."""
    return [d for _, d in corpus_files(corpus_dir)]


def file_stamp(path: Path) -> str:
    """Size and modification time of a file: cheap to read, changes when the file is replaced."""
    st = path.stat()
    return f"{st.st_size}-{st.st_mtime_ns}"


def _load_cursor(cursor: str | None) -> dict[str, str]:
    """doc_id → file stamp at the last evaluation (empty when there was none or it is unreadable)."""
    try:
        got = json.loads(cursor) if cursor else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in got.items()} if isinstance(got, dict) else {}


@sensor(job=document_job, minimum_interval_seconds=30, default_status=DefaultSensorStatus.RUNNING,
        description="Adds a partition per new file in the corpus folder and runs the document job on it; "
                    "runs it again when a known file is replaced; deletes the partition of a removed file.")
def corpus_sensor(context: SensorEvaluationContext, settings: BriefparseSettings) -> SensorResult:
    """One dynamic partition and one run per new corpus file, one run per replaced file.

    The run key holds the file's size and mtime, so a file is run once per version however
    often the sensor evaluates; the cursor remembers the versions seen.
    """
    known = set(context.instance.get_dynamic_partitions(documents_partitions.name or "documents"))
    seen = _load_cursor(context.cursor)
    stamps: dict[str, str] = {}
    new: list[str] = []
    requests: list[RunRequest] = []
    for path, doc_id in corpus_files(settings.corpus_dir):
        if any(part in doc_id for part in INVALID_KEY_PARTS):
            context.log.warning(f"{path}: its name cannot be a Dagster partition key; rename it")
            continue
        try:
            stamps[doc_id] = stamp = file_stamp(path)
        except OSError as e:  # removed or unreadable between listing and stat
            context.log.warning(f"{path}: {e}")
            continue
        if doc_id not in known:
            new.append(doc_id)
            requests.append(RunRequest(partition_key=doc_id, run_key=f"{doc_id}@{stamp}",
                                       tags={"briefparse/trigger": "new file"}))
        elif doc_id in seen and seen[doc_id] != stamp:
            requests.append(RunRequest(partition_key=doc_id, run_key=f"{doc_id}@{stamp}",
                                       tags={"briefparse/trigger": "file replaced"}))
    # a file no longer in the corpus: its partition goes, and the next corpus assembly drops its files
    gone = sorted(known - set(stamps) - {d for _, d in corpus_files(settings.corpus_dir)}) \
        if Path(settings.corpus_dir).is_dir() else []
    changes = ([documents_partitions.build_add_request(new)] if new else []) + \
        ([documents_partitions.build_delete_request(gone)] if gone else [])
    return SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=changes,
        cursor=json.dumps(stamps, sort_keys=True),
        skip_reason=None if requests or gone else f"no new or replaced files in {settings.corpus_dir}",
    )


link_health_schedule = ScheduleDefinition(
    name="link_health_weekly", job=link_health_job, cron_schedule="0 3 * * 1",
    default_status=DefaultScheduleStatus.STOPPED,
    description="Re-checks every cited URL weekly (off by default; turn on in the UI).",
)
