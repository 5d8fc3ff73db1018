"""Notes: found under any heading or none, cut by their numbering, parsed into fields."""

from __future__ import annotations

import json

from conftest import BRIEFS, doc_and_seg
from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.ingest import ingest
from briefparse.notes import parse_notes
from briefparse.notes.fields import parse_note_text
from briefparse.notes.find import join_lines
from briefparse.notes.parse import extract_urls, split_bilingual
from briefparse.records import Block, Document
from briefparse.segments import segment

FIELDS = ["authors", "authors_zh", "title_en", "title_zh", "container_en", "container_zh", "date_iso", "urls",
          "doi", "volume", "issue", "pages", "kind", "duplicate_of"]
BODY = "A Brief Title\n\nIntroduction\n\nSome body text that makes a claim.¹ Another claim follows here.²\n\n"


def _notes(text: str) -> list:
    doc, seg = doc_and_seg(text)
    return parse_notes(doc, seg).endnotes


def test_dev_brief_txt_matches_gold(gold_dir) -> None:
    doc = ingest(BRIEFS / "recentralization-brief.txt")
    res = parse_notes(doc, segment(doc))
    gold = {g["n"]: g for g in json.loads((gold_dir / "endnotes.json").read_text(encoding="utf-8"))}
    assert [e.n for e in res.endnotes] == list(range(1, 30))
    wrong = [(e.n, f, getattr(e, f), gold[e.n].get(f)) for e in res.endnotes for f in FIELDS
             if (getattr(e, f) or None) != (gold[e.n].get(f) or None)]
    assert wrong == []
    assert len(res.endnotes[13].works) == 3 and len(res.endnotes[2].works) == 2


def test_no_heading_paren_labels_wrapped_furniture_and_lost_number() -> None:
    text = (BODY + "Closing paragraph of the body.\n\n"
            "1) Jun Zhang (张军), \"Local Competition 地方竞争,\" *The Paper* (澎湃新闻), October 11,\n"
            "2015, https://www.thepaper.cn/newsDetail_\nforward_1383704.\n"
            "POLICY BRIEF\n"
            "ucigcc.org 9\n"
            "2) Suisheng Zhao, \"Xi Jinping's Maoist Revival,\" *Journal of Democracy* 27, no. 3 (2016): 83–97. "
            "3) Occasionally prefectural governments were also included.\n"
            "4) Fund management company.\n"
            "POLICY BRIEF\n"
            "ucigcc.org 10\n")
    doc, seg = doc_and_seg(text)
    res = parse_notes(doc, seg)
    notes = res.endnotes
    assert [e.n for e in notes] == [1, 2, 3, 4]
    assert notes[0].urls == ["https://www.thepaper.cn/newsDetail_forward_1383704"]
    assert notes[0].date_iso == "2015-10-11" and notes[0].authors_zh == ["张军"]
    assert "POLICY BRIEF" not in notes[0].raw and "ucigcc" not in notes[0].raw
    assert notes[1].volume == "27" and notes[1].issue == "3" and notes[1].pages == "83–97"
    assert notes[2].raw == "Occasionally prefectural governments were also included."
    assert notes[2].kind == "explanatory_note"
    assert res.regions is not None and res.regions.where(text.index("1) Jun")) == "endnote"
    assert res.regions.where(text.index("Some body")) == "body"


def test_lost_label_split_out_by_sequence() -> None:
    text = (BODY + "Notes\n\n"
            "97. Wang Wei, \"Security Review,\" Xinhua, May 2, 2020, on national-security. "
            "98 Chinese investment fund report, \"Fund Rules,\" MOST, June 1, 2021.\n"
            "99. Fund management company.\n")
    notes = _notes(text)
    assert [e.n for e in notes] == [97, 98, 99]
    assert notes[0].raw.endswith("national-security.")
    assert notes[1].raw.startswith("Chinese investment fund")


