"""Token features for the citation CRF, in the spirit of AnyStyle and GROBID.

Each token gets its own features (word, shape, affixes, number/year/roman flags, CJK class, dictionary hits,
quote and bracket state, sequence state such as "a year has been seen"), plus a window of its neighbours'
word and shape features (±2). Dictionaries are data (``briefparse/data/citation_vocab.json``), not code.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .tokens import DOI_RE, GBT_TYPE_RE, URL_RE, Token, is_cjk

__all__ = ["sequence_features", "load_vocab"]

_YEAR_RE = re.compile(r"^[\[(]?(1[5-9]\d\d|20\d\d)[a-z]?$")
_ISO_RE = re.compile(r"^(1[5-9]|20)\d\d[-/.](0?[1-9]|1[0-2])([-/.]\d\d?)?$")
_RANGE_RE = re.compile(r"^[A-Za-z]?\d+[-–‐][A-Za-z]?\d+$")
_ROMAN_RE = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)
_ORD_RE = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)
_OPEN = {"(": "paren", "[": "brack", "《": "book", "〈": "book", "〔": "tort", "【": "lent", "「": "corner", "『": "corner",
         "“": "dq", "‘": "sq", "„": "dq", "‟": "dq", "«": "guil", "<": "angle", "（": "paren"}
_CLOSE = {")": "paren", "]": "brack", "》": "book", "〉": "book", "〕": "tort", "】": "lent", "」": "corner", "』": "corner",
          "”": "dq", "’": "sq", "»": "guil", ">": "angle", "）": "paren"}
_EN_DICTS = ("month", "publisher", "place", "journal", "org", "creator_role", "locator", "access", "comment", "genre",
             "edition", "connector")
_ZH_DICTS = ("zh_publisher", "zh_org", "zh_container", "zh_place", "zh_locator", "zh_access", "zh_comment", "zh_role")


@lru_cache(maxsize=1)
def load_vocab() -> dict[str, Any]:
    """The feature dictionaries, loaded once from the package data file."""
    text = resources.files("briefparse").joinpath("data/citation_vocab.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=1)
def _word_dicts() -> dict[str, tuple[str, ...]]:
    """Lower-case word -> names of the English dictionaries containing it."""
    vocab = load_vocab()
    out: dict[str, list[str]] = {}
    for name in _EN_DICTS:
        for w in vocab[name]:
            out.setdefault(w.lower(), []).append(name)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _zh_dicts() -> tuple[tuple[str, str], ...]:
    vocab = load_vocab()
    pairs = [(name, w) for name in _ZH_DICTS for w in vocab[name]]
    pairs.sort(key=lambda p: -len(p[1]))
    return tuple(pairs)


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(load_vocab()["zh_surname"])


# an ASCII word's character classes in one C call: digits d, capitals X, small letters x, the rest as printed
_ASCII_CLASSES = str.maketrans({**dict.fromkeys(string.digits, "d"), **dict.fromkeys(string.ascii_uppercase, "X"),
                                **dict.fromkeys(string.ascii_lowercase, "x")})
_REPEATED = re.compile(r"(.)(?=\1)", re.DOTALL)  # a character the same character follows (a run keeps its last)


@lru_cache(maxsize=8192)
def _shape(w: str) -> str:
    """Compressed character-class shape: 'Economy' -> 'Xx', '2018' -> 'd', 'pp.' -> 'x.'."""
    head = w[:16]
    if head.isascii():
        return _REPEATED.sub("", head.translate(_ASCII_CLASSES))
    return shape_by_char(head)


def shape_by_char(head: str) -> str:
    """:func:`_shape` one character at a time (digit d, CJK C, capital X, small x, else the character), runs
    merged: the form for text beyond ASCII, and the reference for the ASCII shortcut."""
    out: list[str] = []
    for ch in head:
        if ch.isdigit():
            c = "d"
        elif ch.isalpha():
            c = "C" if is_cjk(ch) else ("X" if ch.isupper() else "x")
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}-?")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")
_PUNCT_CHARS = set(".,;:!?()[]{}<>\"'“”‘’《》「」【】〔〕（）*-–—/…·，。：；、")


@lru_cache(maxsize=65536)
def _word_features(w: str, kind: str = "") -> tuple[tuple[str, ...], str, str]:
    """Context-free features of one token, plus its core word (lower-cased) and shape for neighbour windows;
    ``kind`` is the tokenizer's verdict for URLs, DOIs and GB/T type codes found by rule."""
    f: list[str] = []
    if kind == "url" or (kind == "" and URL_RE.fullmatch(w)):
        f.append("url")
        if "doi.org/" in w:
            f.append("doiurl")
        return tuple(f), "<url>", "URL"
    if kind == "doi" or DOI_RE.fullmatch(w):
        return ("doi",), "<doi>", "DOI"
    if GBT_TYPE_RE.fullmatch(w):
        return ("gbtype", "gbt=" + w), w.lower(), "[X]"
    if len(w) == 1 and is_cjk(w):
        return ("w=" + w, "cjk"), w, "C"
    a, b = 0, len(w)
    while a < b and w[a] in _PUNCT_CHARS:
        a += 1
    while b > a and w[b - 1] in _PUNCT_CHARS and not (w[b - 1] == "." and _is_abbrev(w[a:b])):
        b -= 1
    core, lead, trail = w[a:b], w[:a], w[b:]
    if lead:
        f.append("lead=" + lead[:2])
    if trail:
        f.append("trail=" + trail[-3:])
        f.append("trail1=" + trail[-1])
    if not core:
        f.append("punct")
        f.append("p=" + w[:3])
        return tuple(f), w, "P"
    low = core.lower()
    shape = _shape(core)
    f.append("w=" + low)
    f.append("sh=" + shape)
    n = len(core)
    stem = low.rstrip(".")
    f.append("p1=" + low[:1])
    if n > 2:
        f.append("p2=" + low[:2])
        f.append("s2=" + stem[-2:])
    if n > 3:
        f.append("p3=" + low[:3])
        f.append("s3=" + stem[-3:])
    f.append("len=" + (str(n) if n < 6 else ("6-9" if n < 10 else "10+")))
    if core.endswith("."):
        f.append("enddot")
    if core[0].isupper():
        f.append("cap")
        if n > 1 and core.isupper():
            f.append("allcaps")
    if (n == 1 and core.isalpha()) or (n == 2 and core[1] == "." and core[0].isalpha()) or _INITIALS.fullmatch(core):
        f.append("initial")
    if core.isdigit():
        f.append("num")
        f.append("ndig=" + str(min(n, 5)))
    if _YEAR_RE.match(core):
        f.append("year")
    elif _ISO_RE.match(core):
        f.append("isodate")
    elif _RANGE_RE.match(core):
        f.append("range")
    elif _ORD_RE.match(core):
        f.append("ordinal")
    if n < 6 and _ROMAN_RE.match(stem):
        f.append("roman")
    for d in _word_dicts().get(stem, ()):
        f.append("d=" + d)
    # (a word of letters only, the usual case, has no digit: no character is both)
    if not core.isalpha() and any(ch.isdigit() for ch in core) and any(ch.isalpha() for ch in core):
        f.append("alnum")
    if not _PUNCT_CHARS.isdisjoint(core.rstrip(".")):
        f.append("inner_punct")
    if not core.isascii() and any(is_cjk(ch) for ch in core):
        f.append("has_cjk")
    return tuple(f), low, shape


