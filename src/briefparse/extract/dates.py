"""Date expressions in English and Chinese, normalised to ISO 8601.

English dates are token patterns (a spaCy ``Matcher`` over ``numbers.tokenize`` tokens, so a
note call ``²⁰`` or ``^{4,5}`` is one ``<CALL>`` token and never a day or a month): full dates,
day ranges (September 5–6, 2023 → ``2023-09-05/2023-09-06``), month–year, year intervals
(1990–2021, 2017 to 2020, between 2018 and 2022), "the end of 2022", "The year 2021",
five-year plans (13th Five-Year Plan → ``2016/2020``) and bare years. Chinese dates
(2021年10月24日, 二〇二一年, 2022 年度, 十四五) come from ``numbers.find_zh_dates``. Dates in
URLs are not dates of the text.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

from briefparse.extract.figures import Claimed, D, find_zh_dates, plan_years
from briefparse.extract.matching import AnchoredMatcher, anchored_matchers, find_matches, prefetch
from briefparse.records import Block, DateExpr, Document, Endnote
from briefparse.segments import Segmentation
from briefparse.text.numerals import parse_en_number
from briefparse.text.tokens import MONTHS, Tokens, tokenize

MONTH = {"NORM": {"IN": sorted(MONTHS)}}
# "the third quarter of 2022", "the first half of 2023": which quarter or half of the year
PERIOD_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
                   "final": 4, "last": 4}
DOT = {"ORTH": ".", "OP": "?"}
COMMA = {"ORTH": ",", "OP": "?"}
DAY = {"NORM": {"IN": ["<NUM>", "<ORD>"]}, "LENGTH": {"<=": 4}}
YEAR = {"NORM": "<YEAR>"}
DASH = {"ORTH": {"IN": ["-", "–", "‒", "—", "−"]}}
TO = {"LOWER": {"IN": ["-", "–", "‒", "—", "−", "to", "through", "until", "till", "thru"]}}

PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "DAY_RANGE": [[MONTH, DOT, DAY, DASH, DAY, COMMA, YEAR]],
    "DAY_MONTH_RANGE": [[MONTH, DOT, DAY, DASH, MONTH, DOT, DAY, COMMA, YEAR]],
    "ISO": [[YEAR, {"ORTH": "-"}, {"NORM": "<NUM>"}, {"ORTH": "-"}, {"NORM": "<NUM>"}]],
    "MDY": [[MONTH, DOT, DAY, COMMA, YEAR]],
    "DMY": [[DAY, MONTH, DOT, COMMA, YEAR]],
    "MONTH_RANGE": [[MONTH, DOT, DASH, MONTH, DOT, COMMA, YEAR]],
    "MY": [[MONTH, DOT, COMMA, YEAR]],
    "PLAN": [[{"NORM": "<ORD>"}, {"LOWER": "five"}, DASH, {"LOWER": "year"}, {"LOWER": {"IN": ["plan", "plans"]}}],
             [{"NORM": "<ORD>"}, {"LOWER": "fyp"}]],
    "QUARTER": [[{"LOWER": {"IN": ["q", "h"]}}, {"NORM": "<NUM>", "LENGTH": 1}, {"ORTH": {"IN": ["/", "-"]}, "OP": "?"},
                 YEAR],
                [{"NORM": "<NUM>", "LENGTH": 1}, {"LOWER": {"IN": ["q", "h"]}}, YEAR],
                [{"LOWER": {"IN": sorted(PERIOD_ORDINALS)}}, {"LOWER": {"IN": ["quarter", "half"]}}, {"LOWER": "of"},
                 YEAR],
                [{"LOWER": {"IN": sorted(PERIOD_ORDINALS)}}, {"LOWER": {"IN": ["quarter", "half"]}}, YEAR]],
    "FISCAL": [[{"LOWER": {"IN": ["fy", "fiscal"]}}, {"LOWER": "year", "OP": "?"}, YEAR]],
    "BETWEEN": [[{"LOWER": "between"}, YEAR, {"LOWER": "and"}, YEAR]],
    "YEAR_RANGE": [[YEAR, TO, YEAR], [YEAR, DASH, {"NORM": "<NUM>", "LENGTH": 2}]],
    "PART_OF": [[{"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": ["end", "beginning", "start", "middle", "close"]}},
                 {"LOWER": "of"}, YEAR],
                [{"LOWER": {"IN": ["early", "late", "mid"]}}, DASH, YEAR],
                [{"LOWER": {"IN": ["early", "late", "mid"]}}, YEAR]],
    "THE_YEAR": [[{"LOWER": "the"}, {"LOWER": "year"}, YEAR]],
    "YEAR": [[YEAR]],
}
SIGNALS = {"since": "since", "by": "by", "as of": "as of", "between": "between", "from": "from-to",
           "during": "during", "until": "until", "till": "until", "before": "before", "after": "after",
           "beginning in": "beginning", "starting in": "beginning", "through": "through", "in early": "early",
           "in late": "late", "throughout": "during", "over": "during", "end of": "end of"}
# a year followed by these is a quantity or a name, not a date
# capitalised words that start a sentence or a date phrase rather than a name ("In 2021", "The 2018 law")
NAME_STOP = {"the", "in", "by", "since", "from", "until", "during", "after", "before", "of", "and", "a", "an", "this",
             "that", "its", "their", "as", "at", "on", "for", "between", "through", "fy", "fiscal", "q", "h"}
NOT_DATE_AFTER = {"yuan", "rmb", "dollars", "percent", "%", "people", "persons", "projects", "billion", "million",
                  "times", "s", "th"}


# labels whose patterns are anchored on their month name: years are far more common in a brief than
# month names, and the other patterns reach at most three tokens before their year
MONTH_ANCHORED = ("DAY_RANGE", "DAY_MONTH_RANGE", "MDY", "DMY", "MONTH_RANGE", "MY")


@lru_cache(maxsize=1)
def matchers() -> list[AnchoredMatcher]:
    """The spaCy Matchers holding every English date pattern, each run only around its anchor tokens."""
    return anchored_matchers(PATTERNS, MONTH_ANCHORED)


def _int(tokens: Tokens, i: int) -> int:
    t = re.sub(r"(st|nd|rd|th)$", "", tokens.tok(i))
    v = parse_en_number(t)
    return int(v) if v is not None else -1


def _ymd(y: int, mo: int, d: int | None = None) -> str | None:
    if not (1800 <= y <= 2100 and 1 <= mo <= 12):
        return None
    if d is None:
        return f"{y:04d}-{mo:02d}"
    if not 1 <= d <= (29 if mo == 2 else 30 if mo in (4, 6, 9, 11) else 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _iso(label: str, tokens: Tokens, a: int, b: int) -> tuple[str | None, int, int]:
    """ISO value of a match over tokens ``[a, b)`` and the span of tokens that is the date's text."""
    idx = list(range(a, b))
    years = [i for i in idx if tokens.norms[i] == "<YEAR>"]
    months = [MONTHS[tokens.norms[i]] for i in idx if tokens.norms[i] in MONTHS]
    days = [_int(tokens, i) for i in idx if tokens.norms[i] in ("<NUM>", "<ORD>")]
    y = int(tokens.tok(years[0])) if years else -1
    if label == "DAY_RANGE":
        d1, d2 = _ymd(y, months[0], days[0]), _ymd(y, months[0], days[1])
        return (f"{d1}/{d2}" if d1 and d2 and days[0] < days[1] else None), a, b
    if label == "DAY_MONTH_RANGE":
        d1, d2 = _ymd(y, months[0], days[0]), _ymd(y, months[1], days[1])
        return (f"{d1}/{d2}" if d1 and d2 and d1 < d2 else None), a, b
    if label == "ISO":
        if any(tokens.spaced[i] for i in range(a + 1, b)):
            return None, a, b
        return _ymd(y, days[0], days[1]), a, b
    if label == "MDY" or label == "DMY":
        return _ymd(y, months[0], days[0]), a, b
    if label == "MONTH_RANGE":
        m1, m2 = _ymd(y, months[0]), _ymd(y, months[1])
        return (f"{m1}/{m2}" if m1 and m2 and m1 < m2 else None), a, b
    if label == "MY":
        return _ymd(y, months[0]), a, b
    if label == "PLAN":
        yrs = plan_years(_int(tokens, a))
        return (f"{yrs[0]}/{yrs[1]}" if yrs else None), a, b
    if label == "QUARTER":
        return _period(tokens, a, b, y), a, b
    if label == "FISCAL":
        return f"{y:04d}", a, b
    if label == "BETWEEN":
        y2 = int(tokens.tok(years[1]))
        return (f"{y}/{y2}" if y < y2 else None), a + 1, b
    if label == "YEAR_RANGE":
        if len(years) == 2:
            y2 = int(tokens.tok(years[1]))
        else:
            y2 = y // 100 * 100 + _int(tokens, b - 1)
        return (f"{y}/{y2}" if y < y2 <= y + 100 else None), a, b
    if label == "PART_OF":
        first = tokens.norms[a]
        if first in ("early", "late", "mid"):
            return f"{y:04d}", a, b
        return f"{y:04d}", a, b
    if label in ("THE_YEAR", "YEAR"):
        return f"{y:04d}", a, b
    return None, a, b


