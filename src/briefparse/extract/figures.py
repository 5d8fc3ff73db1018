"""Figures and dates of a Chinese text: the ``Q``/``D`` records and the Chinese rules.

``find_zh_figures`` returns every figure (money, percent, ranges, multiples, counts with measure
words, bounds such as 不低于 / 以上); ``find_zh_dates`` every date (2021年10月24日, 二〇二一年,
2022 年度, 十四五).
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

from briefparse.text import vocab
from briefparse.text.numerals import ZH_BIG, ZH_DIGITS, ZH_NUMERAL_CHARS, ZH_UNITS, clean_number, parse_zh_number

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


# bounded lengths (no written figure is longer): on a run of thousands of numerals an unbounded
# quantifier makes every start position scan the whole run, so the patterns would be quadratic
_ZH_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}}){{1,8}}(?:\.\d{{1,12}})?|\d{{1,24}}(?:\.\d{{1,12}})?|[{ZH_NUMERAL_CHARS}]{{1,32}})"
_ZH_MULT = r"(?:[十百千]?[万亿萬億]{1,2}|千)?"
_ZH_QUAL_BEFORE = {"不低于": "at least", "不少于": "at least", "至少": "at least", "不小于": "at least",
                   "超过": "more than", "多于": "more than", "高于": "more than", "大于": "more than", "逾": "more than",
                   "不超过": "at most", "不高于": "at most", "不多于": "at most", "不大于": "at most", "最高": "at most",
                   "至多": "at most", "最多": "at most", "低于": "less than", "少于": "less than", "小于": "less than",
                   "不足": "less than", "约": "about", "大约": "about", "近": "about", "将近": "about", "接近": "about"}
_ZH_QUAL_AFTER = {"及以上": "at least", "以上": "at least", "及以下": "at most", "以下": "at most", "以内": "at most",
                  "左右": "about", "上下": "about", "多": "more than", "余": "more than"}
# currency names (data/currencies_zh.tsv: 日元 JPY, 韩元 KRW, 新台币 TWD…) and units (data/units_zh.tsv: 公里 km, 吨 t…)
_ZH_CURRENCY = vocab.mapping("currencies_zh.tsv")
_ZH_UNITS = vocab.mapping("units_zh.tsv")
_CUR_ALT = "|".join(sorted(map(re.escape, _ZH_CURRENCY), key=len, reverse=True))
_FOREIGN_ALT = "|".join(sorted((re.escape(c) for c in _ZH_CURRENCY if c not in ("元", "人民币")), key=len, reverse=True))
_UNIT_ALT = "|".join(sorted(map(re.escape, _ZH_UNITS), key=len, reverse=True))
_ZH_MEASURE = "个家支只所项名人位条批座处台套件次轮届项目种类"  # not 期: 二期 is "phase two", a name
_RANGE_SEP = r"\s*(?:[-—–~～－至到]|--)\s*"

_ZH_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("percent_range", re.compile(rf"(?P<a>{_ZH_NUM})\s*[%％]?{_RANGE_SEP}(?P<b>{_ZH_NUM})\s*[%％]")),
    ("percent_range", re.compile(rf"百分之(?P<a>{_ZH_NUM}){_RANGE_SEP}(?:百分之)?(?P<b>{_ZH_NUM})")),
    ("points", re.compile(rf"(?P<a>{_ZH_NUM})\s*个?百分点")),
    ("percent", re.compile(rf"百分之(?P<a>{_ZH_NUM})")),
    ("percent", re.compile(rf"(?P<a>{_ZH_NUM})\s*[%％]")),
    ("money", re.compile(rf"(?:人民币|￥|¥)\s*(?P<a>{_ZH_NUM})(?P<m>{_ZH_MULT})(?P<cur>元)?")),
    ("money", re.compile(rf"(?P<cur>{_FOREIGN_ALT})\s*(?P<a>{_ZH_NUM})(?P<m>{_ZH_MULT})元?")),  # 新台币100亿元
    ("money", re.compile(rf"(?P<a>{_ZH_NUM})(?:{_RANGE_SEP}(?P<b>{_ZH_NUM}))?\s*(?P<m>{_ZH_MULT})多?"
                         rf"(?P<cur>{_CUR_ALT})")),
    ("measure", re.compile(rf"(?P<a>{_ZH_NUM})(?:{_RANGE_SEP}(?P<b>{_ZH_NUM}))?\s*(?P<m>{_ZH_MULT})多?\s*"
                           rf"(?P<u>{_UNIT_ALT})")),
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


def overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for s, e in spans)


class Claimed:
    """Character positions of a text already claimed by spans (overlapping spans allowed).

    An overlap test costs the length of the span asked about, however many spans were claimed
    (a list of spans made every test a scan of all earlier ones: quadratic on long source pages)."""

    def __init__(self, length: int, spans: list[tuple[int, int]] | None = None) -> None:
        self._mask = bytearray(length + 1)
        for a, b in spans or []:
            self.add(a, b)

    def overlaps(self, a: int, b: int) -> bool:
        """Same answer as ``overlaps(a, b, spans)`` for a non-empty span ``[a, b)``."""
        if a >= b:
            return 0 < a < len(self._mask) and bool(self._mask[a - 1] and self._mask[a])
        return self._mask.find(1, max(0, a), b) >= 0

    def add(self, a: int, b: int) -> None:
        a, b = max(0, a), min(b, len(self._mask) - 1)
        if b > a:
            self._mask[a:b] = b"\x01" * (b - a)


class _Taken:
    """Disjoint spans already claimed, kept sorted so an overlap test is a bisection, not a scan."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, a: int, b: int) -> bool:
        """Same answer as ``overlaps(a, b, spans)``: disjoint spans sorted by start have sorted ends."""
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
    floor = max(0, start - 16)  # the window is at most 16 characters: never scan further back
    clause_start = max(text.rfind(p, floor, start) for p in "，。；;：:、\n,（(") + 1
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


