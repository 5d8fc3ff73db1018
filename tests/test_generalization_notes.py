"""Notes and note calls in house styles other than the dev brief's, each brief generated here.

Every brief is run through ingestion and the per-document analysis (``analyse``) and checked
for its notes (number + a title or URL) and its calls (note numbers + the calling sentence).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from briefparse.ingest import ingest_bytes
from briefparse.results import DocResult
from briefparse.stages import analyse

ENGINES = ["pypdfium2", "pdfplumber"]
Part = tuple[str, bool]  # (text, is_superscript)


def run(data: bytes, name: str, engine: str = "pypdfium2") -> DocResult:
    """Ingest bytes as the file ``name`` and run every per-document stage."""
    return analyse(ingest_bytes(data, name, name, pdf_engine=engine))


def notes_of(res: DocResult) -> dict[int, str]:
    return {e.n: e.raw for e in res.endnotes}


def calls_of(res: DocResult) -> list[tuple[list[int], str]]:
    return [(m.notes, m.context) for m in res.markers]


def assert_calls(res: DocResult, expected: list[tuple[list[int], str]]) -> None:
    """Calls are exactly ``expected``: note numbers, and a context that holds the given words."""
    got = calls_of(res)
    assert [n for n, _ in got] == [n for n, _ in expected], got
    for (_, ctx), (_, want) in zip(got, expected, strict=True):
        assert want in " ".join(ctx.split()), (want, ctx)  # wrapped text lines keep their line breaks


# ---------------------------------------------------------------- 1. Pandoc / WordPress HTML

PANDOC_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Local debt</title></head><body>
<article><h1>Local Debt and the Centre</h1>
<p>Local governments borrowed heavily after the 2015 budget law.<sup><a href="#fn1" class="footnote-ref" id="fnref1"
role="doc-noteref">1</a></sup> The Ministry of Finance then tightened quotas.<a href="#fn2" class="footnote-ref"
id="fnref2"><sup>2</sup></a></p>
<p>By 2020 hidden debt had reached 40 trillion yuan, by one estimate.<a href="#fn3" class="footnote-ref" id="fnref3">3</a>
Provinces resisted the new rules.<a href="#fn4" id="fnref4" class="footnote-ref">[4]</a></p>
<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes"><hr>
<ol>
<li id="fn1"><p>Jane Doe, “Local Debt After the Budget Law,” <em>China Journal</em>, March 2, 2019,
<a href="https://example.org/debt">https://example.org/debt</a>.<a href="#fnref1" class="footnote-back"
role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p>Ministry of Finance, “Notice on Debt Quotas (关于债务限额的通知),” May 4, 2018.
<a href="#fnref2" class="footnote-back">↩︎</a></p></li>
<li id="fn3"><p>Li Wei, “Hidden Debt Estimates,” <em>Caixin</em>, June 1, 2020. <a href="#fnref3">↩</a></p></li>
<li id="fn4"><p>Ibid.<a href="#fnref4">↩</a></p></li>
</ol></section></article></body></html>"""


def test_pandoc_html_footnotes_section() -> None:
    res = run(PANDOC_HTML.encode(), "pandoc.html")
    notes = notes_of(res)
    assert sorted(notes) == [1, 2, 3, 4]
    assert "Local Debt After the Budget Law" in notes[1] and "↩" not in notes[1]
    e = {x.n: x for x in res.endnotes}
    assert e[1].urls == ["https://example.org/debt"]
    assert e[2].title_zh == "关于债务限额的通知"
    assert e[4].duplicate_of == 3
    assert_calls(res, [([1], "borrowed heavily"), ([2], "tightened quotas"), ([3], "hidden debt"),
                       ([4], "Provinces resisted")])
    assert "Provinces resisted" not in res.markers[2].context


