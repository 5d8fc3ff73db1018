"""Is a pair inside a citation? Then it is a cited title or outlet, not a glossary term, whatever the layout.

A citation may sit in a recognised endnote, in a footnote that a PDF left in the body (``12 State Council,
“Notice on … 关于…的通知,” May 3, 2020, http://…``), in a reference list, or in a parenthetical source in
the prose (``(Source: Ministry of Finance, “…” 2023)``, ``(see … , April 10, 2022)``, ``(Xinhua 新华社,
12 March 2023)``). Each is told by its own shape: a note label followed by bibliographic signals (a year
or date, a URL, a quoted title, ``accessed``, volume and page numbers), or a parenthesis opened by a
source cue or holding a date.

``citation_fields`` is the single hook where the citation tagger (``briefparse.citations``) can refine this
later: it returns the tagger's fields for a stretch of text, or None while the tagger is not available.
"""

from __future__ import annotations

import re
from dataclasses import asdict, is_dataclass
from typing import Any

from briefparse.citations import tagger

_YEAR = r"(?:1[89]\d\d|20\d\d)"
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = re.compile(rf"\b{_MONTH}\s+\d{{1,2}},?\s+{_YEAR}\b|\b\d{{1,2}}\s+{_MONTH}\s+{_YEAR}\b|"
                   rf"\b{_MONTH}\s+{_YEAR}\b|\b{_YEAR}[-/.]\d{{1,2}}[-/.]\d{{1,2}}\b|{_YEAR}年\d{{1,2}}月")
_YEAR_RE = re.compile(rf"(?<![\d.,])\(?{_YEAR}[a-z]?\)?(?![\d,])")
_YEAR_DIGITS = re.compile(_YEAR)  # in every match of _DATE and _YEAR_RE (a cheap test first)
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:gov\.cn|com\.cn|org\.cn|edu\.cn|cn|com|org|net)\b")
_QUOTED = re.compile(r"[“\"][^“”\"]{4,}[”\"]|《[^》]+》|\[[^\]]*[A-Za-z]{3}[^\]]*\]")
_BIB_WORDS = re.compile(r"\b(?:accessed|retrieved|available at|vol\.|no\.|pp\.|ed\.|eds\.|trans\.|ibid|op\. cit|"
                        r"press|publishers?|journal|university press)\b|出版社|学报|日报|(?<!\w)\d+\s*\(\d+\)\s*:", re.I)
_NOTE_START = re.compile(r"^\s*(?:\[\d{1,4}\]|\d{1,4}[.)]?(?=\s|[“\"A-Z\u4e00-\u9fff])|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^\{?\d{1,4}\}?)\s*")
AUTHOR_YEAR = re.compile(rf"^\s*[A-Z][A-Za-z’'\-]+,\s+(?:[A-Z][A-Za-z’'\-.]*\s*)+[.,]?\s*(?:\(?{_YEAR}\)?)")
_SOURCE_CUE = re.compile(r"^\s*(?:sources?\s*:|see(?:\s+also)?\b|cf\.|quoted\s+in\b|cited\s+in\b|as\s+reported\s+by\b|"
                         r"according\s+to\b|data\s*:|资料来源|来源)", re.I)


def citation_fields(text: str) -> dict[str, Any] | None:
    """HOOK: the citation tagger's fields (title, container, publisher, authors…) for ``text``, when available.

    The single place where the CRF tagger of ``briefparse.citations`` (``tagger.parse_citation``) is asked;
    None when it has no model or fails, so the shape rules decide alone.
    """
    try:
        fields = tagger.parse_citation(text)
    except Exception:  # noqa: BLE001 - a tagger failure (no model file, odd input) must never stop term extraction
        return None
    if is_dataclass(fields) and not isinstance(fields, type):
        return asdict(fields)
    return fields if isinstance(fields, dict) else None


def _fold(s: object) -> str:
    return re.sub(r"[\W_]+", " ", str(s or "")).strip().lower()


