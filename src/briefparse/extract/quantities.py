"""Numeric quantities in English and Chinese, with the sentence and note calls that back them.

English figures are found by token patterns (a spaCy ``Matcher`` over a blank ``en`` vocab; the
tokens come from ``numbers.tokenize`` so ``\\$10.56``, ``20-30`` and ``projects.⁹`` split the same
way in every rendition) and read by small functions, one per kind: money, percent, ranges,
multiples, ratios, durations, ranks, counts with what they count, and calendar years where the
year is itself the fact. Chinese figures come from ``numbers.find_zh_figures``. Note calls,
figure/table/article numbers, ordinals, years that only date an event and hyphenated
compounds (five-year plan, COVID-19) are not quantities.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from briefparse.extract.dates import dates_possible, find_en_dates
from briefparse.extract.dates import matchers as date_matchers
from briefparse.extract.figures import Claimed, D, Q, find_zh_figures
from briefparse.extract.matching import AnchoredMatcher, anchored_matchers, find_matches, prefetch
from briefparse.records import Block, Document, Marker, Quantity
from briefparse.segments import Segmentation
from briefparse.text import vocab
from briefparse.text.numerals import EN_SCALES, clean_number, parse_en_number
from briefparse.text.tokens import MONTHS, Tokens, tokenize

NUM = {"NORM": {"IN": ["<NUM>", "<NUMW>", "<YEAR>"]}}
SCALE = {"LOWER": {"IN": ["thousand", "million", "billion", "trillion", "bn", "mn", "tn"]}, "OP": "?"}
DASH = {"ORTH": {"IN": ["-", "–", "‒", "−", "—"]}}
DASH_TO = {"LOWER": {"IN": ["-", "–", "‒", "−", "to"]}}
PCT = {"LOWER": {"IN": ["percent", "%", "pct", "percentage"]}}
CNY_WORD = {"LOWER": {"IN": ["yuan", "rmb", "renminbi", "cny"]}}
CNY_PREFIX = {"NORM": {"IN": ["<CNY>", "rmb", "cny"]}}
USD_PREFIX = {"NORM": {"IN": ["<USD>", "usd"]}}
USD_WORD = {"LOWER": {"IN": ["dollars", "dollar", "usd"]}}
EUR_WORD = {"LOWER": {"IN": ["euros", "euro", "eur"]}}
OPEN = {"ORTH": "(", "OP": "?"}
COUNT_NUM = {"NORM": {"IN": ["<NUM>", "<NUMW>"]}}
# a fraction's denominator word → its value ("a third", "two-thirds", "half")
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
             "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
MULTIPLIED = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0}
# a fraction word after these names a part of a period or a rank ("first half of 2023", "third quarter")
NOT_FRACTION_BEFORE = {"first", "second", "third", "fourth", "last", "final", "latter", "former", "next", "previous",
                       "other", "each", "every", "per", "1st", "2nd", "3rd", "4th", "<ORD>"}
# what may follow a fraction ("a third of", "by half in 2023", "half.")
FRACTION_NEXT = {"of", "the", "in", "from", "to", "since", "by", "than", "as", "all", "their", "its", "over", "during",
                 "between", "and", "or", ",", ".", ";", ":", ")", "<CALL>"}

# label → token patterns; a label's reader turns the matched tokens into a figure
PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "RATIO": [
        [NUM, {"LOWER": {"IN": ["yuan", "dollar", "dollars", "euro", "euros", "unit", "units"]}, "OP": "?"},
         {"LOWER": "for"}, {"LOWER": "every"}, NUM],
        [NUM, DASH, {"LOWER": "for"}, DASH, NUM],
        [{"LOWER": "ratio"}, {"LOWER": "of"}, {"NORM": "<NUM>"}, {"ORTH": ":"}, {"NORM": "<NUM>"}],
        [COUNT_NUM, {"LOWER": "in"}, COUNT_NUM],
        [COUNT_NUM, {"LOWER": "out"}, {"LOWER": "of"}, COUNT_NUM],
    ],
    "CNY_RANGE": [
        [NUM, SCALE, DASH_TO, NUM, SCALE, CNY_WORD],
        [CNY_PREFIX, NUM, SCALE, DASH_TO, CNY_PREFIX | {"OP": "?"}, NUM, SCALE],
    ],
    "USD_RANGE": [[USD_PREFIX, NUM, SCALE, DASH_TO, USD_PREFIX | {"OP": "?"}, NUM, SCALE],
                  [NUM, SCALE, DASH_TO, NUM, SCALE, {"LOWER": "us", "OP": "?"}, USD_WORD]],
    "PERCENT_RANGE": [
        [NUM, {"LOWER": {"IN": ["percent", "%"]}, "OP": "?"}, DASH_TO, NUM, PCT],
        [{"LOWER": {"IN": ["between", "from"]}}, NUM, {"LOWER": {"IN": ["percent", "%"]}, "OP": "?"},
         {"LOWER": {"IN": ["and", "to"]}}, NUM, PCT],
    ],
    "CNY": [[CNY_PREFIX, NUM, SCALE], [NUM, SCALE, CNY_WORD]],
    "USD": [[USD_PREFIX, NUM, SCALE], [NUM, SCALE, {"LOWER": {"IN": ["us", "u.s."]}, "OP": "?"}, USD_WORD]],
    "EUR": [[{"NORM": "<EUR>"}, NUM, SCALE], [NUM, SCALE, EUR_WORD]],
    "PERCENT": [[NUM, PCT, {"LOWER": "points", "OP": "?"}], [NUM, {"LOWER": "per"}, {"LOWER": "cent"}]],
    "TIMES": [[NUM, {"LOWER": "times"}], [NUM, DASH, {"LOWER": "fold"}], [NUM, {"LOWER": "fold"}],
              [{"LOWER": {"REGEX": r"^(two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)fold$"}}],
              [{"LOWER": "twice"}], [{"LOWER": {"IN": sorted(MULTIPLIED)}}]],
    "FRACTION": [[{"LOWER": {"IN": ["a", "one", "two", "three", "four", "five", "seven", "nine"]}}, DASH | {"OP": "?"},
                  {"LOWER": {"IN": sorted(FRACTIONS)}}],
                 [{"LOWER": "half"}]],
    "DURATION": [[NUM, {"LOWER": {"IN": ["years", "year", "decades", "decade", "months", "month", "weeks",
                                          "days"]}}]],
    "RANK": [[{"LOWER": {"IN": ["ranked", "rank", "ranking", "ranks"]}}, {"NORM": {"IN": ["<NUM>", "<ORD>"]}},
              DASH_TO, {"NORM": "<NUM>"}],
             [{"LOWER": {"IN": ["ranked", "ranks", "ranking"]}}, {"NORM": {"IN": ["<NUM>", "<ORD>", "<NUMW>"]}},
              {"LOWER": {"IN": ["of", "among", "out"]}}, {"LOWER": "of", "OP": "?"}, COUNT_NUM],
             [{"LOWER": {"IN": ["ranked", "ranks"]}}, {"NORM": {"IN": ["<NUM>", "<ORD>"]}}]],
}
# other currencies (yen, won, HK$, NT$, £) and physical units (km, miles, tonnes, TB, MW, square metres), from
# ``data/currencies.tsv`` and ``data/units.tsv``: a code a reader can convert, never "count"
CURRENCY_WORDS = vocab.mapping("currencies.tsv")
UNIT_WORDS = vocab.mapping("units.tsv")
CURRENCY_PREFIX = {"hk": "HKD", "nt": "TWD"}  # HK$5 billion, NT$3.5 billion (glued to the $)
ISO_PREFIX = {v.lower(): v for v in CURRENCY_WORDS.values()}  # JPY 10 billion


def _phrases(words: list[str]) -> list[list[dict[str, Any]]]:
    """Token patterns matching exactly the phrases ``words``, one per distinct leading words.

    Phrases sharing all words but the last become one pattern whose last token is a set
    ("km", "miles", … → one pattern; "square metres", "square miles" → another): the Matcher
    tries every pattern at every token, so ~200 one-phrase patterns made it several times slower,
    and the matches (deduplicated by label and span) are the same.
    """
    last: dict[tuple[str, ...], list[str]] = {}
    for p in words:
        *head, tail = p.split()
        last.setdefault(tuple(head), []).append(tail)
    return [[*({"LOWER": w} for w in head), {"LOWER": {"IN": sorted(set(tails))}}] for head, tails in last.items()]


def _unit_patterns() -> dict[str, list[list[dict[str, Any]]]]:
    """Matcher patterns of other currencies and physical units, points and ranges ("10 to 20 terabytes")."""
    scale_num: list[dict[str, Any]] = [NUM, SCALE]
    rng: list[dict[str, Any]] = [NUM, SCALE, DASH_TO, NUM, SCALE]
    between: list[dict[str, Any]] = [{"LOWER": {"IN": ["between", "from"]}}, NUM, SCALE,
                                     {"LOWER": {"IN": ["and", "to"]}}, NUM, SCALE]
    currencies, units = _phrases(list(CURRENCY_WORDS)), _phrases(list(UNIT_WORDS))
    return {
        "FX_RANGE": [[*rng, *p] for p in currencies],
        "FX": [[*scale_num, *p] for p in currencies]
        + [[{"LOWER": {"IN": sorted(ISO_PREFIX)}}, NUM, SCALE]]
        + [[{"LOWER": {"IN": sorted(CURRENCY_PREFIX)}, "SPACY": False}, {"NORM": "<USD>"}, NUM, SCALE],
           [{"NORM": "<GBP>"}, NUM, SCALE]],
        "MEASURE_RANGE": [[*rng, *p] for p in units] + [[*between, *p] for p in units],
        "MEASURE": [[*scale_num, *p] for p in units],
    }


PATTERNS = {"RATIO": PATTERNS["RATIO"], **_unit_patterns(), **{k: v for k, v in PATTERNS.items() if k != "RATIO"}}
# earlier labels win overlaps
PRIORITY = list(PATTERNS)

QUALIFIERS = {
    "at least": "at least", "no less than": "at least", "not less than": "at least", "a minimum of": "at least",
    "more than": "more than", "over": "more than", "above": "more than", "exceeding": "more than",
    "in excess of": "more than", "upwards of": "more than",
    "at most": "at most", "up to": "at most", "no more than": "at most", "not more than": "at most",
    "a maximum of": "at most", "less than": "less than", "fewer than": "less than", "under": "less than",
    "below": "less than", "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "nearly": "about", "almost": "about", "close to": "about", "an estimated": "about", "some": "about",
}
# words after which a number is a label, not a quantity (Figure 3, Article 12, No. 4, page 7)
REFERENCE_WORDS = {
    "figure", "figures", "fig", "figs", "table", "tables", "article", "articles", "section", "sections", "chapter",
    "chapters", "page", "pages", "p", "pp", "no", "nos", "number", "note", "notes", "phase", "item", "items", "annex",
    "appendix", "part", "parts", "vol", "volume", "issue", "version", "step", "level", "tier", "line", "paragraph",
    "para", "clause", "box", "exhibit", "chart", "map", "panel", "question", "covid", "stage", "round", "batch",
    "type", "category", "model", "series", "act", "session", "plenum", "congress", "footnote", "endnote", "slide",
    "unit", "room", "route", "ward", "district", "grade", "class", "group", "window", "g",
}
# function words that end the noun a count counts
STOP_WORDS = {
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "nor", "which",
    "that", "who", "whom", "whose", "were", "was", "is", "are", "be", "been", "being", "have", "has", "had", "will",
    "would", "can", "could", "may", "might", "must", "shall", "should", "do", "does", "did", "as", "than", "into",
    "onto", "over", "under", "between", "among", "across", "per", "each", "this", "these", "those", "its", "their",
    "his", "her", "our", "your", "it", "they", "them", "we", "he", "she", "there", "here", "so", "if", "when",
    "while", "where", "including", "such", "more", "most", "less", "other", "others", "also", "all", "both",
    "since", "until", "before", "after", "during", "about", "around", "out", "up", "down", "not", "no", "only",
    "times", "percent", "ago", "later", "earlier", "apart",
}
CROSSING_WORDS = re.compile(r"\b(?:surpass\w*|overt(?:ook|ake\w*)|exceed\w*|outpac\w*|outstrip\w*|overtaken)\b", re.I)
MEASURE_WORDS = re.compile(r"\b(?:spending|expenditures?|proportion|share|contribut\w*|invest\w*|output|budget\w*|"
                           r"growth|funding)\b", re.I)
RATE_RANGE = (6.0, 8.7)  # plausible CNY per USD since the 1994 unification


@dataclass
class Figure:
    """A figure found in one span of text, before it becomes a Quantity row."""

    value: float | None
    low: float | None
    high: float | None
    unit: str
    kind: str
    qualifier: str | None
    start: int  # offsets into the scanned text
    end: int
    lang: str = "en"


# labels whose patterns are anchored on their unit, currency or "percent" / "times" / "years" word: rarer in
# prose than numbers (most numbers are years, counts and references); a pattern's last word is its anchor,
# so ranges whose last word is "to" or "-" (CNY_RANGE, USD_RANGE) and RATIO ("in") and RANK stay on numbers
WORD_ANCHORED = ("FX", "FX_RANGE", "MEASURE", "MEASURE_RANGE", "PERCENT", "PERCENT_RANGE", "CNY", "USD", "EUR",
                 "TIMES", "DURATION")


@lru_cache(maxsize=1)
def matchers() -> list[AnchoredMatcher]:
    """The spaCy Matchers holding every English quantity pattern, each run only around its anchor tokens."""
    return anchored_matchers(PATTERNS, WORD_ANCHORED)


def _num(tokens: Tokens, i: int) -> float | None:
    return parse_en_number(tokens.tok(i)) if tokens.norms[i] in ("<NUM>", "<NUMW>", "<YEAR>") else None


def _scaled(tokens: Tokens, a: int, b: int) -> list[float]:
    """Numbers in tokens ``[a, b)`` times their scale words (76 billion → 7.6e10; 10-20 billion: both)."""
    vals: list[tuple[float, float | None]] = []
    for i in range(a, b):
        v = _num(tokens, i)
        if v is not None:
            vals.append((v, EN_SCALES.get(tokens.norms[i + 1]) if i + 1 < b else None))
    if vals and vals[-1][1] and all(sc is None for _, sc in vals[:-1]):
        vals = [(v, vals[-1][1]) for v, _ in vals]
    return [clean_number(v * (sc or 1.0)) for v, sc in vals]


def _read(label: str, tokens: Tokens, a: int, b: int) -> Figure | None:
    """The figure a match of ``label`` over tokens ``[a, b)`` states."""
    nums = _scaled(tokens, a, b)
    s, e = tokens.starts[a], tokens.ends[b - 1]
    if label in ("FX", "FX_RANGE", "MEASURE", "MEASURE_RANGE"):
        return _read_unit(label, tokens, a, b, nums)
    if label == "RANK" and tokens.norms[b - 1] == "<ORD>":
        v = parse_en_number(re.sub(r"\D", "", tokens.tok(b - 1)))
        return Figure(v, None, None, "rank", "rank", None, s, e) if v is not None else None
    if label == "FRACTION":
        return _fraction(tokens, a, b)
    if label == "TIMES" and not nums:
        word = tokens.tok(a).lower().removesuffix("fold")
        v = 2.0 if word == "twice" else MULTIPLIED.get(word) or parse_en_number(word)
        return Figure(v, None, None, "ratio", "ratio", None, s, e) if v is not None else None
    if not nums:
        return None
    if label == "RANK" and any(tokens.norms[k] in ("of", "among", "out") for k in range(a, b)):
        first = next(k for k in range(a + 1, b) if tokens.norms[k] in ("<NUM>", "<ORD>", "<NUMW>"))
        v = parse_en_number(re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", tokens.tok(first)))
        return Figure(v, None, None, "rank", "rank", None, s, e) if v is not None else None
    if label == "RATIO":
        if len(nums) != 2 or not nums[1]:
            return None
        if tokens.norms[a + 1] in ("in", "out") and not _is_share(tokens, a, nums):
            return None
        return Figure(clean_number(nums[0] / nums[1]), None, None, "ratio", "ratio", None, s, e)
    if label.endswith("_RANGE") or label == "RANK" and len(nums) == 2:
        if len(nums) != 2 or nums[0] >= nums[1]:
            return None
        unit = {"CNY_RANGE": "CNY", "USD_RANGE": "USD", "PERCENT_RANGE": "percent", "RANK": "rank"}[label]
        kind = {"CNY": "money", "USD": "money", "percent": "percent_range", "rank": "rank"}[unit]
        return Figure(None, nums[0], nums[1], unit, kind, None, s, e)
    v = nums[0]
    if label in ("CNY", "USD", "EUR"):
        return Figure(v, None, None, label, "money", None, s, e)
    if label == "PERCENT":
        pp = tokens.norms[b - 1] == "points"
        return Figure(v, None, None, "percentage_points" if pp else "percent", "percent", None, s, e)
    if label == "TIMES":
        return Figure(v, None, None, "ratio", "ratio", None, s, e)
    if label == "DURATION":
        word = tokens.norms[b - 1]
        if word.startswith("decade"):
            return Figure(clean_number(v * 10), None, None, "years", "duration", "about", s, e)
        unit = "years" if word.startswith("year") else word if word.endswith("s") else word + "s"
        return Figure(v, None, None, unit, "duration", None, s, e)
    if label == "RANK":
        return Figure(v, None, None, "rank", "rank", None, s, e)
    return None


def _read_unit(label: str, tokens: Tokens, a: int, b: int, nums: list[float]) -> Figure | None:
    """A figure in another currency or a physical unit: the code from the words after the number (or the
    prefix before it), a range when two numbers are read."""
    last_num = max(k for k in range(a, b) if tokens.norms[k] in ("<NUM>", "<NUMW>", "<YEAR>"))
    k = last_num + 1 + (last_num + 1 < b and tokens.norms[last_num + 1] in EN_SCALES)
    words = " ".join(tokens.norms[k:b])
    first = tokens.norms[a]
    if label.startswith("FX"):
        code = CURRENCY_WORDS.get(words) or ISO_PREFIX.get(first) or (
            "GBP" if first == "<GBP>" else CURRENCY_PREFIX.get(first))
        kind = "money"
    else:
        code, kind = UNIT_WORDS.get(words), "measure"
    if code is None or not nums:
        return None
    s, e = tokens.starts[a], tokens.ends[b - 1]
    if label.endswith("_RANGE"):
        if len(nums) != 2 or nums[0] >= nums[1]:
            return None
        return Figure(None, nums[0], nums[1], code, kind, None, s, e)
    return Figure(nums[0], None, None, code, kind, None, s, e)


def _is_share(tokens: Tokens, a: int, nums: list[float]) -> bool:
    """"one in five", "8 out of 10": a small whole share of a whole, not "ranked 2 in 31"."""
    if a > 0 and tokens.norms[a - 1] in ("ranked", "rank", "ranks", "ranking"):
        return False
    x, y = nums
    return 0 < x < y <= 1000 and x == int(x) and y == int(y)


def _fraction(tokens: Tokens, a: int, b: int) -> Figure | None:
    """A share in words: "a third", "two-thirds", "half" (of something), not "the first half of 2023"."""
    n = len(tokens.starts)
    before = tokens.norms[a - 1] if a > 0 else ""
    after = tokens.norms[b] if b < n else "."
    if before in NOT_FRACTION_BEFORE or after not in FRACTION_NEXT:
        return None  # first half of 2023, third quarter, a third round
    if b < n and after in ("-", "–") and tokens.glued(b):
        return None  # half-year
    den = FRACTIONS[tokens.norms[b - 1]]
    first = tokens.norms[a]
    num = 1.0 if first in ("a", "half") else parse_en_number(tokens.tok(a))
    if first == "half":
        den = 2
    if num is None or num >= den or (num > 1 and not tokens.norms[b - 1].endswith("s")):
        return None
    return Figure(clean_number(num / den), None, None, "ratio", "fraction", None, tokens.starts[a], tokens.ends[b - 1])


def _qualifier(tokens: Tokens, a: int, b: int, label: str) -> tuple[str | None, int, int]:
    """A bound before the figure (at least, more than, up to) or after it (or more), with the new span."""
    for n in (3, 2, 1):
        if a - n < 0:
            continue
        phrase = " ".join(tokens.norms[a - n:a])
        q = QUALIFIERS.get(phrase)
        if q and not (label == "DURATION" and phrase in ("over", "under", "some")):
            return q, a - n, b
    tail = " ".join(tokens.norms[b:b + 2])
    if tail in ("or more", "or above", "or over"):
        return "at least", a, b + 2
    if tail in ("or less", "or fewer", "or below"):
        return "at most", a, b + 2
    return None, a, b


def _is_label_number(tokens: Tokens, i: int) -> bool:
    """Figure 3, Article 12, Figures 3 and 4, COVID-19, G20: numbers that name, not count."""
    j = i - 1
    if j >= 0 and tokens.glued(i):
        if tokens.norms[j].isalpha() or tokens.norms[j] == "#":
            return True  # G20, #3
        if tokens.norms[j] in ("-", "/") and j > 0 and tokens.glued(j) and tokens.norms[j - 1].isalpha():
            return True  # COVID-19, Art/3
    if i > 0 and tokens.norms[i - 1] in DESIGNATOR_WORDS:
        return True  # Unit 61486, INFOCON 5, APT 41, a group named 192
    j = _list_start(tokens)[j] if j >= 0 else j
    return j >= 0 and tokens.norms[j] in REFERENCE_WORDS


_LIST_TOKENS = frozenset(("and", ",", "-", "–", "&", "to", "or", "<NUM>", "."))
_list_cache: list[tuple[Tokens, list[int]]] = []


def _list_start(tokens: Tokens) -> list[int]:
    """For each token, the nearest token at or before it that is not part of a number list ("3, 4 and 5").

    Computed once per text (walking back from every number made ``1,000,1,000,…`` quadratic)."""
    if _list_cache and _list_cache[0][0] is tokens:
        return _list_cache[0][1]
    out: list[int] = []
    last = -1
    for k, norm in enumerate(tokens.norms):
        if norm not in _LIST_TOKENS:
            last = k
        out.append(last)
    _list_cache[:] = [(tokens, out)]
    return out


DESIGNATOR_WORDS = vocab.words("designator_words.tsv")
# capitalised codes before a number that are currencies or bounds, not names (RMB 50 billion)
_NOT_DESIGNATORS = {"rmb", "cny", "usd", "us", "eur", "gbp", "jpy", "krw", "twd", "hkd", "gdp", "tfp"}


def _after_a_code(tokens: Tokens, i: int) -> bool:
    """Is the number right after an all-capitals code on the same line ("INFOCON 5", "APT 41", "DF 21")?"""
    if i == 0 or tokens.norms[i - 1] in _NOT_DESIGNATORS:
        return False
    prev = tokens.tok(i - 1)
    gap = tokens.text[tokens.ends[i - 1]:tokens.starts[i]]
    return len(prev) >= 2 and prev.isalpha() and prev.isupper() and gap == " "


_COUNT_NORMS = frozenset(("<NUM>", "<NUMW>"))


def _count(tokens: Tokens, i: int) -> Figure | None:
    """A count: a number with what it counts (69 critical projects, three programs, 19)."""
    norm = tokens.norms[i]
    word = tokens.tok(i).lower()
    if norm not in _COUNT_NORMS or word in ("one", "zero") or _is_label_number(tokens, i):
        return None
    n = len(tokens.starts)
    if norm == "<NUM>" and "." in tokens.tok(i) and not (i + 1 < n and tokens.norms[i + 1] in EN_SCALES
                                                        and tokens.norms[i + 1] != "k"):
        return None  # 2.5 alone is no count; 2.3 million base stations is
    glued_next = i + 1 < n and tokens.glued(i + 1) and tokens.norms[i + 1] in ("-", "–", ":", "/", ".", "<CJK>")
    if i + 1 < n and tokens.glued(i + 1) and tokens.norms[i + 1].isalpha():
        return None  # 5G, 7nm, 3D: a name or a measure, not a count
    sentence_end = i + 1 < n and tokens.norms[i + 1] == "." and (i + 2 >= n or tokens.norms[i + 2] == "<CALL>"
                                                                  or tokens.spaced[i + 2])
    if glued_next and not sentence_end or i == 0 and sentence_end:
        return None  # five-year, 10:30, 3/4, a list number "3. "
    if tokens.glued(i) and tokens.norms[i - 1] == "<CJK>":
        return None  # 图3, 第3: Chinese counts are the Chinese rules' business
    line_start = tokens.text.rfind("\n", 0, tokens.starts[i]) + 1
    if sentence_end and not tokens.text[line_start:tokens.starts[i]].strip():
        return None  # a list number "1. " at the start of a line
    if i > 1 and tokens.glued(i) and tokens.norms[i - 1] in (":", "/", ".", "-", "–") and tokens.glued(i - 1) \
            and tokens.norms[i - 2] in ("<NUM>", "<YEAR>"):
        return None  # the second half of 10:30, 3/4, 1.2
    if i > 0 and tokens.norms[i - 1] in ("(", "[") and i + 1 < n and tokens.norms[i + 1] in (")", "]"):
        return None  # (1), [12]
    if i > 0 and tokens.norms[i - 1] in MONTHS or i + 1 < n and tokens.norms[i + 1] in MONTHS:
        return None  # a day of a date
    end = i
    words = 0
    j = i + 1
    scale = 1.0
    if j < n and tokens.norms[j] in EN_SCALES and tokens.norms[j] != "k":
        scale, end, j = EN_SCALES[tokens.norms[j]], j, j + 1  # 10 million people
    while j < n and words < 5:
        t = tokens.norms[j]
        if t in ("-", "&") and tokens.glued(j) and j + 1 < n and tokens.glued(j + 1) and tokens.norms[j + 1].isalpha():
            j += 1
            continue
        if t == "<NUM>" and j + 1 < n and tokens.glued(j + 1) and tokens.norms[j + 1].isalpha() and words < 4:
            end, words, j = j + 1, words + 1, j + 2  # "5G base stations": a name inside the counted noun
            continue
        if not t.isalpha() or t in STOP_WORDS or t in MONTHS:
            break
        raw = tokens.tok(j)
        if words and (t.endswith("ing") or t.endswith("ed")) and not raw[:1].isupper():
            break
        end = j
        words += 1
        if t.endswith("s") and not t.endswith("ss") and len(t) > 2:
            break  # the plural head noun ends the phrase
        j += 1
    if end == i and norm == "<NUMW>":
        return None  # "the two", "one of": a number word needs a noun
    if _after_a_code(tokens, i) and not (end > i and tokens.norms[end].endswith("s")):
        return None  # INFOCON 5, APT 41 targeted…: a designator; "NKRDP 12 projects" still counts projects
    v = parse_en_number(tokens.tok(i))
    if v is None:
        return None
    fig = Figure(clean_number(v * scale), None, None, "count", "count", None, tokens.starts[i], tokens.ends[end])
    q, qa, _ = _qualifier(tokens, i, end + 1, "COUNT")
    if q:
        fig.qualifier, fig.start = q, tokens.starts[qa]
    return fig


def find_en_figures_in(tokens: Tokens, counts: bool = True) -> list[Figure]:
    """Every English figure in ``tokens``: Matcher rules first, then counts of what is left."""
    strings = matchers()[0].matcher.vocab.strings
    found: list[tuple[int, int, int, str]] = []
    for match_id, a, b in find_matches(matchers(), tokens):
        label = strings[match_id]
        found.append((PRIORITY.index(label), a, b, label))
    found.sort(key=lambda x: (x[0], -(x[2] - x[1]), x[1]))
    taken = [False] * len(tokens.starts)
    figures: list[Figure] = []
    for _, a, b, label in found:
        if any(taken[a:b]) or any(_is_label_number(tokens, k) for k in range(a, b) if tokens.norms[k] == "<NUM>"):
            continue
        if tokens.glued(a) and tokens.norms[a - 1] in ("-", "–") and label not in ("CNY", "USD", "EUR"):
            continue
        fig = _read(label, tokens, a, b)
        if fig is None:
            continue
        q, qa, qb = _qualifier(tokens, a, b, label)
        if q:
            fig.qualifier, fig.start, fig.end = q, tokens.starts[qa], tokens.ends[qb - 1]
            for k in range(qa, qb):
                taken[k] = True
        for k in range(a, b):
            taken[k] = True
        figures.append(fig)
    if counts:
        for i, norm in enumerate(tokens.norms):
            if not taken[i] and norm in _COUNT_NORMS:  # ``_count`` reads only number tokens
                fig = _count(tokens, i)
                if fig is not None:
                    figures.append(fig)
    figures.sort(key=lambda f: (f.start, f.end))
    return figures


def find_en_figures(text: str) -> list[Q]:
    """English figures of a free text (a source page) as ``numbers.Q`` records."""
    out: list[Q] = []
    for f in find_en_figures_in(tokenize(text)):
        unit = "times" if f.kind == "ratio" and text[f.start:f.end].lower().rstrip().endswith(
            ("times", "fold", "twice", *MULTIPLIED)) else f.unit
        out.append(Q(f.value, f.low, f.high, unit, f.qualifier, f.start, f.end, text[f.start:f.end], f.kind, "en"))
    return out


# ---------- the document ----------

class _Calls:
    """The document's note calls (superscript spans and markers) indexed by start.

    Sentences and quantities ask which calls fall inside a span; answering by bisection instead
    of a pass over every call keeps the stage linear on long documents.
    """

    def __init__(self, doc: Document, markers: list[Marker]) -> None:
        self.markers = markers
        self.spans = sorted([*doc.superscripts, *((m.start, m.end) for m in markers)])
        self.span_starts = [s for s, _ in self.spans]
        self.by_start = sorted((m.start, i) for i, m in enumerate(markers))
        self.marker_starts = [s for s, _ in self.by_start]

    def spans_in(self, a: int, b: int) -> list[tuple[int, int]]:
        """Call spans starting inside ``[a, b)``, relative to ``a`` (sorted; the tokenizer sorts them anyway)."""
        i, j = bisect.bisect_left(self.span_starts, a), bisect.bisect_left(self.span_starts, b)
        return [(s - a, e - a) for s, e in self.spans[i:j]]

    def notes_in(self, a: int, b: int) -> list[int]:
        """Note numbers of the markers starting in ``[a, b]``, in marker order, each once."""
        i, j = bisect.bisect_left(self.marker_starts, a), bisect.bisect_left(self.marker_starts, b + 1)
        out: list[int] = []
        for k in sorted(k for _, k in self.by_start[i:j]):
            out.extend(n for n in self.markers[k].notes if n not in out)
        return out

    def series_in(self, a: int, b: int) -> int | None:
        """Numbering sequence (``Endnote.series``) of the first marker starting in ``[a, b]``; None if none."""
        i, j = bisect.bisect_left(self.marker_starts, a), bisect.bisect_left(self.marker_starts, b + 1)
        return self.markers[min(k for _, k in self.by_start[i:j])].series if j > i else None


def _calendar_years(tokens: Tokens, sentence: str, block_kind: str) -> list[Figure]:
    """Years that are themselves the fact: a 'Year' table row, a crossover year, 'Since 2007' of a trend."""
    out: list[Figure] = []
    n = len(tokens.starts)
    if block_kind == "table":
        first_cell = sentence.split("\t", 1)[0] if "\t" in sentence else ""
        if re.search(r"\byear\b", first_cell, re.I):
            return [Figure(float(tokens.tok(i)), None, None, "years", "calendar_year", None, tokens.starts[i],
                           tokens.ends[i]) for i in range(n) if tokens.norms[i] == "<YEAR>"
                    and tokens.starts[i] >= len(first_cell)]
        return out
    if "<YEAR>" not in tokens.norms:
        return out  # most sentences: no need to look for the words
    crossing = bool(CROSSING_WORDS.search(sentence))
    measured = bool(MEASURE_WORDS.search(sentence))
    for i in range(n):
        if tokens.norms[i] != "<YEAR>" or (i + 1 < n and tokens.glued(i + 1) and tokens.norms[i + 1].isalpha()):
            continue
        prev = tokens.norms[i - 1] if i else ""
        if crossing and prev in ("in", "by"):
            out.append(Figure(float(tokens.tok(i)), None, None, "years", "calendar_year", None, tokens.starts[i],
                              tokens.ends[i]))
        elif prev == "since" and measured and (i + 1 < n and tokens.norms[i + 1] == ","):
            out.append(Figure(float(tokens.tok(i)), None, None, "years", "calendar_year", "since", tokens.starts[i],
                              tokens.ends[i]))
    return out


_HAN = re.compile(r"[\u3400-\u9fff]")  # a Chinese character (CJK unified ideographs and extension A)


def _zh_figures(text: str) -> list[Figure]:
    """Chinese figures of a chunk that stand next to a Chinese character (none without one)."""
    if not _HAN.search(text):
        return []  # every figure kept below has a character of this class beside it: no need to look
    out = []
    for q in find_zh_figures(text):
        near = text[max(0, q.start - 1):q.end + 1]
        if not _HAN.search(near):
            continue  # Arabic figures in English text are the English rules' business
        unit = "ratio" if q.unit == "times" else q.unit
        kind = {"CNY": "money", "USD": "money", "percent": "percent" if q.value is not None else "percent_range",
                "ratio": "ratio", "years": "duration", "count": "count"}.get(unit, q.kind)
        out.append(Figure(q.value, q.low, q.high, unit, kind, q.qualifier, q.start, q.end, "zh"))
    return out


def _context_kind(seg: Segmentation, block: Block) -> str:
    if block.kind == "table":
        return "table_cell"
    if block.kind in ("caption", "caption_label"):
        return "caption"
    if block.kind == "list_item" and re.search(r"key (?:findings|takeaways|points)|highlights", seg.section_at(block.start) or "",
                                                re.I):
        return "key_finding"
    if block.kind in ("heading", "title"):
        return "heading"
    return "sentence"


def _caption_group(seg: Segmentation, bi: int) -> tuple[int, int]:
    """Span of the run of caption blocks (a figure's title lines) holding block ``bi``."""
    a = b = bi
    while a > 0 and seg.blocks[a - 1].kind in ("caption", "caption_label"):
        a -= 1
    while b + 1 < len(seg.blocks) and seg.blocks[b + 1].kind == "caption":
        b += 1
    return seg.blocks[a].start, seg.blocks[b].end


_BULLET = re.compile(r"\s*(?:[-•*▪●◦–]\s+|\(?\d{1,2}[.)]\s+(?=[A-Z]))")


def _sentence_span(seg: Segmentation, offset: int, block: Block) -> tuple[int, int]:
    """The sentence holding ``offset`` (a table row or caption is one sentence), bullets trimmed."""
    if block.kind in ("table", "caption", "heading", "title"):
        a, b = block.start, block.end
    else:
        s = seg.sentence_at(offset)
        a, b = (s.start, s.end) if s else (block.start, block.end)
    text = seg.text
    m = _BULLET.match(text, a, b)  # no slice: a sentence can be long
    if m and block.kind == "list_item":
        a = m.end()
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


# a table-of-contents line: a title, leader dots (or a run of spaces) and a page number
_TOC_LINE = re.compile(r"(?m)^(?=[^\n]*[A-Za-z\u4e00-\u9fff])[^\n]{2,}?(?:\s*(?:\.\s?){3,}|\s*…{2,}|\s*·{3,}|\s*_{3,}"
                       r"|[ \t]{3,})\s*[ivxlc\d]{1,4}\s*$")
_TOC_SECTION = re.compile(r"(?i)^\s*(?:table of )?contents\s*$|^\s*目\s*录\s*$")


# what a contents line holds before its page number: leader dots, an ellipsis run, a rule or a run of spaces
_TOC_LEADER = re.compile(r"\.\s?\.\s?\.|…{2}|·{3}|_{3}|[ \t]{3}")


def _toc_lines(chunk: str) -> list[tuple[int, int]]:
    """Spans of the table-of-contents lines of a chunk ("Chapter 2 The Fund ........ 45").

    Most chunks have no leader, and a quick search for one spares them the line pattern (the costly one)."""
    if not _TOC_LEADER.search(chunk):
        return []
    return [(m.start(), m.end()) for m in _TOC_LINE.finditer(chunk)]


# words that start every English figure without a digit (and "-teen" inside a word: fourteen)
_FIGURE_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "dozen",
                 "half", "thirds?", "quarters?", "fifths?", "doubled", "tripled", "trebled", "quadrupled")