def _is_abbrev(core: str) -> bool:
    """A word whose final period is part of it: an initial, a known abbreviation or a dotted acronym."""
    stem = core[:-1].lower()
    return (len(stem) == 1 and stem.isalpha()) or stem in _ABBREV or bool(_DOTTED.fullmatch(stem))


_ABBREV = frozenset(
    ["vol", "vols", "no", "nos", "pp", "p", "ed", "eds", "trans", "comp", "rev", "repr", "ch", "chap", "art", "sec", "pt", "suppl", "n", "nn", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "univ", "dept", "inc", "ltd", "co", "corp", "jr", "sr", "st", "mr", "mrs", "dr", "prof", "al", "etc", "cf", "ibid", "id", "op", "cit", "loc", "esp", "ca", "diss", "edn", "bd", "hg", "hrsg", "nr", "jg", "ser", "proc", "conf", "int", "j"]
)


def _cjk_run_features(tokens: Sequence[Token]) -> list[list[str]]:
    """Dictionary hits and run positions for per-character CJK tokens."""
    out: list[list[str]] = [[] for _ in tokens]
    n = len(tokens)
    i = 0
    surn = _surnames()
    zh = _zh_dicts()
    while i < n:
        if not (len(tokens[i].text) == 1 and is_cjk(tokens[i].text)):
            i += 1
            continue
        j = i
        while j < n and len(tokens[j].text) == 1 and is_cjk(tokens[j].text) and (j == i or tokens[j].start == tokens[j - 1].end):
            j += 1
        run = "".join(t.text for t in tokens[i:j])
        length = j - i
        lb = str(length) if length < 5 else ("5-8" if length < 9 else "9+")
        for k in range(i, j):
            f = out[k]
            f.append("runlen=" + lb)
            if k == i:
                f.append("runstart")
                if run[0] in surn:
                    f.append("surname")
            if k == j - 1:
                f.append("runend")
        for name, word in zh:
            start = run.find(word)
            while start >= 0:
                for k in range(i + start, i + start + len(word)):
                    if ("z=" + name) not in out[k]:
                        out[k].append("z=" + name)
                start = run.find(word, start + 1)
        i = j
    return out


