"""The corpus sensor (a partition per new file) and the weekly link-health schedule."""


import json
from pathlib import Path

from dagster import (
    DagsterRunStatus,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    ScheduleDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from briefparse.pipeline import discover

from .jobs import corpus_job, document_job, link_health_job
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


IN_FLIGHT = [DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
             DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING]
FINISHED = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED]


def _refresh_cursor(cursor: str | None) -> tuple[float, list[str] | None]:
    """(end time of the last document run assembled, partitions then) from the cursor; (0, None) at first."""
    try:
        got = json.loads(cursor) if cursor else {}
    except ValueError:
        got = {}
    if not isinstance(got, dict):
        got = {}
    parts = got.get("partitions")
    return float(got.get("done", 0.0)), sorted(map(str, parts)) if isinstance(parts, list) else None


@sensor(job=corpus_job, minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING,
        description="Re-assembles the corpus outputs once document runs have finished (none queued or running) "
                    "and after a partition was removed: one corpus run per settled batch, not one per document.")
def corpus_refresh_sensor(context: SensorEvaluationContext) -> SensorResult | SkipReason:
    """One ``corpus_job`` run when document runs finished since the last one and none is in flight, or when the
    set of partitions changed (a removed file); the cursor holds the last finished run's end time."""
    instance = context.instance
    done, parts_then = _refresh_cursor(context.cursor)
    parts = sorted(instance.get_dynamic_partitions(documents_partitions.name or "documents"))
    waiting = instance.get_runs_count(RunsFilter(job_name=document_job.name, statuses=IN_FLIGHT))
    if waiting:
        return SkipReason(f"waiting for {waiting} document run(s) to finish before assembling the corpus")
    finished = instance.get_run_records(RunsFilter(job_name=document_job.name, statuses=FINISHED), limit=200)
    ends = [r.end_time for r in finished if r.end_time is not None and r.end_time > done]
    removed = parts_then is not None and bool(set(parts_then) - set(parts))
    if not ends and not removed:
        return SkipReason("no document run finished and no partition removed since the last corpus assembly")
    latest = max([done, *ends])
    cursor = json.dumps({"done": latest, "partitions": parts})
    why = f"{len(ends)} document run(s) finished" if ends else "a partition was removed"
    return SensorResult(run_requests=[RunRequest(run_key=f"corpus@{latest}:{len(parts)}",
                                                 tags={"briefparse/trigger": why})], cursor=cursor)


link_health_schedule = ScheduleDefinition(
    name="link_health_weekly", job=link_health_job, cron_schedule="0 3 * * 1",
    default_status=DefaultScheduleStatus.STOPPED,
    description="Re-checks every cited URL weekly (off by default; turn on in the UI).",
)
