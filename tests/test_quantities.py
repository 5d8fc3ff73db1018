"""Quantities: a table of English and Chinese expressions (with the traps), then whole documents."""

from __future__ import annotations

import pytest
from conftest import doc_and_seg

from briefparse.extract.quantities import extract_quantities, find_quantities_zh
from briefparse.records import Marker

N = None
# text → expected figures (value, low, high, unit, qualifier); [] means "no quantity here"
CASES: list[tuple[str, list[tuple[float | None, float | None, float | None, str, str | None]]]] = [
    # English money
    ("it pumped 76 billion yuan into", [(76e9, N, N, "CNY", N)]),
    ("a total capacity of 62.4 billion yuan", [(62.4e9, N, N, "CNY", N)]),
    ("(\\$10.56 billion)", [(10.56e9, N, N, "USD", N)]),
    ("worth $8.67 billion", [(8.67e9, N, N, "USD", N)]),
    ("RMB 1.2 trillion", [(1.2e12, N, N, "CNY", N)]),
    ("¥300 million", [(3e8, N, N, "CNY", N)]),
    ("US$5 billion", [(5e9, N, N, "USD", N)]),
    ("500 million US dollars", [(5e8, N, N, "USD", N)]),
    ("1.5 trillion RMB", [(1.5e12, N, N, "CNY", N)]),
    ("CNY 40 million", [(4e7, N, N, "CNY", N)]),
    ("50 yuan", [(50, N, N, "CNY", N)]),
    ("USD 3 million", [(3e6, N, N, "USD", N)]),
    ("€20 million", [(2e7, N, N, "EUR", N)]),
    ("$3.5-4 billion", [(N, 3.5e9, 4e9, "USD", N)]),
    ("10-20 billion yuan", [(N, 1e10, 2e10, "CNY", N)]),
    ("ten billion yuan", [(1e10, N, N, "CNY", N)]),
    ("more than 100 million yuan", [(1e8, N, N, "CNY", "more than")]),
    ("up to $2 billion", [(2e9, N, N, "USD", "at most")]),
    # percents and ranges
    ("20.9 percent", [(20.9, N, N, "percent", N)]),
    ("15%", [(15, N, N, "percent", N)]),
    ("between 20 and 30 percent", [(N, 20, 30, "percent", N)]),
    ("from 20-30 percent to 10-30 percent", [(N, 20, 30, "percent", N), (N, 10, 30, "percent", N)]),
    ("10%-30%", [(N, 10, 30, "percent", N)]),
    ("20% to 30%", [(N, 20, 30, "percent", N)]),
    ("more than 50 percent", [(50, N, N, "percent", "more than")]),
    ("at least 30 percent", [(30, N, N, "percent", "at least")]),
    ("up to 40 percent", [(40, N, N, "percent", "at most")]),
    ("less than 5 percent", [(5, N, N, "percent", "less than")]),
    ("about 30 percent of GDP", [(30, N, N, "percent", "about")]),
    ("nearly 12 per cent", [(12, N, N, "percent", "about")]),
    ("20 percent or more", [(20, N, N, "percent", "at least")]),
    ("2.5 percentage points", [(2.5, N, N, "percentage_points", N)]),
    # multiples and ratios
    ("at least three times the contribution", [(3, N, N, "times", "at least")]),
    ("a threefold increase", [(3, N, N, "times", N)]),
    ("twice as much", [(2, N, N, "times", N)]),
    ("one yuan for every two provided", [(0.5, N, N, "ratio", N)]),
    ("the ratio increased to one-for-one.", [(1, N, N, "ratio", N)]),
    ("a ratio of 1:4", [(0.25, N, N, "ratio", N)]),
    # counts
    ("into 69 critical projects.", [(69, N, N, "count", N)]),
    ("across three programs: the", [(3, N, N, "count", N)]),
    ("to oversee 36 subsidiary funds with", [(36, N, N, "count", N)]),
    ("housed 22 NCTIs, including", [(22, N, N, "count", N)]),
    ("three national-level S&T initiatives:", [(3, N, N, "count", N)]),
    ("and 19 which are sector-specific", [(19, N, N, "count", N)]),
    ("21 research tasks aiming to", [(21, N, N, "count", N)]),
    ("over 200 companies", [(200, N, N, "count", "more than")]),
    ("nearly 1,200 firms", [(1200, N, N, "count", "about")]),
    ("fewer than 10 firms", [(10, N, N, "count", "less than")]),
    ("10 million people", [(1e7, N, N, "count", N)]),
    ("twenty-one projects", [(21, N, N, "count", N)]),
    # durations and ranks
    ("over five years.", [(5, N, N, "years", N)]),
    ("reversing three decades of decentralization", [(30, N, N, "years", "about")]),
    ("six months", [(6, N, N, "months", N)]),
    ("(Ranked 1-31)", [(N, 1, 31, "rank", N)]),
    ("ranked 3rd", [(3, N, N, "rank", N)]),
    # traps: not quantities
    ("the U.S.-China trade war.¹", []),
    ("recentralization.^{4,5}", []),
    ("See Figures 3 and 4 and Table 1.", []),
    ("Article 12 of the measures", []),
    ("the COVID-19 pandemic", []),
    ("the 14th Five-Year Plan", []),
    ("a five-year plan", []),
    ("the two.", []),
    ("one of the reasons", []),
    ("took office in 2013", []),
    ("pages 83–97", []),
    ("at https://www.gov.cn/xinwen/2021-05/31/content_5614060.htm today", []),
    ("No. 4 of 2022", []),
    ("In the 1990s", []),
    ("at 10:30 the", []),
    # Chinese
    ("总规模624亿元", [(624e8, N, N, "CNY", N)]),
    ("6,240,000万元", [(624e8, N, N, "CNY", N)]),
    ("六百二十四亿元", [(624e8, N, N, "CNY", N)]),
    ("1.5万亿元", [(1.5e12, N, N, "CNY", N)]),
    ("人民币500万元", [(5e6, N, N, "CNY", N)]),
    ("5亿美元", [(5e8, N, N, "USD", N)]),
    ("出资比例为子基金总额的10%-30%", [(N, 10, 30, "percent", N)]),
    ("百分之十至百分之三十", [(N, 10, 30, "percent", N)]),
    ("增长百分之二十点九", [(20.9, N, N, "percent", N)]),
    ("增长20.9%", [(20.9, N, N, "percent", N)]),
    ("不低于转化基金出资额三倍", [(3, N, N, "times", "at least")]),
    ("且不低于子基金总额50%", [(50, N, N, "percent", "at least")]),
    ("两倍", [(2, N, N, "times", N)]),
    ("设立36支子基金", [(36, N, N, "count", N)]),
    ("投资超过100亿元", [(1e10, N, N, "CNY", "more than")]),
    ("3000万元以上", [(3e7, N, N, "CNY", "at least")]),
    ("不超过5000万元", [(5e7, N, N, "CNY", "at most")]),
    ("约5万人", [(5e4, N, N, "count", "about")]),
    ("三年内", [(3, N, N, "years", N)]),
    ("增长3.5个百分点", [(3.5, N, N, "percentage_points", N)]),
    ("共有22个国家技术创新中心", [(22, N, N, "count", N)]),
    # Chinese traps
    ("“十四五”国家重点研发计划", []),
    ("2021年10月24日", []),
    ("第三条", []),
    ("五年规划", []),
    ("一批项目", []),
    ("统一规划", []),
]