@lru_cache(maxsize=65536)
def _edge_features(w: str) -> tuple[str, str, str, str]:
    """Leading and trailing punctuation, full shape (punctuation kept) and case class of a token, for neighbours.

    A field boundary is mostly announced by the punctuation at the end of the previous token (``(2011).`` then
    ``Brainology``), so each token sees its neighbours' punctuation, not only their words.
    """
    a, b = 0, len(w)
    while a < b and w[a] in _PUNCT_CHARS:
        a += 1
    while b > a and w[b - 1] in _PUNCT_CHARS:
        b -= 1
    core = w[a:b]
    case = "C" if core[:1].isupper() else ("d" if core[:1].isdigit() else ("c" if core[:1] and is_cjk(core[0]) else "x"))
    return w[:a][:2] or "_", w[b:][-2:] or "_", _shape(w), case


_NEIGHBOUR_FLAGS = ("d=", "year", "initial", "cap", "gbtype", "num", "url", "doi", "cjk")


@lru_cache(maxsize=131072)
def _window(w: str, kind: str, off: int) -> tuple[str, ...]:
    """What a token at offset ``off`` shows its neighbour: word, shapes, and for ±1 its printed form, facing
    punctuation and flags (the reference form of :func:`_windows`, which builds all four at once)."""
    own, low, shape = _word_features(w, kind)
    lead, trail, full, _ = _edge_features(w)
    out = [f"{off}w={low}", f"{off}sh={shape}", f"{off}fs={full}"]
    if off in (-1, 1):
        out += [f"{off}W={w.lower()}", f"{off}tr={trail}", f"{off}ld={lead}"]
        out += [f"{off:+d}{x}" for x in own if x.startswith(_NEIGHBOUR_FLAGS)]
    return tuple(out)


def _windows(w: str, own: tuple[str, ...], low: str, shape: str, edges: tuple[str, str, str, str]
             ) -> tuple[tuple[str, ...], ...]:
    """The four windows of :func:`_window` (offsets -2, -1, +1, +2) built in one pass: the parts shared by the
    offsets (word, shapes, flags) are worked out once per word, which is most of a new word's feature time."""
    lead, trail, full, _ = edges
    wl = "w=" + low
    sh = "sh=" + shape
    fs = "fs=" + full
    near = ("W=" + w.lower(), "tr=" + trail, "ld=" + lead)
    flags = [x for x in own if x.startswith(_NEIGHBOUR_FLAGS)]
    return (("-2" + wl, "-2" + sh, "-2" + fs),
            ("-1" + wl, "-1" + sh, "-1" + fs, *["-1" + x for x in near], *["-1" + x for x in flags]),
            ("1" + wl, "1" + sh, "1" + fs, *["1" + x for x in near], *["+1" + x for x in flags]),
            ("2" + wl, "2" + sh, "2" + fs))


# the characters that change the bracket, quote, italic and colon state of the tokens after them
_STATE_CHARS_RE = re.compile("[" + re.escape("".join(sorted({*_OPEN, *_CLOSE, '"', "*", ":", "："}))) + "]")
_SEGMENT_ENDS = frozenset(".:;)")
_PERIODS = tuple(f"periods={k}" for k in range(5))
_SEGMENTS = tuple(f"seg={k}" for k in range(9))
_COMMAS = tuple(f"commas={k}" for k in range(7))
_POS = tuple(f"pos={k}" for k in range(10))
_IDX = ("idx=0", "idx=1", "idx=2")
_IN = {k: "in=" + k for k in {*_OPEN.values(), *_CLOSE.values()}}
_EDGE = {off: (f"{off}w=<edge>",) for off in (-2, -1, 1, 2)}


