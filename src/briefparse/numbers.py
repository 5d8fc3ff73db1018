"""Numbers in words and numerals, and the figures and dates of a (Chinese or English) source text.

Two layers. Parsers turn one written number into its value: Chinese numerals (二十点九,
六百二十四亿, 二〇二一, 两千), Arabic numerals with Chinese multipliers (624亿, 6,240,000万)
and English number words (twenty-one, one hundred and five, 1.5 million). cn2an reads most
Chinese numerals but not 百分之…, 三倍, 十四五 or thousands separators, so the reader here is
our own and the tests compare it with cn2an where cn2an is right.

Finders scan a whole source text: ``find_quantities_zh`` returns every figure (money, percent,
ranges, multiples, counts with measure words, bounds such as 不低于 / 以上) and
``find_dates_zh`` every date (2021年10月24日, 二〇二一年, 2022 年度, 十四五); despite their
names both also return the English forms ("62.4 billion yuan", "10 percent", "October 24,
2021"), read by the rule-based English finders of ``quantities`` and ``dates``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

# ---------- values ----------

ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
             "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7,
             "八": 8, "捌": 8, "九": 9, "玖": 9}
ZH_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
ZH_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
ZH_POINT = {"点", "點"}
ZH_NUMERAL_CHARS = "".join(ZH_DIGITS) + "".join(ZH_UNITS) + "".join(ZH_BIG) + "点點"

EN_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
            "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
           "ninety": 90}
EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "tn": 1e12,
             "k": 1e3}
EN_NUMBER_WORDS = set(EN_UNITS) | set(EN_TENS) | {"hundred", "dozen"}


def clean_number(x: float) -> float:
    """Round away binary noise (62.4 × 10⁹ → 62400000000.0) so equal figures compare equal."""
    r = round(x, 6) if abs(x) < 1e12 else round(x, 2)
    return float(r)


def parse_zh_integer(s: str) -> int | None:
    """Integer value of a Chinese numeral (六百二十四亿, 一万零五, 十四, 二〇二一, 两千)."""
    if not s:
        return None
    if all(ch in ZH_DIGITS for ch in s):
        if len(s) == 1:
            return ZH_DIGITS[s]
        return int("".join(str(ZH_DIGITS[ch]) for ch in s))  # digit by digit: 二〇二一 → 2021
    total = section = 0
    number: int | None = None
    for ch in s:
        if ch in ZH_DIGITS:
            number = ZH_DIGITS[ch]
        elif ch in ZH_UNITS:
            section += (1 if number is None else number) * ZH_UNITS[ch]
            number = None
        elif ch in ZH_BIG:
            big = ZH_BIG[ch]
            if big == 100_000_000:
                total = (total + section + (number or 0)) * big
                section = 0
            else:
                section = (section + (number or 0)) * big
                if section == 0:
                    section = big
            number = None
        else:
            return None
    return total + section + (number or 0)


def parse_zh_number(s: str) -> float | None:
    """Value of a Chinese or mixed numeral: 二十点九, 六百二十四亿, 624亿, 6,240,000万, 1.5万, 百分之十."""
    s = s.strip().replace(",", "").replace("，", "").replace(" ", "")
    if not s:
        return None
    percent = s.startswith("百分之")
    if percent:
        s = s[3:]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿萬億]*)", s)
    if m:
        v = float(m.group(1))
        for ch in m.group(2):
            v *= ZH_UNITS.get(ch) or ZH_BIG[ch]
        return clean_number(v)
    if not s or any(ch not in ZH_NUMERAL_CHARS for ch in s):
        return None
    point = next((i for i, ch in enumerate(s) if ch in ZH_POINT), -1)
    if point >= 0:
        int_part, frac = s[:point], s[point + 1:]
        # 一点五亿: the multiplier after the decimals applies to the whole number
        mult = 1
        while frac and frac[-1] in ZH_BIG or frac and frac[-1] in ZH_UNITS:
            mult *= ZH_BIG.get(frac[-1]) or ZH_UNITS[frac[-1]]
            frac = frac[:-1]
        if not frac or any(ch not in ZH_DIGITS for ch in frac):
            return None
        whole = parse_zh_integer(int_part) if int_part else 0
        if whole is None:
            return None
        v = float(f"{whole}.{''.join(str(ZH_DIGITS[c]) for c in frac)}") * mult
        return clean_number(v)
    n = parse_zh_integer(s)
    return None if n is None else float(n)


def parse_en_number(s: str) -> float | None:
    """Value of an English number: 1,234.5, twenty-one, one hundred and five, 1.5 million, a dozen."""
    t = s.strip().lower().replace("\u2011", "-")
    if not t:
        return None
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    words = [w for w in re.split(r"[\s-]+", t) if w and w != "and"]
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    i = 0
    while i < len(words):
        w = words[i]
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            current += float(w)
        elif w in EN_UNITS:
            current += EN_UNITS[w]
        elif w in EN_TENS:
            current += EN_TENS[w]
        elif w == "a" and i + 1 < len(words) and words[i + 1] in ("hundred", "thousand", "million", "billion",
                                                                   "trillion", "dozen"):
            current += 1
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "dozen":
            current = (current or 1) * 12
        elif w in EN_SCALES:
            total += (current or 1) * EN_SCALES[w]
            current = 0
        elif w == "point" and i + 1 < len(words):
            digits = []
            for d in words[i + 1:]:
                if d in EN_UNITS and EN_UNITS[d] < 10:
                    digits.append(str(EN_UNITS[d]))
                else:
                    return None
            current += float("0." + "".join(digits))
            seen = True
            break
        else:
            return None
        seen = True
        i += 1
    return clean_number(total + current) if seen else None


# ---------- figures and dates of a source text ----------

@dataclass
class Q:
    """A figure found in a text: value or range, unit, bound qualifier and span."""

    value: float | None
    low: float | None
    high: float | None
    unit: str  # CNY | USD | EUR | percent | count | times | ratio | years | months | rank | ...
    qualifier: str | None  # at least | more than | at most | less than | about | None
    start: int
    end: int
    text: str
    kind: str = ""
    lang: str = "zh"


@dataclass
class D:
    """A date found in a text, normalised to ISO 8601 (``2021-10-24``, ``2021``, ``2021/2025``)."""

    iso: str
    start: int
    end: int
    text: str
    lang: str = "zh"
    qualifier: str | None = None


_ZH_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{ZH_NUMERAL_CHARS}]+)"
_ZH_MULT = r"(?:[十百千]?[万亿萬億]{1,2}|千)?"
_ZH_QUAL_BEFORE = {"不低于": "at least", "不少于": "at least", "至少": "at least", "不小于": "at least",
                   "超过": "more than", "多于": "more than", "高于": "more than", "大于": "more than", "逾": "more than",
                   "不超过": "at most", "不高于": "at most", "不多于": "at most", "不大于": "at most", "最高": "at most",
                   "至多": "at most", "最多": "at most", "低于": "less than", "少于": "less than", "小于": "less than",
                   "不足": "less than", "约": "about", "大约": "about", "近": "about", "将近": "about", "接近": "about"}
_ZH_QUAL_AFTER = {"及以上": "at least", "以上": "at least", "及以下": "at most", "以下": "at most", "以内": "at most",
                  "左右": "about", "上下": "about", "多": "more than", "余": "more than"}
_ZH_CURRENCY = {"元": "CNY", "人民币": "CNY", "美元": "USD", "港元": "HKD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP"}
_ZH_MEASURE = "个家支只所项名人位条批座处台套件次轮届项目种类"  # not 期: 二期 is "phase two", a name
_RANGE_SEP = r"\s*(?:[-—–~～－至到]|--)\s*"

_ZH_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("percent_range", re.compile(rf"(?P<a>{_ZH_NUM})\s*[%％]?{_RANGE_SEP}(?P<b>{_ZH_NUM})\s*[%％]")),
    ("percent_range", re.compile(rf"百分之(?P<a>{_ZH_NUM}){_RANGE_SEP}(?:百分之)?(?P<b>{_ZH_NUM})")),
    ("points", re.compile(rf"(?P<a>{_ZH_NUM})\s*个?百分点")),
    ("percent", re.compile(rf"百分之(?P<a>{_ZH_NUM})")),
    ("percent", re.compile(rf"(?P<a>{_ZH_NUM})\s*[%％]")),
    ("money", re.compile(rf"(?:人民币|￥|¥)\s*(?P<a>{_ZH_NUM})(?P<m>{_ZH_MULT})(?P<cur>元)?")),
    ("money", re.compile(rf"(?P<a>{_ZH_NUM})(?:{_RANGE_SEP}(?P<b>{_ZH_NUM}))?\s*(?P<m>{_ZH_MULT})多?"
                         rf"(?P<cur>元|人民币|美元|港元|欧元|日元|英镑)")),
    ("times", re.compile(rf"(?P<a>{_ZH_NUM})\s*倍")),
    ("duration", re.compile(rf"(?P<a>{_ZH_NUM})(?P<m>{_ZH_MULT})\s*(?P<u>年|个月|月|天)(?:内|以来|间|期间)?")),
    ("count", re.compile(rf"(?P<a>{_ZH_NUM})(?P<m>{_ZH_MULT})\s*(?P<u>[{_ZH_MEASURE}])(?P<noun>[\u4e00-\u9fff]{{0,4}})")),
    ("count", re.compile(rf"(?P<a>{_ZH_NUM})(?P<m>[万亿萬億]{{1,2}})(?P<noun>[\u4e00-\u9fff]{{0,4}})")),
]
_NOUN_STOP = re.compile(r"[的和与及或、在是了为对将由从以并且其]")
_URL = re.compile(r"https?://[^\s<>\"'，。）)]+|www\.[^\s<>\"'，。）)]+")


def url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs (numbers inside them are neither figures nor dates)."""
    return [(m.start(), m.end()) for m in _URL.finditer(text)]


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for s, e in spans)


