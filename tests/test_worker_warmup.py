"""The workers' server warms up before forking: one small document through every stage, then the heap frozen,
so what the stages load on first use is loaded once and shared by the workers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from briefparse import pipeline


def test_warmup_runs_the_stages_and_freezes_the_heap() -> None:
    code = ("import gc, sys\nimport briefparse.worker_warmup\n"
            "print(gc.get_freeze_count(), 'briefparse.pipeline' in sys.modules, 'jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    frozen, staged, jieba = out.stdout.split()
    assert int(frozen) > 100_000  # the loaded word lists and pipelines, out of the collector's sight
    assert staged == "True" and jieba == "True"


def test_stage_warm_up_loads_what_the_stages_load_on_first_use() -> None:
    """The one-off loads (citation model, spaCy, the Public Suffix List behind bare hosts such as
    gov.cn/…) happen in warm_up, so the first real document of a process is not charged for them."""
    code = ("import sys\nfrom briefparse.stages import warm_up\nfrom briefparse.text import urls\n"
            "from briefparse.citations import model\nr = warm_up()\n"
            "print(r.row.status, len(r.endnotes), urls._psl.cache_info().currsize, model._load.cache_info().currsize,"
            " 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.split() == ["ok", "3", "1", "1", "True"]


def test_workers_server_preloads_the_warmup() -> None:
    ctx = pipeline._worker_context()
    assert ctx.get_start_method() == "forkserver"
    from multiprocessing import forkserver

    assert getattr(forkserver._forkserver, "_preload_modules", None) == ["briefparse.worker_warmup"]


def test_workers_server_is_stopped_when_the_documents_are_done(tmp_path: Path) -> None:
    """The warmed-up server holds a few hundred MB the corpus assembly never needs: it goes with the pool."""
    from multiprocessing import forkserver

    from briefparse.options import RunOptions

    corpus = tmp_path / "c"
    corpus.mkdir()
    for k in range(2):
        (corpus / f"b{k}.txt").write_text(f"Brief {k}\n\nSpending rose by {k + 3} percent in 2021.\n", encoding="utf-8")
    items = [(p, p.name) for p in sorted(corpus.iterdir())]
    out = tmp_path / "out"
    (out / "tables").mkdir(parents=True)
    done = pipeline.process_and_write(items, RunOptions(out=out, jobs=2, progress=False))
    assert [f.doc.row.doc_id for f in done] == ["b0.txt", "b1.txt"]
    assert getattr(forkserver._forkserver, "_forkserver_pid", None) is None