WORDPRESS_HTML = """<html><body><div class="entry-content">
<h2>Industrial policy</h2>
<p>Subsidies rose sharply in 2019<sup class="footnote"><a href="#footnote_0_77" id="identifier_0_77"
class="footnote-link footnote-identifier-link" title="Ministry data">1</a></sup> and again in 2021.<sup
class="footnote"><a href="#footnote_1_77" class="footnote-link">2</a></sup></p>
<ol class="footnotes"><li id="footnote_0_77" class="footnote">“Subsidy Statistics 2019,” Ministry of Industry,
https://example.cn/2019.html [<a href="#identifier_0_77" class="footnote-link footnote-back-link">&#8617;</a>]</li>
<li id="footnote_1_77" class="footnote">“Subsidy Statistics 2021,” Ministry of Industry, https://example.cn/2021.html
[<a href="#identifier_1_77">&#8617;</a>]</li></ol></div></body></html>"""


def test_wordpress_footnotes_plugin() -> None:
    res = run(WORDPRESS_HTML.encode(), "wp.html")
    e = {x.n: x for x in res.endnotes}
    assert sorted(e) == [1, 2]
    assert e[1].urls == ["https://example.cn/2019.html"] and e[2].urls == ["https://example.cn/2021.html"]
    assert e[1].title_en == "Subsidy Statistics 2019"
    assert "↩" not in e[1].raw and not e[1].raw.rstrip().endswith("[]")
    assert_calls(res, [([1], "Subsidies rose sharply"), ([2], "Subsidies rose sharply")])


WORD_HTML = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>
<body lang=EN-US><div class=WordSection1>
<p class=MsoTitle>Water Politics on the Mekong</p>
<p class=MsoNormal>China completed eleven dams on the upper Mekong by 2020.<a style='mso-footnote-id:ftn1'
href="#_ftn1" name="_ftnref1" title=""><span class=MsoFootnoteReference><span style='mso-special-character:footnote'>
<span class=MsoFootnoteReference>[1]</span></span></span></a> Downstream states complained about low water.<a
href="#_ftn2" name="_ftnref2"><span class=MsoFootnoteReference>[2]</span></a></p>
<p class=MsoNormal>The Lancang-Mekong Cooperation began in 2016.<a href="#_ftn3" name="_ftnref3"><span
class=MsoFootnoteReference>[3]</span></a></p>
</div>
<div style='mso-element:footnote-list'><br clear=all><hr align=left size=1 width="33%">
<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1"
name="_ftn1" title=""><span class=MsoFootnoteReference>[1]</span></a> Brian Eyler, “Science Shows Chinese Dams
Are Devastating the Mekong,” Foreign Policy, April 22, 2020.</p></div>
<div style='mso-element:footnote' id=ftn2><p class=MsoFootnoteText><a href="#_ftnref2" name="_ftn2"><span
class=MsoFootnoteReference>[2]</span></a> Mekong River Commission, “Low Flows Report,” 2019,
https://www.mrcmekong.org/low-flows-2019.</p></div>
<div style='mso-element:footnote' id=ftn3><p class=MsoFootnoteText><a href="#_ftnref3" name="_ftn3"><span
class=MsoFootnoteReference>[3]</span></a> Ministry of Foreign Affairs, “Sanya Declaration,” March 23, 2016.</p>
</div></div></body></html>"""


def test_word_html_export_footnotes() -> None:
    """Word's "Save as HTML": ``[n]`` anchors to ``#_ftnN`` as calls, notes in ``mso-element:footnote`` divs."""
    data = WORD_HTML.encode("cp1252")
    res = run(data, "word.htm")
    e = {x.n: x for x in res.endnotes}
    assert sorted(e) == [1, 2, 3], res.text
    assert e[1].title_en == "Science Shows Chinese Dams Are Devastating the Mekong"
    assert e[2].urls == ["https://www.mrcmekong.org/low-flows-2019"]
    assert_calls(res, [([1], "eleven dams"), ([2], "Downstream states"), ([3], "Lancang-Mekong")])