@dataclass(slots=True)
class _TokenInfo:
    """Everything :func:`sequence_features` needs of one token that depends on its text alone (cached per word
    and shared, so never changed; not frozen, as a frozen dataclass is built field by field through
    object.__setattr__, which costs a new word more than the check is worth)."""

    own: tuple[str, ...]  # the token's own features (word, shape, flags, dictionary hits)
    raw: tuple[str, ...]  # ("W=" + lower-cased text,), or () when a model's vocabulary lacks it
    lead: str
    trail: str
    case: str
    windows: tuple[tuple[str, ...], ...]  # what it shows a neighbour at -2, -1, +1, +2
    state_chars: str  # the characters that open/close brackets and quotes or mark colons (none for URLs, DOIs)
    period: bool  # counts as a sentence period
    segment: bool  # its trailing punctuation ends a segment
    comma: bool
    year: bool
    url: bool
    cjk: bool  # a CJK character read as a word of its own (the sequence then has CJK)
    cjk_char: bool  # a single CJK character (it takes part in CJK runs)


# the features a token shows its neighbours at -1 and +1 as flags: the own features starting with
# _NEIGHBOUR_FLAGS, named one by one so that a C set lookup picks them (a test holds the two readings equal)
_FLAG_NAMES = frozenset(("year", "initial", "cap", "gbtype", "num", "url", "doi", "doiurl", "cjk",
                         *("d=" + d for d in _EN_DICTS)))


