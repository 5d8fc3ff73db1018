"""PDF reader: small PDFs built here with reportlab, plus the dev brief's PDF rendition."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BRIEFS

from briefparse.ingest import IngestError, ingest
from briefparse.ingest.pdf import read_pdf
from briefparse.records import Document

ENGINES = ["pypdfium2", "pdfplumber"]
Part = tuple[str, bool]  # (text, is_superscript)


def make_pdf(draw: Callable, encrypt: str | None = None) -> bytes:
    """A PDF drawn by ``draw(canvas)`` (which may call showPage for more pages)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(612, 792), encrypt=encrypt)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def put(c, x: float, y: float, parts: list[Part] | str, size: float = 10, font: str = "Times-Roman") -> None:
    """Draw one line; superscript parts at 6/10 size raised by 0.4 size."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if isinstance(parts, str):
        parts = [(parts, False)]
    for text, sup in parts:
        s = size * 0.6 if sup else size
        c.setFont(font, s)
        c.drawString(x, y + (0.4 * size if sup else 0), text)
        x += stringWidth(text, font, s)


def lines(c, x: float, y: float, rows: list, size: float = 10, leading: float = 12, font: str = "Times-Roman") -> float:
    for row in rows:
        put(c, x, y, row, size, font)
        y -= leading
    return y


def blocks(doc: Document, *kinds: str) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks if not kinds or b.kind in kinds]


def sup_texts(doc: Document) -> list[str]:
    return [doc.text[a:b] for a, b in doc.superscripts]


@pytest.mark.parametrize("engine", ENGINES)
def test_superscript_calls_become_unicode_or_caret(engine: str) -> None:
    data = make_pdf(lambda c: lines(c, 72, 700, [
        [("The amendment intensified recentralization.", False), ("12", True), (" The trend grew.", False)],
        [("It aims at self-reliance.", False), ("4,5", True), (" Another sentence ends here.", False)],
    ]))
    doc = read_pdf(data, "calls.pdf", engine)
    assert "recentralization.¹² The trend grew." in doc.text
    assert "self-reliance.^{4,5} Another" in doc.text
    assert sup_texts(doc) == ["¹²", "^{4,5}"]


@pytest.mark.parametrize("engine", ENGINES)
def test_running_heads_and_page_numbers_are_dropped(engine: str) -> None:
    def draw(c) -> None:
        for n in range(1, 4):
            put(c, 400, 760, "ACME POLICY BRIEF", 8)
            put(c, 72, 650, f"Body text of page {n} is a complete sentence.")
            put(c, 300, 30, str(n), 9)
            if n < 3:
                c.showPage()

    doc = read_pdf(make_pdf(draw), "heads.pdf", engine)
    assert "ACME" not in doc.text
    assert not re.search(r"^\d+$", doc.text, re.M)
    assert blocks(doc) == [f"Body text of page {n} is a complete sentence." for n in (1, 2, 3)]
    assert doc.pages == 3 and [b.page for b in doc.blocks] == [1, 2, 3]


@pytest.mark.parametrize("engine", ENGINES)
def test_line_end_hyphens(engine: str) -> None:
    data = make_pdf(lambda c: lines(c, 72, 700, [
        "This shift is shown by the innovation-",
        "driven strategy, and a so-called self-",
        "reliance drive that local govern-",
        "ments support; every government agrees.",
    ]))
    text = read_pdf(data, "hyphen.pdf", engine).text
    assert "innovation-driven strategy" in text and "self-reliance drive" in text
    assert "local governments support" in text  # the joined word is printed elsewhere in the document
    assert "\ufffe" not in text and "\x02" not in text


@pytest.mark.parametrize("engine", ENGINES)
def test_two_column_page_reads_column_by_column(engine: str) -> None:
    left = [f"Left column line {i} goes on and on to fill it" for i in range(1, 16)] + ["and the left ends."]
    right = [f"Right column line {i} goes on and on to fill" for i in range(1, 16)] + ["and the right ends."]

    def draw(c) -> None:
        put(c, 72, 740, "A Title Across Both Columns", 18)
        lines(c, 72, 700, left)
        lines(c, 300, 700, right)

    doc = read_pdf(make_pdf(draw), "cols.pdf", engine)
    paras = blocks(doc, "paragraph")
    assert paras == [" ".join(left), " ".join(right)]
    assert blocks(doc, "title") == ["A Title Across Both Columns"]


@pytest.mark.parametrize("engine", ENGINES)
def test_page_foot_footnotes_become_notes(engine: str) -> None:
    def draw(c) -> None:
        y = lines(c, 72, 700, [
            [("A claim with a footnote.", False), ("1", True), (" Another claim follows here.", False)],
            "The body of this page runs over several lines of ordinary running text, so that",
            "it is clearly the body text of the page and the notes below are set smaller than",
            "the body, as footnotes at the foot of a page usually are in printed policy briefs.",
            [("A second claim.", False), ("2", True)],
        ], size=11, leading=14)
        assert y > 200
        c.line(72, 110, 250, 110)
        lines(c, 72, 95, [
            [("1", True), (" Footnote one cites a report, 2020.", False)],
            "continued on a second line.",
            [("2", True), (" Footnote two, https://example.org/a.", False)],
        ], size=8, leading=10)

    doc = read_pdf(make_pdf(draw), "foot.pdf", engine)
    assert "Footnote one" not in "".join(blocks(doc, "paragraph"))
    assert blocks(doc, "notes_heading") == ["Footnotes"]
    assert blocks(doc, "note") == ["1. Footnote one cites a report, 2020. continued on a second line.",
                                   "2. Footnote two, https://example.org/a."]
    assert sup_texts(doc) == ["¹", "²"]


@pytest.mark.parametrize("engine", ENGINES)
def test_caption_inside_a_paragraph_is_moved_after_it(engine: str) -> None:
    def draw(c) -> None:
        y = lines(c, 72, 700, [
            "In that case, the Qingdao prefectural government was a co-architect with",
            "minimal financial obligations, while the CRRC",
        ])
        y -= 10
        put(c, 72, y, "FIGURE 3", 8)
        put(c, 72, y - 12, [("The Birth of NCTIs: Dates when Key NCTIs were Established", False), ("22", True)], 9)
        put(c, 72, y - 24, "Source: Authors' compilation.", 7)
        lines(c, 72, y - 150, [
            "Group (中国中车集团有限公司)—a state-owned enterprise—shouldered most of the",
            "financial load.",
        ], font="STSong-Light")

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    doc = read_pdf(make_pdf(draw), "caption.pdf", engine)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["paragraph", "caption_label", "caption", "credit"]
    para = blocks(doc, "paragraph")[0]
    assert "while the CRRC Group (中国中车集团有限公司)—a state-owned enterprise—shouldered" in para
    assert para.endswith("financial load.")
    assert blocks(doc, "caption")[0].endswith("Established²²")


@pytest.mark.parametrize("engine", ENGINES)
def test_endnotes_urls_split_across_lines_are_rejoined(engine: str) -> None:
    def draw(c) -> None:
        put(c, 72, 720, [("Body claim.", False), ("1", True)])
        put(c, 72, 690, "Endnotes", 14)
        lines(c, 72, 670, [
            "1. Xinhua Agency, March 11, 2018. https://www.gov.cn/xinwen/2018-03/",
            "      11/content_5273222.htm.",
            "2. Zhao, \"Revival,\" 2016, <https://doi.org/10.1353/jod.",
            "      2016.0051>.",
            "3. Office, \"Notice,\" 2019, http://gdstc.gd.gov.cn/zwgk_n/tzgg/content/post_2687469.html.",
            "      Guangdong Office, 2020.",
        ], size=9, leading=11)

    doc = read_pdf(make_pdf(draw), "urls.pdf", engine)
    assert blocks(doc, "notes_heading") == ["Endnotes"]
    assert blocks(doc, "note") == [
        "1. Xinhua Agency, March 11, 2018. https://www.gov.cn/xinwen/2018-03/11/content_5273222.htm.",
        "2. Zhao, \"Revival,\" 2016, <https://doi.org/10.1353/jod.2016.0051>.",
        "3. Office, \"Notice,\" 2019, http://gdstc.gd.gov.cn/zwgk_n/tzgg/content/post_2687469.html. Guangdong Office, 2020.",
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_cjk_comes_through_without_inserted_spaces(engine: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    data = make_pdf(lambda c: lines(c, 72, 700, [
        "the “new-style whole-of-nation system” (NWNS, 新型举国体制) and “ministerial-provincial joint” (部省联",
        "动) projects.",
    ], size=9, font="STSong-Light"))
    text = read_pdf(data, "cjk.pdf", engine).text
    if "新型" not in text:
        pytest.skip(f"{engine} does not map STSong-Light to Unicode here")
    assert "(NWNS, 新型举国体制)" in text and "(部省联动) projects." in text


@pytest.mark.parametrize("engine", ENGINES)
def test_table_rows_are_tab_separated(engine: str) -> None:
    def draw(c) -> None:
        put(c, 72, 720, "TABLE 1", 9)
        put(c, 72, 706, "Three programmes compared", 10)
        rows = [(["", "Program A", "Program B"], ["", "", "(continued)"]),
                (["Start Year", "2017", "2011"], None),
                (["Status", "Expanding tech", "Increasing local"], ["", "areas", "investments"])]
        y = 690.0
        for first, second in rows:
            for k, cell in enumerate(first):
                put(c, 72 + 160 * k, y, cell, 8)
            if second:
                y -= 9
                for k, cell in enumerate(second):
                    put(c, 72 + 160 * k, y, cell, 8)
            y -= 14

    doc = read_pdf(make_pdf(draw), "table.pdf", engine)
    assert blocks(doc, "table") == ["\tProgram A\tProgram B (continued)", "Start Year\t2017\t2011",
                                    "Status\tExpanding tech areas\tIncreasing local investments"]


@pytest.mark.parametrize("engine", ENGINES)
def test_broken_inputs_name_the_problem(engine: str) -> None:
    good = make_pdf(lambda c: put(c, 72, 700, "A sentence with a call."))
    with pytest.raises(IngestError, match="PDF"):
        read_pdf(good[:300], "truncated.pdf", engine)
    with pytest.raises(IngestError, match="encrypted"):
        read_pdf(make_pdf(lambda c: put(c, 72, 700, "secret"), encrypt="pw"), "enc.pdf", engine)

    def image_only(c) -> None:
        c.setFillColorRGB(0.2, 0.3, 0.4)
        c.rect(72, 72, 300, 400, fill=1)

    with pytest.raises(IngestError, match="no text"):
        read_pdf(make_pdf(image_only), "scan.pdf", engine)


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(IngestError, match="unknown PDF engine"):
        read_pdf(b"%PDF-1.4\n", "x.pdf", "ghostscript")


# --- the dev brief's PDF rendition -------------------------------------------------------------

PDF = BRIEFS / "recentralization-brief.pdf"


@pytest.fixture(scope="module")
def brief_docs() -> dict[str, Document]:
    if not PDF.exists():
        pytest.skip("dev brief PDF not present")
    return {e: ingest(PDF, pdf_engine=e) for e in ENGINES}


def _body_calls(doc: Document) -> Counter[str]:
    heading = next(b for b in doc.blocks if b.kind == "notes_heading")
    return Counter(doc.text[a:b] for a, b in doc.superscripts if a < heading.start)


def test_brief_pdf_has_29_notes_and_the_txt_calls(brief_docs: dict[str, Document]) -> None:
    txt = ingest(BRIEFS / "recentralization-brief.txt")
    want = Counter(txt.text[a:b] for a, b in txt.superscripts if a < txt.text.index("\nEndnotes\n"))
    assert sum(want.values()) == 27
    for doc in brief_docs.values():
        notes = blocks(doc, "note")
        assert len(notes) == 29
        assert [int(n.split(".", 1)[0]) for n in notes] == list(range(1, 30))
        assert _body_calls(doc) == want


def test_brief_pdf_engines_agree_on_calls(brief_docs: dict[str, Document]) -> None:
    a, b = (brief_docs[e] for e in ENGINES)
    assert sup_texts(a) == sup_texts(b)


def test_brief_pdf_is_clean(brief_docs: dict[str, Document]) -> None:
    for doc in brief_docs.values():
        text = doc.text
        assert "POLICY BRIEF" not in text
        assert not re.search(r"ucigcc\.org \d", text)
        assert "\ufffe" not in text and "\x02" not in text
        assert "self-reliance" in text
        paras = [p for p in blocks(doc, "paragraph") if "while the CRRC" in p]
        assert len(paras) == 1
        assert "while the CRRC Group (中国中车集团有限公司)—a state-owned enterprise—shouldered most of the " \
               "financial load." in paras[0]
        note1 = blocks(doc, "note")[0]
        assert note1.endswith("https://www.gov.cn/xinwen/2018-03/11/content_5273222.htm.")


def test_brief_pdf_matches_the_txt_sentences(brief_docs: dict[str, Document]) -> None:
    """Every endnote of the .txt rendition comes out of the PDF with the same text."""
    txt = ingest(BRIEFS / "recentralization-brief.txt")

    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", s).strip()

    want = [norm(x) for x in blocks(txt, "note")]
    for doc in brief_docs.values():
        assert [norm(x) for x in blocks(doc, "note")] == want


def test_ingest_routes_pdfs_here(tmp_path: Path) -> None:
    p = tmp_path / "one.pdf"
    p.write_bytes(make_pdf(lambda c: put(c, 72, 700, [("One claim.", False), ("3", True)])))
    doc = ingest(p)
    assert doc.media_type == "application/pdf" and doc.text == "One claim.³\n"
    assert doc.page_spans and doc.page_spans[0].page == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_paragraph_across_a_page_break_is_rejoined(engine: str) -> None:
    full = "This paragraph runs on at full measure across the whole text column so that its"

    def draw(c) -> None:
        lines(c, 72, 650, [full, full, "last line on the page is full too, as it is long enough to reach the right margin:"])
        c.showPage()
        lines(c, 72, 650, ["it continues on the next page and ends here.", "", "", "A new paragraph starts after a gap."])
        c.showPage()
        lines(c, 72, 650, [full, full, "short last line."])
        c.showPage()
        lines(c, 72, 650, ["Next page starts a fresh paragraph.", full, full])

    doc = read_pdf(make_pdf(draw), "break.pdf", engine)
    paras = blocks(doc, "paragraph")
    assert paras[0].endswith("reach the right margin: it continues on the next page and ends here.")
    assert paras[1] == "A new paragraph starts after a gap."
    assert paras[2].endswith("short last line.") and paras[3].startswith("Next page starts")


@pytest.mark.parametrize("engine", ENGINES)
def test_raised_endnote_numbers_and_back_matter_after_the_notes(engine: str) -> None:
    def draw(c) -> None:
        put(c, 72, 720, [("A claim in the body text of this brief.", False), ("1", True)], 11)
        put(c, 72, 696, "Notes", 14)
        lines(c, 72, 676, [
            [("1", True), (" First note, a report published in 2021.", False)],
            [("2", True), (" Second note, which runs onto", False)],
            "a second line.",
        ], size=9, leading=11)
        put(c, 72, 620, "The authors thank the reviewers for their help with this brief.", 11)

    doc = read_pdf(make_pdf(draw), "raised.pdf", engine)
    assert blocks(doc, "notes_heading") == ["Notes"]
    assert blocks(doc, "note") == ["1. First note, a report published in 2021.",
                                   "2. Second note, which runs onto a second line."]
    assert blocks(doc, "paragraph")[-1] == "The authors thank the reviewers for their help with this brief."


def test_repeated_text_lines_near_the_top_are_not_taken_for_running_heads() -> None:
    def draw(c) -> None:
        for n in range(1, 4):
            lines(c, 72, 705, ["The same opening line is printed near the top of every page,",
                               f"and the page goes on with its own text, number {n}."])
            if n < 3:
                c.showPage()

    doc = read_pdf(make_pdf(draw), "repeat.pdf")
    assert doc.text.count("The same opening line") == 3
