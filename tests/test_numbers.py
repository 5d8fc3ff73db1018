"""Number parsing: Chinese numerals and English words, checked against cn2an and by property tests."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.extract.dates import find_dates_zh
from briefparse.extract.figures import plan_years
from briefparse.extract.quantities import find_quantities_zh
from briefparse.text.numerals import parse_en_number, parse_zh_integer, parse_zh_number
from briefparse.text.tokens import tokenize

ZH_CASES = [
    ("二十点九", 20.9), ("六百二十四亿", 62_400_000_000), ("二〇二一", 2021), ("两千", 2000), ("一万零五", 10005),
    ("十", 10), ("十四", 14), ("一百零一", 101), ("一千零一十", 1010), ("十万零一十", 100010), ("一万亿", 1e12),
    ("三千万", 30_000_000), ("一亿二千万", 120_000_000), ("624亿", 62_400_000_000), ("6,240,000万", 62_400_000_000),
    ("1.5万", 15000), ("百分之十", 10), ("百分之二十点九", 20.9), ("一点五亿", 150_000_000), ("零", 0),
    ("壹佰贰拾叁", 123),
]


@pytest.mark.parametrize(("text", "value"), ZH_CASES)
def test_parse_zh_number(text: str, value: float) -> None:
    assert parse_zh_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["二十点九", "六百二十四亿", "二〇二一", "两千", "一万零五", "十四", "1.5万", "624亿"])
def test_agrees_with_cn2an_where_cn2an_is_right(text: str) -> None:
    assert parse_zh_number(text) == pytest.approx(float(cn2an.cn2an(text, "smart")))


@pytest.mark.parametrize("text", ["百分之二十点九", "三倍", "十四五", "6,240,000万"])
def test_cn2an_fails_where_our_rules_work(text: str) -> None:
    with pytest.raises(ValueError):
        cn2an.cn2an(text, "smart")
    if text == "三倍":
        assert [q.value for q in find_quantities_zh(text)] == [3]
    elif text == "十四五":
        assert [d.iso for d in find_dates_zh(text)] == ["2021/2025"]
    else:
        assert parse_zh_number(text) is not None


@pytest.mark.parametrize(("text", "value"), [
    ("twenty-one", 21), ("one hundred and five", 105), ("1.5 million", 1_500_000), ("a dozen", 12), ("3", 3),
    ("1,234.5", 1234.5), ("two point five", 2.5), ("seventy-six billion", 76e9), ("a hundred", 100),
    ("nineteen", 19), ("two thousand and twenty-one", 2021),
])
def test_parse_en_number(text: str, value: float) -> None:
    assert parse_en_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "yuan", "one two fish", "point"])
def test_not_numbers(text: str) -> None:
    assert parse_en_number(text) is None
    assert parse_zh_number(text) is None


def test_rejects_non_numerals() -> None:
    assert parse_zh_integer("三倍") is None and parse_zh_number("十四五x") is None


def test_plan_years() -> None:
    assert plan_years(13) == (2016, 2020) and plan_years(14) == (2021, 2025) and plan_years(1) == (1953, 1957)
    assert plan_years(3) == (1966, 1970) and plan_years(0) is None


_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _en_below_1000(n: int) -> str:
    words = []
    if n >= 100:
        words.append(f"{_ONES[n // 100]} hundred")
        n %= 100
        if n:
            words.append("and")
    if n >= 20:
        words.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n or not words:
        words.append(_ONES[n])
    return " ".join(words)


def en_words(n: int) -> str:
    """An independent writer of English number words (the parser must read it back)."""
    if n == 0:
        return "zero"
    parts = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"), (1, "")):
        if n >= scale:
            parts.append((_en_below_1000(n // scale) + (f" {name}" if name else "")).strip())
            n %= scale
    return " ".join(parts)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_property_english_words_round_trip(n: int) -> None:
    assert parse_en_number(en_words(n)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_property_chinese_integers_round_trip(n: int) -> None:
    assert parse_zh_number(cn2an.an2cn(str(n))) == n
    assert parse_zh_number(cn2an.an2cn(str(n), "up")) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=1, max_value=99))
def test_property_chinese_decimals_round_trip(whole: int, frac: int) -> None:
    text = f"{whole}.{frac:02d}".rstrip("0")
    assert parse_zh_number(cn2an.an2cn(text)) == pytest.approx(float(text))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_property_arabic_with_separators(n: int) -> None:
    assert parse_zh_number(f"{n:,}") == n and parse_en_number(f"{n:,}") == n


_ALPHABET = st.sampled_from(list("0123456789 .,-–%$¥年月日亿万元十百千点倍之不低于以上约第个支 percentbillionyuanthreeMarch"
                                 "\t\n()[]^{}¹²³⁴⁵") + ["2021", "2022年", "十四五", "百分之", "Five-Year Plan",
                                                       " 13th ", "October 24, 2021", "http://x.cn/2021-11/23/"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_property_any_text_never_raises_and_spans_slice_back(text: str) -> None:
    for q in find_quantities_zh(text):
        assert text[q.start:q.end] == q.text and q.start < q.end
    for d in find_dates_zh(text):
        assert text[d.start:d.end] == d.text and d.start < d.end
    toks = tokenize(text)
    assert all(0 <= a < b <= len(text) for a, b in zip(toks.starts, toks.ends, strict=True))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_property_arbitrary_unicode(text: str) -> None:
    for q in find_quantities_zh(text):
        assert text[q.start:q.end] == q.text
    for d in find_dates_zh(text):
        assert text[d.start:d.end] == d.text