def _period(tokens: Tokens, a: int, b: int, y: int) -> str | None:
    """``Q3 2022`` → 2022-07/2022-09, ``H1 2023`` / ``first half of 2023`` → 2023-01/2023-06."""
    words = [tokens.norms[i] for i in range(a, b)]
    half = "h" in words or "half" in words
    nums = [i for i in range(a, b) if tokens.norms[i] == "<NUM>"]
    if nums:
        if tokens.spaced[a + 1]:
            return None  # "Q3", "2Q": the letter and the digit are printed together
        n = _int(tokens, nums[0])
    else:
        n = PERIOD_ORDINALS.get(words[0], -1)
        if words[0] in ("last", "final") and half:
            n = 2
    count = 2 if half else 4
    if not 1 <= n <= count or not 1800 <= y <= 2100:
        return None
    span = 12 // count
    first, last = (n - 1) * span + 1, n * span
    return f"{y:04d}-{first:02d}/{y:04d}-{last:02d}"


def _name_year(tokens: Tokens, i: int) -> bool:
    """A year that ends a capitalised name (Made in China 2025, China Standards 2035), not a date."""
    n = len(tokens.starts)
    if i + 1 < n and tokens.norms[i + 1] in (",", ".", ";", ":", ")", "]", "<CALL>"):
        return False  # an author-year reference or a sentence end: "(Naughton 2023)"
    if i == 0 or tokens.text[tokens.ends[i - 1]:tokens.starts[i]] != " ":
        return False  # a table cell after its row label ("Start Year<TAB>2017") is a date
    caps = 0
    j = i - 1
    while j >= 0:
        tok = tokens.tok(j)
        if tokens.norms[j] in ("in", "of", "and", "for", "the") and caps:
            j -= 1
            continue
        if not (tok[:1].isupper() and tok.isalpha()) or tokens.norms[j] in MONTHS or tokens.norms[j] in NAME_STOP:
            break
        caps += 1
        j -= 1
    return caps >= 2


