"""Bilingual term pairs and abbreviations: one small fixture per pattern, plus the scorer."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from conftest import doc_and_seg

from briefparse.evaluation import terms as terms_eval
from briefparse.records import Abbreviation, Endnote, Term
from briefparse.terms import extract_terms
from briefparse.terms.pairs import covered, is_person, zh_runs
from briefparse.text.normalize import zh_match_key


def _pairs(text: str, endnotes: list[Endnote] | None = None) -> dict[str, Term]:
    doc, seg = doc_and_seg(text)
    terms, _ = extract_terms(doc, seg, endnotes or [])
    return {t.zh: t for t in terms}


def _abbrs(text: str) -> dict[str, Abbreviation]:
    doc, seg = doc_and_seg(text)
    _, abbrs = extract_terms(doc, seg, [])
    return {a.abbr: a for a in abbrs}


def _brief(body: str, notes: str = "", back: str = "") -> str:
    text = "A Brief On Policy\n\nIntroduction\n\n" + body + "\n"
    if notes:
        text += "\nNotes\n\n" + notes + "\n"
    if back:
        text += "\nAbout Us\n\n" + back + "\n"
    return text


def test_english_then_chinese_in_parentheses() -> None:
    p = _pairs(_brief("In 2023 the Ministry of Science and Technology (科学技术部) was reformed."))
    t = p["科学技术部"]
    assert t.en == "Ministry of Science and Technology"
    assert t.type == "organisation"
    assert t.where == ["body"]


def test_english_chinese_abbreviation_and_lowercase_left_edge() -> None:
    text = _brief("It marked the launch of the new-style whole-of-nation system (新型举国体制, NWNS) in 2019.")
    doc, seg = doc_and_seg(text)
    terms, abbrs = extract_terms(doc, seg, [])
    t = {x.zh: x for x in terms}["新型举国体制"]
    assert t.en == "new-style whole-of-nation system"
    assert t.abbr == "NWNS"
    a = {x.abbr: x for x in abbrs}["NWNS"]
    assert a.expansion == "new-style whole-of-nation system"
    assert text[t.start:t.end].startswith("new-style")


def test_quoted_english_abbreviation_first_and_call_stripped() -> None:
    p = _pairs(_brief("It was cemented by the “new-style whole-of-nation system” (NWNS, 新型举国体制) and by "
                      "“S&T self-sufficiency and self-empowerment”¹ (科技自立自强).^{4,5}"))
    assert p["新型举国体制"].en == "new-style whole-of-nation system"
    assert p["新型举国体制"].abbr == "NWNS"
    assert p["科技自立自强"].en == "S&T self-sufficiency and self-empowerment"


def test_quoted_phrase_before_a_plain_noun() -> None:
    p = _pairs(_brief('NCTIs consist of "Industry-University-Research" collaborations (产学研) crafted locally.'))
    assert p["产学研"].en == "Industry-University-Research"
    assert p["产学研"].type == "term"


def test_chinese_then_english_in_parentheses() -> None:
    p = _pairs(_brief("Officials speak of 双循环 (dual circulation) in every speech."))
    assert p["双循环"].en == "dual circulation"


def test_fullwidth_parentheses_without_space() -> None:
    p = _pairs(_brief("Xinhua News Agency（新华社）reported the meeting."))
    assert p["新华社"].en == "Xinhua News Agency"
    assert p["新华社"].type == "outlet"


def test_book_title_marks() -> None:
    p = _pairs(_brief("The goals of the 14th Five-Year Plan 《十四五规划》 were set in 2021."))
    t = p["十四五规划"]
    assert t.en == "14th Five-Year Plan"
    assert t.type == "title"


def test_note_title_english_then_chinese_with_outlet_and_person() -> None:
    notes = ('1. Jun Zhang (张军), "Chinese Style Fiscal Federalism Behind Local Competition '
             '地方竞争背后的中国式财政联邦主义." *The Paper* (澎湃新闻), October 11, 2015, https://example.org/a.\n\n'
             '2. Zhe Wu (吴哲), "Guangdong and the Ministry Sign a Framework Agreement 广东与科技部签署框架协议," '
             'Nanfang Daily (南方日报), June 18, 2017.')
    p = _pairs(_brief("Local competition mattered.¹ So did provinces.²", notes))
    assert p["张军"].en == "Jun Zhang" and p["张军"].type == "person"
    assert p["吴哲"].type == "person"
    title = p["地方竞争背后的中国式财政联邦主义"]
    assert title.en == "Chinese Style Fiscal Federalism Behind Local Competition"
    assert title.type == "title" and title.where == ["endnote 1"]
    assert p["澎湃新闻"].en == "The Paper" and p["澎湃新闻"].type == "outlet"
    assert p["南方日报"].en == "Nanfang Daily" and p["南方日报"].type == "outlet"
    assert p["广东与科技部签署框架协议"].en == "Guangdong and the Ministry Sign a Framework Agreement"


def test_bracketed_chinese_after_a_title() -> None:
    notes = '1. State Council, "Opinions on Deepening Reform" [关于深化改革的意见], March 2, 2020.'
    p = _pairs(_brief("Reform deepened.¹", notes))
    assert p["关于深化改革的意见"].en == "Opinions on Deepening Reform"
    assert p["关于深化改革的意见"].type == "title"


def test_title_with_stray_quotes_and_inner_quotes() -> None:
    notes = ('1. MOF and MOST, "Notice on the Issuance of Interim Measures for the Guidance Fund"" '
             '关于印发《国家科技成果转化引导基金管理暂行办法》的通知," MOF & MOST, October 24, 2021.\n\n'
             '2. Yuan Zhong (钟源), "The "14th Five-Year Plan" Key R&D Plan launched 52 guidelines "十四五" '
             '国家重点研发计划开始52个重点专项指南征求意见." The Central People\'s Government of the People\'s Republic '
             'of China (中华人民共和国中央人民政府), May 31, 2021.')
    p = _pairs(_brief("Funds grew.¹ Plans too.²", notes))
    assert p["关于印发《国家科技成果转化引导基金管理暂行办法》的通知"].en == \
        "Notice on the Issuance of Interim Measures for the Guidance Fund"
    t = p['"十四五" 国家重点研发计划开始52个重点专项指南征求意见']
    assert t.en == 'The "14th Five-Year Plan" Key R&D Plan launched 52 guidelines'
    outlet = p["中华人民共和国中央人民政府"]
    assert outlet.en == "The Central People's Government of the People's Republic of China"
    assert outlet.type == "outlet"


def test_author_organisation_then_outlet_counts_occurrences() -> None:
    notes = ('1. Research Department of Weifang Medical University (潍坊医学院科研处), "Notice on Guidelines 关于申报指南的通知," '
             'Research Department of Weifang Medical University (潍坊医学院科研处), June 10, 2022.')
    p = _pairs(_brief("Guidelines exist.¹", notes))
    t = p["潍坊医学院科研处"]
    assert t.type == "organisation"
    assert t.occurrences == 2 and t.where == ["endnote 1"]


def test_data_source_and_alignment_over_lowercase_words() -> None:
    notes = "1. The data source is China's national S&T Yearbooks (中国科技年鉴). Transfers are not considered."
    p = _pairs(_brief("Spending rose.¹", notes))
    assert p["中国科技年鉴"].en == "China's national S&T Yearbooks"
    assert p["中国科技年鉴"].type == "data_source"


def test_pair_split_by_a_figure_is_rejoined() -> None:
    body = ("This approach has shifted following early-stage implementation challenges, as exemplified by the "
            "center for High-Speed Rail in Shandong. In that case, the prefectural government was a co-architect "
            "with minimal financial obligations, while the CRRC\n\n"
            "FIGURE 3\nThe Birth of Centers\n\n"
            "Group (中国中车集团有限公司)—a state-owned enterprise—shouldered the load.")
    p = _pairs(_brief(body))
    assert p["中国中车集团有限公司"].en == "CRRC Group"
    assert p["中国中车集团有限公司"].type == "organisation"


def test_person_names_in_the_body() -> None:
    p = _pairs(_brief("Since Xi Jinping (习近平) took office, power recentralized."))
    assert p["习近平"].en == "Xi Jinping"
    assert p["习近平"].type == "person"
    assert is_person("Zhiyao Chen", "陈之瑶")
    assert not is_person("Nanfang Daily", "南方日报")


def test_radical_code_points_are_unified_for_matching() -> None:
    # ⾏ is KANGXI RADICAL WALK (U+2F8F), ⻓ is CJK RADICAL C-SIMPLIFIED LONG (U+2ED3)
    p = _pairs(_brief("It introduced administrative licensing (\u2f8f政许可) rules and the Yangtze River Delta "
                      "(\u2ed3江三角洲) region."))
    t = p["\u2f8f政许可"]
    assert t.zh == "\u2f8f政许可"  # as printed
    assert t.zh_norm == "行政许可"
    assert t.en == "administrative licensing"
    assert zh_match_key(t.zh) == zh_match_key("行政许可")
    assert p["\u2ed3江三角洲"].zh_norm == "长江三角洲"
    assert p["\u2ed3江三角洲"].pinyin == "cháng jiāng sān jiǎo zhōu"


def test_traditional_characters_get_a_simplified_form() -> None:
    p = _pairs(_brief("Taiwan calls it the Ministry of Science and Technology (科學技術部) too."))
    t = p["科學技術部"]
    assert t.zh_simplified == "科学技术部"
    assert zh_match_key(t.zh) == zh_match_key("科学技术部")


def test_endnote_titles_fill_in_what_the_patterns_miss() -> None:
    notes = "1. 报告标题: Report title printed oddly, 2020."
    text = _brief("It says so.¹", notes)
    start = text.index("1. 报告")
    en = Endnote(doc_id="fixture.txt", n=1, raw="", title_en="Report title printed oddly", title_zh="报告标题",
                 start=start, end=len(text))
    p = _pairs(text, [en])
    assert p["报告标题"].en == "Report title printed oddly"
    assert p["报告标题"].type == "title"


def test_chinese_runs_bridge_spaces_digits_and_quotes() -> None:
    t = 'x "Title" 国家重点研发计划 "宽带通信" 重点专项 2019 年度项目." Next'
    (s, e), = zh_runs(t, 0, len(t))
    assert t[s:e] == '国家重点研发计划 "宽带通信" 重点专项 2019 年度项目'


def test_lexicon_alignment() -> None:
    assert covered("strategy", "创新驱动发展战略")
    assert covered("Pengcheng", "鹏城实验室")
    assert not covered("collaborations", "产学研")


def test_abbreviation_definitions_plural_and_undefined() -> None:
    text = _brief("China is centralizing its science and technology (S&T) sector. The National Centers of "
                  "Technological Innovation (NCTIs) matter; each NCTI is local. GDP grew in the U.S.-China "
                  "rivalry. Washington (D.C.) was silent. The University of California Institute on Global "
                  "Conflict and Cooperation (IGCC) organised it.",
                  back="The UC Institute on Global Conflict and Cooperation (IGCC) is a network.")
    a = _abbrs(text)
    assert a["S&T"].expansion == "science and technology" and a["S&T"].where_defined == "body"
    assert a["NCTIs"].expansion == "National Centers of Technological Innovation"
    assert "NCTI" in a["NCTIs"].variants and "NCTI" not in a
    assert a["GDP"].expansion is None and a["GDP"].where_defined is None
    assert "U.S." in a and "D.C." not in a
    assert a["IGCC"].expansion == "University of California Institute on Global Conflict and Cooperation"
    assert "UC Institute on Global Conflict and Cooperation" in a["IGCC"].variants
    assert "UC" in a


def test_all_caps_headings_and_figure_labels_are_not_abbreviations() -> None:
    text = "A Brief\n\nJANE DOE, JOHN ROE\n\nIntroduction\n\nText about MOF.\n\nFIGURE 1\nA caption\n"
    a = _abbrs(text)
    assert "MOF" in a
    assert not {"JANE", "DOE", "FIGURE", "ROE"} & set(a)


def test_abbreviation_defined_in_a_note() -> None:
    notes = '1. NBS, "Communiqué 2022 统计公报," National Bureau of Statistics (NBS), February 28, 2023.'
    a = _abbrs(_brief("Output grew.¹", notes))
    assert a["NBS"].expansion == "National Bureau of Statistics"
    assert a["NBS"].where_defined == "endnote 1"


def _gold(tmp_path: Path) -> Path:
    gold = {"pairs": [
        {"en": "new-style whole-of-nation system", "zh": "新型举国体制", "abbr": "NWNS", "type": "term"},
        {"en": "Notice on the \"Interim Measures\"", "zh": "关于印发《办法》的通知", "abbr": None, "type": "title"},
        {"en": "Xinhua Agency", "zh": "新华社", "abbr": None, "type": "outlet"},
    ], "abbreviations": [
        {"abbr": "S&T", "expansion": "science and technology", "where_defined": "body"},
        {"abbr": "IGCC", "expansion": "University of California Institute", "where_defined": "body",
         "variants": ["Institute"]},
        {"abbr": "MOF", "expansion": None, "where_defined": None},
    ]}
    (tmp_path / "terms.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_scorer_pairs_near_identical_english_same_chinese(tmp_path: Path) -> None:
    pred = pd.DataFrame([
        {"doc_id": "d", "en": "new-style whole-of-nation system", "zh": "新型举国体制", "type": "term"},
        {"doc_id": "d", "en": "Notice on the “Interim Measures”.", "zh": "关于印发《办法》的通知", "type": "title"},
        {"doc_id": "d", "en": "Xinhua", "zh": "新华网", "type": "outlet"},  # wrong Chinese: fp + fn
        {"doc_id": "d", "en": "new-style whole-of-nation system", "zh": "新型举国体制", "type": "term"},  # duplicate
    ])
    abbr = pd.DataFrame([
        {"doc_id": "d", "abbr": "S&T", "expansion": "science and technology", "where_defined": "body"},
        {"doc_id": "d", "abbr": "IGCC", "expansion": "Institute", "where_defined": "body"},
        {"doc_id": "d", "abbr": "MOF", "expansion": "Ministry of Finance", "where_defined": "body"},
    ])
    pairs, abbrs, _ = terms_eval.score({"terms": pred, "abbreviations": abbr}, _gold(tmp_path))
    assert (pairs.tp, pairs.fp, pairs.fn) == (2, 1, 1)
    assert pairs.extra["type_acc"] == "2/2"
    assert (abbrs.tp, abbrs.fp, abbrs.fn) == (2, 1, 1)


def test_scorer_rejects_a_different_english_span(tmp_path: Path) -> None:
    pred = pd.DataFrame([{"doc_id": "d", "en": "the launch of the new-style whole-of-nation system",
                          "zh": "新型举国体制", "type": "term"}])
    pairs, _, _ = terms_eval.score({"terms": pred, "abbreviations": pd.DataFrame()}, _gold(tmp_path))
    assert pairs.tp == 0 and pairs.fp == 1 and pairs.fn == 3


def test_other_brief_styles() -> None:
    body = ("China's Ministry of Industry and Information Technology (MIIT; 工业和信息化部) leads. Made in China "
            "2025 (中国制造2025) was launched, under a policy known as common prosperity (共同富裕). Officials cite "
            "共同富裕 (common prosperity) often. It was organised with the\u00a0Mercator Institute for China Studies "
            "(MERICS).[1]")
    notes = ('[1] Li Wei (李伟), "Science Policy in China 中国科技政策," People\'s Daily (人民日报), 2020.\n\n'
             '2 Wang Fang (王芳) and Chen Jie (陈杰), "On Reform," 2021.')
    text = "A Brief\n\nIntroduction\n\n" + body + "\n\nReferences\n\n" + notes + "\n"
    doc, seg = doc_and_seg(text)
    terms, abbrs = extract_terms(doc, seg, [])
    p = {t.zh: t for t in terms}
    assert p["工业和信息化部"].en == "Ministry of Industry and Information Technology"
    assert p["工业和信息化部"].abbr == "MIIT"
    assert p["中国制造2025"].en == "Made in China 2025"
    assert p["共同富裕"].en == "common prosperity" and p["共同富裕"].occurrences == 2
    assert p["中国科技政策"].where == ["endnote 1"] and p["中国科技政策"].type == "title"
    assert p["人民日报"].type == "outlet"
    assert p["陈杰"].en == "Chen Jie" and p["陈杰"].where == ["endnote 2"]
    a = {x.abbr: x for x in abbrs}
    assert a["MERICS"].expansion == "Mercator Institute for China Studies"


def test_bracket_calls_are_stripped_from_the_english_side() -> None:
    p = _pairs(_brief('Beijing promotes "dual circulation"[3] (双循环) and the Chinese Academy of Sciences[4,5] (中国科学院).'))
    assert p["双循环"].en == "dual circulation"
    assert p["中国科学院"].en == "Chinese Academy of Sciences"


def test_glossary_area_scores_only_what_the_body_glosses(tmp_path: Path) -> None:
    gold = {"pairs": [
        {"en": "common prosperity", "zh": "共同富裕", "type": "term", "where": ["body"]},
        {"en": "Notice on Growth", "zh": "关于稳增长的通知", "type": "title", "where": ["body"]},
        {"en": "Jun Zhang", "zh": "张军", "type": "person", "where": ["endnote 3"]},
    ], "abbreviations": []}
    (tmp_path / "terms.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    pred = pd.DataFrame([
        {"en": "common prosperity", "zh": "共同富裕", "type": "term", "where": '["body"]'},
        {"en": "Notice on Growth", "zh": "关于稳增长的通知", "type": "title", "where": '["body"]'},  # cited: not scored
        {"en": "dual circulation", "zh": "双循环", "type": "term", "where": '["body", "endnote 2"]'},  # extra
        {"en": "Jun Zhang", "zh": "张军", "type": "person", "where": '["endnote 3"]'},  # not in the body
    ])
    scores = {s.area: s for s in terms_eval.score({"terms": pred, "abbreviations": pd.DataFrame()}, tmp_path)}
    g = scores["glossary"]
    assert (g.tp, g.fp, g.fn) == (1, 1, 0)
    assert (scores["terms"].tp, scores["terms"].fp) == (3, 1)


def test_look_backs_are_bounded_and_start_at_a_word() -> None:
    from briefparse.terms.pairs import capitalised_run, near

    text = "filler " * 500 + "the Ministry of Ecology and Environment (生态环境部)"
    p = text.index("(")
    w = near(text, 0, p)
    assert w > 0 and p - w <= 600 and text[w - 1] == " "
    assert near(text, p - 10, p) == p - 10  # a short stretch is read whole
    run = capitalised_run(text, 0, p, "生态环境部")
    assert run is not None and run[0] == "Ministry of Ecology and Environment" and run[2] is False
