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

from briefparse.ingest import ingest_bytes
from briefparse.options import RunOptions
from briefparse.pipeline import finish_one
from briefparse.stages import analyse

SAMPLE = """A Small Brief on Provincial Debt

In 2021 the Ministry of Finance (财政部) approved 76 billion yuan ($10.56 billion) for 69 projects, up 12 percent
from 2020 under the 14th Five-Year Plan (十四五规划).¹ Local government financing vehicles (LGFVs) borrowed 624亿元.²

Notes

1. Ministry of Finance, “Budget Report 2021” [2021年预算报告], March 5, 2021, http://www.mof.gov.cn/a.html.
2. Li Wei, Local Debt in China (Beijing: Example Press, 2020), 45–47.
"""


def warm_up() -> None:
    """Run the per-document stages and the writing of a document's files once on :data:`SAMPLE` (loading what
    they load on first use) into a throw-away folder, then freeze the heap."""
    try:
        res = analyse(ingest_bytes(SAMPLE.encode("utf-8"), "warmup.txt", "warmup.txt"))
        with tempfile.TemporaryDirectory(prefix="briefparse-warmup-") as tmp:
            finish_one(res, RunOptions(out=Path(tmp), jobs=1, progress=False))
    except Exception:  # noqa: BLE001 - only a head start: each worker loads what it needs on first use anyway
        return
    gc.collect()
    gc.freeze()


warm_up()