SUP_LABEL_HTML = """<html><body><h1>Rare Earths</h1>
<p>China refines most of the world's rare earths.<sup>1</sup> Export controls followed in 2023.<sup>2,3</sup></p>
<h3>NOTES</h3>
<p><sup>1</sup> IEA, "Critical Minerals Outlook 2023," July 2023.</p>
<p><sup>2</sup> MOFCOM, "Announcement No. 23 of 2023 (商务部公告2023年第23号)," July 3, 2023.</p>
<p><sup>3</sup> Reuters, "China to Curb Gallium Exports," July 4, 2023, https://www.reuters.com/gallium.</p>
<p>About the author: a researcher.</p>
</body></html>"""


def test_html_notes_with_superscript_labels() -> None:
    res = run(SUP_LABEL_HTML.encode(), "rare.html")
    e = {x.n: x for x in res.endnotes}
    assert sorted(e) == [1, 2, 3]
    assert e[2].title_zh == "商务部公告2023年第23号"
    assert e[3].urls == ["https://www.reuters.com/gallium"]
    assert_calls(res, [([1], "refines most"), ([2, 3], "Export controls")])


def test_html_in_page_links_that_are_not_note_calls() -> None:
    """A contents link printed as a number is not a call; a ``<sup>[2]</sup>`` is."""
    html = ("<html><body><h1>T</h1><p>See part <a href=\"#section-3\">3</a> for the data on provinces.</p>"
            "<p>Quotas were cut.<sup>[1]</sup> Debt fell.<sup><a href=\"#cite_note-2\">[2]</a></sup></p>"
            "<h2>Notes</h2><ol><li>MOF, \"Quota Notice,\" 2019.</li><li>IMF, \"Article IV Report,\" 2020.</li>"
            "<li>NBS, \"Provincial Data,\" 2021.</li></ol></body></html>")
    res = run(html.encode(), "links.html")
    assert sorted(e.n for e in res.endnotes) == [1, 2, 3]
    assert_calls(res, [([1], "Quotas were cut"), ([2], "Debt fell")])


# ---------------------------------------------------------------- 2. Markdown footnotes

MARKDOWN = """# Grain Security in China

Beijing treats grain as a strategic good.[^1] Stockpiles are large[^2] and opaque.

## Policy

The 2021 food security law raised the stakes.[^3] Imports still grew in 2022.[^4]

[^1]: Chen Xi, "Grain as Strategy," *Asian Survey* 61, no. 3 (2021): 45-67.
[^2]: USDA, "China Grain Stocks Report," 2022, https://www.fas.usda.gov/data/china-grain-stocks.
[^3]: 《中华人民共和国粮食安全保障法》, 全国人民代表大会, 2023年12月29日.
[^4]: General Administration of Customs, "Imports by Commodity," January 2023.
"""


def test_markdown_footnote_definitions() -> None:
    res = run(MARKDOWN.encode(), "grain.md")
    e = {x.n: x for x in res.endnotes}
    assert sorted(e) == [1, 2, 3, 4]
    assert e[1].title_en == "Grain as Strategy" and e[1].volume == "61"
    assert e[2].urls == ["https://www.fas.usda.gov/data/china-grain-stocks"]
    assert e[3].title_zh == "中华人民共和国粮食安全保障法"
    assert_calls(res, [([1], "strategic good"), ([2], "Stockpiles are large"), ([3], "food security law"),
                       ([4], "Imports still grew")])
    assert all(m.style == "bracket" for m in res.markers)


# ---------------------------------------------------------------- 3. plain text, [n] calls, References

