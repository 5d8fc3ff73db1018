"""Magazine ornaments rebuilt with reportlab: a three-line drop cap, a raised initial, a pull quote repeating
a sentence of the article, and large headings that must stay headings."""

from __future__ import annotations

from typing import Any

import pytest
from test_realpdf_layouts import build, put, run

from briefparse.records import Document

pytest.importorskip("reportlab")

BODY, LEAD, CAP = 10.0, 12.5, 38.0
P1 = ["he county budgets shrank after the fiscal reform, and the provincial", "treasury asked each county to",
      "report its debts twice a year to the new audit office in the capital", "city, which then published a list of the",
      "counties that had missed their targets by more than a fifth.¹"]
P2 = ("Officials in the poorer counties said the list made it harder to borrow. Banks read a place on the list as "
      "a warning and raised the price of every new loan to the counties named on it. The audit office answered "
      "that the list was meant to be read by the counties themselves, not by their lenders.")
QUOTE = ["“Banks read a place on the list as a warning and", "raised the price of every new loan.”"]


def _wrap(text: str, width: int = 88) -> list[str]:
    out, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return out + [cur]


def magazine_page(c: Any) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    put(c, 72, 740, "Counting the Debts of Counties", 22, "Helvetica-Bold")
    y = 700.0
    cap_w = stringWidth("T", "Times-Roman", CAP)
    put(c, 72, y - 2 * LEAD, "T", CAP)  # the cap's baseline on the third line
    for k, line in enumerate(P1):
        x = 72 + cap_w + 3 if k < 3 else 72
        if line.endswith("¹"):
            end = put(c, x, y, line[:-1])
            put(c, end, y, [("1", True)], BODY)
        else:
            put(c, x, y, line)
        y -= LEAD
    y -= LEAD
    for line in _wrap(P2):
        put(c, 72, y, line)
        y -= LEAD
    y -= 1.5 * LEAD
    for line in QUOTE:  # the pull quote, larger and italic, between rules
        put(c, 100, y, line, 15, "Times-Italic")
        y -= 19
    c.line(90, y + 8, 520, y + 8)
    y -= 1.5 * LEAD
    put(c, 72, y, "What the Lenders Did Next", 14, "Helvetica-Bold")
    y -= 1.8 * LEAD
    put(c, 72, y, "A", 26)  # a raised initial: on the first line's baseline, taller than the line
    a_w = stringWidth("A", "Times-Roman", 26)
    end = put(c, 72 + a_w + 1, y, "year later the banks had stopped lending to eleven of the counties on the list.")
    put(c, end, y, [("2", True)], BODY)
    y -= LEAD
    put(c, 72, y, "Three of them asked the province for a bridge loan, and two received one.")
    y -= 2.5 * LEAD
    put(c, 72, y, "Notes", 12, "Helvetica-Bold")
    y -= 1.6 * LEAD
    put(c, 72, y, "1. Provincial Audit Office, “County Debt Report,” March 2020.")
    y -= LEAD
    put(c, 72, y, "2. Interview with a county finance official, June 2021.")


@pytest.fixture(scope="module")
def magazine() -> Document:
    doc, _, _ = run(build([magazine_page]), "magazine.pdf")
    return doc


def _block_texts(doc: Document, kind: str) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks if b.kind == kind]


def test_drop_cap_is_seated_on_its_word_and_its_lines_stay_one_paragraph(magazine: Document) -> None:
    text = magazine.text
    assert "The county budgets shrank" in text
    assert "T he county" not in text and "\nT\n" not in text
    para = next(p for p in _block_texts(magazine, "paragraph") if p.startswith("The county"))
    # the lines beside the cap and the lines under it are one paragraph, in printed order
    assert "report its debts twice a year" in para and "missed their targets" in para
    assert para.index("treasury asked") < para.index("report its debts") < para.index("city, which")


def test_raised_initial_joins_its_word(magazine: Document) -> None:
    assert "A year later the banks" in magazine.text
    assert "Ayear" not in magazine.text


def test_pull_quote_is_furniture_and_headings_stay_headings(magazine: Document) -> None:
    furniture = " ".join(_block_texts(magazine, "furniture"))
    assert "raised the price of every new loan" in furniture
    headings = _block_texts(magazine, "heading") + _block_texts(magazine, "title")
    assert any("What the Lenders Did Next" in h for h in headings)
    assert any("Counting the Debts of Counties" in h for h in headings)
    assert not any("Banks read a place" in h for h in headings)
    # the article's own sentence is still running text
    assert any("Banks read a place on the list" in p for p in _block_texts(magazine, "paragraph"))


def test_notes_and_calls_read_through_the_ornaments() -> None:
    _, endnotes, markers = run(build([magazine_page]), "magazine.pdf")
    assert [e.n for e in endnotes] == [1, 2]
    assert sorted(n for m in markers for n in m.notes) == [1, 2]
