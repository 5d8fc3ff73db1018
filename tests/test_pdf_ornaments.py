"""Magazine ornaments rebuilt with reportlab: a three-line drop cap, a raised initial, a pull quote repeating
a sentence of the article, and large headings that must stay headings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_realpdf_layouts import build, put, run

from briefparse.ingest import ingest_bytes
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


# ---------------------------------------------------------------- a two-column magazine spread

COLW, SMALL_BODY, SMALL_LEAD = 250.0, 9.5, 12.0
SPREAD_TEXT = ("the provincial plan set new targets for county revenue and asked each county to report its debts "
                "twice a year while the banks watched the lists closely and priced their loans by them so that "
                "poorer places paid more for the same money than richer ones did over the whole decade")
SPREAD_WORDS = SPREAD_TEXT.split(" ")
NOTE_FORMS = ["Office of County Finance, “Report on the Debts of Counties in the Province, No. {k},” March 2020, "
              "http://www.example.gov.cn/debt/{k}.html.", "Ibid., {k}.",
              "Li Wei and Chen Hong, “Banks and the Lists: Pricing Local Risk,” Journal of Provincial Finance 7, "
              "no. 2 (2019): 33–{k}."]


class Spread:
    """Draws running text into columns of a fixed width, a call after every sixth line, and remembers lines."""

    def __init__(self) -> None:
        self.word = 0
        self.calls = 0
        self.after_box = ""

    def fill(self, c: Any, x: float, y: float, n: int, indent: float = 0.0, indent_lines: int = 0,
             first: str = "") -> list[str]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        drawn = []
        for i in range(n):
            shift = indent if i < indent_lines else 0.0
            words = [first] if first and i == 0 else []
            while True:
                nxt = SPREAD_WORDS[self.word % len(SPREAD_WORDS)]
                if stringWidth(" ".join([*words, nxt]), "Times-Roman", SMALL_BODY) > COLW - shift:
                    break
                words.append(nxt)
                self.word += 1
            text = " ".join(words)
            if i % 6 == 5:
                self.calls += 1
                end = put(c, x + shift, y, text + ".", SMALL_BODY)
                put(c, end, y, [(str(self.calls), True)], SMALL_BODY)
            else:
                put(c, x + shift, y, text, SMALL_BODY)
            drawn.append(text)
            y -= SMALL_LEAD
        return drawn


def _wrap_width(text: str, width: float, size: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out, cur = [], ""
    for w in text.split():
        if cur and stringWidth(f"{cur} {w}", "Times-Roman", size) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return [*out, cur]


def spread_pages(s: Spread) -> list[Any]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def page1(c: Any) -> None:
        put(c, 50, 740, "The Price of a Place on the List", 24, "Helvetica-Bold")
        put(c, 50, 715, "By Mei Zhang", 10, "Helvetica")
        top = 690.0
        put(c, 50, top - 2 * SMALL_LEAD, "W", 34)
        s.fill(c, 50, top, 24, indent=stringWidth("W", "Times-Roman", 34) + 2, indent_lines=3, first="hen")
        s.fill(c, 320, top, 24)
        y = top - 24 * SMALL_LEAD - 14
        put(c, 90, y, "“banks watched the lists closely and priced their loans by them so that", 14, "Times-Italic")
        put(c, 90, y - 17, "poorer places paid more for the same money”", 14, "Times-Italic")
        y -= 45
        s.fill(c, 50, y, 16)
        s.fill(c, 320, y, 16)
        put(c, 300, 30, "12", 8)

    def page2(c: Any) -> None:
        put(c, 50, 760, "Provincial Finance Review | Winter 2021", 7.5, "Helvetica")
        top = 730.0
        s.fill(c, 50, top, 52)
        c.rect(315, top - 45, 255, 58)  # the author's box at the head of the right column, in small sans
        put(c, 320, top, "About the author", 9, "Helvetica-Bold")
        put(c, 320, top - 11, "Mei Zhang studies county finance at a university in", 8, "Helvetica")
        put(c, 320, top - 21, "Hangzhou and has written two books on local debt in", 8, "Helvetica")
        put(c, 320, top - 31, "China since 2012.", 8, "Helvetica")
        s.after_box = s.fill(c, 320, top - 70, 46)[0]
        put(c, 300, 30, "13", 8)

    def page3(c: Any) -> None:
        put(c, 50, 760, "Provincial Finance Review | Winter 2021", 7.5, "Helvetica")
        put(c, 50, 730, "NOTES", 11, "Helvetica-Bold")
        x, y = 50.0, 710.0
        for k in range(1, s.calls + 1):
            lines = _wrap_width(f"{k}. " + NOTE_FORMS[k % 3].format(k=k), COLW, 8)
            if y - 9.5 * len(lines) < 60:
                x, y = 320.0, 710.0
            for i, ln in enumerate(lines):
                put(c, x + (9 if i else 0), y, ln, 8)
                y -= 9.5
            y -= 3
        put(c, 300, 30, "14", 8)

    return [page1, page2, page3]


def test_two_column_spread_with_a_box_and_two_column_notes() -> None:
    s = Spread()
    doc, endnotes, markers = run(build(spread_pages(s)), "spread.pdf")
    assert s.calls >= 20
    assert [e.n for e in endnotes] == list(range(1, s.calls + 1))
    assert [n for m in markers for n in m.notes] == list(range(1, s.calls + 1))
    assert [e.raw for e in endnotes] == [NOTE_FORMS[k % 3].format(k=k) for k in range(1, s.calls + 1)]
    paragraphs = _block_texts(doc, "paragraph")
    assert any(p.startswith("When the provincial plan") for p in paragraphs)  # the drop cap in a column
    # the author's box is read on its own, after the paragraph it interrupts, which reads on across it
    box = next(i for i, p in enumerate(paragraphs) if p.startswith("Mei Zhang studies"))
    goes_on = max(i for i, p in enumerate(paragraphs) if s.after_box in p)
    assert goes_on < box and not any(p.startswith(s.after_box) for p in paragraphs)
    assert "Mei Zhang" not in paragraphs[goes_on] and "About the author" not in paragraphs[goes_on]
    assert "priced their loans by them so that poorer" in " ".join(_block_texts(doc, "furniture"))


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


@pytest.mark.skipif(not DEJAVU.exists(), reason="fonts-dejavu is not installed")
@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_ligature_glyphs_read_as_letters(engine: str) -> None:
    """Designers' fonts print ﬁ/ﬂ/ﬀ as one glyph; when the PDF maps it to the ligature's code point the
    words must still read as letters ("financial", not "ﬁnancial")."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(DEJAVU)))

    def page(c: Any) -> None:
        put(c, 72, 700, "The ﬁnancial ﬂows of the oﬃce were ﬁled late.", 11, "DejaVuSerif")

    doc = ingest_bytes(build([page]), "ligatures.pdf", "ligatures.pdf", pdf_engine=engine)
    assert "The financial flows of the office were filed late." in doc.text
    assert not any("\ufb00" <= ch <= "\ufb06" for ch in doc.text)