def refine_cited_type(typ: str, en: str, citation: str, quoted: bool = False) -> str:
    """Title or outlet by the tagger's fields: the English inside the tagged title only, or inside the
    container or publisher only; otherwise (no tagger, both, neither, a person, an English printed in quotes
    or brackets, which is a title by its shape) the shape rules' answer."""
    if typ not in ("title", "outlet") or quoted:
        return typ
    fields = citation_fields(citation)
    key = _fold(en)
    if not fields or len(key) < 3:
        return typ
    in_title = key in _fold(fields.get("title"))
    in_container = key in _fold(fields.get("container")) or key in _fold(fields.get("publisher"))
    if in_title and not in_container:
        return "title"
    if in_container and not in_title:
        return "outlet"
    return typ


def bibliographic_signals(s: str) -> int:
    """How many kinds of bibliographic signal ``s`` shows: date or year, URL, quoted title, bibliographic words.

    Every date and year holds a year's four digits: a text without any is not searched for either."""
    dated = bool(_YEAR_DIGITS.search(s) and (_DATE.search(s) or _YEAR_RE.search(s)))
    return dated + sum(bool(p.search(s)) for p in (_URL, _QUOTED, _BIB_WORDS))


def block_is_citation(block: str) -> bool:
    """A footnote or reference entry printed as a body block: a note label or ``Surname, Given. Year``, then sources."""
    if AUTHOR_YEAR.match(block):
        return bibliographic_signals(block) >= 1
    m = _NOTE_START.match(block)
    if not m or m.end() == 0:
        return False
    rest = block[m.end():]
    return bibliographic_signals(rest) >= 2 and not re.match(r"\s*(?:percent|per cent|%|million|billion)\b", rest)


_CLOSE_OF = {"(": ")）", "（": ")）", "[": "]", "【": "】"}


def enclosing_parenthesis(text: str, lo: int, pos: int, openers: str = "(（") -> int | None:
    """Start of the innermost ``(`` (or another of ``openers``) still open at ``pos`` (searching back to ``lo``)."""
    closers = "".join(_CLOSE_OF[o] for o in openers)
    depth = 0
    for i in range(pos - 1, lo - 1, -1):
        c = text[i]
        if c in closers:
            depth += 1
        elif c in openers:
            if depth == 0:
                return i
            depth -= 1
    return None


def _paren_end(text: str, start: int, hi: int) -> int:
    depth = 0
    for i in range(start, hi):
        if text[i] in "(（":
            depth += 1
        elif text[i] in ")）":
            depth -= 1
            if depth == 0:
                return i + 1
    return hi


def in_parenthetical_source(text: str, lo: int, hi: int, start: int, end: int) -> bool:
    """The span sits in a parenthesis that cites a source: opened by a cue (Source:, see) or holding a date."""
    p = start
    while True:
        o = enclosing_parenthesis(text, max(lo, p - 400), p)
        if o is None:
            return False
        inner = text[o + 1:_paren_end(text, o, hi) - 1]
        if _SOURCE_CUE.match(inner):
            return True
        outside = inner.replace(text[start:end], " ")
        if (_DATE.search(outside) or _YEAR_RE.search(outside)) and (
                re.search(r",\s*(?:\d{1,2}\s+)?" + _MONTH + r"|,\s*" + _YEAR, outside) or _URL.search(outside)):
            return True
        p = o


def after_see(text: str, lo: int, start: int, end: int, hi: int) -> bool:
    """``see Qiushi (求是), March 2022``: a cue to the reader earlier in the sentence and a date after the pair."""
    before = re.split(r"(?<=[.;!?])\s", text[max(lo, start - 400):start])[-1]
    if not re.search(r"\b(?:see|cf\.|as reported (?:by|in)|published (?:by|in)|quoted in)\b", before, re.I):
        return False
    return bool(re.match(rf"\s*,?\s*(?:\(|{_MONTH}|\d{{1,2}}\s+{_MONTH}|{_YEAR})", text[end:hi]))