@lru_cache(maxsize=65536)
def _offsets_known(part: str, vocabulary: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """The window features ``part`` gives at offsets -2, -1, +1 and +2 that ``vocabulary`` knows: shapes,
    punctuation and short words recur across words, so a new word mostly reuses what was looked up before."""
    return tuple((x,) if x in vocabulary else () for x in ("-2" + part, "-1" + part, "1" + part, "2" + part))


@lru_cache(maxsize=65536)
def _near_known(part: str, vocabulary: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """:func:`_offsets_known` for the parts shown to the next neighbours only (offsets -1 and +1)."""
    return tuple((x,) if x in vocabulary else () for x in ("-1" + part, "1" + part))


@lru_cache(maxsize=4096)
def _flags_known(flags: tuple[str, ...], vocabulary: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A word's neighbour flags as shown at -1 and +1 that ``vocabulary`` knows (few distinct flag sets)."""
    return (tuple(x for x in ("-1" + f for f in flags) if x in vocabulary),
            tuple(x for x in ("+1" + f for f in flags) if x in vocabulary))


def _known_windows(w: str, own: tuple[str, ...], low: str, shape: str, edges: tuple[str, str, str, str],
                   vocabulary: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """:func:`_windows` with only the features ``vocabulary`` knows, put together from per-part lookups
    (filtering is per feature, so the filtered parts joined in order are the filtered whole)."""
    lead, trail, full, _ = edges
    wl = _offsets_known("w=" + low, vocabulary)
    sh = _offsets_known("sh=" + shape, vocabulary)
    fs = _offsets_known("fs=" + full, vocabulary)
    ww = _near_known("W=" + w.lower(), vocabulary)
    tr = _near_known("tr=" + trail, vocabulary)
    ld = _near_known("ld=" + lead, vocabulary)
    fm, fp = _flags_known(tuple(filter(_FLAG_NAMES.__contains__, own)), vocabulary)
    return (wl[0] + sh[0] + fs[0],
            wl[1] + sh[1] + fs[1] + ww[0] + tr[0] + ld[0] + fm,
            wl[2] + sh[2] + fs[2] + ww[1] + tr[1] + ld[1] + fp,
            wl[3] + sh[3] + fs[3])


@lru_cache(maxsize=65536)
def _token_info(w: str, kind: str, vocabulary: frozenset[str] | None = None) -> _TokenInfo:
    """Per-word part of the sequence features: the same words recur across notes, so they are worked out once.
    With a model's ``vocabulary``, the per-word features it does not know are left out: the tagger drops unknown
    attributes anyway, so it scores the same, without converting and looking them up."""
    own, low, shape = _word_features(w, kind)
    edges = _edge_features(w)
    lead, trail, _, case = edges
    url = "url" in own or "doi" in own
    raw: tuple[str, ...] = ("W=" + w.lower(),)
    # its "trail=" feature is first or second (after "lead="), if it has one
    period = w in (".", "。") or any(x.startswith("trail=") and "." in x for x in own[:2])
    year, cjk = "year" in own or "isodate" in own, "cjk" in own
    if vocabulary is not None:
        known = vocabulary.__contains__  # filter() with a C predicate: no Python frame per feature
        windows = _known_windows(w, own, low, shape, edges, vocabulary)
        own, raw = tuple(filter(known, own)), tuple(filter(known, raw))
    else:
        windows = _windows(w, own, low, shape, edges)
    return _TokenInfo(
        own=own, raw=raw, lead=lead, trail=trail, case=case, windows=windows,
        state_chars="" if url else "".join(_STATE_CHARS_RE.findall(w)),
        period=period, segment=not _SEGMENT_ENDS.isdisjoint(trail), comma="," in trail,
        year=year, url=url, cjk=cjk, cjk_char=len(w) == 1 and is_cjk(w))


@lru_cache(maxsize=8192)
def _ptr(prev_trail: str, case: str, lead: str) -> tuple[str, str]:
    """The previous token's trailing punctuation paired with this token's case and leading punctuation."""
    return f"ptr|c={prev_trail}|{case}", f"ptr|ld={prev_trail}|{lead}"


def sequence_features(tokens: Sequence[Token], vocabulary: frozenset[str] | None = None) -> list[list[str]]:
    """Feature strings for each token of one citation (input to python-crfsuite). With a model's
    ``vocabulary`` (its attribute names), per-word features it does not know are left out: the same tags and
    marginals, fewer strings to pass to the tagger (training uses every feature)."""
    n = len(tokens)
    if n == 0:
        return []
    infos = [_token_info(t.text, t.kind, vocabulary) for t in tokens]
    cjk = _cjk_run_features(tokens) if any(i.cjk_char for i in infos) else None
    has_cjk = any(i.cjk for i in infos)
    feats: list[list[str]] = []
    depth: dict[str, int] = {}
    straight_dq = False
    italic = False
    periods = 0
    segment = 0
    commas = 0
    seen_year = False
    seen_colon = False
    seen_quote = False
    seen_url = False
    prev_trail = "^"
    prev_end = -1
    # the state features as they stand, rebuilt only when the state changes (rarely: most tokens change nothing)
    inside: tuple[str, ...] = ()  # bracket / quote state: "in=…"
    seen: tuple[str, ...] = ("seq_cjk",) if has_cjk else ()  # "seen_…" flags, then "seq_cjk"
    for i, tok in enumerate(tokens):
        info = infos[i]
        f = ["bias", *info.own, *info.raw] if cjk is None else ["bias", *info.own, *cjk[i], *info.raw]
        f += inside
        f += (_PERIODS[periods], _SEGMENTS[segment], _COMMAS[commas])
        f += seen
        f.append(_POS[10 * i // n])
        if i < 3:
            f.append(_IDX[i])
        if i == n - 1:
            f.append("last")
        if prev_end == tok.start:
            f.append("glued")
        f += _ptr(prev_trail, info.case, info.lead)
        # neighbour windows: words, shapes with and without punctuation, punctuation at the facing edges
        f += infos[i - 2].windows[0] if i >= 2 else _EDGE[-2]
        f += infos[i - 1].windows[1] if i >= 1 else _EDGE[-1]
        f += infos[i + 1].windows[2] if i + 1 < n else _EDGE[1]
        f += infos[i + 2].windows[3] if i + 2 < n else _EDGE[2]
        feats.append(f)
        # update state after this token (over its characters: tokens keep their punctuation)
        for ch in info.state_chars:
            if ch in _OPEN:
                depth[_OPEN[ch]] = depth.get(_OPEN[ch], 0) + 1
                if _OPEN[ch] in ("dq", "book", "corner"):
                    seen_quote = True
            elif ch in _CLOSE:
                k = _CLOSE[ch]
                if depth.get(k, 0) > 0:
                    depth[k] -= 1
            elif ch == '"':
                straight_dq = not straight_dq
                seen_quote = True
            elif ch == "*":
                italic = not italic
            else:  # ":" or "："
                seen_colon = True
        # the counts are shown capped (periods=4 means four or more), so they stop there
        periods += info.period and periods < 4
        segment += info.segment and segment < 8
        commas += info.comma and commas < 6
        if info.state_chars:
            inside = (*[_IN[k] for k, v in depth.items() if v > 0], *(("in=dq",) if straight_dq else ()),
                      *(("in=italic",) if italic else ()))
        if info.state_chars or info.year > seen_year or info.url > seen_url:
            seen_year = seen_year or info.year
            seen_url = seen_url or info.url
            seen = tuple(name for name, on in (("seen_year", seen_year), ("seen_colon", seen_colon),
                                               ("seen_quote", seen_quote), ("seen_url", seen_url),
                                               ("seq_cjk", has_cjk)) if on)
        prev_trail = info.trail
        prev_end = tok.end
    return feats
