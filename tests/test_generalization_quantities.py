"""Quantities and dates on sentences written the way other China briefs write them (not the dev brief).

Each sentence runs through the real per-document stages (``extract_quantities``, ``extract_dates``)
as a one-paragraph body, and the expected figures and ISO dates were written by hand.
"""

from __future__ import annotations

import pytest
from conftest import doc_and_seg

from briefparse.extract.dates import extract_dates
from briefparse.extract.quantities import extract_quantities
from briefparse.records import DateExpr, Quantity

N = None
T = tuple[float | None, float | None, float | None, str, str | None]

# sentence → (expected figures (value, low, high, unit, qualifier), expected ISO dates in the body)
CASES: list[tuple[str, list[T], list[str]]] = [
    # money: prefixes, symbols, short scales, paired equivalents
    ("In 2022, Beijing earmarked RMB 1.5 trillion for new infrastructure projects.",
     [(1.5e12, N, N, "CNY", N)], ["2022"]),
    ("The third phase of the Big Fund raised ¥300bn in May 2024.", [(3e11, N, N, "CNY", N)], ["2024-05"]),
    ("Chinese firms bought US$2.3 billion worth of lithography tools in Q3 2022.",
     [(2.3e9, N, N, "USD", N)], ["2022-07/2022-09"]),
    ("Local government debt is estimated at $1.2tn, according to Rhodium Group.", [(1.2e12, N, N, "USD", N)], []),
    ("Each of the 12 pilot zones received CNY 50 million in seed funding.",
     [(12, N, N, "count", N), (5e7, N, N, "CNY", N)], []),
    ("The Ministry of Finance issued 1.5 trillion yuan ($207 billion) in special bonds in H1 2023.",
     [(1.5e12, N, N, "CNY", N), (2.07e11, N, N, "USD", N)], ["2023-01/2023-06"]),
    ("The fund's registered capital is 344 billion yuan, about $47.5 billion.",
     [(3.44e11, N, N, "CNY", N), (4.75e10, N, N, "USD", "about")], []),
    ("Huawei spent 164.7 billion yuan on R&D in 2023, or 23.4 percent of its revenue.",
     [(1.647e11, N, N, "CNY", N), (23.4, N, N, "percent", N)], ["2023"]),
    ("The 2008 financial crisis prompted a 4 trillion yuan stimulus.", [(4e12, N, N, "CNY", N)], ["2008"]),
    ("SMIC's capex reached US$7.5bn in 2023.", [(7.5e9, N, N, "USD", N)], ["2023"]),
    ("Semiconductor imports totalled $350 billion in 2021, more than crude oil.",
     [(3.5e11, N, N, "USD", N)], ["2021"]),
    ("Since mid-2021, regulators have fined platform companies more than RMB 30 billion.",
     [(3e10, N, N, "CNY", "more than")], ["2021"]),
    ("Local governments sold land worth 8.7 trillion yuan in 2021, a record.", [(8.7e12, N, N, "CNY", N)], ["2021"]),
    ("The 2021–2023 crackdown wiped out over $1 trillion in market value.",
     [(1e12, N, N, "USD", "more than")], ["2021/2023"]),
    # shares, fractions, multiples
    ("Roughly a third of China's provinces missed their growth targets in 2022.",
     [(0.333333, N, N, "ratio", "about")], ["2022"]),
    ("Half of all chip imports still come from Taiwan and South Korea.", [(0.5, N, N, "ratio", N)], []),
    ("State-owned enterprises account for two-thirds of outstanding corporate debt.",
     [(0.666667, N, N, "ratio", N)], []),
    ("Venture capital investment fell by nearly half in 2023.", [(0.5, N, N, "ratio", "about")], ["2023"]),
    ("Tencent's market value fell by a quarter in 2021.", [(0.25, N, N, "ratio", N)], ["2021"]),
    ("Only one in five provincial plans mentioned quantum computing.", [(0.2, N, N, "ratio", N)], []),
    ("The programme produced a fivefold increase in patent filings between 2015 and 2020.",
     [(5, N, N, "ratio", N)], ["2015/2020"]),
    ("Central government R&D spending doubled between 2012 and 2022.", [(2, N, N, "ratio", N)], ["2012/2022"]),
    ("In 2021 the fund acquired a 12.5% stake in the chipmaker.", [(12.5, N, N, "percent", N)], ["2021"]),
    ("China accounts for about 80 percent of global solar panel production.", [(80, N, N, "percent", "about")], []),
    ("By 2030, China aims to produce 40 percent of the world's chips.", [(40, N, N, "percent", N)], ["2030"]),
    ("About 60% of China's 4,000 listed firms are privately owned.",
     [(60, N, N, "percent", "about"), (4000, N, N, "count", N)], []),
    ("The 14th Five-Year Plan (2021-2025) set an R&D intensity target above 2.4%.",
     [(2.4, N, N, "percent", "more than")], ["2021/2025", "2021/2025"]),
    ("The first half of 2023 saw foreign direct investment fall 2.7 percent.",
     [(2.7, N, N, "percent", N)], ["2023-01/2023-06"]),
    ("In the fourth quarter of 2022, GDP grew just 2.9%.", [(2.9, N, N, "percent", N)], ["2022-10/2022-12"]),
    ("Growth slowed to 4.9% in Q3 2023 from 6.3% in the second quarter.",
     [(4.9, N, N, "percent", N), (6.3, N, N, "percent", N)], ["2023-07/2023-09"]),
    ("Industrial output grew 6.2% year on year in FY2023.", [(6.2, N, N, "percent", N)], ["2023"]),
    ("The PBOC cut the reserve requirement ratio by 0.25 percentage points.",
     [(0.25, N, N, "percentage_points", N)], []),
    # counts, ranks and numbers that name rather than count
    ("Guangdong ranked 5 of 31 provinces on innovation capacity in 2023.", [(5, N, N, "rank", N)], ["2023"]),
    ("Made in China 2025 set targets for ten priority sectors.", [(10, N, N, "count", N)], []),
    ("China Standards 2035 aims to shape global technical standards.", [], []),
    ("Leaders discussed export controls at the G20 summit in Bali in November 2022.", [], ["2022-11"]),
    ("China had built more than 2.3 million 5G base stations by the end of 2022.",
     [(2.3e6, N, N, "count", "more than")], ["2022"]),
    ("The COVID-19 pandemic delayed 14 of the 35 planned projects.",
     [(14, N, N, "count", N), (35, N, N, "count", N)], []),
    ("Document No. 1 prioritised rural revitalisation.", [], []),
    ("Article 12 of the Data Security Law requires 30 days' notice.", [(30, N, N, "days", N)], []),
    ("The 20th Party Congress in October 2022 endorsed the strategy.", [], ["2022-10"]),
    ("Xi Jinping's 2017 speech to the 19th Party Congress introduced the phrase.", [], ["2017"]),
    ("The State Council approved 22 national technology innovation centers by 2023.",
     [(22, N, N, "count", N)], ["2023"]),
    ("Exports of electric vehicles rose 70 percent in 2023, reaching 1.2 million units.",
     [(70, N, N, "percent", N), (1.2e6, N, N, "count", N)], ["2023"]),
    ("Over 40,000 firms have been designated as specialized and sophisticated SMEs.",
     [(40000, N, N, "count", "more than")], []),
    ("The top three firms control 70% of the market.", [(3, N, N, "count", N), (70, N, N, "percent", N)], []),
    ("A 2019 CSET report counted 1,200 AI start-ups in Beijing alone.", [(1200, N, N, "count", N)], ["2019"]),
    ("The US added 140 Chinese entities to the Entity List in December 2022.",
     [(140, N, N, "count", N)], ["2022-12"]),
    ("The new rules take effect on March 1, 2024, three months after publication.",
     [(3, N, N, "months", N)], ["2024-03-01"]),
    ("The Politburo meeting on 24 July 2023 signalled support for private firms.", [], ["2023-07-24"]),
    ("Planning for the 15th Five-Year Plan began in 2024.", [], ["2026/2030", "2024"]),
    ("Beijing's first digital economy plan covered 2021–2025.", [], ["2021/2025"]),
    ("Township and village enterprises flourished in the 1990s.", [], []),
    ("Provincial guidance funds multiplied in the early 2010s.", [], []),
    # Chinese
    ("2023年第三季度，国内生产总值同比增长4.9%。", [(4.9, N, N, "percent", N)], ["2023-07/2023-09"]),
    ("上半年，全国规模以上工业增加值同比增长8.1%。", [(8.1, N, N, "percent", N)], []),
    ("2021年上半年，超过1000家企业获得补贴。", [(1000, N, N, "count", "more than")], ["2021-01/2021-06"]),
    ("2023年前三季度，全国财政科技支出约3.5万亿元。", [(3.5e12, N, N, "CNY", "about")], ["2023-01/2023-09"]),
    ("截至2023年底，全国共有22个国家技术创新中心。", [(22, N, N, "count", N)], ["2023"]),
    ("《中国制造2025》提出到2025年制造业重点领域全面实现智能化。", [], ["2025"]),
    ("第十四个五年规划期间，研发经费投入年均增长7%以上。", [(7, N, N, "percent", "at least")], ["2021/2025"]),
    ("国家集成电路产业投资基金二期注册资本为2041.5亿元。", [(2.0415e11, N, N, "CNY", N)], []),
    ("截至2023年6月，已认定专精特新“小巨人”企业1.2万家。", [(1.2e4, N, N, "count", N)], ["2023-06"]),
    ("“十四五”时期，中央财政安排资金超过3000亿元。", [(3e11, N, N, "CNY", "more than")], ["2021/2025"]),
    ("2020年全国研发经费支出24393.1亿元，比上年增长10.2%。",
     [(2.43931e12, N, N, "CNY", N), (10.2, N, N, "percent", N)], ["2020"]),
    ("2019年至2023年，数字经济规模从35.8万亿元增至53.9万亿元。",
     [(3.58e13, N, N, "CNY", N), (5.39e13, N, N, "CNY", N)], ["2019/2023"]),
    ("中国已建成5G基站337.7万个。", [(3.377e6, N, N, "count", N)], []),
    ("数字经济核心产业增加值占GDP比重达到10%左右。", [(10, N, N, "percent", "about")], []),
    ("2022年下半年，出口增速回落至2.5%。", [(2.5, N, N, "percent", N)], ["2022-07/2022-12"]),
]

