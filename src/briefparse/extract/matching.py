"""A spaCy Matcher run only where a match can be: in windows around the tokens every pattern needs.

The Matcher tries every pattern at every token, so its cost grows with the text, although figures
and dates sit around a few number tokens. Every pattern has a required token from a small set
(``<NUM>``, ``<YEAR>``, ``half``, ``twice``…): its *anchor*. A match contains an anchor of its
pattern and is no longer than the longest pattern, so it lies within that many tokens of one.
Matching the merged windows around anchors finds exactly the matches of the whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ATTRS = ("NORM", "LOWER", "ORTH")  # token attributes an anchor may test (plain values, IN sets, REGEX)
REQUIRED_OPS = (None, "1")  # a token spec with one of these ops appears exactly once in every match


@dataclass
class Anchors:
    """The anchor tests of a set of patterns: value sets (as string hashes) and regexes per attribute."""

    sets: dict[str, set[str]]
    regexes: list[tuple[str, re.Pattern[str]]]
    span: int  # tokens of the longest pattern: no match is longer
    _regex_hits: dict[str, dict[int, bool]] = field(default_factory=dict)  # regex → string hash → it matches
    _hashes: list[set[int]] | None = None  # per tested attribute, the hashes of its anchor values (built on first use)


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
    prose, words ("a", "of") common; among equals the pattern's last required token is taken (its head)."""
    attr, values = test
    if isinstance(values, re.Pattern):
        return 2
    return 0 if attr == "NORM" and all(v.startswith("<") for v in values) else 1


def anchors_of(patterns: dict[str, list[list[dict[str, Any]]]]) -> Anchors | None:
    """Anchors of every pattern, or None when one has none (then the whole text must be matched)."""
    sets: dict[str, set[str]] = {}
    regexes: list[tuple[str, re.Pattern[str]]] = []
    span = 0
    for pats in patterns.values():
        for pat in pats:
            if any(spec.get("OP") not in (*REQUIRED_OPS, "?") for spec in pat):
                return None  # "*" / "+" make matches of any length
            tests = [t for spec in pat if spec.get("OP") in REQUIRED_OPS and (t := _spec_anchor(spec))]
            if not tests:
                return None
            attr, test = min(reversed(tests), key=_rarity)
            if isinstance(test, set):
                sets.setdefault(attr, set()).update(test)
            else:
                regexes.append((attr, test))
            span = max(span, len(pat))
    return Anchors(sets, regexes, span)


def _anchor_hits(doc: Any, anchors: Anchors) -> list[int]:
    """Indices of the tokens of ``doc`` that pass one of the anchor tests (set lookups of string hashes)."""
    from spacy.attrs import IDS  # imported on first use: ~1950 ms at start-up, not every run needs it

    strings = doc.vocab.strings
    attrs = list(dict.fromkeys([*anchors.sets, *(a for a, _ in anchors.regexes)]))
    if anchors._hashes is None:
        anchors._hashes = [{strings.add(v) for v in anchors.sets.get(a, ())} for a in attrs]
    cols = doc.to_array([IDS[a] for a in attrs]).reshape(len(doc), len(attrs)).T.tolist()
    hits: set[int] = set()
    for col, hashes in zip(cols, anchors._hashes, strict=True):
        hits.update([i for i, h in enumerate(col) if h in hashes])
    for a, rx in anchors.regexes:
        known = anchors._regex_hits.setdefault(rx.pattern, {})
        for i, h in enumerate(cols[attrs.index(a)]):
            hit = known.get(h)
            if hit is None:
                hit = known[h] = rx.search(strings[h]) is not None
            if hit:
                hits.add(i)
    return sorted(hits)


def windows(hits: list[int], n: int, span: int) -> list[tuple[int, int]]:
    """Merged ranges ``[a, b)`` of ``n`` tokens holding every stretch of ``span`` tokens with an anchor (at ``hits``)."""
    out: list[tuple[int, int]] = []
    for i in hits:
        a, b = max(0, i - span + 1), min(n, i + span)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def find_matches(matcher: Any, doc: Any, anchors: Anchors | None) -> list[tuple[int, int, int]]:
    """``matcher(doc)``'s (match id, start, end) triples, matching only the windows around anchors."""
    if anchors is None or not len(doc):
        return [tuple(m) for m in matcher(doc)]
    spans = windows(_anchor_hits(doc, anchors), len(doc), anchors.span)
    if sum(b - a for a, b in spans) >= 0.8 * len(doc):
        return [tuple(m) for m in matcher(doc)]
    return [(mid, a + lo, b + lo) for lo, hi in spans for mid, a, b in matcher(doc[lo:hi])]
