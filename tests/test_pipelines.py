"""The Dagster code location loads and materializes one partition in process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import BRIEFS
from dagster import AssetKey, DagsterInstance, Definitions, materialize

from pipelines import assets, corpus_assets
from pipelines.definitions import defs
from pipelines.jobs import PER_DOCUMENT
from pipelines.resources import BriefparseSettings
from pipelines.sensors import corpus_doc_ids


def test_definitions_load() -> None:
    Definitions.validate_loadable(defs)
    keys = {a.key.to_user_string() for a in defs.resolve_all_asset_specs()}
    assert set(PER_DOCUMENT) | {"sources", "corpus_claims", "glossary_files", "link_health"} <= keys


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
    per_doc = [assets.document, assets.endnotes, assets.markers, assets.references, assets.terms,
               assets.quantities, assets.dates, assets.urls, corpus_assets.claims]
    res = materialize(per_doc, partition_key="recentralization-brief.txt", instance=instance,
                      resources={"settings": _settings(tmp_path, corpus)})
    assert res.success
    mats = res.asset_materializations_for_node("document")
    assert mats and mats[0].metadata["status"].value == "ok"
    assert mats[0].metadata["chars"].value > 30000
    checks = {e.check_name: e.passed for e in res.get_asset_check_evaluations()}
    assert checks["ingested"] is True
    # every stage reports its row count; the checks see the brief's uncalled note 8
    rows = {n: res.asset_materializations_for_node(n)[0].metadata["dagster/row_count"].value
            for n in ("endnotes", "markers", "references", "quantities", "urls")}
    assert rows["endnotes"] == 29 and rows["markers"] == 27 and rows["urls"] == 21
    assert rows["quantities"] == 34
    assert checks["note_numbering"] is True and checks["no_call_to_missing_note"] is True
    assert checks["every_note_called"] is False
    refs = tmp_path / "out" / "references" / "recentralization-brief.txt"
    assert len(json.loads((refs / "references.json").read_text(encoding="utf-8"))) == rows["references"] > 20
    assert (refs / "references.bib").is_file() and (refs / "references.ris").is_file()
    # a bad file still materializes, and its `ingested` check fails naming the problem
    bad = materialize(per_doc, partition_key="broken.pdf", instance=instance,
                      resources={"settings": _settings(tmp_path, corpus)}, raise_on_error=False)
    assert bad.success
    ev = {e.check_name: e for e in bad.get_asset_check_evaluations()}
    assert ev["ingested"].passed is False
    assert "broken.pdf" in (ev["ingested"].description or "")
    assert AssetKey("document") in {e.asset_key for e in bad.get_asset_materialization_events()}