def _as_tuple(q: object) -> tuple[float | None, float | None, float | None, str, str | None]:
    return (q.value, q.low, q.high, q.unit, q.qualifier)  # type: ignore[attr-defined]


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 80
    assert sum(1 for t, _ in CASES if any("\u4e00" <= c <= "\u9fff" for c in t)) >= 20


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[t[:30] for t, _ in CASES])
def test_expression(text: str, expected: list[tuple[float | None, float | None, float | None, str, str | None]]) -> None:
    found = find_quantities_zh(text)
    assert [_as_tuple(q) for q in found] == [tuple(float(x) if isinstance(x, (int, float)) else x for x in e)
                                             for e in expected]
    for q in found:
        assert text[q.start:q.end] == q.text


BRIEF = """A Test Brief

Summary

Since 2007, local governments have contributed a significant proportion of spending.

During the 13th Five-Year Plan, it pumped 76 billion yuan (\\$10.56 billion) into 69 critical projects.⁹ By 2022, the ratio increased to one-for-one.¹⁰

Local spending surpassed central spending in 2007 (see Figure 1). A new fund worth 10 billion yuan (\\$5 billion) was set up.

FIGURE 2
Provinces by GDP Per Capita Rank²⁰

Number of Provinces (Ranked 1-31)

TABLE 1
Programs

Name	Alpha	Beta
Start Year	2017	2011

Notes

9. Yuan Zhong, "The 14th Five-Year Plan launched 52 key guidelines," May 31, 2021.
10. Another note with 36 items in 2020.
"""