BRACKET_TXT = """Carbon Markets in China

Summary

China launched its national carbon market in 2021 [1]. Coverage is limited to power [2], [3]. Prices
stayed below 60 yuan per tonne in 2022 [4]. The market had 2,162 firms in 2021.

References

[1] Wang Lin, "China's National ETS," Climate Policy, July 16, 2021, https://doi.org/10.1080/14693062.2021.1
[2] International Energy Agency, "Enhancing China's ETS," 2020.
[3] Zhang Y. and Liu M., "Sectoral Coverage of the ETS," Energy Policy 150 (2021): 112-130.
[4] Refinitiv, "Carbon Market Year in Review 2022," January 2023,
    https://www.refinitiv.com/carbon-review-2022.
"""


def test_plain_text_bracket_calls_and_references() -> None:
    res = run(BRACKET_TXT.encode(), "carbon.txt")
    e = {x.n: x for x in res.endnotes}
    assert sorted(e) == [1, 2, 3, 4]
    assert e[2].title_en == "Enhancing China's ETS"
    assert e[4].urls == ["https://www.refinitiv.com/carbon-review-2022"]
    assert_calls(res, [([1], "national carbon market"), ([2], "Coverage is limited"), ([3], "Coverage is limited"),
                       ([4], "60 yuan")])
    assert res.row.notes_heading == "References"


# ---------------------------------------------------------------- 6. GBK / Big5 / UTF-16 text

ZH_BRIEF = """中国地方财政改革

2018年以来，中央加强了对地方债务的管理。{1} 地方政府专项债券规模扩大。{2} 学者认为改革仍不彻底。{3}

注释

1. 财政部：《关于做好地方政府专项债券发行工作的意见》，2018年8月14日。
2. 国务院：《政府工作报告》，2021年3月5日，http://www.gov.cn/zhengce/2021-03/05/content_1.htm。
3. 李明：《地方财政的困境》，载《财政研究》2020年第5期，第12-20页。
"""

TRAD_BRIEF = """地方財政改革

中央加強了對地方債務的管理[1]。專項債券規模擴大[2]。

註釋

1. 財政部：《關於地方政府債券的意見》，2018年8月14日。
2. 國務院：《政府工作報告》，2021年3月5日。
"""


CALL_STYLES = {"sup": "¹²³", "bracket": ["[1]", "[2]", "[3]"], "fullwidth": ["［1］", "［2］", "［3］"]}


@pytest.mark.parametrize(("encoding", "style"), [("gbk", "bracket"), ("gb18030", "sup"), ("utf-16", "sup"),
                                                 ("utf-8", "fullwidth"), ("gbk", "fullwidth")])
def test_chinese_text_brief_in_legacy_encodings(encoding: str, style: str) -> None:
    marks = CALL_STYLES[style]
    text = ZH_BRIEF.replace("{1}", marks[0]).replace("{2}", marks[1]).replace("{3}", marks[2])
    data = text.encode(encoding)  # Python's utf-16 codec writes a BOM
    res = run(data, "zh.txt")
    e = {x.n: x for x in res.endnotes}
    assert sorted(e) == [1, 2, 3], res.warnings
    assert e[1].title_zh == "关于做好地方政府专项债券发行工作的意见"
    assert e[2].urls == ["http://www.gov.cn/zhengce/2021-03/05/content_1.htm"]
    assert e[3].title_zh == "地方财政的困境" and e[3].issue == "5"
    assert_calls(res, [([1], "地方债务的管理"), ([2], "专项债券规模扩大"), ([3], "学者认为")])
    assert "专项债券" not in res.markers[0].context
    assert res.row.notes_heading == "注释"


def test_big5_traditional_brief() -> None:
    res = run(TRAD_BRIEF.encode("big5"), "trad.txt")
    e = {x.n: x for x in res.endnotes}
    assert sorted(e) == [1, 2]
    assert e[1].title_zh == "關於地方政府債券的意見"
    assert_calls(res, [([1], "地方債務的管理"), ([2], "專項債券規模擴大")])


# ---------------------------------------------------------------- 7. TAB notes, plain-digit calls

