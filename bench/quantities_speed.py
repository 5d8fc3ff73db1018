"""Speed of the quantity + date stage on the brief text vs ``jieba.lcut`` on the same text, in one run.

Prints chars/second of both and their ratio (stage time / jieba time). Not a test.
Usage: .venv/bin/python bench/quantities_speed.py [path-to-brief.txt]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from run_bench import timed  # noqa: E402  (one timing helper for every benchmark)


def main(path: Path) -> dict[str, float]:
    import jieba

    from briefparse import notes
    from briefparse.extract import dates, quantities
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
    return {"chars": n, "stage_chars_per_s": n / t_stage, "jieba_chars_per_s": n / t_jieba,
            "ratio": t_stage / t_jieba}


def report(path: Path) -> None:
    result = main(path)
    print(f"text: {path.name}, {result['chars']:,} chars")
    print(f"quantities+dates: {result['stage_chars_per_s']:,.0f} chars/s")
    print(f"jieba.lcut:       {result['jieba_chars_per_s']:,.0f} chars/s")
    print(f"ratio (stage time / jieba time): {result['ratio']:.2f}x")

if __name__ == "__main__":
    report(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus" / "briefs" / "recentralization-brief.txt")
