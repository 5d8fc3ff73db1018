"""Dates: English and Chinese expressions, then a document's body and notes."""

from __future__ import annotations

import pytest
from conftest import doc_and_seg

from briefparse.extract.dates import extract_dates, find_dates_zh, find_en_dates
from briefparse.records import Endnote

CASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("in Berlin, September 5–6, 2023.", [("September 5–6, 2023", "2023-09-05/2023-09-06")]),
    ("from September 30 – October 2, 2022", [("September 30 – October 2, 2022", "2022-09-30/2022-10-02")]),
    ("Xinhua, March 11, 2018.", [("March 11, 2018", "2018-03-11")]),
    ("MOF & MOST, July 04, 2011,", [("July 04, 2011", "2011-07-04")]),
    ("on 24 October 2021", [("24 October 2021", "2021-10-24")]),
    ("on Oct. 24, 2021", [("Oct. 24, 2021", "2021-10-24")]),
    ("a March 2023 revamp", [("March 2023", "2023-03")]),
    ("As of September 2023, China", [("September 2023", "2023-09")]),
    ("March–May 2023", [("March–May 2023", "2023-03/2023-05")]),
    ("Expenditures from 1990–2021", [("1990–2021", "1990/2021")]),
    ("from 2017 to 2020, businesses", [("2017 to 2020", "2017/2020")]),
    ("between 2018 and 2022,", [("2018 and 2022", "2018/2022")]),
    ("in 2021 and 2022", [("2021", "2021"), ("2022", "2022")]),
    ("the 2022–23 season", [("2022–23", "2022/2023")]),
    ("By the end of 2022, the", [("the end of 2022", "2022")]),
    ("The year 2021 marked", [("The year 2021", "2021")]),
    ("During the 13th Five-Year Plan, it", [("13th Five-Year Plan", "2016/2020")]),
    ("The \"14th Five-Year Plan\" National Key R&D Plan", [("14th Five-Year Plan", "2021/2025")]),
    ("in mid-2021", [("mid-2021", "2021")]),
    ("issued 2021-10-24 by", [("2021-10-24", "2021-10-24")]),
    ("Naughton et al. (2023), although", [("2023", "2023")]),
    ("*Journal of Democracy* 27, no. 3 (2016): 83–97,", [("2016", "2016")]),
    # Chinese
    ("2021年10月24日", [("2021年10月24日", "2021-10-24")]),
    ("二〇二一年十月二十四日", [("二〇二一年十月二十四日", "2021-10-24")]),
    ("二〇二一年", [("二〇二一年", "2021")]),
    ("重点专项 2022 年度项目申报指南", [("2022 年度", "2022")]),
    ("2019年度", [("2019年度", "2019")]),
    ("2023年2月", [("2023年2月", "2023-02")]),
    ("“十四五”国家重点研发计划", [("十四五", "2021/2025")]),
    ("十三五期间", [("十三五", "2016/2020")]),
    ("第十四个五年规划", [("第十四个五年规划", "2021/2025")]),
    ("2021—2025年", [("2021—2025年", "2021/2025")]),
    # traps: note calls, URLs, quantities, decades, pages
    ("recentralization.^{4,5}", []),
    ("the trade war.² By", []),
    ("https://www.gov.cn/xinwen/2018-03/11/content_5273222.htm.", []),
    ("2000 yuan", []),
    ("in the 1990s", []),
    ("pages 36–44", []),
    ("COVID-19", []),
    ("52 key special guidelines", []),
    ("10月", []),
    ("三年内", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_expression(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_dates_zh(text)
    assert [(d.text, d.iso) for d in found] == expected
    for d in found:
        assert text[d.start:d.end] == d.text


def test_signals() -> None:
    got = {d.text: d.qualifier for d in find_en_dates("Since 2007, and by 2022, as of September 2023, between "
                                                       "2018 and 2022, from 2017 to 2020.")}
    assert got == {"2007": "since", "2022": "by", "September 2023": "as of", "2018 and 2022": "between",
                   "2017 to 2020": "from-to"}


BRIEF = """A Test Brief

Summary

Since Xi took office in 2013, power recentralized.¹ The 14th Five-Year Plan began.²⁰

Notes

1. Xinhua, "Amendments 中华人民共和国宪法修正案," March 11, 2018, https://www.gov.cn/xinwen/2018-03/11/content_5273222.htm.
20. "The "14th Five-Year Plan" guidelines "十四五" 国家重点研发计划 2022 年度," May 31, 2021.

About Us

Founded in 2013 in Berlin.
"""


def test_document_dates_body_and_notes() -> None:
    doc, seg = doc_and_seg(BRIEF)
    rows = extract_dates(doc, seg, [])
    got = [(r.text, r.iso, r.where, r.note) for r in rows]
    assert got == [
        ("2013", "2013", "body", None),
        ("14th Five-Year Plan", "2021/2025", "body", None),
        ("March 11, 2018", "2018-03-11", "endnote", 1),
        ("14th Five-Year Plan", "2021/2025", "endnote", 20),
        ("十四五", "2021/2025", "endnote", 20),
        ("2022 年度", "2022", "endnote", 20),
        ("May 31, 2021", "2021-05-31", "endnote", 20),
    ]
    assert [r.lang for r in rows if r.text == "十四五"] == ["zh"]
    for r in rows:
        assert doc.text[r.start:r.end] == r.text


def test_document_uses_endnote_records_when_given() -> None:
    doc, seg = doc_and_seg(BRIEF)
    start = doc.text.index("1. Xinhua")
    note = Endnote(doc_id=doc.doc_id, n=7, raw="", start=start, end=start + 40)
    rows = extract_dates(doc, seg, [note])
    assert [r.note for r in rows if r.text == "March 11, 2018"] == [7]