# sentence → the exact quantity_text of each figure, where the span itself is the point
TEXTS: list[tuple[str, list[str]]] = [
    ("截至2023年底，全国共有22个国家技术创新中心。", ["22个国家技术创新中心"]),
    ("Guangdong ranked 5 of 31 provinces on innovation capacity in 2023.", ["ranked 5 of 31"]),
    ("Roughly a third of China's provinces missed their growth targets in 2022.", ["Roughly a third"]),
    ("State-owned enterprises account for two-thirds of outstanding corporate debt.", ["two-thirds"]),
    ("China had built more than 2.3 million 5G base stations by the end of 2022.",
     ["more than 2.3 million 5G base stations"]),
    ("The Ministry of Finance issued 1.5 trillion yuan ($207 billion) in special bonds in H1 2023.",
     ["1.5 trillion yuan", "($207 billion)"]),
]


def _run(sentence: str) -> tuple[list[Quantity], list[DateExpr]]:
    doc, seg = doc_and_seg("A Brief\n\nIntroduction\n\n" + sentence + "\n")
    return extract_quantities(doc, seg, []), [d for d in extract_dates(doc, seg, []) if d.where == "body"]


def _round(t: T) -> T:
    return tuple(round(float(x), 4) if isinstance(x, (int, float)) else x for x in t)  # type: ignore[return-value]


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert sum(1 for s, _, _ in CASES if any("\u4e00" <= c <= "\u9fff" for c in s)) >= 12


