"""Publisher layouts rebuilt with reportlab (never copies of real PDFs): page-foot footnotes in their
printed forms, running heads, page numbers, a dotted table of contents, chapter endnotes restarting
at 1, a bibliography after the notes, a form page, rotated text, adjacent and in-word superscripts,
and an image-only page read by OCR."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from typing import Any

import pytest

from briefparse import notes as notes_mod
from briefparse.ingest import ingest_bytes
from briefparse.notes import markers as markers_mod
from briefparse.records import Document, Endnote, Marker
from briefparse.segments import segment

Part = tuple[str, bool]
W, H = 612.0, 792.0
BODY, SMALL, LEAD = 11.0, 8.0, 13.5


def put(c: Any, x: float, y: float, parts: list[Part] | str, size: float = BODY, font: str = "Times-Roman") -> float:
    """Draw one line of (text, raised) runs; raised runs at 0.6 size lifted 0.4 size. Returns the end x."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if isinstance(parts, str):
        parts = [(parts, False)]
    for text, sup in parts:
        s = size * 0.6 if sup else size
        c.setFont(font, s)
        c.drawString(x, y + (0.4 * size if sup else 0), text)
        x += stringWidth(text, font, s)
    return x


def build(pages: list[Callable[[Any], None]]) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    for draw in pages:
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def run(data: bytes, name: str = "fixture.pdf") -> tuple[Document, list[Endnote], list[Marker]]:
    doc = ingest_bytes(data, name, name)
    seg = segment(doc)
    res = notes_mod.parse_notes(doc, seg)
    if res.regions is not None:
        seg = segment(doc, res.regions)
    return doc, res.endnotes, markers_mod.find_markers(doc, seg, res.endnotes)


def notes_of(endnotes: list[Endnote]) -> dict[tuple[int, int], str]:
    return {(e.series, e.n): e.raw for e in endnotes if e.kind != "bibliography"}


def calls_of(markers: list[Marker]) -> list[tuple[int, int]]:
    return [(m.series, n) for m in markers for n in m.notes]


# ---------------------------------------------------------------- a journal article with page-foot footnotes

FILL = ("The provinces were asked to report on progress and the centre reviewed the plans each year, "
        "so the pattern of delegation changed slowly over the decade that followed the first reform.")


def body_lines(c: Any, y: float, n: int) -> float:
    words = FILL.split()
    for k in range(n):
        put(c, 72, y, " ".join(words[(k * 5) % 20:(k * 5) % 20 + 12]))
        y -= LEAD
    return y


def furniture(c: Any, page: int) -> None:
    """Alternating running heads, a page number at the foot, the journal line on page 1 only."""
    if page == 1:
        put(c, 72, 40, "Journal of Provincial Studies, Vol. 7, No. 2 (Winter 2011), pp. 81-103.", SMALL, "Times-Italic")
        put(c, 500, 40, "- 81 -", SMALL)
        return
    put(c, 72 if page % 2 == 0 else 400, 750, "Wen Li" if page % 2 == 0 else "Provinces and the Centre", SMALL,
        "Times-Italic")
    c.line(72, 745, 540, 745)
    put(c, 300, 40, str(80 + page), BODY)