TAB_TXT = """Semiconductor Self-Reliance

Overview

The Big Fund raised 204 billion yuan for the sector.1 Chip imports reached 350 billion dollars in 2019.2
Output grew 33.3 percent in 2021, while 14 provinces set targets for 2025.3 The plan was first
announced in 2014.4 SMIC expanded capacity in 2019.5

Notes

1\tZhang Hua, "The Big Fund at Five," Caixin, October 22, 2019.
2\tGeneral Administration of Customs, "China's Imports of Integrated Circuits," January 14, 2020.
3\tMIIT, "Provincial Semiconductor Plans," March 2022, https://www.miit.gov.cn/plans.html.
4\tState Council, "Guidelines to Promote the IC Industry," June 24, 2014.
5\tSMIC, "Annual Report 2019," April 2020.
"""


def test_tab_notes_and_calls_glued_to_years_and_punctuation() -> None:
    res = run(TAB_TXT.encode(), "chips.txt")
    e = {x.n: x for x in res.endnotes}
    assert sorted(e) == [1, 2, 3, 4, 5]
    assert e[3].urls == ["https://www.miit.gov.cn/plans.html"]
    assert_calls(res, [([1], "Big Fund raised"), ([2], "Chip imports"), ([3], "14 provinces"),
                       ([4], "first announced in 2014"), ([5], "SMIC expanded")])
    assert [m.raw for m in res.markers] == ["1", "2", "3", "4", "5"]


# ---------------------------------------------------------------- 8. chapter endnotes restarting

CHAPTERS_TXT = """Reform Report

Chapter 1: Fiscal Reform

The 1994 reform centralised revenue.¹ Transfers grew afterwards.²

Chapter 2: Personnel

Cadre evaluation changed in 2013.¹ Discipline inspections intensified.²

ENDNOTES FOR CHAPTER 1

1. Christine Wong, "The Fiscal Reform of 1994," China Quarterly, March 1997.
2. World Bank, "Transfers in China," 2002.

ENDNOTES FOR CHAPTER 2

1. Li Hongbin, "Cadre Evaluation," Journal of Public Economics 89, no. 9 (2005): 1743-1762.
2. CCDI, "Annual Work Report," January 2017.
"""


def test_chapter_endnotes_restart_numbering() -> None:
    """Notes restart per chapter: each note keeps its printed number and its ``series`` (1, 2…);
    the calls of chapter k link to the notes of series k."""
    res = run(CHAPTERS_TXT.encode(), "chapters.txt")
    got = [(e.series, e.n, e.title_en) for e in res.endnotes]
    assert got == [(1, 1, "The Fiscal Reform of 1994"), (1, 2, "Transfers in China"),
                   (2, 1, "Cadre Evaluation"), (2, 2, "Annual Work Report")]
    assert [(m.series, m.notes) for m in res.markers] == [(1, [1]), (1, [2]), (2, [1]), (2, [2])]
    assert "1994 reform" in res.markers[0].context and "Cadre evaluation" in res.markers[2].context
    assert not any("never called" in w or "do not exist" in w for w in res.warnings), res.warnings


CHAPTERS_INTERLEAVED_TXT = """Reform Report

Chapter 1: Fiscal Reform

The 1994 reform centralised revenue.[1] Transfers grew afterwards.[2]

Notes to Chapter 1

[1] Christine Wong, "The Fiscal Reform of 1994," China Quarterly, March 1997.
[2] World Bank, "Transfers in China," 2002.

Chapter 2: Personnel

Cadre evaluation changed in 2013.[1] Discipline inspections intensified.[2] Purges followed.[3]

Notes to Chapter 2

[1] Li Hongbin, "Cadre Evaluation," Journal of Public Economics 89, no. 9 (2005): 1743-1762.
[2] CCDI, "Annual Work Report," January 2017.
[3] Reuters, "Purges in the Provinces," May 3, 2016.
"""