@pytest.mark.parametrize(("sentence", "figures", "dates"), CASES, ids=[c[0][:40] for c in CASES])
def test_sentence(sentence: str, figures: list[T], dates: list[str]) -> None:
    qs, ds = _run(sentence)
    got = [_round((q.value, q.low, q.high, q.unit, q.qualifier)) for q in qs]
    assert got == [_round(f) for f in figures]
    assert [d.iso for d in ds] == dates


@pytest.mark.parametrize(("sentence", "texts"), TEXTS, ids=[c[0][:40] for c in TEXTS])
def test_quantity_text(sentence: str, texts: list[str]) -> None:
    qs, _ = _run(sentence)
    assert [q.quantity_text for q in qs] == texts


def test_currency_pair_and_rate() -> None:
    qs, _ = _run("The Ministry of Finance issued 1.5 trillion yuan ($207 billion) in special bonds in H1 2023.")
    usd = next(q for q in qs if q.unit == "USD")
    assert usd.usd_equivalent_of == "1.5 trillion yuan"
    assert usd.implied_rate == pytest.approx(7.25, abs=0.01) and usd.rate_flag is None
    qs, _ = _run("The fund's registered capital is 344 billion yuan, about $47.5 billion.")
    usd = next(q for q in qs if q.unit == "USD")
    assert usd.usd_equivalent_of == "344 billion yuan" and usd.implied_rate == pytest.approx(7.24, abs=0.01)


def test_names_with_years_are_not_dates_but_speech_years_are() -> None:
    _, ds = _run("Made in China 2025 set targets, and Xi Jinping's 2017 speech repeated them.")
    assert [(d.text, d.iso) for d in ds] == [("2017", "2017")]