class _Taken:
    """Disjoint spans already claimed, kept sorted so an overlap test is a bisection, not a scan."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, a: int, b: int) -> bool:
        """Same answer as ``_overlaps(a, b, spans)``: disjoint spans sorted by start have sorted ends."""
        i = bisect.bisect_left(self.starts, b)  # spans [0, i) start before b
        return i > 0 and self.ends[i - 1] > a

    def add(self, a: int, b: int) -> None:
        i = bisect.bisect_left(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)


def _zh_value(num: str, mult: str = "") -> float | None:
    v = parse_zh_number(num)
    if v is None:
        return None
    for ch in mult or "":
        v *= ZH_UNITS.get(ch) or ZH_BIG.get(ch, 1)
    return clean_number(v)


def _is_calendar_year(num: str, after: str) -> bool:
    """``2021年`` / ``二〇二一年`` is a date, not a duration of 2021 years."""
    if re.fullmatch(r"\d{4}", num) and 1000 <= int(num) <= 2999:
        return True
    return len(num) == 4 and all(ch in ZH_DIGITS for ch in num)


def _zh_qualifier(text: str, start: int, end: int) -> tuple[str | None, int, int]:
    """A bound word before the figure in the same clause (不低于…三倍) or right after it (以上)."""
    for word, q in sorted(_ZH_QUAL_AFTER.items(), key=lambda x: -len(x[0])):
        if text.startswith(word, end):
            return q, start, end + len(word)
    clause_start = max(text.rfind(p, 0, start) for p in "，。；;：:、\n,（(") + 1
    window = text[max(clause_start, start - 16):start]
    last_figure = list(re.finditer(r"[\d%％倍]", window))
    if last_figure:  # a bound belongs to the nearest figure after it
        window = window[last_figure[-1].end():]
    best: tuple[int, int, str] | None = None  # (end, length, qualifier)
    for word, q in _ZH_QUAL_BEFORE.items():
        i = window.rfind(word)
        if i >= 0 and (best is None or (i + len(word), len(word)) > best[:2]):
            best = (i + len(word), len(word), q)
    if best is None:
        return None, start, end
    word_end, length, q = best
    new_start = start - length if word_end == len(window) else start
    return q, new_start, end


def find_zh_figures(text: str) -> list[Q]:
    """Chinese figures: 624亿元, 10%-30%, 百分之十至百分之三十, 三倍, 不低于…50%, 36支子基金."""
    urls = url_spans(text)
    found: list[Q] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _ZH_PATTERNS:
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            if _overlaps(s, e, taken) or _overlaps(s, e, urls):
                continue
            if s > 0 and (text[s - 1].isdigit() or text[s - 1] == "." or text[s - 1].isascii() and text[s - 1].isalpha()):
                continue
            q = _zh_figure(kind, m, text)
            if q is None:
                continue
            taken.append((q.start, q.end))
            found.append(q)
    found.sort(key=lambda q: (q.start, q.end))
    return found


_NOUN_FLAGS = ("n", "l", "j", "vn", "an", "b")  # jieba tags that may stand in a counted noun phrase


def _zh_noun_end(text: str, start: int, end: int) -> int:
    """End of the noun a Chinese count counts: 22个|国家技术创新中心, 1000家|企业 (not 企业获得).

    The regex gives a short guess (``end``); jieba's part-of-speech tags extend it over a longer
    noun phrase, or cut it where a verb starts inside the guess.
    """
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    run = re.match(r"[\u4e00-\u9fff]{1,12}", text[start:])
    if not run:
        return end
    pos = start
    for w in jieba.posseg.cut(run.group()):
        if not w.flag.startswith(_NOUN_FLAGS) or _NOUN_STOP.search(w.word):
            if w.flag.startswith("v") and not w.flag.startswith("vn") and pos < end:
                return pos
            break
        pos += len(w.word)
    return max(pos, end)


def _zh_figure(kind: str, m: re.Match[str], text: str) -> Q | None:
    """One regex match as a figure, or None when it is not one (a year, 十四五, a bare 一)."""
    g = m.groupdict()
    a, b = g.get("a"), g.get("b")
    mult = g.get("m") or ""
    s, e = m.start(), m.end()
    if a and re.fullmatch(r"十[一二三四五六七八九]五", a[:3]) and kind != "percent":
        return None  # 十四五 is a plan period, a date
    va = _zh_value(a, mult) if a else None
    vb = _zh_value(b, mult) if b else None
    if va is None:
        return None
    unit = "count"
    value: float | None = va
    low: float | None = None
    high: float | None = None
    if kind == "percent_range":
        unit, value, low, high = "percent", None, _zh_value(a or ""), vb
        if vb is None:
            return None
    elif kind == "percent":
        unit, value = "percent", _zh_value(a or "")
    elif kind == "points":
        unit, value = "percentage_points", _zh_value(a or "")
    elif kind == "money":
        unit = _ZH_CURRENCY.get(g.get("cur") or "元", "CNY")
        if b and vb is not None:
            value, low, high = None, va, vb
    elif kind == "times":
        unit = "times"
    elif kind == "duration":
        u = g.get("u") or "年"
        if u == "月" or (u == "年" and _is_calendar_year(a or "", text[e:])):
            return None  # 10月 and 2021年 belong to dates
        if text[s - 1:s] in ("第", "个") or re.match(r"\s*(?:规划|计划)", text[e:]):
            return None  # 第五年, 五年规划
        if a == "一" and not re.search(r"(?:内|以来|间|期间)$", m.group()):
            return None  # 重要的一年: "a year", not a duration claim
        unit = {"年": "years", "个月": "months", "天": "days"}[u]
    elif kind == "count":
        noun = g.get("noun") or ""
        cut = _NOUN_STOP.search(noun)
        if cut:
            e -= len(noun) - cut.start()
        if noun:
            e = _zh_noun_end(text, m.start("noun"), e)
        if a in ("一", "壹", "两") or text[s - 1:s] == "第" or (a and _is_calendar_year(a, "") and not mult
                                                           and (g.get("u") or "") in "项目种类次轮届批条处"):
            return None  # 一个 / 第三条 / 2021项 are not counts (1000家企业 is)
    qual, s2, e2 = _zh_qualifier(text, s, e)
    return Q(value, low, high, unit, qual, s2, e2, text[s2:e2], kind, "zh")


# Chinese dates
_ZH_Y = r"(?P<y>\d{4}|[〇零○一二三四五六七八九]{4})"
_ZH_MO = r"(?P<mo>\d{1,2}|[一二三四五六七八九十]{1,3})"
_ZH_D = r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})"
_ZH_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ymd", re.compile(rf"{_ZH_Y}\s*年\s*{_ZH_MO}\s*月\s*{_ZH_D}\s*[日号]")),
    ("yy", re.compile(rf"{_ZH_Y}\s*(?:年\s*)?[-—–~～至到]\s*(?P<y2>\d{{4}})\s*年(?:度)?")),
    ("quarter", re.compile(rf"{_ZH_Y}\s*年\s*(?:第\s*)?(?P<q>[一二三四1-4])\s*季度")),
    ("quarters", re.compile(rf"{_ZH_Y}\s*年\s*前\s*(?P<q>[二两三2-3])\s*个?季度")),
    ("half", re.compile(rf"{_ZH_Y}\s*年\s*(?P<h>[上下])半年")),
    ("months", re.compile(rf"{_ZH_Y}\s*年\s*{_ZH_MO}\s*(?:月\s*)?[-—–~～至到]\s*(?P<mo2>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月")),
    ("ym", re.compile(rf"{_ZH_Y}\s*年\s*{_ZH_MO}\s*月")),
    ("y", re.compile(rf"{_ZH_Y}\s*年(?:度)?")),
    ("plan", re.compile(r"(?<![零〇一二三四五六七八九十百千万亿])十(?P<n>[一二三四五六七八九])五"
                        r"(?![零〇一二三四五六七八九十百千万亿年倍%％])|第(?P<n2>[一二三四五六七八九十]{1,3})个五年(?:规划|计划)")),
    ("iso", re.compile(r"(?<![\d/])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d/])")),
]


def plan_years(n: int) -> tuple[int, int] | None:
    """Years of China's n-th Five-Year Plan (1st 1953–1957, 2nd 1958–1962, 3rd from 1966)."""
    if n < 1 or n > 30:
        return None
    if n == 1:
        return 1953, 1957
    if n == 2:
        return 1958, 1962
    start = 1966 + 5 * (n - 3)
    return start, start + 4