_FIGURE_CHAR = re.compile(r"[\d\u3400-\u9fff]")
# the lookahead on the first letters lets the search skip most words before trying the alternatives
_FIGURE_WORD = re.compile(rf"\b(?=[{''.join(sorted({w[0] for w in _FIGURE_WORDS}))}])(?:{'|'.join(_FIGURE_WORDS)})"
                          r"|\Bteen", re.I)


def _may_hold_figures(chunk: str) -> bool:
    """Can the chunk hold a figure: a digit, a Chinese character or a number word (most sentences have none)."""
    return bool(_FIGURE_CHAR.search(chunk) or _FIGURE_WORD.search(chunk))


QUANTITY_BLOCKS = {"paragraph", "list_item", "caption", "table", "heading", "title"}


def extract_quantities(doc: Document, seg: Segmentation, markers: list[Marker]) -> list[Quantity]:
    """Every numeric quantity of the body with its sentence and note calls."""

    text = doc.text
    rows: list[Quantity] = []
    calls = _Calls(doc, markers)
    todo: list[tuple[int, Block, int, str, Tokens]] = []  # the sentences to read, tokenized
    by_block: dict[int, list[tuple[int, int]]] = {}
    for sent in seg.sentences:
        by_block.setdefault(sent.block, []).append((sent.start, sent.end))
    for bi, block in enumerate(seg.blocks):
        if block.kind not in QUANTITY_BLOCKS or seg.regions.where(block.start) != "body":
            continue
        spans: list[tuple[int, int]] = []
        if block.kind in ("paragraph", "list_item"):
            spans = list(by_block.get(bi, []))
        if not spans:
            spans = [(block.start, block.end)]
        for sa, sb in spans:
            chunk = text[sa:sb]
            if _may_hold_figures(chunk):
                todo.append((bi, block, sa, chunk, tokenize(chunk, calls.spans_in(sa, sb))))
    prefetch(matchers(), [tokens for *_, tokens in todo])  # every sentence's matches in one Matcher call each
    prefetch(date_matchers(), [tokens for *_, tokens in todo if dates_possible(tokens)])
    for bi, block, sa, chunk, tokens in todo:
        dates = find_en_dates(chunk, tokens)
        date_spans = [(d.start, d.end) for d in dates]
        figs = [f for f in find_en_figures_in(tokens)
                if not (f.kind == "count" and any(a < f.end and f.start < b for a, b in date_spans))]
        figs += _calendar_years(tokens, chunk, block.kind)
        zh = _zh_figures(chunk)  # in Chinese context the Chinese reading (with 不低于, 以上) wins
        figs = [f for f in figs if not any(z.start < f.end and f.start < z.end for z in zh)]
        figs = sorted(figs + zh, key=lambda f: (f.start, f.end))
        if _TOC_SECTION.match(seg.section_at(block.start) or ""):
            figs = []  # page numbers of a Contents section
        elif block.kind != "table" and (toc := _toc_lines(chunk)):
            figs = [f for f in figs if not any(a <= f.start < b for a, b in toc)]
        rows.extend(_rows(doc, seg, calls, bi, block, sa, figs, dates))
    rows = [replace(q, id=f"q{k:03d}") for k, q in enumerate(rows, 1)]
    return _pair_currencies(text, rows)