def journal_page1(c: Any) -> None:
    furniture(c, 1)
    put(c, 150, 700, "Provinces and the Centre", 18, "Times-Bold")
    y = body_lines(c, 660, 6)
    put(c, 72, y, [("The plan set targets for every province.", False), ("1", True),
                   (" Two reviews followed it in 2019.", False), ("2", True)])
    y -= LEAD
    put(c, 72, y, [("Both reviews were published together", False), ("3", True), (" with the results.", False)])
    y -= LEAD
    put(c, 72, y, [("Mixed units such as C", False), ("3", True), ("ISREW and 10 m", False), ("2", True),
                   (" are not calls.", False)])
    y -= LEAD
    put(c, 72, y, [("Two notes were called side by side here.", False), ("4", True), ("5", True)])
    # a small table set apart above the footnotes: never swallowed into a note
    put(c, 72, 250, "Table 1: Reviews by year", SMALL, "Times-Bold")
    put(c, 72, 238, "2019", SMALL)
    put(c, 200, 238, "12 provinces reviewed", SMALL)
    put(c, 72, 228, "2020", SMALL)
    put(c, 200, 228, "19 provinces reviewed", SMALL)
    c.line(72, 200, 200, 200)
    put(c, 72, 188, [("1", True), ("“Three-Year Action Plan for Provincial Reform,” State Council, 2018.", False)], SMALL)
    put(c, 72, 178, [("2", True), (" Wang Wei, “Review of the Plan,” Financial Times, December", False)], SMALL)
    put(c, 72, 168, "14, 2021. 3 Ibid., p. 4.", SMALL)
    put(c, 72, 156, "4", SMALL * 0.7)
    put(c, 78, 152, "Li Hua, “Central Inspection Teams,” Reuters, June 2019. 5 Ibid.", SMALL)
    put(c, 72, 140, [("6", True), ("Zhang San, “A Note that Runs On,” China Quarterly 245 (2021): 1–20, see", False)],
        SMALL)
    put(c, 72, 130, "especially the discussion of the reviews and of the targets set for", SMALL)


def journal_page2(c: Any) -> None:
    furniture(c, 2)
    y = body_lines(c, 700, 4)
    put(c, 72, y, [("The inspection teams reported in the autumn.", False), ("6", True),
                   (" Their reports were later summarised.", False), ("7", True)])
    y = body_lines(c, y - LEAD, 3)
    c.line(72, 200, 200, 200)
    put(c, 72, 188, "the coastal provinces, which were reviewed first.", SMALL)
    put(c, 72, 176, [("7", True), ("Zhao Liu, “Summaries of Inspection,” Xinhua, March 3, 2020.", False)], SMALL)


def journal_page3(c: Any) -> None:
    furniture(c, 3)
    y = body_lines(c, 700, 5)
    put(c, 72, y, [("A last review closed the decade.", False), ("8", True)])
    c.line(72, 200, 200, 200)
    put(c, 72, 188, [("8", True), (" Sun Qi, “The Decade in Review,” People’s Daily, May 5, 2021.", False)], SMALL)


def plain_page(page: int) -> Callable[[Any], None]:
    def draw(c: Any) -> None:
        furniture(c, page)
        body_lines(c, 700, 30)
    return draw


@pytest.fixture(scope="module")
def journal() -> tuple[Document, list[Endnote], list[Marker]]:
    return run(build([journal_page1, journal_page2, journal_page3, plain_page(4), plain_page(5)]))


def test_footnotes_in_every_printed_form(journal: tuple[Document, list[Endnote], list[Marker]]) -> None:
    _, endnotes, _ = journal
    notes = notes_of(endnotes)
    assert sorted(n for _, n in notes) == list(range(1, 9))
    assert notes[(1, 1)].startswith("“Three-Year Action Plan")  # number glued to the first word
    assert notes[(1, 2)].endswith("December 14, 2021.")  # a wrap that begins with a number stays
    assert notes[(1, 3)] == "Ibid., p. 4."  # several footnotes on one printed line
    assert notes[(1, 4)].startswith("Li Hua") and notes[(1, 4)].endswith("June 2019.")  # number on its own row
    assert notes[(1, 5)] == "Ibid."
    assert notes[(1, 6)].endswith("which were reviewed first.")  # runs on to the next page
    assert all("Table 1" not in raw and "provinces reviewed" not in raw for raw in notes.values())


def test_page_furniture_is_left_out(journal: tuple[Document, list[Endnote], list[Marker]]) -> None:
    doc, _, _ = journal
    for furniture_text in ("Journal of Provincial Studies", "- 81 -", "Wen Li", "\n82\n", "\n83\n", "\n85\n"):
        assert furniture_text not in doc.text
    assert doc.text.count("Provinces and the Centre") == 1  # the title stays, the running head goes


