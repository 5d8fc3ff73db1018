"""Word spaces restored from glyph gaps when a PDF has no space characters between words.

Some publishers set justified text word by word, positioned, with no space glyph at all: the
only word break is a gap, narrowed on tight lines to less than a fifth of the font size. The
fixtures here are drawn the same way (each word, or each letter, placed on its own).
"""

from __future__ import annotations

from typing import Any

import pytest
from test_realpdf_layouts import build

from briefparse.ingest import ingest_bytes

SIZE = 10.0
FONT = "Times-Roman"
LINES = [
    "The effects of frontier technologies often spill over the borders of the country that made them",
    "and a list of examples of the kind is a good reflection on the priorities of the government that",
    "wrote the plan for the next phase of economic reform in the provinces of the north and the west",
    "while the county offices of the region kept their own accounts of the debts of the towns they ran",
]


def _words(c: Any, x: float, y: float, line: str, gap: float, font: str = FONT, size: float = SIZE) -> None:
    """Each word drawn on its own, ``gap`` points after the previous one: no space glyph anywhere."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    c.setFont(font, size)
    for word in line.split():
        c.drawString(x, y, word)
        x += stringWidth(word, font, size) + gap


def _letters(c: Any, x: float, y: float, word: str, gaps: list[float]) -> float:
    """A word drawn letter by letter, ``gaps[i]`` points after letter i (kerning-sized nudges)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    c.setFont(FONT, SIZE)
    for ch, gap in zip(word, [*gaps, 0.0], strict=True):
        c.drawString(x, y, ch)
        x += stringWidth(ch, FONT, SIZE) + gap
    return x


def _page(c: Any) -> None:
    y = 720.0
    for line in LINES:  # a tight justified paragraph: word gaps 0.17 of the size
        _words(c, 72, y, line, 0.17 * SIZE)
        y -= 14
    # kerning inside a word (up to 0.06 size) next to word gaps of 0.17 size
    x = 72.0
    for word in ("the", "government", "spent", "more"):
        x = _letters(c, x, y, word, [0.06 * SIZE if k % 3 == 0 else -0.03 * SIZE for k in range(len(word) - 1)])
        x += 0.17 * SIZE
    y -= 14
    # letter-spaced small capitals: letters 0.14 size apart (more than a tight word gap), words 0.4 apart
    x = 72.0
    for word in ("PROVINCIAL", "AUDIT", "OFFICE"):
        x = _letters(c, x, y, word, [0.14 * SIZE] * (len(word) - 1)) + 0.4 * SIZE


def _cjk_page(c: Any) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    y = 720.0
    for line in LINES[:3]:
        _words(c, 72, y, line, 0.17 * SIZE)
        y -= 14
    x = 72.0
    c.setFont("STSong-Light", SIZE)
    for ch in "国务院关于加强地方政府性债务管理的意见":  # characters set apart by 0.15 size, as in justified Chinese
        c.drawString(x, y, ch)
        x += SIZE * 1.15


@pytest.fixture(scope="module")
def text() -> str:
    return ingest_bytes(build([_page]), "nospaces.pdf", "nospaces.pdf").text


def test_words_come_back_separated(text: str) -> None:
    for line in LINES:
        assert line in text
    assert "ofthe" not in text and "offrontier" not in text


def test_kerning_inside_a_word_does_not_split_it(text: str) -> None:
    assert "the government spent more" in text
    assert "gov ernment" not in text


def test_letter_spaced_words_stay_whole(text: str) -> None:
    assert "PROVINCIAL AUDIT OFFICE" in text


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_no_space_between_chinese_characters(engine: str) -> None:
    doc = ingest_bytes(build([_cjk_page]), "cjk.pdf", "cjk.pdf", pdf_engine=engine)
    assert "国务院关于加强地方政府性债务管理的意见" in doc.text
    assert LINES[1] in doc.text