def test_bracket_labels_under_references_heading_and_tab_labels() -> None:
    text = BODY + "References\n\n[1] Li Qiang, \"A Title,\" Outlet, 2020.\n\n[2] Wu Zhe, \"Another,\" Nanfang Daily, June 18, 2017.\n"
    notes = _notes(text)
    assert [(e.n, e.title_en) for e in notes] == [(1, "A Title"), (2, "Another")]
    text2 = BODY + "Endnotes\n\n1\tLi Qiang, \"A Title,\" Outlet, 2020.\n2\tWu Zhe, \"Another,\" Nanfang Daily, 2017.\n"
    notes2 = _notes(text2)
    assert [e.n for e in notes2] == [1, 2] and notes2[1].container_en == "Nanfang Daily"


def test_markdown_footnote_definitions_without_heading() -> None:
    text = ("Title\n\nIntro\n\nA claim.[^1] Another.[^2] A third.[^3]\n\n"
            "[^1]: Li Qiang, \"A Title,\" Outlet, 2020.\n[^2]: Wu Zhe, \"Another,\" Nanfang Daily, 2017.\n"
            "[^3]: Fund management company.\n")
    notes = _notes(text)
    assert [(e.n, e.title_en) for e in notes] == [(1, "A Title"), (2, "Another"), (3, None)]


def test_chapter_heading_and_several_hundred_notes() -> None:
    lines = [f"{i}. Author {i}, \"Title number {i},\" Outlet {i}, March {1 + i % 28}, 20{10 + i % 10}, "
             f"https://example.org/a/{i}.html." for i in range(1, 401)]
    text = BODY + "ENDNOTES FOR CHAPTER 1\n\n" + "\n".join(lines) + "\n"
    notes = _notes(text)
    assert [e.n for e in notes] == list(range(1, 401))
    assert notes[399].urls == ["https://example.org/a/400.html"]
    assert notes[122].title_en == "Title number 123" and notes[122].date_iso == f"20{10 + 123 % 10}-03-{1 + 123 % 28:02d}"


def test_page_foot_footnotes_after_footnotes_heading() -> None:
    text = (BODY + "Footnotes\n\n1 Li Qiang, \"A Title,\" Outlet, 2020.\n\n"
            "2 Sourced from the National Bureau of Statistics for all years.\n")
    notes = _notes(text)
    assert [(e.n, e.placement) for e in notes] == [(1, "footnote"), (2, "footnote")]


def test_footnote_blocks_from_a_paged_reader() -> None:
    text = "Body sentence one.¹\n\n1 Zhe Wu, \"Sign a Framework Agreement,\" Nanfang Daily,\n\nJune 18, 2017.\n\nMore body.²\n\n2 Fund management company.\n"
    blocks = []
    pos = 0
    kinds = ["paragraph", "footnote", "footnote", "paragraph", "footnote"]
    for kind, part in zip(kinds, text.rstrip("\n").split("\n\n"), strict=True):
        blocks.append(Block(kind, pos, pos + len(part), 1))
        pos += len(part) + 2
    doc = Document("d.pdf", "d.pdf", "", "application/pdf", text, pages=1, blocks=blocks)
    res = parse_notes(doc, segment(doc))
    assert [e.n for e in res.endnotes] == [1, 2]
    assert res.endnotes[0].date_iso == "2017-06-18" and res.endnotes[0].container_en == "Nanfang Daily"


def test_notes_citing_two_or_three_works() -> None:
    t = ("Susan L. Shirk, \"The Origins of Overreach,\" in *Overreach*, New York: Oxford Academic, 2022; "
         "Cheng Li, \"Leadership,\" in *Chinese Politics*. Washington (D.C.): Brookings Institution Press, 2016; "
         "Wu Zhe, \"Third Work 第三,\" Nanfang Daily (南方日报), June 18, 2017, https://example.cn/a.htm.")
    nf = parse_note_text(t)
    assert [w.title_en for w in nf.works] == ["The Origins of Overreach", "Leadership", "Third Work"]
    assert nf.work.authors == ["Susan L. Shirk", "Cheng Li", "Wu Zhe"]
    assert nf.works[1].publisher == "Brookings Institution Press" and nf.works[2].title_zh == "第三"
    assert nf.work.urls == ["https://example.cn/a.htm"]


