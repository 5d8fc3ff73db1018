"""The Dagster Celery executor for real: Redis (Debian's redis-server) on 127.0.0.1, two Celery workers,
20 partitions materialized as 20 runs whose steps execute on the workers; then the corpus assembly, and
every output file equal to `briefparse run` on the same corpus.

Everything this test starts (Redis, the workers and their pool processes, the run submitters) runs in its
own process group and is stopped by id at the end, whatever happens. Skipped where redis-server or
dagster-celery is missing (`apt-get install -y redis-server`; `pip install dagster-celery`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BRIEFS, ROOT

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
WARC = ROOT / "corpus" / "sources" / "sources.warc.gz"

# the run submitter: one run of the per-document job per partition, executed through the Celery executor
SUBMIT = """
import sys
from dagster import DagsterInstance, execute_job
from dagster._core.definitions.reconstruct import ReconstructableRepository
job = ReconstructableRepository.for_module("pipelines.definitions", "defs", working_directory=sys.argv[1]) \\
    .get_reconstructable_job("document_job")
with DagsterInstance.get() as instance:
    for key in sys.argv[2:]:
        res = execute_job(job, instance, tags={"dagster/partition": key})
        print(key, res.success, res.run_id, flush=True)
"""

TOPICS = [
    ("Provincial guidance funds", "guidance fund", "引导基金", "guidance funds"),
    ("Grid investment in the west", "ultra-high-voltage line", "特高压", "UHV lines"),
    ("Rural revitalisation spending", "rural revitalization", "乡村振兴", "rural programmes"),
    ("Semiconductor subsidies", "integrated circuit fund", "集成电路产业投资基金", "chip funds"),
    ("Data export rules", "important data", "重要数据", "data rules"),
]


def _brief(i: int) -> tuple[str, str]:
    """A short brief in one of four house styles, in words written for this test."""
    title, en, zh, short = TOPICS[i % len(TOPICS)]
    amount, year, share = 10 + 3 * i, 2015 + i % 8, 5 + i % 40
    url_a = f"https://www.gov.cn/zhengce/content/{year}-0{1 + i % 9}/{10 + i}/content_{5000 + i}.htm"
    url_b = f"http://www.example.org/reports/{i}/annual.pdf"
    sentences = [
        f"By {year}, local governments had committed {amount}.5 billion yuan to the {en} ({zh}) scheme.",
        f"Officials described {short} as a priority, and about {share} percent of the money went to firms in the east.",
        "Critics in the provinces questioned whether the figures were comparable across years.",
    ]
    note_a = f"State Council, “Opinions on the {en.title()},” {year}, {url_a}."
    note_b = f"Example Institute, Annual Review {year} (Beijing, {year + 1}), 14–16, {url_b}."
    style = i % 4
    if style == 0:  # superscript calls, "Notes"
        body = f"{sentences[0]}¹ {sentences[1]}² {sentences[2]}"
        return f"brief-{i:02d}.txt", f"{title}\n\n{body}\n\nNotes\n\n1. {note_a}\n2. {note_b}\n"
    if style == 1:  # bracketed calls, "Endnotes"
        body = f"{sentences[0]} [1]\n\n{sentences[1]} [2] {sentences[2]}"
        return f"brief-{i:02d}.txt", f"{title}\n\n{body}\n\nEndnotes\n\n[1] {note_a}\n[2] {note_b}\n"
    if style == 2:  # Markdown with a References heading
        body = f"{sentences[0]}^1 {sentences[1]}^2\n\n{sentences[2]}"
        return f"brief-{i:02d}.md", f"# {title}\n\n{body}\n\n## References\n\n1. {note_a}\n2. {note_b}\n"
    sup = [f"{sentences[0]}<sup>1</sup>", f"{sentences[1]}<sup>2</sup>", sentences[2]]
    return f"brief-{i:02d}.html", ("<html><body><h1>" + title + "</h1>" + "".join(f"<p>{s}</p>" for s in sup)
                                   + f"<h2>Notes</h2><ol><li>{note_a}</li><li>{note_b}</li></ol></body></html>")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process this test started, and the processes it started (its own group), by id."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # pool children left behind, if any
    if proc.poll() is None:
        proc.wait(timeout=10)


@pytest.fixture
def started(tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """The processes the test starts, stopped at the end whatever happens."""
    procs: list[subprocess.Popen[bytes]] = []
    try:
        yield procs
    finally:
        for p in reversed(procs):
            _stop(p)


def _wait_for_workers(broker: str, n: int, deadline: float) -> list[str]:
    from celery import Celery

    app = Celery(broker=broker)
    names: list[str] = []
    try:
        while time.monotonic() < deadline:
            names = sorted(k for reply in app.control.ping(timeout=1.0) for k in reply)
            if len(names) >= n:
                break
    finally:
        app.close()  # its broker connections, before the interpreter tears them down
    return names


def test_twenty_partitions_on_two_celery_workers_equal_the_cli(tmp_path: Path, started: list[subprocess.Popen[bytes]],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    pytest.importorskip("dagster_celery")
    import redis
    from dagster import DagsterInstance, materialize

    from bench.diff_outputs import differences
    from briefparse.options import RunOptions
    from briefparse.pipeline import run
    from pipelines import assets, corpus_assets
    from pipelines.definitions import resources_for
    from pipelines.resources import BriefparseSettings
    from pipelines.sensors import corpus_doc_ids

    corpus, home, dg_out, cli_out = tmp_path / "corpus", tmp_path / "home", tmp_path / "dagster", tmp_path / "cli"
    corpus.mkdir()
    home.mkdir()
    shutil.copy(BRIEFS / "recentralization-brief.txt", corpus)  # its sources are in the shipped store: claims
    for i in range(19):
        name, text = _brief(i)
        (corpus / name).write_text(text, encoding="utf-8")
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    port = _free_port()
    broker, backend = f"redis://127.0.0.1:{port}/0", f"redis://127.0.0.1:{port}/1"
    conf = tmp_path / "celeryconf"
    conf.mkdir()
    (conf / "dagster_celery_config.py").write_text(
        f"broker_url = {broker!r}\nresult_backend = {backend!r}\nworker_prefetch_multiplier = 1\n", encoding="utf-8")
    env = {**os.environ, "DAGSTER_HOME": str(home), "BRIEFPARSE_EXECUTOR": "celery",
           "BRIEFPARSE_CELERY_BROKER": broker, "BRIEFPARSE_CELERY_BACKEND": backend,
           "BRIEFPARSE_CORPUS": str(corpus), "BRIEFPARSE_OUT": str(dg_out), "BRIEFPARSE_SOURCES_WARC": str(WARC),
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(conf), os.environ.get("PYTHONPATH", "")])}
    timings: dict[str, float] = {}
    t0 = time.monotonic()

    started.append(subprocess.Popen([redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                     "--appendonly", "no", "--dir", str(tmp_path)],
                                    stdout=subprocess.DEVNULL, start_new_session=True))
    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            if client.ping():
                break
        except redis.ConnectionError:
            time.sleep(0.1)
    assert client.ping()
    for name in ("w1", "w2"):
        started.append(subprocess.Popen(
            [str(BIN / "celery"), "-A", "dagster_celery.app", "worker", "-Q", "dagster", "-c", "1",
             "--prefetch-multiplier=1", "-n", f"{name}@%h", "--loglevel", "WARNING"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(tmp_path / f"{name}.log").open("wb"),
            start_new_session=True))
    workers = _wait_for_workers(broker, 2, time.monotonic() + 90)
    assert len(workers) == 2, workers
    timings["redis_and_workers_up_s"] = time.monotonic() - t0

    monkeypatch.setenv("DAGSTER_HOME", str(home))
    instance = DagsterInstance.get()
    ids = corpus_doc_ids(str(corpus))
    assert len(ids) == 20
    instance.add_dynamic_partitions("documents", ids)
    t1 = time.monotonic()
    submitters = [subprocess.Popen([str(BIN / "python"), "-c", SUBMIT, str(ROOT), *ids[k::2]], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, start_new_session=True) for k in range(2)]
    started.extend(submitters)
    lines = [line for s in submitters for line in s.communicate(timeout=600)[0].decode().split("\n") if line]
    timings["twenty_runs_s"] = time.monotonic() - t1
    assert all(s.returncode == 0 for s in submitters)
    assert sorted(line.split()[0] for line in lines) == sorted(ids)
    assert all(line.split()[1] == "True" for line in lines), lines

    # every step ran on a Celery worker, and the two workers shared the work
    hosts: list[str] = []
    for line in lines:
        for event in instance.all_logs(line.split()[2]):
            dg = event.dagster_event
            data = dg.engine_event_data if dg is not None and dg.event_type_value == "ENGINE_EVENT" else None
            if data is not None and "Celery worker" in data.metadata:
                hosts.append(str(data.metadata["Celery worker"].value))
    assert len(hosts) == 20 and set(hosts) == set(workers), hosts

    settings = BriefparseSettings(corpus_dir=str(corpus), out_dir=str(dg_out), sources_warc=str(WARC))
    t2 = time.monotonic()
    assert materialize([assets.document_tables, corpus_assets.corpus], selection=["sources", "claims", "corpus_outputs"],
                       instance=instance, resources=resources_for(settings)).success
    timings["corpus_assembly_s"] = time.monotonic() - t2
    t3 = time.monotonic()
    run([corpus], RunOptions(out=cli_out, jobs=2, sources_warc=WARC, progress=False))
    timings["cli_run_s"] = time.monotonic() - t3
    print("celery timings: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    assert len(list((dg_out / "tables" / "documents").glob("*.parquet"))) == 20
    assert (dg_out / "claims.csv").stat().st_size > 1000
    assert differences(cli_out, dg_out) == []
