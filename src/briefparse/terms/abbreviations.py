"""Abbreviations: definitions ``long form (ABBR)`` and abbreviations used but never defined.

Definitions are found with the Schwartz–Hearst alignment (each letter of the abbreviation, right
to left, inside the words before the parenthesis, the first letter at a word start), then a
proper name is widened to its full capitalised form (``University of California | Institute on
Global Conflict and Cooperation (IGCC)``). Plural forms (``NCTIs``) and later re-definitions are
kept as variants of the first definition.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from briefparse.records import Abbreviation
from briefparse.terms.pairs import CALL_RE, PairHit, Unit
from briefparse.text import vocab

# a token shaped like an abbreviation: U.S., S&T, R&D, NCTIs, MOST, GDP
ABBR_TOKEN = re.compile(r"(?<![A-Za-z0-9&.\-])((?:[A-Z]\.){2,}|[A-Z][A-Za-z0-9&]*[A-Z0-9](?:s)?)(?![A-Za-z0-9&])")
_PAREN = re.compile(r"[(（]([^()（）\n]{1,80})[)）]")
_URL = re.compile(r"<?(?:https?://|www\.)\S+>?|\b\S+\.(?:com|org|net|cn|edu|gov)\b\S*")  # the spec; see url_spans
_URL_HEAD = re.compile(r"<?(?:https?://|www\.)(?=\S)")
_DOMAIN_END = re.compile(r"\.(?:com|org|net|cn|edu|gov)\b")
_BOUNDARY = re.compile(r"\b")
# where a token can hold a URL: a head (its "<" is in the same token) or a .com-like ending (neither crosses
# whitespace); every branch starts with a literal, so the regex engine skips ahead to h, w or "."
_URL_HINT = re.compile(r"(?:https?://|www\.)(?=\S)|\.(?:com|org|net|cn|edu|gov)\b")
_SPACE = re.compile(r"\s")
_ROMAN = re.compile(r"^[IVXLC]+$")
# place qualifiers written like abbreviations, not abbreviations of the brief's subject
PLACE_QUALIFIERS = vocab.words("abbr_place_qualifiers.tsv")
_NAME_WORD = re.compile(r"^(?:[A-Z][A-Za-z\-]*|[A-Z]{2,})$")
_NAME_JOIN = vocab.words("abbr_name_joiners.tsv")
_WORD = re.compile(r"\S+")
_ABBR_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789&.")
_NOT_NAME = vocab.words("abbr_not_name.tsv")
_ASCII_LETTERS = string.ascii_letters.encode()
_ASCII_CAPITALS = string.ascii_uppercase.encode()
# ABBR_TOKEN written to start with its first capital, so the regex engine skips ahead to capitals
_ABBR_SCAN = re.compile(r"([A-Z](?<![A-Za-z0-9&.\-][A-Z])(?:(?:\.[A-Z])+\.|[A-Za-z0-9&]*[A-Z0-9]s?))(?![A-Za-z0-9&])")


@dataclass
class _Found:
    """What is known about one abbreviation while scanning."""

    abbr: str
    expansion: str | None = None
    where: str | None = None
    start: int = 0
    end: int = 0
    first_use: tuple[int, int] | None = None
    expansions: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    uses: int = 0


@lru_cache(maxsize=16384)
def is_abbreviation(tok: str) -> bool:
    """An abbreviation-shaped token: two or more capitals (``S&T``, ``NCTIs``, ``U.S.``), not a roman numeral.

    Cached: a document uses the same few abbreviations hundreds of times."""
    t = tok.strip()
    if not ABBR_TOKEN.fullmatch(t) or len(t) > 12:
        return False
    if sum(c.isupper() for c in t) < 2 or _ROMAN.match(t):
        return False
    return t not in PLACE_QUALIFIERS


def core(abbr: str) -> str:
    """The abbreviation without a plural ``s`` (``NCTIs`` → ``NCTI``)."""
    return abbr[:-1] if len(abbr) > 2 and abbr.endswith("s") and abbr[:-1].isupper() else abbr


def schwartz_hearst(short: str, long: str) -> str | None:
    """The shortest tail of ``long`` whose words spell ``short`` (Schwartz & Hearst 2003)."""
    s = core(short)
    si, li = len(s) - 1, len(long) - 1
    while si >= 0:
        c = s[si].lower()
        if not c.isalnum():
            si -= 1
            continue
        while li >= 0 and (long[li].lower() != c or (si == 0 and li > 0 and long[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
        si -= 1
    start = max((m.end() for m in re.finditer(r"[\s“\"]", long[:li + 1])), default=0)
    out = long[start:].strip()
    return out if len(out) > len(s) else None


_SKIPPABLE = vocab.words("abbr_skippable_words.tsv")


def initials_match(short: str, long: str) -> str | None:
    """The shortest tail of ``long`` whose word initials spell ``short`` (reserve requirement ratio → RRR).

    Each word gives its first letter, or the initials of its hyphen/ampersand parts (State-owned → S, O);
    small function words may be skipped. Schwartz–Hearst may match a letter inside a word
    (``requirement ratio`` for RRR); this reading keeps every letter at a word start.
    """
    letters = [c.lower() for c in core(short) if c.isalnum()]
    words = list(re.finditer(r"[^\s“”\"]+", long))
    if not letters or not words:
        return None

    def options(w: str) -> list[str]:
        parts = [x for x in re.split(r"[-&/]", w.strip("()’'.,;:")) if x]
        if not parts or not parts[0][:1].isalnum():
            return []
        opts = [parts[0][0].lower()]
        inner = "".join(x[0].lower() for x in parts if x.lower() not in _SKIPPABLE)
        if len(parts) > 1 and inner not in opts:
            opts.append(inner)
        return opts

    def walk(li: int, wi: int) -> int | None:
        """Index of the first word used when letters[:li+1] are spelled by words[:wi+1] ending at wi."""
        if li < 0:
            return wi + 1
        if wi < 0:
            return None
        w = words[wi].group()
        for opt in options(w):
            k = len(opt)
            if li - k + 1 >= 0 and "".join(letters[li - k + 1:li + 1]) == opt:
                got = walk(li - k, wi - 1)
                if got is not None:
                    return got
        if w.lower() in _SKIPPABLE and li < len(letters) - 1:
            return walk(li, wi - 1)
        return None

    first = walk(len(letters) - 1, len(words) - 1)
    if first is None or first >= len(words):
        return None
    return long[words[first].start():].strip()


def best_expansion(short: str, long: str) -> str | None:
    """Schwartz–Hearst's long form, or the word-initials reading when that one is longer."""
    sh = schwartz_hearst(short, long)
    init = initials_match(short, long)
    if init and (sh is None or len(init) > len(sh)):
        return init
    return sh