def _bad_year(tokens: Tokens, i: int) -> bool:
    """A year token that is not a date: 2020s, 2000 yuan, COVID-2019, $2021, (page) 2016-17 of a range."""
    n = len(tokens.starts)
    if i + 1 < n and tokens.glued(i + 1) and tokens.norms[i + 1] in ("s", "th", "<NUM>"):
        return True
    if i + 1 < n and tokens.norms[i + 1] in NOT_DATE_AFTER:
        return True
    if i > 0 and tokens.glued(i) and (tokens.norms[i - 1].isalpha() or tokens.norms[i - 1] in ("<USD>", "<CNY>", "/",
                                                                                                 "#", ".", ",", "<CJK>")):
        return True
    return i > 0 and tokens.norms[i - 1] in ("no", "nos", "p", "pp", "page", "pages", "<USD>", "<CNY>", "<EUR>")


def _signal(tokens: Tokens, a: int, label: str) -> str | None:
    if label == "BETWEEN":
        return "between"
    if label == "PART_OF":
        words = [tokens.norms[i] for i in range(a, min(a + 3, len(tokens.norms)))]
        for w in ("end", "beginning", "start", "middle", "early", "late", "mid"):
            if w in words:
                return "end of" if w == "end" else w
    for n in (2, 1):
        if a - n >= 0:
            phrase = " ".join(tokens.norms[a - n:a])
            if phrase in SIGNALS:
                return SIGNALS[phrase]
    return None


