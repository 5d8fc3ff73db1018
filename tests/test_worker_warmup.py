"""The workers' server warms up before forking: one small document through every stage, then the heap frozen,
so what the stages load on first use is loaded once and shared by the workers."""

from __future__ import annotations

import subprocess
import sys

from briefparse import pipeline


def test_warmup_runs_the_stages_and_freezes_the_heap() -> None:
    code = ("import gc, sys\nimport briefparse.worker_warmup\n"
            "print(gc.get_freeze_count(), 'briefparse.pipeline' in sys.modules, 'jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    frozen, staged, jieba = out.stdout.split()
    assert int(frozen) > 100_000  # the loaded word lists and pipelines, out of the collector's sight
    assert staged == "True" and jieba == "True"


def test_workers_server_preloads_the_warmup() -> None:
    ctx = pipeline._worker_context()
    assert ctx.get_start_method() == "forkserver"
    from multiprocessing import forkserver

    assert getattr(forkserver._forkserver, "_preload_modules", None) == ["briefparse.worker_warmup"]
