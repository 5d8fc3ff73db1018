"""Which Chinese characters an English word may translate, and where an English gloss starts.

An English gloss is cut by aligning it with its Chinese term, not by counting words: each English word
covers the characters of the term that it renders (through ``data/term_glosses.tsv``, CC-CEDICT, the
pinyin of the term, or the same digits), and the gloss's left edge is the furthest word that still covers
something, across the small words a phrase holds (``high-level opening-up to the outside world`` for
高水平对外开放). Words that translate nothing are kept only between covered ones, or, when characters of
the term are left without a word, as a longer candidate whose shorter form is kept as a variant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from briefparse.terms.cedict import english_words
from briefparse.text import vocab
from briefparse.text.normalize import is_han, syllables, zh_match_key

MAX_PIECE = 6  # longest Chinese substring looked up


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, ...]]:
    """The hand-made lexicon of policy vocabulary (Chinese → English words)."""
    return vocab.multimap("term_glosses.tsv")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    return vocab.words("term_function_words.tsv")


@lru_cache(maxsize=1)
def left_stops() -> frozenset[str]:
    return vocab.words("term_left_stops.tsv")


@lru_cache(maxsize=1)
def _never_from_dictionary() -> frozenset[str]:
    """English words a dictionary sense must not align (while, during, all…): the hand lexicon may still list them."""
    return left_stops() | function_words()


@lru_cache(maxsize=1)
def _stemmer() -> object:

    return snowballstemmer.stemmer("english")


_BRITISH = [(re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"), (re.compile(r"our$"), "or"),
            (re.compile(r"tre$"), "ter"), (re.compile(r"ogue$"), "og")]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's Snowball stem after folding case, a possessive and British spellings (specialised = specialized)."""
    w = word.lower().replace("’", "'")
    w = re.sub(r"'s?$", "", w)
    if len(w) > 5:
        for pat, rep in _BRITISH:
            w = pat.sub(rep, w)
    return str(_stemmer().stemWord(w))  # type: ignore[attr-defined]


def _same(a: str, b: str) -> bool:
    """Stems equal, or one a prefix of the other (intelligentized / intelligent) when both are long enough."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and long_.startswith(short) and len(long_) - len(short) <= 3


@dataclass(frozen=True)
class Pieces:
    """Every known stretch of a Chinese term: (start, end, English stems) over its match key."""

    key: str
    spans: tuple[tuple[int, int, frozenset[str]], ...]
    pinyin: tuple[tuple[int, int, str], ...] = field(default_factory=tuple)


@lru_cache(maxsize=4096)
def pieces(zh: str) -> Pieces:
    """Look every substring of ``zh`` up in the lexicon and CC-CEDICT, and spell its pinyin."""
    key = zh_match_key(zh)
    lex = lexicon()
    spans: list[tuple[int, int, frozenset[str]]] = []
    for i in range(len(key)):
        if not is_han(key[i]):
            continue
        for j in range(i + 1, min(len(key), i + MAX_PIECE) + 1):
            sub = key[i:j]
            stems = frozenset([stem(w) for part in lex.get(sub, ()) for w in re.split(r"[\s/]+", part) if w]
                              + [stem(w) for w in english_words(sub) if w not in _never_from_dictionary()])
            if stems:
                spans.append((i, j, stems))
    han_at = [i for i, c in enumerate(key) if is_han(c)]
    syl = [r[0] if r else "" for r in syllables(key)]
    spelled: list[tuple[int, int, str]] = []
    for a in range(len(syl)):
        for b in range(a + 1, min(len(syl), a + 4) + 1):
            spelled.append((han_at[a], han_at[b - 1] + 1, "".join(syl[a:b])))
    return Pieces(key, tuple(spans), tuple(spelled))


_NUM_WORD = re.compile(r"^(\d+)(?:st|nd|rd|th)?$")


def _digits_cover(word: str, key: str) -> frozenset[int]:
    """``863`` in 863计划, ``20th`` in 二十大: positions of the same number in the Chinese."""
    m = _NUM_WORD.match(word)
    if not m:
        return frozenset()
    n = m.group(1)
    at = key.find(n)
    if at < 0:
        try:
            import cn2an  # imported on first use: ~520 ms at start-up, not every run needs it

            cn = cn2an.an2cn(n)
        except Exception:  # noqa: BLE001 - cn2an raises plain exceptions on odd input
            return frozenset()
        at = key.find(cn)
        n = cn
    return frozenset(range(at, at + len(n))) if at >= 0 else frozenset()


def _plain(word: str) -> str:
    return word.strip("\"“”'‘’*.,;:()[]").replace("’", "'")


@lru_cache(maxsize=65536)
def aligned(word: str, zh: str) -> frozenset[int]:
    """Positions of ``zh``'s match key that the English ``word`` may translate (empty: none)."""
    w = _plain(word)
    if not w:
        return frozenset()
    p = pieces(zh)
    hit = _digits_cover(w, p.key)
    if hit:
        return hit
    low = w.lower()
    if low in function_words():
        return frozenset()
    parts = [x for x in re.split(r"[-/]", low) if x] if re.search(r"[a-z]-[a-z]", low) else [low]
    out: set[int] = set()
    for part in parts + ([low.replace("-", "")] if len(parts) > 1 else []):
        if part in function_words() or len(part) < 2:
            continue
        s = stem(part)
        bare = re.sub(r"'s?$", "", part)
        for i, j, stems in p.spans:
            if s in stems or any(_same(s, x) for x in stems):
                out.update(range(i, j))
        for i, j, spelled in p.pinyin:
            if bare == spelled:
                out.update(range(i, j))
        d = _digits_cover(part, p.key)
        out.update(d)
    return frozenset(out)


