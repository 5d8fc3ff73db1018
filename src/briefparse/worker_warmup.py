"""Preloaded by the workers' server (``forkserver``): every per-document stage run once on a small brief, then
the heap frozen, so the word lists, pipelines and the citation model the workers need are loaded once and
shared by every worker forked afterwards instead of loaded again in each.

``gc.freeze()`` moves the loaded objects out of the collector's sight: a collection in a worker would
otherwise write to every object's header and copy all the shared pages into that worker.
"""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

from briefparse.options import RunOptions
from briefparse.pipeline import finish_one
from briefparse.stages import warm_up as run_stages_once


def warm_up() -> None:
    """Run the per-document stages (:func:`briefparse.stages.warm_up`) and the writing of a document's files once
    into a throw-away folder, loading what they load on first use, then freeze the heap."""
    try:
        res = run_stages_once()
        with tempfile.TemporaryDirectory(prefix="briefparse-warmup-") as tmp:
            finish_one(res, RunOptions(out=Path(tmp), jobs=1, progress=False))
    except Exception:  # noqa: BLE001 - only a head start: each worker loads what it needs on first use anyway
        return
    gc.collect()
    gc.freeze()


warm_up()
