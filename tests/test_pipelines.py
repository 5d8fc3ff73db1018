"""The Dagster code location loads and materializes one partition in process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from conftest import BRIEFS
from dagster import AssetKey, DagsterInstance, Definitions, materialize

from pipelines import assets, corpus_assets
from pipelines.assets import PER_DOCUMENT
from pipelines.definitions import defs, resources_for
from pipelines.resources import BriefparseSettings
from pipelines.sensors import corpus_doc_ids


def test_definitions_load() -> None:
    Definitions.validate_loadable(defs)
    keys = {a.key.to_user_string() for a in defs.resolve_all_asset_specs()}
    assert set(PER_DOCUMENT) | {"sources", "claims", "corpus_outputs", "link_health"} <= keys


def _settings(tmp_path: Path, corpus: Path) -> BriefparseSettings:
    return BriefparseSettings(corpus_dir=str(corpus), out_dir=str(tmp_path / "out"), sources_warc="")


def test_materialize_one_partition(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(BRIEFS / "recentralization-brief.txt", corpus)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    instance = DagsterInstance.ephemeral()
    ids = corpus_doc_ids(str(corpus))
    assert ids == ["broken.pdf", "recentralization-brief.txt"]
    instance.add_dynamic_partitions("documents", ids)
    res = materialize([assets.document_tables], partition_key="recentralization-brief.txt", instance=instance,
                      resources=resources_for(_settings(tmp_path, corpus)))
    assert res.success
    # one step computed every per-document table
    assert len([e for e in res.all_events if e.event_type_value == "STEP_START"]) == 1
    mats = res.asset_materializations_for_node("document_tables")
    by_key: dict[str, Any] = {m.asset_key.to_user_string(): m for m in mats}  # metadata values are loosely typed
    assert set(by_key) == set(PER_DOCUMENT)
    doc_meta = by_key["document"].metadata
    assert doc_meta["status"].value == "ok" and doc_meta["chars"].value > 30000
    assert doc_meta["input_path"].value == "recentralization-brief.txt" and len(doc_meta["sha256"].value) == 64
    checks = {e.check_name: e.passed for e in res.get_asset_check_evaluations()}
    assert checks["ingested"] is True
    # every stage reports its row count; the checks see the brief's uncalled note 8
    rows: dict[str, Any] = {n: by_key[n].metadata["dagster/row_count"].value
            for n in ("endnotes", "markers", "references", "quantities", "urls")}
    assert rows["endnotes"] == 29 and rows["markers"] == 27 and rows["urls"] == 21
    assert rows["quantities"] == 34 and rows["references"] > 20
    assert checks["note_numbering"] is True and checks["no_call_to_missing_note"] is True
    assert checks["every_note_called"] is False
    ev: dict[str, Any] = {e.check_name: e for e in res.get_asset_check_evaluations()}
    uncalled = ev["every_note_called"]
    assert uncalled.severity.value == "WARN" and uncalled.partition == "recentralization-brief.txt"
    assert "notes never called: 8" in (uncalled.description or "")
    assert uncalled.metadata["uncalled"].value == [8] and "| 8 |" in uncalled.metadata["details"].value
    assert ev["no_call_to_missing_note"].severity.value == "ERROR"
    # tables carry their column schema and a Markdown preview
    for n in ("endnotes", "markers", "references", "quantities", "dates", "urls", "terms"):
        meta = by_key[n].metadata
        assert meta["dagster/column_schema"].schema.columns, n
        assert meta["preview"].value.startswith("| "), n
    # a bad file materializes nothing: its `ingested` check fails naming the problem and the run fails (red)
    bad = materialize([assets.document_tables], partition_key="broken.pdf", instance=instance,
                      resources=resources_for(_settings(tmp_path, corpus)), raise_on_error=False)
    assert not bad.success
    ev = {e.check_name: e for e in bad.get_asset_check_evaluations()}
    assert ev["ingested"].passed is False and ev["ingested"].severity.value == "ERROR"
    assert "broken.pdf" in (ev["ingested"].description or "")
    assert AssetKey("document") not in {e.asset_key for e in bad.get_asset_materialization_events()}
    # the corpus assets read both partitions back (the unreadable one as an error row) and describe what they wrote
    corpus_res = materialize([assets.document_tables, corpus_assets.corpus, corpus_assets.link_health],
                             selection=["sources", "claims", "corpus_outputs", "link_health"],
                             instance=instance, resources=resources_for(_settings(tmp_path, corpus)))
    assert corpus_res.success
    cm: dict[str, Any] = {m.asset_key.to_user_string(): m for m in corpus_res.asset_materializations_for_node("corpus")}
    for n in ("sources", "claims"):
        assert cm[n].metadata["dagster/column_schema"].schema.columns, n
    assert cm["corpus_outputs"].metadata["failed_documents"].value == ["broken.pdf"]
    assert corpus_res.asset_materializations_for_node("link_health")[0].metadata["dagster/row_count"].value == 21
    out = tmp_path / "out"
    assert (out / "briefparse.duckdb").is_file() and (out / "glossary.csv").is_file()
    assert len(json.loads((out / "references.json").read_text(encoding="utf-8"))) == rows["references"]


def test_every_asset_is_described_for_operators() -> None:
    specs = {a.key.to_user_string(): a for a in defs.resolve_all_asset_specs()}
    for name, s in specs.items():
        assert s.group_name and s.group_name != "default", name
        assert s.description and len(s.description) > 20, name
        assert s.owners == ["team:briefparse"], name
        assert s.kinds and "python" in s.kinds, name
        assert s.tags.get("stage"), name
    for name in PER_DOCUMENT:
        assert specs[name].partitions_def is not None, name
    graph = defs.resolve_asset_graph()
    checks = {(k.asset_key.to_user_string(), k.name): graph.get_check_spec(k) for k in graph.asset_check_keys}
    assert {("markers", "every_note_called"), ("markers", "no_call_to_missing_note"), ("endnotes", "note_numbering"),
            ("urls", "flagged_urls"), ("claims", "claims_have_evidence"), ("link_health", "links_healthy"),
            ("document", "ingested")} <= set(checks)
    assert all(c.description for c in checks.values())
    # per-document checks keep one result per document; the corpus check is not partitioned
    assert checks[("markers", "every_note_called")].partitions_def is not None
    assert checks[("link_health", "links_healthy")].partitions_def is None


def test_schedule_weekly_and_stopped_sensor_running() -> None:
    from dagster import DefaultScheduleStatus, DefaultSensorStatus

    sched = defs.resolve_schedule_def("link_health_weekly")
    assert sched.default_status == DefaultScheduleStatus.STOPPED
    assert sched.cron_schedule == "0 3 * * 1" and sched.job_name == "link_health_job"
    sensor = defs.resolve_sensor_def("corpus_sensor")
    assert sensor.default_status == DefaultSensorStatus.RUNNING
    assert sensor.job_name == "document_job"
    refresh = defs.resolve_sensor_def("corpus_refresh_sensor")
    assert refresh.default_status == DefaultSensorStatus.RUNNING and refresh.job_name == "corpus_job"


def test_corpus_sensor_adds_partition_and_run_once(tmp_path: Path) -> None:
    from dagster import build_sensor_context, instance_for_test

    from pipelines.sensors import corpus_sensor

    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("A brief.\n", encoding="utf-8")
    (corpus / "notes.csv").write_text("not a brief", encoding="utf-8")
    settings = _settings(tmp_path, corpus)

    def tick(instance: DagsterInstance, cursor: str | None) -> Any:
        got: Any = corpus_sensor(build_sensor_context(instance=instance, cursor=cursor, resources={"settings": settings}))
        for req in got.dynamic_partitions_requests or []:  # what the daemon does with the requests
            if type(req).__name__.startswith("Delete"):
                for key in req.partition_keys or []:
                    instance.delete_dynamic_partition(req.partitions_def_name, key)
            else:
                instance.add_dynamic_partitions(req.partitions_def_name, list(req.partition_keys or []))
        return got

    with instance_for_test() as instance:
        first = tick(instance, None)
        assert [r.partition_key for r in first.run_requests] == ["a.txt"]
        assert instance.get_dynamic_partitions("documents") == ["a.txt"]
        again = tick(instance, first.cursor)  # nothing new: no run, no partition
        assert again.run_requests == [] and not again.dynamic_partitions_requests
        assert again.skip_reason
        (corpus / "sub" / "b.pdf").write_bytes(b"%PDF-1.4\n")
        third = tick(instance, again.cursor)
        assert [r.partition_key for r in third.run_requests] == ["sub/b.pdf"]
        assert set(instance.get_dynamic_partitions("documents")) == {"a.txt", "sub/b.pdf"}
        assert tick(instance, third.cursor).run_requests == []
        # a replaced file runs again (a new run key), without a new partition
        (corpus / "a.txt").write_text("A longer brief, replaced.\n", encoding="utf-8")
        fourth = tick(instance, third.cursor)
        assert [r.partition_key for r in fourth.run_requests] == ["a.txt"]
        assert fourth.run_requests[0].run_key != first.run_requests[0].run_key
        assert not fourth.dynamic_partitions_requests
        # a name Dagster refuses as a key is skipped, not a failed tick
        (corpus / "odd...name.txt").write_text("x", encoding="utf-8")
        fifth = tick(instance, fourth.cursor)
        assert fifth.run_requests == []
        # a removed file's partition is deleted (the corpus assembly then drops its files)
        (corpus / "sub" / "b.pdf").unlink()
        sixth = tick(instance, fifth.cursor)
        assert sixth.run_requests == [] and instance.get_dynamic_partitions("documents") == ["a.txt"]


def _endnote(n: int, placement: str = "endnote") -> Any:
    from briefparse.records import Endnote

    return Endnote(doc_id="d.txt", n=n, raw=f"Author {n}, Title {n}, 2020.", placement=placement)


def _marker(*notes: int) -> Any:
    from briefparse.records import Marker

    return Marker(doc_id="d.txt", notes=list(notes), raw="".join(f"[{n}]" for n in notes), style="bracket",
                  context=f"A sentence citing {notes}.", kind="sentence", label=None, section=None, start=0, end=1)


def test_checks_name_what_to_look_at() -> None:
    from briefparse import checks

    ok = checks.note_numbering([_endnote(n) for n in (1, 2, 3)])
    assert ok.passed and ok.description == "notes numbered 1..3"
    gap = checks.note_numbering([_endnote(n) for n in (1, 2, 4)])
    assert not gap.passed and gap.severity == "error" and "missing notes 3" in gap.description
    rep = checks.note_numbering([_endnote(n) for n in (1, 2, 2, 3)])
    assert not rep.passed and rep.severity == "warn" and "repeated notes 2" in rep.description
    restart = checks.note_numbering([_endnote(n) for n in (1, 2, 3, 1, 2)])
    assert not restart.passed and restart.severity == "warn" and "starts again at 1" in restart.description
    # footnotes and endnotes are numbered separately: both series are fine
    mixed = checks.note_numbering([_endnote(1, "footnote"), _endnote(2, "footnote"), _endnote(1), _endnote(2)])
    assert mixed.passed, mixed.description
    called = checks.notes_called([_endnote(n) for n in (1, 2, 3, 4)], [_marker(1), _marker(3)])
    assert not called.passed and called.severity == "warn"
    assert called.description == "notes never called: 2, 4" and called.metadata["uncalled"] == [2, 4]
    assert "| 2 | Author 2, Title 2, 2020. |" in called.details
    missing = checks.calls_resolve([_endnote(1)], [_marker(1, 7)])
    assert not missing.passed and missing.severity == "error" and "7" in missing.description
    assert "[1][7]" in missing.details
    assert checks.calls_resolve([_endnote(1)], [_marker(1)]).passed
    assert checks.note_numbering([]).passed


def test_link_health_states_without_network() -> None:
    from briefparse.sources.fetch import FetchResult
    from briefparse.sources.link_health import state_of

    assert state_of(FetchResult(url="u", status=200, sha256="a"), "a") == "ok"
    assert state_of(FetchResult(url="u", status=200, sha256="b"), "a") == "changed"
    assert state_of(FetchResult(url="u", status=200, sha256="b"), None) == "ok"
    assert state_of(FetchResult(url="u", status=404, outcome="http_error"), "a") == "broken"
    assert state_of(FetchResult(url="u", status=410, outcome="http_error"), None) == "broken"
    assert state_of(FetchResult(url="u", status=403, outcome="http_error"), None) == "unreachable"
    assert state_of(FetchResult(url="u", outcome="network"), None) == "unreachable"
    assert state_of(FetchResult(url="u", outcome="timeout"), None) == "unreachable"
    assert state_of(FetchResult(url="u", outcome="refused"), None) == "skipped"
    assert state_of(FetchResult(url="u", outcome="robots"), None) == "skipped"
    assert state_of(FetchResult(url="u", status=302, outcome="redirect_loop"), None) == "broken"


def test_link_health_asset_against_local_server(tmp_path: Path, httpserver: Any) -> None:
    from dagster import build_asset_context

    from briefparse.options import RunOptions
    from briefparse.records import UrlRecord
    from briefparse.sources.retrieval import retrieve_sources

    def serve(page: str, gone_status: int) -> None:
        httpserver.clear()
        httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
        httpserver.expect_request("/same.html").respond_with_data("<p>stays the same</p>", content_type="text/html")
        httpserver.expect_request("/page.html").respond_with_data(page, content_type="text/html")
        httpserver.expect_request("/gone.html").respond_with_data("here" if gone_status == 200 else "gone",
                                                                   status=gone_status, content_type="text/html")

    def rec(path: str, note: int, doc: str = "a.txt") -> UrlRecord:
        u = httpserver.url_for(path) if "://" not in path else path
        return UrlRecord(doc_id=doc, url=u, note=note, work=1, host="127.0.0.1", scheme=u.split(":")[0],
                         normalized=u, flags=[], issue=None)

    urls = {"a.txt": [rec("/same.html", 1), rec("/page.html", 2), rec("/gone.html", 3), rec("ftp://127.0.0.1/f", 4)],
            "b.txt": [rec("/page.html", 5, "b.txt")]}
    # the snapshot: every page as it was when the sources were first retrieved
    serve("<p>version 1</p>", 200)
    store = tmp_path / "snap"
    retrieve_sources([u for v in urls.values() for u in v],
                     RunOptions(out=store, fetch=True, allow_private=True, progress=False))
    serve("<p>version 2</p>", 404)
    settings = BriefparseSettings(corpus_dir=str(tmp_path), out_dir=str(tmp_path / "out"),
                                  sources_warc=str(store / "sources.warc.gz"), fetch=True, allow_private=True)
    link_health: Any = corpus_assets.link_health  # the decorated asset, called directly as a function
    events = list(link_health(build_asset_context(), settings=settings, urls=urls))
    output, check = events
    rows = {r.url.rsplit("/", 1)[-1]: r for r in output.value}
    assert len(rows) == 4  # one row per distinct URL
    assert rows["same.html"].state == "ok" and rows["same.html"].sha256 == rows["same.html"].previous_sha256
    assert rows["page.html"].state == "changed" and rows["page.html"].notes == [2, 5]
    assert rows["page.html"].doc_ids == ["a.txt", "b.txt"] and rows["page.html"].snapshot_date
    assert rows["gone.html"].state == "broken" and rows["gone.html"].status == 404
    assert rows["f"].state == "skipped"
    meta = output.metadata
    assert meta["dagster/row_count"].value == 4 and meta["broken_or_changed"].value == 2
    assert {c.name for c in meta["dagster/column_schema"].schema.columns} >= {"url", "state", "sha256"}
    table = meta["broken_and_changed"].value
    assert table.startswith("| state | url |") and "| changed |" in table and "| broken |" in table
    assert "same.html" not in table
    assert check.passed is False and check.severity.value == "WARN"
    assert check.metadata["broken"].value == [httpserver.url_for("/gone.html")]
    # without fetching, nothing goes to the network: the snapshot is reported as captured
    httpserver.clear()
    offline = BriefparseSettings(corpus_dir=str(tmp_path), out_dir=str(tmp_path / "out"),
                                 sources_warc=str(store / "sources.warc.gz"))
    out2, check2 = list(link_health(build_asset_context(), settings=offline, urls=urls))
    assert {r.url.rsplit("/", 1)[-1]: r.state for r in out2.value} == {
        "same.html": "ok", "page.html": "ok", "gone.html": "ok", "f": "skipped"}
    assert check2.passed is True


def test_corpus_assets_with_a_single_document(tmp_path: Path) -> None:
    # Dagster hands an unpartitioned asset the bare value (not a dict) when there is one partition
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text(
        "A Small Brief\n\nSpending rose by 12 percent in 2021.[1]\n\nNotes\n\n"
        "1. Ministry of Finance, “Budget Report,” March 5, 2021, http://www.mof.gov.cn/a.html.\n",
        encoding="utf-8")
    instance = DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("documents", ["one.txt"])
    resources = resources_for(_settings(tmp_path, corpus))
    assert materialize([assets.document_tables], partition_key="one.txt", instance=instance,
                       resources=resources).success
    res = materialize([assets.document_tables, corpus_assets.corpus, corpus_assets.link_health],
                      selection=["sources", "claims", "corpus_outputs", "link_health"],
                      instance=instance, resources=resources)
    assert res.success
    health: Any = res.asset_materializations_for_node("link_health")[0].metadata
    assert health["dagster/row_count"].value == 1 and "mof.gov.cn" in health["preview"].value
    claims: Any = {m.asset_key.to_user_string(): m for m in res.asset_materializations_for_node("corpus")}["claims"]
    assert claims.metadata["dagster/row_count"].value >= 1


def test_cli_and_dagster_write_identical_tables(tmp_path: Path) -> None:
    """The shipped corpus through `briefparse run` and through the Dagster jobs: byte-identical outputs."""
    from bench.diff_outputs import differences
    from briefparse.options import RunOptions
    from briefparse.pipeline import run

    corpus = tmp_path / "corpus"
    shutil.copytree(BRIEFS, corpus)
    warc = BRIEFS.parent / "sources" / "sources.warc.gz"
    cli_out, dg_out = tmp_path / "cli", tmp_path / "dagster"
    run([corpus], RunOptions(out=cli_out, jobs=1, sources_warc=warc, progress=False))
    settings = BriefparseSettings(corpus_dir=str(corpus), out_dir=str(dg_out), sources_warc=str(warc))
    instance = DagsterInstance.ephemeral()
    ids = corpus_doc_ids(str(corpus))
    instance.add_dynamic_partitions("documents", ids)
    for doc_id in ids:
        assert materialize([assets.document_tables], partition_key=doc_id, instance=instance,
                           resources=resources_for(settings)).success
    assert materialize([assets.document_tables, corpus_assets.corpus], selection=["sources", "claims", "corpus_outputs"],
                       instance=instance, resources=resources_for(settings)).success
    tables = sorted(p.name for p in cli_out.glob("*.csv"))
    assert {"documents.csv", "endnotes.csv", "urls.csv", "sources.csv", "claims.csv"} <= set(tables)
    assert differences(cli_out, dg_out) == []


def test_corpus_refresh_sensor_reassembles_once_document_runs_settle(tmp_path: Path) -> None:
    """After document runs finish (none in flight) the corpus job is requested once; a run in flight holds it
    back; a removed partition requests it too."""
    from dagster import DagsterRun, DagsterRunStatus, build_sensor_context, instance_for_test

    from pipelines import jobs
    from pipelines.sensors import corpus_refresh_sensor

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):
        (corpus / name).write_text(f"Brief {name}\n\nSpending rose by 12 percent in 2021.\n", encoding="utf-8")
    local = Definitions(assets=[assets.document_tables, corpus_assets.corpus], jobs=[jobs.document_job, jobs.corpus_job],
                        resources=resources_for(_settings(tmp_path, corpus)))
    document_job = local.resolve_job_def("document_job")

    def tick(instance: DagsterInstance, cursor: str | None) -> Any:
        return corpus_refresh_sensor(build_sensor_context(instance=instance, cursor=cursor))

    with instance_for_test() as instance:
        instance.add_dynamic_partitions("documents", ["a.txt", "b.txt"])
        first = tick(instance, None)
        assert type(first).__name__ == "SkipReason"  # nothing has run yet
        assert document_job.execute_in_process(partition_key="a.txt", instance=instance).success
        second = tick(instance, None)
        assert [r.job_name for r in second.run_requests] in ([None], ["corpus_job"])
        assert type(tick(instance, second.cursor)).__name__ == "SkipReason"  # once per settled batch
        # a document run still in flight holds the assembly back, even with a finished one waiting
        assert document_job.execute_in_process(partition_key="b.txt", instance=instance).success
        busy = DagsterRun(job_name="document_job", run_id="f" * 36, status=DagsterRunStatus.STARTED)
        instance.add_run(busy)
        held = tick(instance, second.cursor)
        assert type(held).__name__ == "SkipReason" and "waiting for 1 document run" in str(held.skip_message)
        instance.delete_run(busy.run_id)
        third = tick(instance, second.cursor)
        assert len(third.run_requests) == 1 and third.run_requests[0].run_key != second.run_requests[0].run_key
        # a removed file's partition: the corpus is assembled again without it
        instance.delete_dynamic_partition("documents", "b.txt")
        fourth = tick(instance, third.cursor)
        assert len(fourth.run_requests) == 1
        assert type(tick(instance, fourth.cursor)).__name__ == "SkipReason"