def _window(text: str, lo: int, p: int, abbr: str) -> tuple[str, int]:
    """The words before ``p`` a long form may use: min(|A|+5, 2|A|) words, not past a clause break."""
    lo = max(lo, p - 60 * (len(abbr) + 5))  # enough for the longest window; keeps long blocks linear
    seg = CALL_RE.sub(lambda m: " " * len(m.group()), text[lo:p]).rstrip()
    seg = seg.rstrip("”\"’*")
    words = list(re.finditer(r"\S+", seg))
    n = min(len(core(abbr)) + 5, 2 * len(core(abbr)))
    words = words[-n:]
    if not words:
        return "", p
    a = words[0].start()
    for w in words[:-1]:
        if re.search(r"[.;:!?)]$", w.group()) and not re.fullmatch(r"(?:[A-Z]\.)+", w.group()):
            a = w.end()
    return seg[a:].strip(), lo + a + (len(seg[a:]) - len(seg[a:].lstrip()))


def _words_backwards(text: str, lo: int, end: int, chunk: int = 256) -> Iterator[tuple[int, int]]:
    """Spans of the ``\\S+`` runs of ``text[lo:end]``, last first, reading back only as far as asked.

    Same runs as ``re.finditer(r"\\S+", text[lo:end])`` reversed, without cutting or scanning the
    whole stretch, so walking a few words back from each hit keeps long blocks linear.
    """
    hi, size = end, chunk
    while hi > lo:
        a = max(lo, hi - size)
        spans = [m.span() for m in _WORD.finditer(text, a, hi)]
        if a > lo and spans and spans[0][0] == a and not text[a - 1].isspace():
            cut = spans.pop(0)  # the window starts inside a word: read it whole from the next window
            if not spans:
                size *= 2
                continue
            next_hi = cut[1]
        else:
            next_hi = a
        yield from reversed(spans)
        hi = next_hi


