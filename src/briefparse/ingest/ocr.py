"""OCR for PDF pages without a text layer (scans), through Tesseract via ``pytesseract``.

A page is rendered with pdfium at 300 dpi and read with Tesseract (English, and Simplified Chinese
when its data is installed). Each recognised word becomes a glyph in PDF coordinates with the
size of its printed line, so the page goes through the same layout as a born-digital one (rows,
columns, footnotes, calls). Without Tesseract the reader says so once and goes on.
"""

from __future__ import annotations

import functools
import statistics
from typing import Any

from .pdf_layout import Glyph

DPI = 300
MISSING = ("Tesseract is not installed, so they were not read "
           "(apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim; pip install pytesseract)")


@functools.cache
def ocr_languages() -> str | None:
    """The Tesseract language string to use (``eng+chi_sim`` when both are there), or None without Tesseract."""
    try:
        import pytesseract  # imported on first use: ~1170 ms at start-up, not every run needs it

        have = set(pytesseract.get_languages(config=""))
    except Exception:  # no pytesseract, no tesseract binary, or it cannot run
        return None
    langs = [x for x in ("eng", "chi_sim") if x in have]
    return "+".join(langs) if langs else None


def ocr_page(page: Any, height: float) -> list[Glyph]:
    """Glyphs of one pdfium page read by Tesseract (one glyph per word, sized by its line)."""
    import pytesseract  # imported on first use: ~1170 ms at start-up, not every run needs it

    langs = ocr_languages()
    if langs is None:
        return []
    scale = DPI / 72
    image = page.render(scale=scale, grayscale=True).to_pil()
    data = pytesseract.image_to_data(image, lang=langs, output_type=pytesseract.Output.DICT)
    return words_to_glyphs(data, scale)


def words_to_glyphs(data: dict[str, list[Any]], scale: float) -> list[Glyph]:
    """Tesseract's word table → glyphs in PDF points (top-down), each word sized by its line's height."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if str(word).strip() and float(data["conf"][i]) >= 0:
            key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
            lines.setdefault(key, []).append(i)
    out: list[Glyph] = []
    for idx in lines.values():
        size = statistics.median(int(data["height"][i]) for i in idx) / scale
        base = max(int(data["top"][i]) + int(data["height"][i]) for i in idx) / scale
        for i in idx:
            x0 = int(data["left"][i]) / scale
            x1 = x0 + int(data["width"][i]) / scale
            out.append(Glyph(str(data["text"][i]), x0, x1, base, max(size, 1.0) * 1.3))
    return out
