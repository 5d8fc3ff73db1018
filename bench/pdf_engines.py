"""Speed of the PDF reader with each engine vs pypdfium2's plain text extraction, in one run.

Times (best of 5, after one warm-up): pypdfium2 ``get_text_range()`` on every page (the
baseline), pdfplumber ``extract_text()`` (for reference), and ``read_pdf`` with each engine.
Prints seconds and the ratio to the baseline. Not a test.
Usage: .venv/bin/python bench/pdf_engines.py [path-to-brief.pdf] [--repeat N]
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """Fastest wall time of ``fn()`` over ``repeat`` runs after one warm-up."""
    fn()
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def pdfium_plain(data: bytes) -> str:
    """The baseline: pypdfium2's own text of every page, no layout work."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def plumber_plain(data: bytes) -> str:
    """pdfplumber's ``extract_text()`` of every page, for reference."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def main(path: Path, repeat: int = 5) -> dict[str, float]:
    from briefparse.ingest.pdf import read_pdf

    data = path.read_bytes()
    runs: dict[str, Callable[[], object]] = {
        "pypdfium2 get_text_range (baseline)": lambda: pdfium_plain(data),
        "pdfplumber extract_text": lambda: plumber_plain(data),
        "read_pdf engine=pypdfium2": lambda: read_pdf(data, str(path), "pypdfium2"),
        "read_pdf engine=pdfplumber": lambda: read_pdf(data, str(path), "pdfplumber"),
    }
    times = {name: best_of(fn, repeat) for name, fn in runs.items()}
    base = times["pypdfium2 get_text_range (baseline)"]
    print(f"{path.name}: best of {repeat}")
    for name, t in times.items():
        print(f"  {name:38} {t * 1000:9.1f} ms   {t / base:7.1f}x baseline")
    print(f"  pdfplumber reader / pypdfium2 reader: "
          f"{times['read_pdf engine=pdfplumber'] / times['read_pdf engine=pypdfium2']:.1f}x")
    return times


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 5
    if "--repeat" in sys.argv:
        args = [a for a in args if a != str(n)]
    main(Path(args[0]) if args else ROOT / "corpus" / "briefs" / "recentralization-brief.pdf", n)