def test_chapter_notes_after_each_chapter() -> None:
    """Notes printed after each chapter: chapter 2's body is body text again, its calls link to series 2."""
    res = run(CHAPTERS_INTERLEAVED_TXT.encode(), "interleaved.txt")
    assert [(e.series, e.n) for e in res.endnotes] == [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3)]
    assert res.endnotes[2].title_en == "Cadre Evaluation"
    assert [(m.series, m.notes) for m in res.markers] == [(1, [1]), (1, [2]), (2, [1]), (2, [2]), (2, [3])]
    assert "Purges followed" in res.markers[4].context
    assert any(q.sentence and "2013" in q.sentence for q in res.quantities) or any(
        d.where == "body" and d.iso == "2013" for d in res.dates)
    assert not any("never called" in w or "do not exist" in w for w in res.warnings), res.warnings


# ---------------------------------------------------------------- 9. several works, Ibid., lost label

MIXED_TXT = """Party and State

Body

Party groups gained power over ministries.¹ The 2018 reform merged agencies.² Commissions were
created.³ Leading groups became commissions.⁴ Local reforms followed.⁵

Notes

1. Alice Miller, "The Leading Small Groups," China Leadership Monitor, no. 26, 2008; David Shambaugh, "China's Communist Party," University of California Press, 2008; Li Ling, "Party-State Fusion," Modern China, May 2019.
2. Ibid.
3. Ibid., 45.
4. Zhang Lin, "Commissions Ascendant," Xinhua, March 21, 2018. 5 Wu Guo, "Local Institutional Reform," People's Daily, April 2, 2019.
"""


def test_several_works_ibid_and_lost_number() -> None:
    res = run(MIXED_TXT.encode(), "party.txt")
    e = {x.n: x for x in res.endnotes}
    assert sorted(e) == [1, 2, 3, 4, 5]
    assert len(e[1].works) == 3
    assert [w.title_en for w in e[1].works] == ["The Leading Small Groups", "China's Communist Party",
                                                       "Party-State Fusion"]
    assert e[2].duplicate_of == 1 and e[3].duplicate_of == 1
    assert e[4].title_en == "Commissions Ascendant" and "Wu Guo" not in e[4].raw
    assert e[5].title_en == "Local Institutional Reform"
    assert_calls(res, [([1], "Party groups"), ([2], "2018 reform"), ([3], "Commissions were"),
                       ([4], "Leading groups"), ([5], "Local reforms")])


# ---------------------------------------------------------------- PDFs built with reportlab


def make_pdf(draw: Callable[[object], None]) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(612, 792))
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def put(c: object, x: float, y: float, parts: list[Part] | str, size: float = 10, font: str = "Times-Roman") -> None:
    """Draw one line; superscript parts at 6/10 size raised by 0.4 size."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if isinstance(parts, str):
        parts = [(parts, False)]
    for text, sup in parts:
        s = size * 0.6 if sup else size
        c.setFont(font, s)  # type: ignore[attr-defined]
        c.drawString(x, y + (0.4 * size if sup else 0), text)  # type: ignore[attr-defined]
        x += stringWidth(text, font, s)


def col(c: object, x: float, y: float, rows: list, size: float = 10, leading: float = 12) -> float:
    for row in rows:
        put(c, x, y, row, size)
        y -= leading
    return y


def wrap(parts: list[Part], width: float, size: float = 10, font: str = "Times-Roman") -> list[list[Part]]:
    """Break ``parts`` into lines no wider than ``width`` (raised calls stay glued to their word)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words: list[list[Part]] = []
    for text, sup in parts:
        if sup and words:
            words[-1].append((text, True))
            continue
        for k, w in enumerate(text.split(" ")):
            if w and (k or not words or text.startswith(" ")):
                words.append([(w, False)])
            elif w:
                words[-1].append((w, False))
    out: list[list[Part]] = [[]]
    used = 0.0
    for word in words:
        ww = sum(stringWidth(t, font, size * (0.6 if s else 1)) for t, s in word)
        gap = stringWidth(" ", font, size) if out[-1] else 0
        if out[-1] and used + gap + ww > width:
            out.append([])
            used, gap = 0.0, 0
        if gap:
            out[-1].append((" ", False))
        out[-1].extend(word)
        used += gap + ww
    merged: list[list[Part]] = []
    for line in out:  # one drawString per run of plain text, as typesetters write it
        m: list[Part] = []
        for t, sup in line:
            if m and not sup and not m[-1][1]:
                m[-1] = (m[-1][0] + t, False)
            else:
                m.append((t, sup))
        merged.append(m)
    return merged