def _markers(text: str) -> list[Marker]:
    out = []
    for raw, notes in (("⁹", [9]), ("¹⁰", [10]), ("²⁰", [20])):
        i = text.index(raw)
        out.append(Marker("fixture.txt", notes, raw, "unicode_superscript", "", "caption" if raw == "²⁰" else
                          "sentence", None, None, i, i + len(raw)))
    return out


@pytest.fixture(scope="module")
def brief_quantities() -> list:
    doc, seg = doc_and_seg(BRIEF)
    return extract_quantities(doc, seg, _markers(doc.text))


def test_document_quantities(brief_quantities: list) -> None:
    texts = [q.quantity_text for q in brief_quantities]
    assert texts == ["2007", "76 billion yuan", "(\\$10.56 billion)", "69 critical projects", "one-for-one", "2007",
                     "10 billion yuan", "(\\$5 billion)", "Ranked 1-31", "2017", "2011"]
    assert all(q.where == "body" for q in brief_quantities)
    assert [q.id for q in brief_quantities][:2] == ["q001", "q002"]


def test_document_context_and_notes(brief_quantities: list) -> None:
    by = {q.quantity_text: q for q in brief_quantities}
    cny = by["76 billion yuan"]
    assert cny.notes == [9] and cny.paragraph_notes == [9, 10]
    assert cny.sentence.endswith("projects.⁹") and cny.year == "2016-2020"
    assert by["one-for-one"].notes == [10]
    assert by["Ranked 1-31"].notes == [20] and by["Ranked 1-31"].context_kind == "caption"
    assert by["2017"].context_kind == "table_cell" and by["2017"].kind == "calendar_year"
    assert brief_quantities[0].qualifier == "since" and brief_quantities[5].qualifier is None


def test_currency_pairs_and_rate_flag(brief_quantities: list) -> None:
    by = {q.quantity_text: q for q in brief_quantities}
    usd = by["(\\$10.56 billion)"]
    assert usd.usd_equivalent_of == "76 billion yuan" and usd.implied_rate == pytest.approx(7.2, abs=0.01)
    assert usd.rate_flag is None
    bad = by["(\\$5 billion)"]
    assert bad.usd_equivalent_of == "10 billion yuan" and bad.rate_flag and "implausible" in bad.rate_flag


def test_notes_region_is_not_quantities(brief_quantities: list) -> None:
    assert not any("52" in q.quantity_text or "36" in q.quantity_text for q in brief_quantities)


def test_spans_slice_back(brief_quantities: list) -> None:
    doc, _ = doc_and_seg(BRIEF)
    for q in brief_quantities:
        assert doc.text[q.start:q.end] == q.quantity_text
        assert doc.text[q.sentence_start:q.sentence_end] == q.sentence


def test_bracket_calls_are_not_counts() -> None:
    text = "Title\n\nBody\n\nThe fund set up 12 sub-funds in 2019.[3] It grew fast [4].\n"
    doc, seg = doc_and_seg(text)
    i = doc.text.index("[3]")
    marker = Marker("fixture.txt", [3], "[3]", "bracket", "", "sentence", None, None, i, i + 3)
    qs = extract_quantities(doc, seg, [marker])
    assert [(q.quantity_text, q.notes) for q in qs] == [("12 sub-funds", [3])]


def test_chinese_in_the_body() -> None:
    text = "Title\n\nBody\n\nThe notice (总规模624亿元，不低于子基金总额50%) set 36 sub-funds.\n"
    doc, seg = doc_and_seg(text)
    qs = extract_quantities(doc, seg, [])
    assert [(q.quantity_text, q.value, q.unit, q.qualifier, q.lang) for q in qs] == [
        ("624亿元", 62_400_000_000, "CNY", None, "zh"), ("50%", 50, "percent", "at least", "zh"),
        ("36 sub-funds", 36, "count", None, "en")]
