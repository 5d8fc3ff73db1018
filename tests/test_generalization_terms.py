"""Bilingual pairs and abbreviations on sentences written the way other China briefs write them.

Every sentence is a one-paragraph body run through ``extract_terms``; expected pairs (English,
Chinese, abbreviation, type) and abbreviations (with their expansion, or None when only used)
were written by hand. Types are checked only where the type is the point (people, organisations).
"""

from __future__ import annotations

import pytest
from conftest import doc_and_seg

from briefparse.records import Abbreviation, Term
from briefparse.terms import extract_terms
from briefparse.terms.glossary import build_glossary

N = None
Pair = tuple[str, str, str | None, str | None]  # en, zh, abbr, type (None: not checked)
Abbr = tuple[str, str | None]

CASES: list[tuple[str, list[Pair], list[Abbr]]] = [
    ("The third phase of the Big Fund (国家集成电路产业投资基金) was launched in 2024.",
     [("Big Fund", "国家集成电路产业投资基金", N, N)], []),
    ("Xi’s call for dual circulation (双循环) reoriented industrial policy.",
     [("dual circulation", "双循环", N, "term")], []),
    ("The Ministry of Industry and Information Technology (MIIT, 工业和信息化部) oversees the program.",
     [("Ministry of Industry and Information Technology", "工业和信息化部", "MIIT", "organisation")],
     [("MIIT", "Ministry of Industry and Information Technology")]),
    ("By 2023 the ministry had certified 12,000 小巨人 (“little giants”) across the country.",
     [("little giants", "小巨人", N, "term")], []),
    ("Made in China 2025 (中国制造2025) targets ten sectors.", [("Made in China 2025", "中国制造2025", N, N)], []),
    ("Premier Li Qiang (李强) presented the government work report.", [("Li Qiang", "李强", N, "person")], []),
    ("Vice Premier Liu He (刘鹤) led the trade talks.", [("Liu He", "刘鹤", N, "person")], []),
    ("Taiwanese planners write of 數字經濟 (digital economy) as well.",
     [("digital economy", "數字經濟", N, "term")], []),
    ("Regulators invoked common prosperity (共同富裕) in 2021.", [("common prosperity", "共同富裕", N, "term")], []),
    ("The Cyberspace Administration of China (CAC, 国家互联网信息办公室) reviewed the listing.",
     [("Cyberspace Administration of China", "国家互联网信息办公室", "CAC", "organisation")],
     [("CAC", "Cyberspace Administration of China")]),
    ("The Chinese Academy of Sciences (CAS, 中国科学院) runs over 100 institutes.",
     [("Chinese Academy of Sciences", "中国科学院", "CAS", "organisation")], [("CAS", "Chinese Academy of Sciences")]),
    ("Tsinghua University (清华大学) and Peking University (北京大学) lead the rankings.",
     [("Tsinghua University", "清华大学", N, "organisation"), ("Peking University", "北京大学", N, "organisation")], []),
    ("Beijing launched the Belt and Road Initiative (BRI, 一带一路) in 2013.",
     [("Belt and Road Initiative", "一带一路", "BRI", N)], [("BRI", "Belt and Road Initiative")]),
    ("The policy of 专精特新 (specialized, refined, distinctive and innovative) targets SMEs.",
     [("specialized, refined, distinctive and innovative", "专精特新", N, "term")], [("SMEs", N)]),
    ("Xinhua (新华社) reported the figures first.", [("Xinhua", "新华社", N, "outlet")], []),
    ("The National Development and Reform Commission (NDRC) approved 56 projects.", [],
     [("NDRC", "National Development and Reform Commission")]),
    ("SASAC (State-owned Assets Supervision and Administration Commission) oversees 97 central firms.", [],
     [("SASAC", "State-owned Assets Supervision and Administration Commission")]),
    ("MIIT (Ministry of Industry and Information Technology) published the list.", [],
     [("MIIT", "Ministry of Industry and Information Technology")]),
    ("Central state-owned enterprises (SOEs) must report quarterly; several SOEs already do.", [],
     [("SOEs", "state-owned enterprises")]),
    ("The PLA and the CCP were not defined in this paragraph.", [], [("PLA", N), ("CCP", N)]),
    ("The Ministry of Science and Technology (MOST) and MIIT issued the plan.", [],
     [("MOST", "Ministry of Science and Technology"), ("MIIT", N)]),
    ("The People’s Bank of China (PBOC) cut the reserve requirement ratio (RRR) again.", [],
     [("PBOC", "People’s Bank of China"), ("RRR", "reserve requirement ratio")]),
    ("China’s chip self-sufficiency rate was below 20 percent in 2022.", [], []),
    ("The G20 and the WTO both discussed it.", [], [("WTO", N)]),
]


def _run(sentence: str) -> tuple[list[Term], list[Abbreviation]]:
    doc, seg = doc_and_seg("A Brief\n\nIntroduction\n\n" + sentence + "\n")
    return extract_terms(doc, seg, [])


@pytest.mark.parametrize(("sentence", "pairs", "abbrs"), CASES, ids=[c[0][:40] for c in CASES])
def test_sentence(sentence: str, pairs: list[Pair], abbrs: list[Abbr]) -> None:
    terms, found = _run(sentence)
    got = [(t.en, t.zh, t.abbr, t.type) for t in terms]
    assert [(en, zh, ab) for en, zh, ab, _ in got] == [(en, zh, ab) for en, zh, ab, _ in pairs]
    for (_, _, _, typ), (_, _, _, want) in zip(got, pairs, strict=True):
        if want is not None:
            assert typ == want
    assert [(a.abbr, a.expansion) for a in found] == abbrs


def test_traditional_pair_has_simplified_form_and_pinyin() -> None:
    terms, _ = _run("Taiwanese planners write of 數字經濟 (digital economy) as well.")
    t = terms[0]
    assert t.zh_simplified == "数字经济" and t.pinyin == "shù zì jīng jì"


def test_glossary_merges_traditional_and_simplified_spellings() -> None:
    a, _ = _run("Taiwanese planners write of 數字經濟 (digital economy) as well.")
    b, _ = _run("Mainland planners write of 数字经济 (digital economy) too.")
    entries = build_glossary(a + b)
    assert len(entries) == 1 and entries[0].zh_variants == ["数字经济"]


def test_plural_abbreviation_keeps_both_forms() -> None:
    _, abbrs = _run("Central state-owned enterprises (SOEs) must report quarterly; one SOE refused.")
    a = abbrs[0]
    assert (a.abbr, a.expansion, a.occurrences) == ("SOEs", "state-owned enterprises", 2)
    assert "SOE" in a.variants