def dates_possible(tokens: Tokens) -> bool:
    """Can the tokens hold an English date: every pattern needs a year or an ordinal."""
    return "<YEAR>" in tokens.norms or "<ORD>" in tokens.norms


def find_en_dates(text: str, tokens: Tokens | None = None) -> list[D]:
    """English dates in ``text`` (offsets into it); pass its ``tokens`` when already cut."""
    tokens = tokens or tokenize(text)
    if not dates_possible(tokens):
        return []
    strings = matchers()[0].matcher.vocab.strings
    matches = [(strings[mid], a, b) for mid, a, b in find_matches(matchers(), tokens)]
    order = list(PATTERNS)
    matches.sort(key=lambda x: (-(x[2] - x[1]), order.index(x[0]), x[1]))
    taken = [False] * len(tokens.starts)
    out: list[D] = []
    for label, a, b in matches:
        if any(taken[a:b]):
            continue
        years = [i for i in range(a, b) if tokens.norms[i] == "<YEAR>"]
        if label not in ("PLAN", "FISCAL") and any(_bad_year(tokens, i) for i in years[-1:]) or label == "YEAR" and \
                (_bad_year(tokens, a) or _name_year(tokens, a)):
            continue
        if label in ("YEAR", "YEAR_RANGE") and a > 0 and tokens.glued(a) and tokens.norms[a - 1] in ("-", "–"):
            continue  # the second half of a range the rules rejected (pages 2016–2017 after a number)
        iso, ta, tb = _iso(label, tokens, a, b)
        if iso is None:
            continue
        for k in range(a, b):
            taken[k] = True
        s, e = tokens.starts[ta], tokens.ends[tb - 1]
        out.append(D(iso, s, e, text[s:e], "en", _signal(tokens, a, label)))
    out.sort(key=lambda d: (d.start, d.end))
    return out


# ---------- the document ----------

class _NoteIndex:
    """Endnotes by start: which note holds an offset, by bisection when the notes are in order and
    do not overlap (the usual case), else by the first one in list order that holds it."""

    def __init__(self, endnotes: list[Endnote]) -> None:
        self.endnotes = endnotes
        self.starts = [e.start for e in endnotes]
        self.ends = [max(e.end, e.start + 1) for e in endnotes]
        self.ordered = all(self.ends[i] <= self.starts[i + 1] for i in range(len(endnotes) - 1))

    def holding(self, offset: int) -> Endnote | None:
        if not self.ordered:
            return next((e for e, s, x in zip(self.endnotes, self.starts, self.ends, strict=True) if s <= offset < x),
                        None)
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.endnotes[i] if i >= 0 and offset < self.ends[i] else None