def covered(word: str, zh: str) -> bool:
    """True if the English ``word`` plausibly translates part of ``zh``."""
    return bool(aligned(word, zh))


def coverage(english: str, zh: str) -> float:
    """Share of the English content words that align with ``zh``."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z&'’\-]*", english) if w.lower() not in function_words()]
    if not words:
        return 0.0
    return sum(covered(w, zh) for w in words) / len(words)


def han_count(zh: str) -> int:
    return sum(1 for c in zh_match_key(zh) if is_han(c))


# ---------------------------------------------------------------- the left edge of a gloss

_WORDLIKE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9&'’\-+]*$")
_CLAUSE_END = re.compile(r"[,;:!?)\]”\"’]$|(?<![A-Z])\.$")
_QUOTE_OPEN = "\"“‘("


@dataclass(frozen=True)
class Edge:
    """A gloss found by alignment: its first token index, and a longer candidate's when the edge is unsure."""

    first: int
    longer: int | None = None


@lru_cache(maxsize=65536)
def verb_only(word: str) -> bool:
    """A word English uses only as a verb or adverb (discuss, applies, created): it never starts a gloss."""
    from lemminflect import getAllLemmas  # imported on first use: ~2050 ms at start-up, not every run needs it

    pos = set(getAllLemmas(word.lower()))
    return bool(pos) and pos <= {"VERB", "ADV", "AUX"}


def _is_covered_new(a: frozenset[int], seen: set[int]) -> bool:
    return bool(a - seen)


def left_edge(words: list[str], zh: str, allow_comma: bool = True) -> Edge | None:
    """Where a gloss ending with ``words[-1]`` starts, reading leftwards and aligning with ``zh``.

    ``words`` are the tokens before the Chinese, as printed (punctuation attached). Returns None when no
    word aligns and no short lower-case phrase can stand for the term.
    """
    if not words:
        return None
    n_han = max(1, han_count(zh))
    seen: set[int] = set()
    best: int | None = None
    gap = 0
    article = False  # the word just read (to the right) was a/an/the: a noun phrase starts there
    for k in range(len(words) - 1, -1, -1):
        tok = words[k]
        core = tok.strip("*")
        comma_ok = allow_comma and core.endswith(",") and bool(aligned(core, zh))
        if k < len(words) - 1 and _CLAUSE_END.search(core) and not comma_ok:
            break
        word = _plain(core)
        if not word or not _WORDLIKE.match(word):
            break
        low = word.lower()
        a = aligned(word, zh)
        if low in function_words() and not a:
            if core[:1] in _QUOTE_OPEN:
                break
            article = low in ("a", "an", "the")
            continue
        if article and not a:
            break  # ``need | a security assessment``: an uncovered word before an article ends the gloss
        article = False
        if a and not (a - seen) and re.search(r"['’]s$", low) and _repeated(low, words[k + 1:]):
            break  # ``the city’s | smart-city brain``: a possessive naming again what follows is a determiner
        if a and (a - seen or not verb_only(low) or low.endswith(("ed", "ing"))):
            seen |= a
            best, gap = k, 0
        elif a or low in left_stops() or (word[0].isupper() and k < len(words) - 1) or word[0].isdigit() \
                or (verb_only(low) and not low.endswith("ing")):
            break
        else:
            gap += 1
            if gap > 2:
                break
        if core[:1] in _QUOTE_OPEN:
            break
    if best is None:
        return _unaligned(words, zh)
    residual = n_han - len(seen)
    longer = best
    budget = residual // 2
    k = best - 1
    while budget > 0 and k >= 0:
        word = _plain(words[k])
        if _CLAUSE_END.search(words[k].strip("*")) or not word or not word.islower() or not _WORDLIKE.match(word) \
                or word in left_stops() or word in function_words() or verb_only(word):
            break
        longer, budget, k = k, budget - 1, k - 1
    return Edge(best, longer if longer < best else None)


def _repeated(word: str, later: list[str]) -> bool:
    """The word (its stem) comes again among ``later`` words or their hyphenated parts."""
    s = stem(word)
    return any(stem(p) == s for w in later for p in re.split(r"[-/]", _plain(w).lower()) if p)


def _unaligned(words: list[str], zh: str) -> Edge | None:
    """No word aligns: a short lower-case phrase right before the Chinese (at most half its characters),
    never a unit after a number (``5.2 percent (国家统计局数据)``) nor one word for a long Chinese phrase."""
    budget = max(1, (han_count(zh) + 1) // 2)
    first = None
    for k in range(len(words) - 1, -1, -1):
        word = _plain(words[k])
        if k < len(words) - 1 and _CLAUSE_END.search(words[k].strip("*")):
            break
        if not word or not word.islower() or not _WORDLIKE.match(word) or word in left_stops() \
                or word in function_words() or verb_only(word) or budget == 0:
            break
        first, budget = k, budget - 1
        if words[k][:1] in _QUOTE_OPEN:
            break
    if first is None or (first > 0 and re.match(r"[\d.,%]+$", words[first - 1])):
        return None
    if han_count(zh) > 3 * (len(words) - first):
        return None
    return Edge(first)


def right_edge(words: list[str], zh: str) -> int | None:
    """How many of ``words`` (read rightwards) a gloss after its Chinese takes: the last word that aligns."""
    seen: set[int] = set()
    last: int | None = None
    gap = 0
    for k, tok in enumerate(words):
        word = _plain(tok)
        if not word or not _WORDLIKE.match(word):
            break
        a = aligned(word, zh)
        if a:
            seen |= a
            last, gap = k, 0
        elif word.lower() not in function_words():
            gap += 1
            if gap > 1 or word.lower() in left_stops():
                break
        if _CLAUSE_END.search(tok.strip("*")):
            break
    return last