P1_LEFT: list[Part] = [
    ("Beijing has recentralised authority over land, finance and personnel since 2013, reversing three "
     "decades of delegation to the provinces.", False), ("1", True),
    (" The change is visible in statistics, which the centre now collects directly from enterprises rather "
     "than through local bureaus.", False), ("2", True),
    (" Local officials have lost discretion over data collection and over many approvals that they used "
     "to grant on their own authority.", False)]
P1_RIGHT: list[Part] = [
    ("Environmental inspections were also centralised in 2016 under a new central team with wide powers.", False),
    ("3", True), (" Inspectors report to Beijing rather than to the provincial leadership, which has weakened "
                  "local protectionism a great deal. Courts followed a similar path in 2014, when funding "
                  "moved up to the provincial level in pilot provinces.", False)]
P2_LEFT: list[Part] = [
    ("Judicial reform moved court funding to the provincial level in six pilot provinces and then beyond.", False),
    ("4", True), (" The reform spread to all provinces by the end of the decade in most respects, though "
                  "counties kept some influence over judges through housing and schooling.", False)]
P2_RIGHT: list[Part] = [
    ("Personnel control remains the strongest lever of the centre over the localities.", False), ("5", True),
    (" Appointments are vetted in Beijing and cadres rotate between provinces often, so that no official "
     "builds a local base, and the discipline commissions now answer upwards.", False)]


def draw_two_column_footnotes(c: object) -> None:
    """Two pages, two columns, footnotes at each page foot; note 3 runs onto page 2."""
    col(c, 72, 700, wrap(P1_LEFT, 228))
    col(c, 318, 700, wrap(P1_RIGHT, 228))
    c.line(72, 150, 200, 150)  # type: ignore[attr-defined]
    col(c, 72, 136, [
        [("1", True), (" Susan Shirk, \u201cThe Return to Personalistic Rule,\u201d Journal of Democracy, April 2018.", False)],
        [("2", True), (" National Bureau of Statistics, \u201cStatistical Law Enforcement,\u201d 2017,", False)],
        "https://www.stats.gov.cn/law/2017.html.",
        [("3", True), (" Genia Kostka and Jonas Nahm, \u201cCentral-Local Relations: Recentralization and", False)],
    ], size=8, leading=10)
    put(c, 300, 40, "1", 9)
    c.showPage()  # type: ignore[attr-defined]
    col(c, 72, 700, wrap(P2_LEFT, 228))
    col(c, 318, 700, wrap(P2_RIGHT, 228))
    c.line(72, 150, 200, 150)  # type: ignore[attr-defined]
    col(c, 72, 136, [
        "Environmental Policy in China,\u201d China Quarterly, September 2017.",
        [("4", True), (" Supreme People\u2019s Court, \u201cOpinions on Judicial Reform,\u201d February 2015.", False)],
        [("5", True), (" Cheng Li, \u201cChina\u2019s Political Elite,\u201d Brookings, 2016.", False)],
    ], size=8, leading=10)
    put(c, 300, 40, "2", 9)


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_two_columns_page_foot_footnotes(engine: str) -> None:
    res = run(make_pdf(draw_two_column_footnotes), "columns.pdf", engine)
    e = {x.n: x for x in res.endnotes}
    assert sorted(e) == [1, 2, 3, 4, 5], res.text
    assert e[1].title_en == "The Return to Personalistic Rule"
    assert e[2].urls == ["https://www.stats.gov.cn/law/2017.html"]
    assert e[3].title_en == "Central-Local Relations: Recentralization and Environmental Policy in China"
    assert e[3].container_en == "China Quarterly"
    assert e[4].page == 2 and e[1].page == 1
    assert_calls(res, [([1], "recentralised authority"), ([2], "collects directly"), ([3], "Environmental inspections"),
                       ([4], "Judicial reform"), ([5], "Personnel control")])
    assert "Environmental Policy in China" not in (res.text or "").split("Footnotes")[0]


