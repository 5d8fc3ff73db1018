"""What a count counts, on both sides: "120 engineers" is not evidenced by 120家企业.

The English head noun of a claim ("engineers" → engineer) is looked up in a small lexicon
(``data/count_nouns.tsv``: head → Chinese measure words and nouns) and in the brief's glossary
(NCTIs → 国家技术创新中心). The Chinese side is the measure word and the noun after the number
(120家|企业) or, when nothing follows, the noun phrase before it (省级重点实验室|42家), found with
jieba's part-of-speech tags. The answer is ``same``, ``different`` or ``unknown``; only ``different``
rules a figure out, only ``same`` lets a different figure contradict.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache

from briefparse.records import Term
from briefparse.text import vocab
from briefparse.text.normalize import to_simplified
from briefparse.text.numerals import ZH_NUMERAL_CHARS

SAME, DIFFERENT, UNKNOWN = "same", "different", "unknown"
_NUM = rf"(?:\d[\d,.]*|[{ZH_NUMERAL_CHARS}]+)"
# words that stand between a counted noun and its number (企业数量达到120家) or that name no thing
_NOT_THE_NOUN = {"数量", "总数", "数目", "总量", "规模", "累计", "合计", "共", "共有", "达到", "达", "为", "有", "新增", "增加",
                 "增至", "超过", "其中", "已", "已经", "全年", "全国", "家数", "个数", "人数"}

_OTHER_MEASURES = set("个家支只所项名人位条批座处台套件次轮届种类篇户")


@dataclass(frozen=True)
class Counted:
    """The English side of a count: its head noun and the Chinese measure words and nouns that count it."""

    head: str
    measures: frozenset[str]
    nouns: frozenset[str]


@cache
def _lexicon() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    return {r[0]: (frozenset(r[1].split()), frozenset(r[2].split())) for r in vocab.rows("count_nouns.tsv")}


@cache
def _all_nouns() -> frozenset[str]:
    return frozenset(n for _, nouns in _lexicon().values() for n in nouns)


def singular(word: str) -> str:
    """A plain English singular for lexicon look-ups (laboratories → laboratory, sub-funds → sub-fund)."""
    w = word.lower()
    if w in _lexicon() or len(w) < 4:
        return w
    for end, repl in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if w.endswith(end) and not w.endswith("ss"):
            return w[: -len(end)] + repl
    return w


def english_side(quantity_text: str, glossary: list[Term] | None = None) -> Counted | None:
    """What an English count counts ("45 provincial key laboratories" → laboratory: 个/家/所, 实验室)."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", quantity_text)
    if not words:
        return None
    head = singular(words[-1])
    measures: set[str] = set()
    nouns: set[str] = set()
    if head in _lexicon():
        m, n = _lexicon()[head]
        measures |= m
        nouns |= n
    low = quantity_text.lower()
    for t in glossary or []:  # the brief's own pairs: "22 NCTIs" counts 国家技术创新中心
        keys = [k for k in (t.abbr, t.en) if k]
        if t.zh and any(re.search(rf"(?i)\b{re.escape(k)}(?:s|es)?\b", low) for k in keys):
            nouns.add(to_simplified(t.zh))
    if not nouns and not measures:
        return None
    return Counted(head, frozenset(measures), frozenset(nouns))


def _noun_before(text: str, start: int) -> str:
    """The noun phrase right before a number in its clause (省级重点实验室 in 新增省级重点实验室42家)."""
    import jieba.posseg  # imported on first use: ~390 ms at start-up, not every run needs it

    jieba.setLogLevel(logging.WARNING)
    clause = re.split(r"[，。；;：:、,\n（(]", text[max(0, start - 16):start])[-1]
    words = list(jieba.posseg.cut(clause))
    while words and (words[-1].word in _NOT_THE_NOUN or not words[-1].flag.startswith(("n", "j", "l", "vn"))):
        words.pop()
    phrase: list[str] = []
    while words and words[-1].flag.startswith(("n", "j", "l", "vn", "b", "a")) and words[-1].word not in _NOT_THE_NOUN:
        phrase.insert(0, words.pop().word)
    return "".join(phrase)


def chinese_side(fig_text: str, text: str, start: int) -> tuple[str, str]:
    """The measure word and noun of a Chinese count (120家企业 → 家, 企业), the noun taken from before the number
    when none follows (省级重点实验室42家 → 家, 省级重点实验室); both simplified."""
    fig = to_simplified(fig_text)
    numbers = list(re.finditer(rf"{_NUM}[十百千万亿萬億]*\s*", fig))
    if not numbers:
        return "", ""
    m = numbers[-1]
    rest = fig[m.end():]
    measure = rest[:1] if rest[:1] and (rest[:1] in _measures() or rest[:1] in _OTHER_MEASURES) else ""
    noun = rest[len(measure):]
    if not re.search(r"[\u4e00-\u9fff]", noun):
        noun = to_simplified(_noun_before(text, start + m.start()))
    return measure, noun


@cache
def _measures() -> frozenset[str]:
    return frozenset(w for m, _ in _lexicon().values() for w in m)


def relation(claim: Counted | None, fig_text: str, text: str, start: int) -> str:
    """Does the source figure count what the claim counts? ``same``, ``different`` or ``unknown``."""
    if claim is None:
        return UNKNOWN
    if not re.search(r"[\u3400-\u9fff]", fig_text):
        return _english_relation(claim, fig_text)
    measure, noun = chinese_side(fig_text, text, start)
    if noun:
        if any(n in noun for n in claim.nouns):
            return SAME
        if any(n in noun for n in _all_nouns()) or _head_known(noun):
            return DIFFERENT
    if measure and claim.measures and measure in _measures() and measure not in claim.measures:
        return DIFFERENT  # 120家 (organisations) cannot be 120 engineers (名/位/人)
    return UNKNOWN


def _head_known(noun: str) -> bool:
    """Is the last word of a Chinese noun phrase a noun of the lexicon (省级|重点|实验室)?"""
    import jieba  # imported on first use: ~390 ms at start-up, not every run needs it

    jieba.setLogLevel(logging.WARNING)
    parts = jieba.lcut(noun)
    return bool(parts) and parts[-1] in _all_nouns()


def _english_relation(claim: Counted, fig_text: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z-]*", fig_text)
    if not words:
        return UNKNOWN
    head = singular(words[-1])
    if head == claim.head:
        return SAME
    if head in _lexicon():
        return SAME if _lexicon()[head][1] & claim.nouns else DIFFERENT
    return UNKNOWN