def _rows(doc: Document, seg: Segmentation, calls: _Calls, bi: int, block: Block, base: int,
          figs: list[Figure], dates: list[D]) -> list[Quantity]:
    """Quantity rows of one sentence's figures, with context, notes and the sentence's year."""
    out: list[Quantity] = []
    text = doc.text
    for f in figs:
        s, e = base + f.start, base + f.end
        if f.unit in ("USD", "CNY", "EUR") and text[s - 1:s] == "(" and text[e:e + 1] == ")":
            s, e = s - 1, e + 1  # "(\$10.56 billion)": the equivalent keeps its brackets
        sa, sb = _sentence_span(seg, s, block)
        year = next((d.iso.replace("/", "-") for d in dates
                     if not (d.start < f.end and f.start < d.end) and "-" not in d.iso.split("/")[0][4:5]), None)
        year = year or next((d.iso for d in dates if not (d.start < f.end and f.start < d.end)), None)
        if block.kind == "caption":
            ga, gb = _caption_group(seg, bi)
            notes = calls.notes_in(sa, sb) or calls.notes_in(ga, gb)
        else:
            notes = calls.notes_in(sa, sb)
        out.append(Quantity(
            doc_id=doc.doc_id, id="", sentence=text[sa:sb], quantity_text=text[s:e], value=f.value, low=f.low,
            high=f.high, unit=f.unit, kind=f.kind, qualifier=f.qualifier, lang=f.lang,
            year=None if f.kind == "calendar_year" else year, notes=notes,
            paragraph_notes=calls.notes_in(block.start, block.end), usd_equivalent_of=None,
            series=calls.series_in(sa, sb) or (calls.series_in(ga, gb) if block.kind == "caption" else None)
            or calls.series_in(block.start, block.end),
            section=seg.section_at(s), start=s, end=e, page=doc.page_at(s), where="body",
            context_kind=_context_kind(seg, block), sentence_start=sa, sentence_end=sb))
    return out