def widen_name(text: str, lo: int, start: int, expansion: str) -> tuple[str, int]:
    """Widen a capitalised long form leftwards over the rest of its proper name."""
    words = expansion.split()
    content = [w for w in words if w.lower() not in _NAME_JOIN]
    if not content or not all(_NAME_WORD.match(w.strip("“”\"")) for w in content):
        return expansion, start
    take: list[tuple[int, int]] = []
    for a, b in _words_backwards(text, lo, start):
        w = text[a:b]
        if w in _NOT_NAME or re.search(r"[,.;:!?\"”)]$|['’]s$", w):
            break
        if _NAME_WORD.match(w) or w in _NAME_JOIN:
            take.append((a, b))
            continue
        break
    take.reverse()
    while take and text[take[0][0]:take[0][1]] in _NAME_JOIN:
        take.pop(0)
    if not take:
        return expansion, start
    new_start = take[0][0]
    return text[new_start:start] + expansion, new_start


def _word_before(text: str, lo: int, end: int) -> tuple[int, int] | None:
    """Span of the ``[A-Za-z0-9&.]+`` run that ends ``text[lo:end]`` before an optional closing
    quote and trailing spaces (what ``re.search(r"([A-Za-z0-9&.]+)[’'"”]?\\s*$", …)`` finds),
    found by stepping back from ``end`` instead of searching the whole stretch."""
    j = end
    while j > lo and text[j - 1].isspace():
        j -= 1
    if j > lo and text[j - 1] in "’'\"”":
        j -= 1
    i = j
    while i > lo and text[i - 1] in _ABBR_CHARS:
        i -= 1
    return (i, j) if i < j else None


def _reverse_definition(text: str, lo: int, m: re.Match[str]) -> tuple[str, int, str] | None:
    """``MIIT (Ministry of Industry and Information Technology)``: (abbr, its start, expansion)."""
    inner = m.group(1).strip()
    if is_abbreviation(inner) or re.search(r"[\u3400-\u9fff,;，；]", inner) or len(inner.split()) < 2:
        return None
    before = _word_before(text, lo, m.start())
    if before is None or not is_abbreviation(text[before[0]:before[1]]):
        return None
    abbr = text[before[0]:before[1]]
    exp = _clean_expansion(inner)
    if best_expansion(abbr, exp) != exp:
        return None  # the parenthesis says something else about the abbreviation
    return abbr, before[0], exp


def _clean_expansion(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().strip("“”\"*").strip()).strip(",;: ")


def url_spans(text: str) -> list[tuple[int, int]]:
    """The spans ``_URL.finditer`` gives, in linear time.

    A match never crosses whitespace and always runs to the end of its token, so each token holds at
    most one, starting at the first URL head or, if earlier, at the token's first word boundary that
    has a ``.com``-like ending after it. Running the regex itself backtracks quadratically on long
    tokens such as ``1,000,1,000,…`` (every comma is a word boundary). Only the tokens holding a URL
    head or a ``.com``-like ending are looked at (one scan of the text finds them)."""
    spans: list[tuple[int, int]] = []
    reverse = ""
    done = 0  # the end of the last token looked at
    for hint in _URL_HINT.finditer(text):
        if hint.start() < done:
            continue
        if not reverse:
            reverse = text[::-1]
        a, b = _token_around(text, reverse, hint.start())
        done = b
        span = _token_url(text, a, b)
        if span is not None:
            spans.append(span)
    return spans


def _token_around(text: str, reverse: str, pos: int) -> tuple[int, int]:
    """The whitespace-delimited token holding ``pos`` (``reverse`` is ``text`` reversed, to look back in C)."""
    after = _SPACE.search(text, pos)
    before = _SPACE.search(reverse, len(text) - pos)
    return (len(text) - before.start() if before else 0), (after.start() if after else len(text))


