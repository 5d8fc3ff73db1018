"""A spaCy Matcher run only where a match can be: in windows around the tokens every pattern needs.

The Matcher tries every pattern at every token, so its cost grows with the text, although figures
and dates sit around a few number tokens. Every pattern has a required token from a small set
(``<NUM>``, ``<YEAR>``, ``half``, ``twice``…): its *anchor*. A match contains an anchor of its
pattern and holds no more tokens before and after it than the pattern has before and after its
anchor (its *reach*), so matching the merged windows of reach around anchor tokens finds exactly
the matches of the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from briefparse.text.tokens import SEPARATOR, Tokens, build_matcher, doc_of, doc_words, window_doc

ATTRS = ("NORM", "LOWER", "ORTH")  # token attributes an anchor may test (plain values, IN sets, REGEX)
REQUIRED_OPS = (None, "1")  # a token spec with one of these ops appears exactly once in every match


Reach = tuple[int, int]  # most tokens a match can hold before and after its anchor token


@dataclass
class Anchors:
    """The anchor tests of a set of patterns: value sets and regexes per attribute, each with its reach."""

    sets: dict[str, dict[str, Reach]]  # attribute → anchor value → reach of the patterns anchored on it
    regexes: list[tuple[str, re.Pattern[str], Reach]]
    span: int  # tokens of the longest pattern: no match is longer
    _regex_hits: dict[str, dict[str, bool]] = field(default_factory=dict)  # regex → token value → it matches


def _spec_anchor(spec: dict[str, Any]) -> tuple[str, set[str] | re.Pattern[str]] | None:
    """The narrowest test a required token spec makes on NORM/LOWER/ORTH (a value set, else a regex)."""
    best: tuple[str, set[str] | re.Pattern[str]] | None = None
    for attr in ATTRS:
        value = spec.get(attr)
        test: set[str] | re.Pattern[str] | None = None
        if isinstance(value, str):
            test = {value}
        elif isinstance(value, dict) and set(value) == {"IN"}:
            test = set(value["IN"])
        elif isinstance(value, dict) and set(value) == {"REGEX"}:
            test = re.compile(value["REGEX"])
        if test is None:
            continue
        if best is None or isinstance(best[1], re.Pattern) or (isinstance(test, set) and len(test) < len(best[1])):
            best = (attr, test)
    return best


def _rarity(test: tuple[str, set[str] | re.Pattern[str]]) -> int:
    """How common tokens passing an anchor test are: token classes (``<NUM>``, ``<YEAR>``) are rare in
    prose, years the rarest, words ("a", "of") common; among equals the pattern's last required token is taken
    (its head)."""
    attr, values = test
    if isinstance(values, re.Pattern):
        return 3
    if attr == "NORM" and values == {"<YEAR>"}:
        return 0  # a year: a number of four digits from 1800 to 2100, rarer than numbers at large
    return 1 if attr == "NORM" and all(v.startswith("<") for v in values) else 2


def _words_first(test: tuple[str, set[str] | re.Pattern[str]]) -> tuple[int, int]:
    """Rank of an anchor test for patterns whose words are rarer than their numbers (unit and currency
    names, months): a word test first (the pattern's last), else the class test with the fewest values.
    Tests on ORTH come last: the patterns test exact punctuation with it (dashes, brackets), common."""
    attr, values = test
    if attr == "ORTH":
        return 2, 0
    if isinstance(values, re.Pattern) or _rarity(test) >= 2:  # a word test
        return 0, 0
    return 1, len(values)


Pattern = list[dict[str, Any]]


def _anchor(pat: Pattern, words_first: bool) -> tuple[int, tuple[str, set[str] | re.Pattern[str]]] | None:
    """Position and test of a pattern's anchor token; None when it has none or its matches have no bound."""
    if any(spec.get("OP") not in (*REQUIRED_OPS, "?") for spec in pat):
        return None  # "*" / "+" make matches of any length
    tests = [(k, t) for k, spec in enumerate(pat) if spec.get("OP") in REQUIRED_OPS and (t := _spec_anchor(spec))]
    if not tests:
        return None
    rank = _words_first if words_first else _rarity
    return min(reversed(tests), key=lambda kt: rank(kt[1]))


def anchors_of(patterns: dict[str, list[Pattern]], words_first: Collection[str] = ()) -> Anchors | None:
    """Anchors of every pattern with their reach, or None when one has none (then the whole text must be
    matched); patterns of the labels in ``words_first`` are anchored on a word rather than a number class."""
    anchors = Anchors({}, [], 0)
    for label, pats in patterns.items():
        for pat in pats:
            chosen = _anchor(pat, label in words_first)
            if chosen is None:
                return None
            k, (attr, test) = chosen
            reach = (k, len(pat) - k - 1)  # optional tokens counted as present: the most a match can hold
            if isinstance(test, set):
                values = anchors.sets.setdefault(attr, {})
                for v in test:
                    old = values.get(v, reach)
                    values[v] = (max(old[0], reach[0]), max(old[1], reach[1]))
            else:
                anchors.regexes.append((attr, test, reach))
            anchors.span = max(anchors.span, len(pat))
    return anchors


@dataclass
class AnchoredMatcher:
    """A spaCy Matcher of the patterns anchored on one token attribute, and their anchors (None: match all)."""

    matcher: Any
    anchors: Anchors | None
    sealed: bool = False  # every token spec of every pattern rejects a ``SEPARATOR`` token


def _rejects_separator(spec: dict[str, Any]) -> bool:
    """Does a token spec fail on a ``SEPARATOR`` token (its word, lower form and NORM are that character)?"""
    for attr in ATTRS:
        value = spec.get(attr)
        if isinstance(value, str) and value != SEPARATOR:
            return True
        if isinstance(value, dict) and set(value) == {"IN"} and SEPARATOR not in value["IN"]:
            return True
        if isinstance(value, dict) and set(value) == {"REGEX"} and not re.search(value["REGEX"], SEPARATOR):
            return True
    return False


def _sealed(patterns: dict[str, list[Pattern]]) -> bool:
    """True when no token spec of ``patterns`` can match a ``SEPARATOR`` token, so no match crosses one."""
    return all(_rejects_separator(spec) for pats in patterns.values() for pat in pats for spec in pat)


def anchored_matchers(patterns: dict[str, list[Pattern]], words_first: Collection[str] = ()) -> list[AnchoredMatcher]:
    """The patterns as one Matcher per anchor attribute, each run only around its own anchors.

    Patterns anchored on words ("half", "twice", unit names) then never run at every number, nor
    patterns anchored on numbers at every such word: the Matcher's cost is per pattern and token."""
    groups: dict[str, dict[str, list[Pattern]]] = {}
    for label, pats in patterns.items():
        for pat in pats:
            chosen = _anchor(pat, label in words_first)
            if chosen is None:
                return [AnchoredMatcher(build_matcher(patterns), None, _sealed(patterns))]
            groups.setdefault(chosen[1][0], {}).setdefault(label, []).append(pat)
    return [AnchoredMatcher(build_matcher(group), anchors_of(group, words_first), _sealed(group))
            for group in groups.values()]


def _column(tokens: Tokens, attr: str) -> list[str]:
    """One token attribute as the Doc of ``tokens`` holds it: NORM the class, ORTH the word, LOWER it lower-cased."""
    if attr == "NORM":
        return tokens.norms
    words = doc_words(tokens)
    return words if attr == "ORTH" else [w.lower() for w in words]


def anchor_ranges(tokens: Tokens, anchors: Anchors) -> list[tuple[int, int]]:
    """Ranges ``[a, b)`` of tokens around each anchor token, as far as the patterns anchored on it reach."""
    cols: dict[str, list[str]] = {}
    ranges: list[tuple[int, int]] = []
    for attr, values in anchors.sets.items():
        col = cols.setdefault(attr, _column(tokens, attr))
        ranges += [(i - r[0], i + r[1] + 1) for i, v in enumerate(col) if (r := values.get(v)) is not None]
    for attr, rx, (before, after) in anchors.regexes:
        col = cols[attr] if attr in cols else cols.setdefault(attr, _column(tokens, attr))
        known = anchors._regex_hits.setdefault(rx.pattern, {})
        for i, v in enumerate(col):
            hit = known.get(v)
            if hit is None:
                hit = known[v] = rx.search(v) is not None
            if hit:
                ranges.append((i - before, i + after + 1))
    return ranges


def windows(ranges: list[tuple[int, int]], n: int, gap: int = 0) -> list[tuple[int, int]]:
    """``ranges`` clipped to ``[0, n)``, sorted and merged where they overlap or lie within ``gap`` tokens."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        a, b = max(0, a), min(n, b)
        if out and a <= out[-1][1] + gap:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


GAP = 3  # tokens between two windows that are matched rather than paying for one more Matcher call


def find_matches(matchers: list[AnchoredMatcher], tokens: Tokens) -> list[tuple[int, int, int]]:
    """The (match id, start, end) triples of every matcher over ``tokens``, each matcher run only in the
    windows around its anchors, each triple once.

    One spaCy Doc holds the tokens of all the windows laid end to end (none when no token is an anchor):
    building a Doc costs about as much per token as matching it, and most tokens are in no window."""
    for key, got in tokens.found:
        if key is matchers:
            return got
    n = len(tokens.norms)
    runs: list[tuple[AnchoredMatcher, list[tuple[int, int]]]] = []
    for part in matchers:
        spans = [(0, n)] if part.anchors is None else windows(anchor_ranges(tokens, part.anchors), n, GAP)
        if n and spans:
            runs.append((part, spans))
    if not runs:
        return []
    union = windows([s for _, spans in runs for s in spans], n)
    doc: Any = window_doc(tokens, union)
    starts = [a for a, _ in union]
    shift: list[int] = []  # per union window: its first token's index in ``doc`` minus its index in ``tokens``
    at = 0
    for a, b in union:
        shift.append(at - a)
        at += b - a
    found: dict[tuple[int, int, int], None] = {}
    for part, spans in runs:
        for lo, hi in spans:
            d = shift[bisect.bisect_right(starts, lo) - 1]
            for mid, a, b in part.matcher(doc[lo + d:hi + d]):
                found[(mid, lo + a, lo + b)] = None
    return list(found)


def prefetch(matchers: list[AnchoredMatcher], texts: list[Tokens]) -> None:
    """Find the matches of many texts at once and keep each text's on it, for :func:`find_matches` to return.

    Each matcher runs once, over one Doc holding its windows of every text with a ``SEPARATOR`` between
    two windows (no match crosses one): a Doc and a Matcher call per sentence cost more than the matching.
    The matches of each text are those :func:`find_matches` finds (the same windows, each triple once)."""
    if not texts or not all(part.sealed for part in matchers):
        return
    found: list[dict[tuple[int, int, int], None]] = [{} for _ in texts]
    for part in matchers:
        words: list[str] = []
        spaces: list[bool] = []
        norms: list[str] = []
        where: list[tuple[int, int]] = []  # per token of the Doc: its text and its index there ((-1, -1): a separator)
        for t, tokens in enumerate(texts):
            n = len(tokens.norms)
            spans = [(0, n)] if part.anchors is None else windows(anchor_ranges(tokens, part.anchors), n, GAP)
            all_words, spaced = doc_words(tokens), tokens.spaced
            for a, b in spans if n else []:
                if where:
                    words.append(SEPARATOR)
                    spaces.append(False)
                    norms.append(SEPARATOR)
                    where.append((-1, -1))
                words += all_words[a:b]
                spaces += spaced[a + 1:b + 1]
                if b >= n:
                    spaces.append(False)
                norms += tokens.norms[a:b]
                where.extend((t, k) for k in range(a, b))
        if not words:
            continue
        for mid, a, b in part.matcher(doc_of(words, spaces, norms)):
            t, i = where[a]
            found[t][(mid, i, where[b - 1][1] + 1)] = None
    for tokens, got in zip(texts, found, strict=True):
        tokens.found.append((matchers, list(got)))
