"""Per-stage time of the pipeline on each shared real PDF the first time a process sees it, as multiples of
plain pypdfium2 text extraction (the (j) figure of ``make bench``, split by stage).

Each run is a fresh process that runs ``stages.warm_up()`` and the other shipped PDFs, then times ingest,
segmenting and every stage of ``stages.STAGES`` on the target once; the minimum over 3 processes is shown.
Usage: ``.venv/bin/python bench/stage_times.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_bench import BRIEF, REALPDF, ROOT, plain_pdfium_text, timed  # noqa: E402

_CHILD = r"""
import json, sys, time
from briefparse import stages as S
target, others = sys.argv[1], sys.argv[2:]
S.warm_up()
for o in others:
    S.process_document(o, "warm-up")
tt = {}
with S.gc_paused():
    t = time.perf_counter(); got = S.ingest_one(target, "timed"); tt["ingest"] = time.perf_counter() - t
    doc = got.doc
    t = time.perf_counter(); seg = S.segment(doc); tt["segment"] = time.perf_counter() - t
    state = S.DocState(doc, seg, S.DocResult(row=S.document_row(doc), text=doc.text, blocks=list(doc.blocks),
                                             warnings=list(doc.warnings)))
    for name, stage in S.STAGES:
        t = time.perf_counter(); state = stage(state); tt[name] = time.perf_counter() - t
print(json.dumps(tt))
"""


def stage_seconds(pdf: Path, others: list[Path]) -> dict[str, float]:
    """Seconds per stage on ``pdf`` in one fresh process warmed on ``others``."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(pdf), *map(str, others)], check=True,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    times: dict[str, float] = json.loads(out.stdout)
    return times


def main() -> int:
    pdfs = sorted(REALPDF.glob("*.pdf"))
    for pdf in pdfs:
        others = [p for p in pdfs if p != pdf] + [BRIEF.with_suffix(".pdf")]
        runs = [stage_seconds(pdf, others) for _ in range(3)]
        base = timed(lambda pdf=pdf: plain_pdfium_text(pdf))
        best = {k: min(r[k] for r in runs) for k in runs[0]}
        parts = " ".join(f"{k}={v / base:.2f}" for k, v in best.items())
        print(f"{pdf.name}: {parts} total={sum(best.values()) / base:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