def test_calls_follow_the_note_sequence(journal: tuple[Document, list[Endnote], list[Marker]]) -> None:
    _, _, markers = journal
    assert calls_of(markers) == [(1, n) for n in range(1, 9)]  # ⁴⁵ side by side are 4 and 5; C³ and m² no calls


# ---------------------------------------------------------------- a thesis: TOC, chapter endnotes, bibliography

def thesis_toc(c: Any) -> None:
    put(c, 250, 720, "TABLE OF CONTENTS", 12, "Times-Bold")
    for k, (title, page) in enumerate([("CHAPTER 1 INTRODUCTION", "1"), ("CHAPTER 2 REVIEW", "12"),
                                       ("BIBLIOGRAPHY", "2024")]):
        put(c, 72, 690 - 20 * k, title + " " + "." * 60 + " " + page)
    put(c, 300, 40, "iv", BODY)


def thesis_chapter(number: int, calls: int, notes: list[str]) -> Callable[[Any], None]:
    def draw(c: Any) -> None:
        put(c, 72, 720, f"CHAPTER {number} " + ("INTRODUCTION" if number == 1 else "LITERATURE REVIEW"), 14,
            "Times-Bold")
        y = body_lines(c, 690, 3)
        for k in range(1, calls + 1):
            put(c, 72, y, [(f"Finding number {k} of this chapter is stated here.", False), (str(k), True)])
            y -= 2 * LEAD
        c.line(72, y + 4, 200, y + 4)
        y -= 10
        for k, text in enumerate(notes, 1):
            put(c, 108, y, [(str(k), True), (text, False)], 9)
            y -= 24
        put(c, 300, 40, str(10 * number), BODY)
    return draw


def thesis_bibliography(c: Any) -> None:
    put(c, 250, 720, "BIBLIOGRAPHY", 12, "Times-Bold")
    y = 690.0
    for first, rest in [("Bush, Richard. A War Like No Other. New York: Wiley,", "2007."),
                        ("Henderson, Scott. The Dark Visitor: Inside the World of Chinese Hackers.", "2017.")]:
        put(c, 72, y, first)
        put(c, 108, y - LEAD, rest)
        y -= 2 * LEAD + 6
    put(c, 300, 40, "30", BODY)


def rotated_table(c: Any) -> None:
    c.saveState()
    c.translate(300, 200)
    c.rotate(90)
    put(c, 0, 0, "Rotated Table Heading", 12, "Times-Bold")
    put(c, 0, -16, "Cell one reads upwards", 10)
    c.restoreState()
    put(c, 72, 720, "A page with a table printed sideways.", BODY)
    body_lines(c, 700, 2)


@pytest.fixture(scope="module")
def thesis() -> tuple[Document, list[Endnote], list[Marker]]:
    pages = [thesis_toc,
             thesis_chapter(1, 3, ["Michael Pillsbury, An Assessment, 2007, 22.", "Ibid., 12.",
                                   "Omar Akkad, Cyber Spy Network, 2009."]),
             rotated_table,
             thesis_chapter(2, 2, ["Kristen Gunness, An Assessment and Analysis, 2005.", "Ibid., 40."]),
             thesis_bibliography]
    return run(build(pages))


def test_chapter_endnotes_restart_and_share_series_with_calls(thesis: tuple[Document, list[Endnote], list[Marker]]) -> None:
    _, endnotes, markers = thesis
    notes = notes_of(endnotes)
    assert sorted(notes) == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]
    assert notes[(1, 1)].startswith("Michael Pillsbury") and notes[(2, 1)].startswith("Kristen Gunness")
    assert calls_of(markers) == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]