NOTE_LINES = [
    "1. Barry Naughton, \u201cThe General Secretary\u2019s Extended Reach,\u201d China Leadership Monitor,",
    "no. 54, September 2017, https://www.hoover.org/research/general-secretarys-",
    "extended-reach.",
    "2. Xinhua, \u201cCPC Issues Regulation on Leading Groups,\u201d October 5, 2020.",
    "3. Wang Ying, \u201cProvincial Compliance with Central Directives,\u201d Journal of Contemporary China 29,",
    "no. 4 (2020): 500-518.",
]
NOTE_LINES2 = [
    "Additional data from the provincial yearbooks.",
    "4. Ministry of Civil Affairs, \u201cStatistical Bulletin 2019,\u201d August 2020, https://www.mca.gov.cn/",
    "article/sj/tjgb/2020.html.",
    "5. Jude Blanchette, \u201cXi\u2019s Gamble,\u201d Foreign Affairs, July 2021.",
]


def draw_endnotes_pdf(c: object) -> None:
    """Body on page 1, "Notes" on pages 2-3 with running header and page numbers; note 3 crosses the break."""
    put(c, 72, 760, "CENTRAL CONTROL IN CHINA", 8)
    put(c, 72, 700, "Central Control in China", 16)
    col(c, 72, 660, [
        [("Xi Jinping has extended his reach through leading groups.", False), ("1", True)],
        [("Their number grew after 2018, when several became commissions.", False), ("2", True)],
        [("Provinces complied with most directives within a year.", False), ("3", True)],
        [("Civil affairs data show the scale of the change.", False), ("4", True)],
        [("Critics call this a gamble.", False), ("5", True)],
    ])
    put(c, 300, 40, "1", 9)
    c.showPage()  # type: ignore[attr-defined]
    put(c, 72, 760, "CENTRAL CONTROL IN CHINA", 8)
    put(c, 72, 700, "Notes", 14)
    col(c, 72, 670, NOTE_LINES)
    put(c, 300, 40, "2", 9)
    c.showPage()  # type: ignore[attr-defined]
    put(c, 72, 760, "CENTRAL CONTROL IN CHINA", 8)
    col(c, 72, 700, NOTE_LINES2)
    put(c, 300, 40, "3", 9)


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_endnotes_across_pages_with_furniture(engine: str) -> None:
    res = run(make_pdf(draw_endnotes_pdf), "endnotes.pdf", engine)
    e = {x.n: x for x in res.endnotes}
    assert sorted(e) == [1, 2, 3, 4, 5], res.text
    assert e[1].urls == ["https://www.hoover.org/research/general-secretarys-extended-reach"]
    assert e[3].raw.endswith("Additional data from the provincial yearbooks.")
    assert "CENTRAL CONTROL" not in e[3].raw and e[3].volume == "29"
    assert e[4].urls == ["https://www.mca.gov.cn/article/sj/tjgb/2020.html"]
    assert e[5].page == 3
    assert_calls(res, [([1], "leading groups"), ([2], "several became"), ([3], "Provinces complied"),
                       ([4], "Civil affairs"), ([5], "gamble")])