def _note_number(text: str, start: int, end: int, endnotes: _NoteIndex) -> int | None:
    e = endnotes.holding(start)
    if e is not None:
        return e.n
    m = re.match(r"\s*(?:\[(\d{1,4})\]|(\d{1,4})[.)]?\s|([⁰¹²³⁴⁵⁶⁷⁸⁹]+))", text[start:end])
    if not m:
        return None
    if m.group(3):
        return int(m.group(3).translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")))
    return int(m.group(1) or m.group(2))


DATE_BLOCKS = {"paragraph", "list_item", "caption", "table", "heading", "title", "note", "footnote", "credit"}


# what a block needs for ``find_zh_dates`` to find anything: every pattern holds a Chinese character (年, 十四五)
# but the numeric one, which starts with a year and a separator (2021-10-24, 2021/10/24, 2021.10.24)
_ZH_DATE_HINT = re.compile(r"[\u3400-\u9fff]|(?:19|20)\d\d[-/.]\d")


_EN_DATE_HINT = re.compile(r"\d{4}|\d(?:st|nd|rd|th)\b")  # what an English date needs: a year or an ordinal


def _block_tokens(text: str, calls: list[tuple[int, int]]) -> Tokens | None:
    """The tokens of a block for the English date rules (None when it holds no four digits nor ordinal)."""
    return tokenize(text, calls) if _EN_DATE_HINT.search(text) else None


def _block_dates(text: str, calls: list[tuple[int, int]], tokens: Tokens | None) -> list[D]:
    """Chinese then English dates of one block (English ones that overlap a Chinese one dropped); ``tokens``
    from :func:`_block_tokens`."""
    zh = find_zh_dates(text) if _ZH_DATE_HINT.search(text) else []
    zh = [d for d in zh if not any(a < d.end and d.start < b for a, b in calls)]
    en = find_en_dates(text, tokens) if tokens is not None else []
    en = [d for d in en if not any(z.start < d.end and d.start < z.end for z in zh)]
    return sorted(zh + en, key=lambda d: (d.start, d.end))


def extract_dates(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> list[DateExpr]:
    """Every date expression in the body and the notes."""
    text = doc.text
    rows: list[DateExpr] = []
    notes = _NoteIndex(endnotes)
    sups = sorted(doc.superscripts)
    sup_starts = [s for s, _ in sups]
    todo: list[tuple[Block, str, str, list[tuple[int, int]], Tokens | None]] = []  # the blocks to read, tokenized
    for block in seg.blocks:
        if block.kind not in DATE_BLOCKS:
            continue
        region = "endnote" if block.kind in ("note", "footnote") else seg.regions.where(block.start)
        if region == "back_matter":
            continue
        chunk = text[block.start:block.end]
        if not re.search(r"\d|十[一二三四五六七八九]五|[〇零]", chunk):
            continue
        i, j = bisect.bisect_left(sup_starts, block.start), bisect.bisect_left(sup_starts, block.end)
        calls = [(s - block.start, e - block.start) for s, e in sups[i:j]]  # order is irrelevant to the block
        todo.append((block, region, chunk, calls, _block_tokens(chunk, calls)))
    prefetch(matchers(), [t for *_, t in todo if t is not None and dates_possible(t)])  # one Matcher call
    for block, region, chunk, calls, tokens in todo:
        note = _note_number(text, block.start, block.end, notes) if region == "endnote" else None
        holder = notes.holding(block.start) if note is not None else None
        series = holder.series if holder is not None else (1 if note is not None else None)
        for d in _block_dates(chunk, calls, tokens):
            s, e = block.start + d.start, block.start + d.end
            if region == "endnote" and note is not None and re.match(r"\s*\d{1,4}[.)]?\s*$", text[block.start:e]):
                continue  # the note's own number
            rows.append(DateExpr(doc_id=doc.doc_id, text=d.text, iso=d.iso, lang=d.lang if d.lang == "zh" or not
                                 re.search(r"[\u3400-\u9fff]", d.text) else "zh", where=region, note=note,
                                 section=seg.section_at(s), start=s, end=e, page=doc.page_at(s),
                                 qualifier=d.qualifier, part=None, series=series))
    return rows


def find_dates_zh(text: str) -> list[D]:
    """Every date of a source text, Chinese (2021年10月24日, 十四五) and English (October 24, 2021)."""
    zh = find_zh_dates(text)
    spans = Claimed(len(text), [(z.start, z.end) for z in zh])
    en = [d for d in find_en_dates(text) if not spans.overlaps(d.start, d.end)]
    return sorted(zh + en, key=lambda d: (d.start, d.end))