def _tracked(c: Any, x: float, y: float, text: str, size: float, space: float) -> None:
    """``text`` letter-spaced by ``space`` points (a magazine's tracked heading)."""
    c.saveState()
    t = c.beginText(x, y)
    t.setFont("Helvetica-Bold", size)
    t.setCharSpace(space)
    t.textLine(text)
    c.drawText(t)
    c.restoreState()


def test_letter_spaced_headings_read_as_words() -> None:
    """A tracked "N O T E S" opening endnotes at the top of their own page is still the notes heading (its
    glyphs stand at one even gap), and a tracked title of several words keeps its word breaks."""

    def article(c: Any) -> None:
        _tracked(c, 72, 740, "ABOUT THE AUTHOR", 10, 3.5)
        y = 710.0
        for k in range(1, 7):
            end = put(c, 72, y, f"The audit found {k * 3} counties behind on their repayments last year.", 10.5)
            put(c, end, y, [(str(k), True)], 10.5)
            y -= 15

    def notes_page(c: Any) -> None:
        _tracked(c, 72, 740, "NOTES", 11, 4)
        y = 715.0
        for k in range(1, 7):
            put(c, 72, y, f"{k}. Provincial Audit Office, “County Debt Report No. {k},” 2020.", 10.5)
            y -= 15

    doc, endnotes, markers = run(build([article, notes_page]), "tracked.pdf")
    assert "ABOUT THE AUTHOR" in doc.text and "A B O U T" not in doc.text
    assert _block_texts(doc, "notes_heading") == ["NOTES"]
    assert [e.n for e in endnotes] == list(range(1, 7))
    assert [n for m in markers for n in m.notes] == list(range(1, 7))


def test_a_large_chapter_numeral_beside_the_text_is_not_a_drop_cap() -> None:
    def page(c: Any) -> None:
        put(c, 72, 676, "3", 40, "Helvetica-Bold")  # the chapter's number, set large beside its opening lines
        y = 700.0
        for line in ("The provinces were asked to report on progress each year,", "and the centre reviewed the plans",
                     "so the pattern of delegation changed slowly over the decade."):
            put(c, 110, y, line, BODY)
            y -= LEAD

    doc, _, _ = run(build([page]), "numeral.pdf")
    assert "3The" not in doc.text and "The provinces were asked" in doc.text