def test_bibliography_rows_are_not_notes(thesis: tuple[Document, list[Endnote], list[Marker]]) -> None:
    _, endnotes, _ = thesis
    bib = [e for e in endnotes if e.kind == "bibliography"]
    assert [e.raw for e in bib] == ["Bush, Richard. A War Like No Other. New York: Wiley, 2007.",
                                    "Henderson, Scott. The Dark Visitor: Inside the World of Chinese Hackers. 2017."]
    assert all(e.n < 100 for e in endnotes)  # never a note numbered 2007 or 2017


def test_toc_lines_are_furniture_and_rotated_text_reads_forwards(thesis: tuple[Document, list[Endnote], list[Marker]]) -> None:
    doc, _, _ = thesis
    toc = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "furniture"]
    assert len(toc) == 3 and all("....." in t for t in toc)
    body = [b for b in doc.blocks if b.kind not in ("furniture",)]
    assert not any("....." in doc.text[b.start:b.end] for b in body)
    assert "Rotated Table Heading" in doc.text and "gnidaeH" not in doc.text
    assert "\n40\n" not in doc.text and "\niv\n" not in doc.text


def test_form_page_is_not_running_text() -> None:
    def form(c: Any) -> None:
        put(c, 200, 740, "REPORT DOCUMENTATION PAGE", 12, "Times-Bold")
        labels = ["1. REPORT DATE", "2. REPORT TYPE", "3. DATES COVERED", "4. TITLE AND SUBTITLE",
                  "5a. CONTRACT NUMBER", "5b. GRANT NUMBER", "6. AUTHOR(S)", "7. PERFORMING ORGANIZATION",
                  "9. SPONSORING AGENCY", "12. DISTRIBUTION STATEMENT", "14. ABSTRACT", "15. SUBJECT TERMS"]
        for k, label in enumerate(labels):
            put(c, 72, 700 - 30 * k, label, 7)
            c.rect(70, 690 - 30 * k, 470, 28)

    def text_page(c: Any) -> None:
        body_lines(c, 700, 5)

    doc = ingest_bytes(build([form, text_page]), "form.pdf", "form.pdf")
    kinds = {doc.text[b.start:b.end]: b.kind for b in doc.blocks}
    assert kinds["5a. CONTRACT NUMBER"] == "furniture"
    assert any(k == "paragraph" for k in kinds.values())


# ---------------------------------------------------------------- OCR of an image-only page

def _cjk_font() -> str | None:
    import subprocess

    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC:lang=zh-cn"], capture_output=True,
                             text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return out if out and "CJK" in out.upper() else None


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (make test installs it)")
def test_image_only_pdf_is_read_by_ocr() -> None:
    pytest.importorskip("pytesseract")
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(img)
    latin = ImageFont.truetype("DejaVuSerif.ttf", 48) if shutil.which("fc-list") else ImageFont.load_default()
    draw.text((150, 200), "Provincial reform plans were reviewed in 2019.", font=latin, fill=0)
    draw.text((150, 300), "The centre set targets for every province.", font=latin, fill=0)
    cjk = _cjk_font()
    if cjk:
        draw.text((150, 420), "国家科技成果转化引导基金", font=ImageFont.truetype(cjk, 64), fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PDF", resolution=200.0)
    doc = ingest_bytes(buf.getvalue(), "scan.pdf", "scan.pdf")
    assert doc.ocr
    assert "reviewed in 2019" in doc.text and "every province" in doc.text
    assert any("read by OCR" in w for w in doc.warnings)
    if cjk:
        assert "科技成果" in doc.text.replace(" ", "")


def test_line_end_hyphens_rejoin_words_and_keep_compounds() -> None:
    pytest.importorskip("wordfreq")
    from collections import Counter

    from briefparse.ingest.pdf_blocks import _joiner

    assert _joiner("the plan was sophisti-", "cated and", Counter()) == ("the plan was sophisti", "")
    assert _joiner("a state-", "sponsored group", Counter()) == ("a state-", "")