def _zh_int(s: str) -> int | None:
    v = parse_zh_number(s)
    return None if v is None or v != int(v) else int(v)


def find_zh_dates(text: str) -> list[D]:
    """Chinese dates: 2021年10月24日, 二〇二一年十月, 2022 年度, 2021—2025年, 十四五, 2021-10-24."""
    urls = url_spans(text)
    found: list[D] = []
    taken = _Taken()
    for kind, pat in _ZH_DATE_PATTERNS:
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            if taken.overlaps(s, e) or _overlaps(s, e, urls):
                continue
            if s > 0 and text[s - 1].isdigit():
                continue
            iso = _zh_iso(kind, m)
            if iso is None:
                continue
            taken.add(s, e)
            found.append(D(iso, s, e, text[s:e], "zh" if kind != "iso" else "en"))
    found.sort(key=lambda d: (d.start, d.end))
    return found


def _zh_iso(kind: str, m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if kind == "plan":
        n = _zh_int("十" + g["n"]) if g.get("n") else _zh_int(g.get("n2") or "")
        yrs = plan_years(n) if n else None
        return f"{yrs[0]}/{yrs[1]}" if yrs else None
    y = _zh_int(g["y"]) if g.get("y") else None
    if y is None or not 1000 <= y <= 2999:
        return None
    if kind == "yy":
        y2 = int(g["y2"])
        return f"{y}/{y2}" if y < y2 <= y + 100 else None
    if kind == "y":
        return f"{y:04d}"
    if kind in ("quarter", "quarters", "half"):
        return _zh_period(kind, g, y)
    if kind == "months":
        m1, m2 = _zh_int(g["mo"]), _zh_int(g["mo2"])
        if m1 is None or m2 is None or not 1 <= m1 < m2 <= 12:
            return None
        return f"{y:04d}-{m1:02d}/{y:04d}-{m2:02d}"
    mo = _zh_int(g["mo"]) if g.get("mo") else None
    if mo is None or not 1 <= mo <= 12:
        return None
    if kind == "ym":
        return f"{y:04d}-{mo:02d}"
    d = _zh_int(g["d"]) if g.get("d") else None
    if d is None or not 1 <= d <= 31:
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _zh_period(kind: str, g: dict[str, str | None], y: int) -> str | None:
    """第三季度 → months 07/09, 前三季度 → 01/09, 上半年 → 01/06, 下半年 → 07/12 of year ``y``."""
    if kind == "half":
        first, last = (1, 6) if g.get("h") == "上" else (7, 12)
    else:
        q = _zh_int(g.get("q") or "")
        if q is None or not 1 <= q <= 4:
            return None
        first, last = (1 if kind == "quarters" else 3 * q - 2), 3 * q
    return f"{y:04d}-{first:02d}/{y:04d}-{last:02d}"


def find_quantities_zh(text: str) -> list[Q]:
    """Every figure of a source text, Chinese (624亿元, 不低于…三倍) and English (62.4 billion yuan)."""
    from briefparse.quantities import find_en_figures

    both = sorted(find_zh_figures(text) + find_en_figures(text), key=lambda q: (q.start - q.end, q.start))
    kept: list[Q] = []
    for q in both:  # the longest reading of a span wins (¥300 million over ¥300)
        if not _overlaps(q.start, q.end, [(k.start, k.end) for k in kept]):
            kept.append(q)
    return sorted(kept, key=lambda q: (q.start, q.end))


def find_dates_zh(text: str) -> list[D]:
    """Every date of a source text, Chinese (2021年10月24日, 十四五) and English (October 24, 2021)."""
    from briefparse.dates import find_en_dates

    zh = find_zh_dates(text)
    spans = [(z.start, z.end) for z in zh]
    en = [d for d in find_en_dates(text) if not _overlaps(d.start, d.end, spans)]
    return sorted(zh + en, key=lambda d: (d.start, d.end))


# ---------- English tokens for the spaCy Matcher rules ----------

MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
          "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
          "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

_TOKEN_RE = re.compile(r"""
 (?P<url>https?://[^\s<>"]+|www\.[^\s<>"]+)
|(?P<call>\^\{[^{}\n]{0,40}\}|\^\d{1,4}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)
|(?P<cur>US\$|\\\$|\$|[¥￥€£])
|(?P<ord>\d+(?:st|nd|rd|th)(?![A-Za-z]))
|(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?)
|(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)?)
|(?P<cjk>[\u3400-\u9fff\uf900-\ufaff]+)
|(?P<other>\S)
""", re.VERBOSE)
_CURRENCY_NORM = {"$": "<USD>", "\\$": "<USD>", "US$": "<USD>", "¥": "<CNY>", "￥": "<CNY>", "€": "<EUR>", "£": "<GBP>"}


@dataclass
class Tokens:
    """A text cut into Matcher tokens: their spans, classes and whether a space precedes each."""

    text: str
    starts: list[int]
    ends: list[int]
    norms: list[str]  # <NUM> <NUMW> <YEAR> <ORD> <USD> <CNY> <CALL> <URL> or the lower-cased token
    spaced: list[bool]  # whitespace (or the text start) before the token
    doc: object | None = None  # the spaCy Doc, built once by ``spacy_doc``

    def tok(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def glued(self, i: int) -> bool:
        """True when token ``i`` follows the previous one with no space (COVID-19, five-year)."""
        return 0 < i < len(self.starts) and not self.spaced[i]


def _is_year(tok: str) -> bool:
    return len(tok) == 4 and tok.isdigit() and 1800 <= int(tok) <= 2100


def _norm(m: re.Match[str]) -> str:
    """The class of one token match: <NUM>, <YEAR>, <NUMW>, <USD>, <CALL>... or the lower-cased word."""
    kind = m.lastgroup or "other"
    tok = m.group()
    if kind == "num":
        return "<YEAR>" if _is_year(tok) else "<NUM>"
    if kind == "word":
        low = tok.lower()
        return "<NUMW>" if low in EN_NUMBER_WORDS else low
    if kind == "cur":
        return _CURRENCY_NORM.get(tok, "<CUR>")
    return {"url": "<URL>", "call": "<CALL>", "ord": "<ORD>", "cjk": "<CJK>"}.get(kind, tok)


def tokenize(text: str, mask: list[tuple[int, int]] | None = None) -> Tokens:
    """Tokens of ``text`` for the English rules; spans in ``mask`` (note calls) become ``<CALL>``."""
    starts: list[int] = []
    ends: list[int] = []
    norms: list[str] = []
    spaced: list[bool] = []
    masked = sorted(mask or [])
    mi = 0
    pos = 0
    prev_end = 0
    if not masked:  # the common case: one pass of the token regex
        for m in _TOKEN_RE.finditer(text):
            starts.append(m.start())
            ends.append(m.end())
            norms.append(_norm(m))
            spaced.append(len(starts) == 1 or m.start() > prev_end)
            prev_end = m.end()
        pos = len(text)
    while pos < len(text):
        while mi < len(masked) and masked[mi][1] <= pos:
            mi += 1
        if mi < len(masked) and masked[mi][0] <= pos < masked[mi][1]:
            a, b = pos, masked[mi][1]
            norm = "<CALL>"
        else:
            found = _TOKEN_RE.search(text, pos)
            if found is None:
                break
            m = found
            if mi < len(masked) and m.start() >= masked[mi][0]:
                pos = masked[mi][0]
                continue
            a, b = m.start(), m.end()
            norm = _norm(m)
        starts.append(a)
        ends.append(b)
        norms.append(norm)
        spaced.append(len(starts) == 1 or a > prev_end)
        prev_end = b
        pos = b
    _merge_compound_number_words(text, starts, ends, norms, spaced)
    return Tokens(text, starts, ends, norms, spaced)


def _merge_compound_number_words(text: str, starts: list[int], ends: list[int], norms: list[str],
                                 spaced: list[bool]) -> None:
    """Join ``twenty - five`` into one ``<NUMW>`` token (in place)."""
    i = 0
    while i + 2 < len(norms):
        if (norms[i] == "<NUMW>" and text[starts[i]:ends[i]].lower() in EN_TENS and norms[i + 1] == "-"
                and norms[i + 2] == "<NUMW>" and text[starts[i + 2]:ends[i + 2]].lower() in EN_UNITS
                and starts[i + 1] == ends[i] and starts[i + 2] == ends[i + 1]):
            ends[i] = ends[i + 2]
            del starts[i + 1:i + 3], ends[i + 1:i + 3], norms[i + 1:i + 3], spaced[i + 1:i + 3]
        i += 1


def spacy_doc(tokens: Tokens) -> object:
    """The tokens as a spaCy ``Doc`` (blank English vocab) whose NORM is the token class; cached on ``tokens``."""
    if tokens.doc is not None:
        return tokens.doc
    import numpy
    from spacy.attrs import NORM
    from spacy.tokens import Doc

    from briefparse.segments import sentencizer

    vocab = sentencizer().vocab
    words = [re.sub(r"\s", "_", tokens.tok(i)) for i in range(len(tokens.starts))]
    spaces = [i + 1 < len(words) and tokens.spaced[i + 1] for i in range(len(words))]
    doc = Doc(vocab, words=words, spaces=spaces)
    if words:
        ids = numpy.array([[vocab.strings.add(n)] for n in tokens.norms], dtype="uint64")
        doc.from_array([NORM], ids)  # type: ignore[arg-type]
    tokens.doc = doc
    return doc


def build_matcher(patterns: dict[str, list[Any]]) -> Any:
    """A spaCy Matcher over the shared blank-``en`` vocabulary holding ``patterns`` (label → patterns)."""
    from spacy.matcher import Matcher

    from briefparse.segments import sentencizer

    m = Matcher(sentencizer().vocab)
    for label, pats in patterns.items():
        m.add(label, pats)
    return m