def _pair_currencies(text: str, rows: list[Quantity]) -> list[Quantity]:
    """Link "76 billion yuan (\\$10.56 billion)": the USD item points at the CNY item, with the rate."""
    rows = list(rows)
    for i in range(1, len(rows)):
        prev, cur = rows[i - 1], rows[i]
        units = {prev.unit, cur.unit}
        if units != {"CNY", "USD"} or prev.sentence_start != cur.sentence_start:
            continue
        gap = text[prev.end:cur.start]
        if not re.fullmatch(r"\s*[(（,/]?\s*(?:or|about|approximately|roughly|around|~|≈)?\s*", gap) \
                and not (text[cur.start] in "(（" and gap.strip() == ""):
            continue
        usd_i, cny_i = (i, i - 1) if cur.unit == "USD" else (i - 1, i)
        usd, cny = rows[usd_i], rows[cny_i]
        usd = replace(usd, usd_equivalent_of=cny.quantity_text)
        a = cny.value if cny.value is not None else cny.high
        b = usd.value if usd.value is not None else usd.high
        if a and b:
            rate = round(a / b, 2)
            flag = None if RATE_RANGE[0] <= rate <= RATE_RANGE[1] else (
                f"implausible rate {rate} CNY/USD (expected {RATE_RANGE[0]}–{RATE_RANGE[1]})")
            usd = replace(usd, implied_rate=rate, rate_flag=flag or usd.rate_flag)
            cny = replace(cny, implied_rate=rate, rate_flag=flag or cny.rate_flag)
        rows[usd_i], rows[cny_i] = usd, cny
    return rows


__all__: list[str] = ["extract_quantities", "find_en_figures", "find_en_figures_in", "Figure"]


def find_quantities_zh(text: str) -> list[Q]:
    """Every figure of a source text, Chinese (624亿元, 不低于…三倍) and English (62.4 billion yuan)."""
    both = sorted(find_zh_figures(text) + find_en_figures(text), key=lambda q: (q.start - q.end, q.start))
    kept: list[Q] = []
    taken = Claimed(len(text))  # linear: a list of kept spans made each test a scan of all of them
    for q in both:  # the longest reading of a span wins (¥300 million over ¥300)
        if not taken.overlaps(q.start, q.end):
            kept.append(q)
            taken.add(q.start, q.end)
    return sorted(kept, key=lambda q: (q.start, q.end))
