"""Speed of the quantity + date stage on the brief text vs ``jieba.lcut`` on the same text, in one run.

Prints chars/second of both and their ratio (stage time / jieba time). Not a test.
Usage: .venv/bin/python bench/quantities_speed.py [path-to-brief.txt]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def timed(fn: Any, repeat: int = 5) -> float:
    """Median wall time of ``fn()`` over ``repeat`` runs after one warm-up."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return median(times)


def main(path: Path) -> dict[str, float]:
    import jieba

    from briefparse import dates, notes, quantities
    from briefparse.ingest import ingest
    from briefparse.segments import segment

    doc = ingest(path, path.name)
    seg = segment(doc)
    parsed = notes.parse_notes(doc, seg)
    if parsed.regions is not None:
        seg = segment(doc, parsed.regions)
    jieba.setLogLevel(60)
    jieba.initialize()

    def stage() -> None:
        quantities.extract_quantities(doc, seg, [])
        dates.extract_dates(doc, seg, parsed.endnotes)

    n = len(doc.text)
    t_stage = timed(stage)
    t_jieba = timed(lambda: jieba.lcut(doc.text))
    result = {"chars": n, "stage_chars_per_s": n / t_stage, "jieba_chars_per_s": n / t_jieba,
              "ratio_stage_over_jieba_time": t_stage / t_jieba}
    print(f"text: {path.name}, {n:,} chars")
    print(f"quantities+dates: {result['stage_chars_per_s']:,.0f} chars/s ({t_stage * 1000:.1f} ms)")
    print(f"jieba.lcut:       {result['jieba_chars_per_s']:,.0f} chars/s ({t_jieba * 1000:.1f} ms)")
    print(f"ratio (stage time / jieba time): {result['ratio_stage_over_jieba_time']:.2f}x")
    return result


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus" / "briefs" / "recentralization-brief.txt")