def _token_url(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The span ``_URL`` matches in the token ``text[a:b]``, if any."""
    starts = []
    head = _URL_HEAD.search(text, a, b)
    if head:
        starts.append(head.start())
    last = None
    for d in _DOMAIN_END.finditer(text, a, b):
        last = d.start()
    if last is not None:
        wb = _BOUNDARY.search(text, a, b)
        if wb and wb.start() < last:
            starts.append(wb.start())
    return (min(starts), b) if starts else None


def _mostly_capitals(block: str) -> bool:
    """Six letters or more, over 80% of them capitals (a heading set in capitals, whose words are not uses).

    Bounded first in C over the block's ASCII bytes: the ASCII letters are at least the letters, the
    ASCII capitals plus every non-ASCII character at most the capitals; only a block those bounds
    cannot rule out gets the exact count (``str.isupper`` over every character, a bound too: it also
    counts a few symbols such as Ⅳ, then letter by letter)."""
    ascii_bytes = block.encode("ascii", "ignore")
    ascii_letters = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_LETTERS))
    if ascii_letters >= 6:
        capitals = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_CAPITALS))
        if (capitals + len(block) - len(ascii_bytes)) / ascii_letters <= 0.8:
            return False
    letters = sum(map(str.isalpha, block))
    if letters < 6 or sum(map(str.isupper, block)) / letters <= 0.8:
        return False
    return sum(c.isupper() for c in block if c.isalpha()) / letters > 0.8


def find_abbreviations(text: str, units: list[Unit], pairs: list[PairHit]) -> list[Abbreviation]:
    """Every abbreviation of the text: defined ones with their expansion, used ones without."""
    found: dict[str, _Found] = {}

    def entry(abbr: str) -> _Found:
        key = core(abbr)
        if key not in found:
            found[key] = _Found(abbr)
        return found[key]

    url_starts: list[int] = []
    url_ends: list[int] = []
    for us, ue in url_spans(text):  # in order and disjoint: the last one starting at or before a decides
        url_starts.append(us)
        url_ends.append(ue)

    def in_url(a: int) -> bool:
        i = bisect.bisect_right(url_starts, a) - 1
        return i >= 0 and a < url_ends[i]

    pair_by_paren = {(h.start, h.end): h for h in pairs}
    for u in units:
        for m in _PAREN.finditer(text, u.start, u.end):
            for part_m in re.finditer(r"[^,;，；、]+", m.group(1)):
                part = part_m.group().strip()
                if not is_abbreviation(part):
                    continue
                a = m.start(1) + part_m.start() + (len(part_m.group()) - len(part_m.group().lstrip()))
                long_text, long_start = _window(text, u.start, m.start(), part)
                exp = best_expansion(part, long_text)
                if exp is None:
                    pair = next((h for (s, e), h in pair_by_paren.items() if s < m.start() and e == m.end()), None)
                    if pair is None or pair.abbr != part:
                        continue
                    exp = pair.en
                    exp_start = pair.start
                else:
                    exp_start = long_start + long_text.rfind(exp)
                exp, _ = widen_name(text, u.start, exp_start, exp)
                exp = _clean_expansion(exp)
                f = entry(part)
                if f.expansion is None:
                    f.abbr, f.expansion, f.where, f.start, f.end = part, exp, u.where, a, a + len(part)
                if exp.lower() not in (e.lower() for e in f.expansions):
                    f.expansions.append(exp)
            reverse = _reverse_definition(text, u.start, m)
            if reverse is not None:
                abbr, a, exp = reverse
                f = entry(abbr)
                if f.expansion is None:
                    f.abbr, f.expansion, f.where, f.start, f.end = abbr, exp, u.where, a, a + len(abbr)
                if exp.lower() not in (e.lower() for e in f.expansions):
                    f.expansions.append(exp)
    for u in units:
        if u.kind == "caption_label" or _mostly_capitals(text[u.start:u.end]):
            continue
        for m in _ABBR_SCAN.finditer(text, u.start, u.end):
            tok = m.group(1)
            if not is_abbreviation(tok) or in_url(m.start()):
                continue
            f = entry(tok)
            f.uses += 1
            if f.first_use is None:
                f.first_use = (m.start(), m.end())
            if tok not in f.forms:
                f.forms.append(tok)
    out: list[Abbreviation] = []
    for f in found.values():
        variants = [e for e in f.expansions if e != f.expansion] + [x for x in f.forms if x != f.abbr]
        if f.expansion is None:
            if f.first_use is None:
                continue
            f.start, f.end = f.first_use
            f.abbr = text[f.start:f.end]
        out.append(Abbreviation(doc_id="", abbr=f.abbr, expansion=f.expansion, where_defined=f.where,
                                start=f.start, end=f.end, variants=variants, occurrences=f.uses))
    out.sort(key=lambda a: a.start)
    return out
