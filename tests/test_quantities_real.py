"""Quantities on real documents: designators, names and table-of-contents numbers are not counts; physical
units and currencies beyond CNY/USD carry their own codes; ranges of any unit are ranges."""

from __future__ import annotations

import pytest
from conftest import doc_and_seg

from briefparse.extract.figures import find_zh_figures
from briefparse.extract.quantities import extract_quantities, find_en_figures


def _figs(text: str) -> list[tuple[str, float | None, float | None, float | None, str]]:
    return [(text[f.start:f.end], f.value, f.low, f.high, f.unit) for f in find_en_figures(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The road runs 80 miles along the coast.", [("80 miles", 80, None, None, "mi")]),
    ("A rail link of 1,318 kilometres opened.", [("1,318 kilometres", 1318, None, None, "km")]),
    ("The yard builds ships of 300 tonnes.", [("300 tonnes", 300, None, None, "t")]),
    ("Each site stores 10 to 20 terabytes of logs.", [("10 to 20 terabytes", None, 10, 20, "TB")]),
    ("A 600 MW reactor came online.", [("600 MW", 600, None, None, "MW")]),
    ("The zone covers 1,200 square kilometres of land.", [("1,200 square kilometres", 1200, None, None, "km2")]),
    ("Output rose to between 5 and 8 million tonnes.", [("between 5 and 8 million tonnes", None, 5e6, 8e6, "t")]),
    ("Toyota spent 10 billion yen on the plant.", [("10 billion yen", 1e10, None, None, "JPY")]),
    ("Samsung pledged 2 trillion won for chips.", [("2 trillion won", 2e12, None, None, "KRW")]),
    ("The fund raised HK$5 billion last year.", [("HK$5 billion", 5e9, None, None, "HKD")]),
    ("TSMC received NT$3.5 billion in grants.", [("NT$3.5 billion", 3.5e9, None, None, "TWD")]),
    ("The UK offered £3 million to the lab.", [("£3 million", 3e6, None, None, "GBP")]),
    ("Brussels set aside 43 billion euros for chips.", [("43 billion euros", 4.3e10, None, None, "EUR")]),
    ("They budgeted JPY 10 billion for it.", [("JPY 10 billion", 1e10, None, None, "JPY")]),
])
def test_units_and_currencies(text: str, expected: list[tuple[str, float | None, float | None, float | None, str]]) -> None:
    assert _figs(text) == expected


@pytest.mark.parametrize("text", [
    "Hackers from Unit 61486 of the PLA were indicted.",
    "The alert was raised to INFOCON 5 across the network.",
    "A hacker group named 192 claimed the attack.",
    "Researchers tracked APT 41 over the summer.",
    "The crew flew on Flight 370 from Kuala Lumpur.",
    "A group dubbed 404 Team posted the files.",
])
def test_designators_and_names_are_not_counts(text: str) -> None:
    assert _figs(text) == []


@pytest.mark.parametrize(("text", "kept"), [
    ("APT 41 hacked 120 companies in Asia.", ["120 companies"]),
    ("The NKRDP 12 projects were funded.", ["12 projects"]),
])
def test_counts_next_to_designators_survive(text: str, kept: list[str]) -> None:
    assert [f[0] for f in _figs(text)] == kept


@pytest.mark.parametrize(("text", "expected"), [
    ("日本投资10亿日元建厂。", ("10亿日元", 1e9, None, None, "JPY")),
    ("韩国拨款120亿韩元。", ("120亿韩元", 1.2e10, None, None, "KRW")),
    ("台湾投入新台币100亿元。", ("新台币100亿元", 1e10, None, None, "TWD")),
    ("香港政府拨款港币5亿元。", ("港币5亿元", 5e8, None, None, "HKD")),
    ("欧盟出资430亿欧元。", ("430亿欧元", 4.3e10, None, None, "EUR")),
    ("铁路全长80公里。", ("80公里", 80, None, None, "km")),
    ("年产钢材500万吨。", ("500万吨", 5e6, None, None, "t")),
    ("装机容量3000兆瓦。", ("3000兆瓦", 3000, None, None, "MW")),
    ("占地1200平方公里。", ("1200平方公里", 1200, None, None, "km2")),
    ("每日新增10-20太字节数据。", ("10-20太字节", None, 10, 20, "TB")),
])
def test_chinese_units_and_currencies(text: str, expected: tuple[str, float | None, float | None, float | None, str]) -> None:
    got = [(q.text, q.value, q.low, q.high, q.unit) for q in find_zh_figures(text)]
    assert expected in got


TOC_BRIEF = """\
Chips and the State

Contents

Introduction 3
Funding the Fabs 7
Conclusions 15

Funding the Fabs

The program financed 14 fabs and 3 packaging plants.

Appendix list ........ 22

1. Subsidies were paid in two rounds.
"""


def test_table_of_contents_and_list_numbers_are_not_quantities() -> None:
    doc, seg = doc_and_seg(TOC_BRIEF)
    texts = [q.quantity_text for q in extract_quantities(doc, seg, [])]
    assert "14 fabs" in texts and "3 packaging plants" in texts
    assert not any(t.strip() in ("3", "7", "15", "22", "1") for t in texts), texts