def test_title_variants() -> None:
    assert split_bilingual("English Title (中文标题)") == ("English Title", "中文标题")
    assert split_bilingual("English Title [中文标题]") == ("English Title", "中文标题")
    assert split_bilingual("English Title（中文标题）") == ("English Title", "中文标题")
    assert split_bilingual('The "14th Plan" Guide for comments "十四五" 指南') == ('The "14th Plan" Guide for comments', '"十四五" 指南')
    nf = parse_note_text("张军：《地方竞争背后的中国式财政联邦主义》，《澎湃新闻》，2015年10月11日。")
    assert nf.work.title_zh == "地方竞争背后的中国式财政联邦主义" and nf.work.container_zh == "澎湃新闻"
    assert nf.work.date_iso == "2015-10-11" and nf.work.authors_zh == ["张军"]
    nf2 = parse_note_text("MOST and MOF, “Notice on the Fund” 关于印发《办法》的通知,” MOST & MOF, July 04, 2011.")
    assert nf2.work.title_en == "Notice on the Fund" and nf2.work.title_zh == "关于印发《办法》的通知"
    assert nf2.work.authors == ["MOST", "MOF"] and nf2.work.kind == "government_document"
    nf3 = parse_note_text("Barry Naughton, *The Chinese Economy* (Cambridge, MA: MIT Press, 2018), 45.")
    assert nf3.work.title_en == "The Chinese Economy" and nf3.work.date_iso == "2018" and nf3.work.authors == ["Barry Naughton"]
    assert nf3.work.place == "Cambridge, MA" and nf3.work.publisher == "MIT Press"


def test_urls_rejoined_when_cut() -> None:
    urls, _ = extract_urls("MOST, June 1, 2021, https://www.gov.cn/zhuant/ 2015-12/14/content_5023541.htm. Next")
    assert urls == ["https://www.gov.cn/zhuant/2015-12/14/content_5023541.htm"]
    urls2, _ = extract_urls("Zhao, 2016, <https://doi.org/10.1353/jod. 2016.0051>.")
    assert urls2 == ["https://doi.org/10.1353/jod.2016.0051"]
    assert join_lines(["see http://gdstc.gd.gov.cn/zwgk_n/zwdt/", "content/post_1.html."]) == \
        "see http://gdstc.gd.gov.cn/zwgk_n/zwdt/content/post_1.html."
    assert join_lines(["若干重大问题的决", "定,\" Xinhua"]) == "若干重大问题的决定,\" Xinhua"


def test_duplicate_and_ibid() -> None:
    note = "\"Yang Jun Went to MOST 杨军赴科技部,\" Guangdong S&T Office (广东省科学技术厅), January 18, 2022, http://a.cn/zwdt/1.html."
    text = BODY + "Notes\n\n1. " + note + "\n2. Ibid.\n3. " + note.replace("zwdt", "zwtdt") + "\n"
    notes = _notes(text)
    assert [e.duplicate_of for e in notes] == [None, 1, 1]


def test_unparseable_notes_give_warnings_not_crashes() -> None:
    text = BODY + "Notes\n\n@@@ garbage line ###\n1. Fine note, \"A Title,\" Outlet, 2020.\n2. )))(((\"\"\"\n"
    doc, seg = doc_and_seg(text)
    res = parse_notes(doc, seg)
    assert [e.n for e in res.endnotes] == [1, 2]
    assert any("garbage" in w for w in res.warnings)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list("ab 1.2,\"“”()（）《》[]中文;:<>/-\n\tA") + ["http://x.cn/", "2021", "no. 3",
                                                                                  "June 1, ", "*", " and "]),
                max_size=60).map("".join))
def test_parser_never_raises(s: str) -> None:
    parse_note_text(s)
    _notes("Title\n\nNotes\n\n1. " + s + "\n2. " + s[::-1] + "\n")


def test_note_urls_agree_with_the_url_inventory() -> None:
    """endnotes.urls uses the inventory's finder (URLs as printed, glued words cut)."""
    from briefparse.text.urls import find_urls

    for raw in ("MOF, 2021, htps://www.gov.cn/zhengce/a.html.",
                "MOF, 2021, https://www.most.gov.cn/xxgk/b.htmlAccessed May 3, 2023."):
        urls, _ = extract_urls(raw)
        assert urls == [f.url for f in find_urls(raw)]
        assert urls[0].endswith(".html")