_NOT_A_NUMBER = re.compile(rf"[{ZH_NUMERAL_CHARS}]{{17,}}|\d{{31,}}")


def _mask_numeral_runs(text: str) -> str:
    """``text`` with runs of numerals too long to be one written number blanked (same length).

    No figure is 17 Chinese numerals or 31 digits long; the patterns would otherwise try every
    position of such a run (a fetched page can hold thousands)."""
    return _NOT_A_NUMBER.sub(lambda m: "_" * len(m.group()), text)


def find_zh_figures(text: str) -> list[Q]:
    """Chinese figures: 624亿元, 10%-30%, 百分之十至百分之三十, 三倍, 不低于…50%, 36支子基金."""
    text = _mask_numeral_runs(text)
    urls = Claimed(len(text), url_spans(text))
    found: list[Q] = []
    taken = Claimed(len(text))
    for kind, pat in _ZH_PATTERNS:
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            if taken.overlaps(s, e) or urls.overlaps(s, e):
                continue
            if s > 0 and (text[s - 1].isdigit() or text[s - 1] == "." or text[s - 1].isascii() and text[s - 1].isalpha()):
                continue
            q = _zh_figure(kind, m, text)
            if q is None:
                continue
            taken.add(q.start, q.end)
            found.append(q)
    found.sort(key=lambda q: (q.start, q.end))
    return found


_NOUN_FLAGS = ("n", "l", "j", "vn", "an", "b")  # jieba tags that may stand in a counted noun phrase


def _zh_noun_end(text: str, start: int, end: int) -> int:
    """End of the noun a Chinese count counts: 22个|国家技术创新中心, 1000家|企业 (not 企业获得).

    The regex gives a short guess (``end``); jieba's part-of-speech tags extend it over a longer
    noun phrase, or cut it where a verb starts inside the guess.
    """

    import jieba  # imported on first use: ~390 ms at start-up, not every run needs it
    import jieba.posseg  # imported on first use: ~390 ms at start-up, not every run needs it

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
    elif kind == "measure":
        unit = _ZH_UNITS[g.get("u") or ""]
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
    return zh_dates_by(_ZH_DATE_PATTERNS if _CJK_CHAR.search(text) else _ZH_DATE_NUMERIC, text)


_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# the patterns that can match text without a Chinese character: every other one holds one outside its
# optional parts (年, 十…五, 第…个五年); an English note with a dated URL runs only these
_ZH_DATE_NUMERIC = [(kind, pat) for kind, pat in _ZH_DATE_PATTERNS if kind == "iso"]


def zh_dates_by(patterns: list[tuple[str, re.Pattern[str]]], text: str) -> list[D]:
    """The dates ``patterns`` find in ``text``, earlier patterns first, none overlapping another or a URL
    (the URLs are looked for only once a pattern matches: most texts hold no date at all)."""
    urls: Claimed | None = None
    found: list[D] = []
    taken = Claimed(len(text))
    for kind, pat in patterns:
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            if taken.overlaps(s, e):
                continue
            if urls is None:
                urls = Claimed(len(text), url_spans(text))
            if urls.overlaps(s, e):
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


