"""English–Chinese pairs in a brief: find every Chinese run, then the English it glosses or is glossed by.

Patterns (each with table-driven cases in ``tests/test_terms_patterns.py``): ``English (中文)``,
``“English” (中文)``, ``English [中文]``, ``English (中文, ABBR)`` and ``(ABBR; 中文)``, ``中文 (English)``,
``English (pinyin; 中文)`` and ``(中文, pinyin)``, ``中文 (pinyin, “English”)``, ``English/中文`` and
``中文/English``, ``中文, meaning “English”`` (the gloss in the next clause) and ``English, or 中文,``,
``English 中文`` inside a note's title, ``"Title" [中文]`` and ``“中文” [English]``, ``《中文》``,
full-width ``（）``. Quotes around either side are dropped; the Chinese is kept as printed (radical code
points too) with a normalised form for matching.

The English side's left edge comes from the text's own signals (quotes, italics, a run of capitalised
words) and, for lower-case glosses, from alignment with the Chinese (``terms.align``: a lexicon of policy
vocabulary, CC-CEDICT, pinyin, digits), never from a fixed word count; an unsure edge keeps the longer
candidate and lists the shorter one in ``variants``. A pair inside a citation (a note, a footnote left in
the body, a reference list, a parenthetical source) is a cited ``title`` or ``outlet``, never a ``term``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from briefparse.records import Document, Endnote
from briefparse.segments import Segmentation
from briefparse.terms import citation_context as cite
from briefparse.terms.align import aligned, coverage, covered, left_edge, left_stops, right_edge, verb_only
from briefparse.text import vocab
from briefparse.text.normalize import HAN, is_han, syllables

__all__ = ["CALL_RE", "PairHit", "Unit", "covered", "coverage", "find_pairs", "is_person", "reading_units", "zh_runs"]

# ---------------------------------------------------------------- reading units

# a note call: superscript digits (¹²,³), ^{4,5} or ^4, [3] or [3–5]. Written as its first character, then
# the rest of the alternative that character starts (told apart by a lookbehind): the same matches as
# (?:[⁰-⁹]+(?:[,，‚]\s?[⁰-⁹]+)*|\^\{[^{}\n]{1,40}\}|\^\d{1,4}|\[\d{1,3}(?:[,–\-]\s?\d{1,3})*\]), but the regex
# engine can skip ahead to those characters instead of trying every alternative at every position
CALL_RE = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹\^\[](?:(?<=[⁰¹²³⁴⁵⁶⁷⁸⁹])[⁰¹²³⁴⁵⁶⁷⁸⁹]*(?:[,，‚]\s?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*"
                     r"|(?<=\^)\{[^{}\n]{1,40}\}|(?<=\^)\d{1,4}|(?<=\[)\d{1,3}(?:[,–\-]\s?\d{1,3})*\])")
_NOTE_LABEL = re.compile(r"\s*\[?(\d{1,4})[.)\]]?\s+")
SKIP_KINDS = {"furniture", "notes_heading"}


@dataclass(frozen=True)
class Unit:
    """A block as the term finder reads it: content span (note label skipped) and where it is.

    ``citation`` says the block is a footnote or reference entry even though it sits in the body (a PDF
    whose footnotes stayed in the text, a reference list without a recognised heading).
    """

    start: int
    end: int
    kind: str
    where: str  # body | endnote N | back_matter
    note: int | None = None
    citation: bool = False


@dataclass
class PairHit:
    """One occurrence of an English–Chinese pair before deduplication."""

    en: str
    zh: str
    abbr: str | None
    type: str
    where: str
    start: int
    end: int
    pattern: str
    variants: list[str] = field(default_factory=list)  # shorter English edges when the edge is unsure


def note_number_at(offset: int, endnotes: list[Endnote]) -> int | None:
    """The parsed endnote holding ``offset``, if the endnotes stage gave spans."""
    for n in endnotes:
        if n.start <= offset < max(n.end, n.start + 1):
            return n.n
    return None


def reading_units(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> list[Unit]:
    """Every block as a Unit, with ``endnote N`` for notes (label from the text or the endnotes)."""
    units: list[Unit] = []
    text = doc.text
    for b in seg.blocks:
        if b.kind in SKIP_KINDS or b.end <= b.start:
            continue
        region = seg.regions.where(b.start)
        start, note = b.start, None
        citation = False
        if region == "endnote" or b.kind in ("note", "footnote"):
            m = _NOTE_LABEL.match(text, b.start, b.end)
            if m and b.kind in ("note", "footnote"):
                note, start = int(m.group(1)), m.end()
            if note is None:
                note = note_number_at(b.start, endnotes)
            where = f"endnote {note}" if note is not None else "endnote"
        else:
            where = "back_matter" if region == "back_matter" else "body"
            citation = b.kind in ("paragraph", "list_item") and cite.block_is_citation(text[b.start:b.end])
        units.append(Unit(start, b.end, b.kind, where, note, citation))
    return units


# ---------------------------------------------------------------- Chinese runs

_BRIDGE = set(" \t0123456789\"“”'‘’()（）《》「」『』〈〉【】、，：；·—–-%.")
_OPENERS = set("《「『〈【“\"‘")
_CLOSERS = {"》": "《", "」": "「", "』": "『", "〉": "〈", "】": "【", "”": "“", "’": "‘", "）": "（", ")": "("}
_HAN_RE = re.compile(f"[{HAN}]")


def zh_runs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Maximal spans of Chinese in ``text[lo:hi]``, bridging spaces, digits and quotes between characters."""
    runs: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        m = _HAN_RE.search(text, i, hi)
        if not m:
            break
        s = m.start()
        # openers and digits glued to the first character belong to the run
        while s > lo and (text[s - 1] in _OPENERS or text[s - 1].isdigit()) and not text[s - 1].isspace():
            if text[s - 1] in "\"“‘" and s - 2 >= lo and text[s - 2].isalnum():
                break
            s -= 1
        # a Latin-and-digit name glued to the first character (5G+工业互联网), when a bracket or space opens it
        g = s
        while g > lo and text[g - 1].isascii() and (text[g - 1].isalnum() or text[g - 1] in "+-"):
            g -= 1
        if g < s and (g == lo or text[g - 1] in " (（“\"") and any(c.isdigit() for c in text[g:s]):
            s = g
        e = m.end()
        while e < hi:
            # walk over a bridge and see whether a Chinese character follows it
            j = e
            spaced = False
            while j < hi and (text[j] in _BRIDGE or (text[j].isascii() and text[j].isalpha())) and not is_han(text[j]):
                if text[j].isspace():
                    spaced = True
                if text[j] == "." and not (j + 1 < hi and text[j + 1].isdigit()):
                    break
                if text[j].isascii() and text[j].isalpha() and spaced:
                    break
                j += 1
            if j < hi and is_han(text[j]) and j - e <= 12:
                e = j + 1
                continue
            break
        # closing marks right after the last character, when they close something opened in the run,
        # and digits glued to it (中国制造2025」)
        while e < hi and text[e] == "+" and is_han(text[e - 1]):  # 互联网+
            e += 1
        while True:
            e0 = e
            while e < hi and text[e] in _CLOSERS or (e < hi and text[e] == '"' and text.count('"', s, e) % 2 == 1):
                opener = _CLOSERS.get(text[e], '"')
                if text[e] != '"' and text.count(opener, s, e) <= text.count(text[e], s, e):
                    break
                e += 1
            while e < hi and text[e].isdigit():
                e += 1
            year = re.match(r" \d{1,4}(?=[)）\]】」』”])", text[e:min(hi, e + 7)])
            if year:  # 中国制造 2025)
                e += year.end()
            if e == e0:
                break
        runs.append((s, e))
        i = e
    return runs


def clean_zh(zh: str) -> str:
    """The Chinese side as printed, minus quotes around it (“”, "", ‘’, 「」, 『』), unbalanced quotes and 《》."""
    z = zh.strip()
    for _ in range(3):
        if z.count('"') % 2 == 1:
            if z.endswith('"'):
                z = z[:-1].rstrip()
            elif z.startswith('"'):
                z = z[1:].lstrip()
        if z.startswith("“") and "”" not in z:
            z = z[1:].lstrip()
        if z.endswith("”") and "“" not in z:
            z = z[:-1].rstrip()
        for o, c in _QUOTE_PAIRS:
            if len(z) > 2 and z.startswith(o) and z.endswith(c) and z.count(o) == z.count(c) == (2 if o == c else 1):
                z = z[1:-1].strip()
    if z.startswith("《") and z.endswith("》") and z.count("《") == 1:
        z = z[1:-1].strip()
    return z


_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("‘", "’"), ("「", "」"), ("『", "』"))


# ---------------------------------------------------------------- the English side

CONNECTORS = vocab.words("term_name_connectors.tsv")
SENTENCE_WORDS = vocab.words("term_sentence_words.tsv")
LEFT_STOP = left_stops()
_ABBR_DOTTED = re.compile(r"^(?:[A-Z]\.){2,}$|^(?:Co|Ltd|Inc|Corp|St|Dr|Jr|Sr|No|Nos)\.$")
_TERMINAL = re.compile(r"[.!?:;\"”)\]]\s*$")
_QUOTES = {"”": "“", '"': '"', "*": "*", "’": "‘", "」": "「", "》": "《", "'": "'"}


def strip_calls(s: str) -> str:
    """Remove note calls (superscripts, ``^{…}``) from a span."""
    return CALL_RE.sub("", s)


def _rstrip_calls(text: str, lo: int, p: int) -> int:
    """Move ``p`` left over spaces and note calls glued before it."""
    while p > lo:
        q = p
        while q > lo and text[q - 1].isspace():
            q -= 1
        m = None
        for m2 in CALL_RE.finditer(text, max(lo, q - 45), q):
            if m2.end() == q:
                m = m2
        if m is not None:
            p = m.start()
            continue
        return q
    return p


def _opening_quote(text: str, lo: int, e: int, close: str) -> int:
    """Where the quotation closed at ``e - 1`` opens (-1 if it does not): apostrophes are not quotes."""
    opener = _QUOTES[close]
    if opener not in "'‘":
        return text.rfind(opener, max(lo, e - 420), e - 1)
    for o in range(e - 2, max(lo, e - 420) - 1, -1):
        if text[o] == opener and (o == lo or not text[o - 1].isalnum()) and o + 1 < e and text[o + 1].isalnum():
            return o
    return -1


def quoted_before(text: str, lo: int, p: int) -> tuple[str, int] | None:
    """Content of a quotation or *italic* ending right before ``p``: (content, content start)."""
    e = _rstrip_calls(text, lo, p)
    if e <= lo:
        return None
    close = text[e - 1]
    if close not in _QUOTES or (close in "'’" and (e - 2 < lo or not re.match(r"[\w.,!?]", text[e - 2]))):
        return None
    o = _opening_quote(text, lo, e, close)
    if o < 0:
        return None
    content = text[o + 1:e - 1]
    if not re.search(r"[A-Za-z]{2}", content) or _HAN_RE.search(content) or len(content) > 400:
        return None
    content = re.sub(r"[,.;:]+$", "", content.strip())
    return (content, o + 1) if content else None


def near(text: str, lo: int, p: int, size: int = 600) -> int:
    """Where to start reading back from ``p``: ``lo``, or a word start about ``size`` characters back (a gloss
    is never longer), so every look-back is bounded and long paragraphs stay linear."""
    if p - lo <= size:
        return lo
    w = p - size
    while w < p and not text[w - 1].isspace():
        w += 1
    return w


def _tokens(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text[lo:hi])]


def capitalised_run(text: str, lo: int, p: int, zh: str = "") -> tuple[str, int, bool] | None:
    """The run of capitalised words (joined by of/the/and…) ending before ``p``.

    Numbers stay in the run when the Chinese prints them too (``863 Program`` for 863计划). Returns
    (english, start, reached_lo): ``reached_lo`` says the run ran into the block start, so it may
    continue at the end of a block split from this one.
    """
    e = _rstrip_calls(text, lo, p)
    w = near(text, lo, e)
    toks = [(a + w - lo, b + w - lo, t) for a, b, t in _tokens(text, w, e)]
    picked: list[tuple[int, int, str]] = []
    reached = w == lo
    for k in range(len(toks) - 1, -1, -1):
        a, b, tok = toks[k]
        core = tok.strip("*")
        if k < len(toks) - 1 or core != tok:
            if re.search(r"[,;:!?)\]”\"’]$", core) or (core.endswith(".") and not _ABBR_DOTTED.match(core)):
                reached = False
                break
        elif core.endswith(".") and not _ABBR_DOTTED.match(core):
            reached = False
            break
        lead = len(core) - len(core.lstrip("\"“‘([*"))
        word = core[lead:]
        if not word:
            reached = False
            break
        if word[0].isupper() or word[0].isdigit() or word in CONNECTORS:
            picked.append((lo + a + (tok.find(core) + lead), lo + b, word))
            if lead:
                reached = False
                break
            continue
        reached = False
        break
    picked.reverse()
    while picked and (picked[0][2] in CONNECTORS or picked[0][2] in SENTENCE_WORDS
                      or (picked[0][2][:1].isdigit() and not (zh and (aligned(picked[0][2], zh)
                                                                       or picked[0][2] in zh)))):
        picked.pop(0)
    if not picked or not any(w[0].isupper() for _, _, w in picked):
        return None
    start = picked[0][0]
    en = text[start:picked[-1][1]]
    return strip_calls(en).strip("*"), start, reached and picked[0][0] == lo + toks[0][0] if toks else False


def aligned_gloss(text: str, lo: int, p: int, zh: str) -> tuple[str, int, list[str]] | None:
    """A lower-case English gloss before ``p``, its left edge found by alignment with ``zh``.

    Returns (english, start, variants): when the edge is unsure the longer candidate is the English and
    the shorter one its variant.
    """
    e = _rstrip_calls(text, lo, p)
    w = near(text, lo, e)
    toks = [(a + w - lo, b + w - lo, t) for a, b, t in _tokens(text, w, e)][-40:]
    if not toks:
        return None
    edge = left_edge([t for _, _, t in toks], zh)
    if edge is None:
        return None
    end = lo + toks[-1][1]

    def span(k: int) -> tuple[str, int]:
        a = lo + toks[k][0]
        while a < end and text[a] in "\"“‘*":
            a += 1
        return strip_calls(text[a:end]).strip("\"“”‘’*").strip(), a

    en, start = span(edge.first if edge.longer is None else edge.longer)
    variants = [span(edge.first)[0]] if edge.longer is not None else []
    return en, start, variants


def extend_aligned(text: str, lo: int, start: int, zh: str, name: str = "") -> int:
    """Move a name's left edge over words that translate characters the name leaves uncovered, across small
    words between them: ``important thought of the | Three Represents`` (三个代表重要思想), ``China's national |
    S&T Yearbooks``; never over a verb (``reported | People’s Daily``)."""
    w = near(text, lo, start, 300)
    toks = [(a + w - lo, b + w - lo, t) for a, b, t in _tokens(text, w, start)][-12:]
    seen: set[int] = set()
    for word in name.split():
        seen |= aligned(word, zh)
    new = start
    pending = 0
    for k in range(len(toks) - 1, -1, -1):
        a, _b, tok = toks[k]
        if not re.fullmatch(r"[A-Za-z][A-Za-z&'’\-]*", tok):
            break
        low = tok.lower()
        got = aligned(tok, zh)
        if got - seen and low not in ("the", "a", "an") and not verb_only(low):
            seen |= got
            new, pending = lo + a, 0
            continue
        if low in ("of", "the", "and", "to", "for", "in", "on") and pending < 2:
            pending += 1
            continue
        break
    return new


def drop_sentence_head(text: str, lo: int, en: str, start: int, zh: str) -> tuple[str, int]:
    """``Command of the | People’s Armed Police``: a sentence's first word that the Chinese does not translate,
    with the small words after it, is not part of a name that the rest spells out."""
    pre = text[max(lo, start - 8):start]
    if not ((start - lo <= 8 and not pre.strip()) or re.search(r"[.!?][”\"’]?\s+$", pre)):
        return en, start
    m = re.match(r"(\S+)\s+((?:(?:of|the|for|on|in)\s+)+)(\S.*)$", en)
    if not m or covered(m.group(1), zh) or coverage(m.group(3), zh) < 0.5:
        return en, start
    return m.group(3), start + m.start(3)


_QUOTED_THEN_WORDS = re.compile(r"(?:[“\"‘]|(?<![\w’'])')([^“”\"‘’\n]{2,200})(?:[”\"’]|'(?!\w))\s+"
                                r"((?:[a-z][\w\-]*\s+)?[a-z][\w\-]*)$")


def quoted_then_words(text: str, lo: int, p: int, zh: str) -> tuple[str, int] | None:
    """``"Quoted phrase" collaborations (中文)``: the quoted phrase, plus trailing words the Chinese covers."""
    e = _rstrip_calls(text, lo, p)
    w = near(text, lo, e)
    m = _QUOTED_THEN_WORDS.search(text[w:e])
    if not m:
        return None
    q = re.sub(r"[,.;:]+$", "", m.group(1).strip())
    words = m.group(2).split()
    quoted: set[int] = set()
    for word in q.split():
        quoted |= aligned(word, zh)
    if words and all(aligned(w, zh) - quoted for w in words):
        q = q + " " + " ".join(words)
    return q, w + m.start(1)


def trim_english(en: str, zh: str, body: bool) -> str:
    """Drop leading sentence words, uncovered possessives and (in the body) a leading 'The'."""
    toks = en.split()
    while len(toks) > 1 and (toks[0] in SENTENCE_WORDS or (body and toks[0] in ("The", "the"))):
        toks.pop(0)
    while len(toks) > 1 and re.search(r"['’]s$", toks[0]) and not covered(toks[0], zh):
        toks.pop(0)
    return " ".join(toks)


def balance_title(en: str) -> str:
    """A title as printed between its quotes, stray closing quotes dropped (``Fund""`` → ``Fund``)."""
    t = en.strip().strip("*").strip()
    if t[:1] in "\"“":
        t = t[1:]
    t = t.rstrip()
    for _ in range(3):
        if t.count('"') % 2 == 1 and t.endswith('"'):
            t = t[:-1].rstrip()
        elif t.endswith('""'):
            t = t[:-2].rstrip()
        elif t.endswith("”") and t.count("“") < t.count("”"):
            t = t[:-1].rstrip()
        t = re.sub(r"[,.;:/|]+$", "", t).rstrip()
    return t


def title_before(text: str, lo: int, run_start: int) -> tuple[str, int] | None:
    """The English title printed before a Chinese title inside a note (``"English 中文,"``)."""
    region = text[lo:run_start]
    opens = [m.start() for m in re.finditer(r"[\"“]", region)
             if m.start() == 0 or re.search(r"(?:[,.;:]\s|\bin\s|[(\[]|^\s*|^\s*\[?\d{1,3}[.)\]]?\s*)$",
                                            region[:m.start()])]
    if opens:
        left = opens[-1]
    else:
        cuts = [m.end() for m in re.finditer(r"[,.;:]\s|\)\s*,?\s", region)]
        left = cuts[-1] if cuts else 0
    raw = region[left:]
    if not re.search(r"[A-Za-z]{2}", raw):
        return None
    en = balance_title(strip_calls(raw))
    if not re.search(r"[A-Za-z]{2}", en):
        return None
    return en, lo + left + (1 if raw[:1] in "\"“" else 0)


# ---------------------------------------------------------------- pinyin and the parts of a parenthesis

_PINYIN_SYLLABLE = (r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|"
                    r"van|ai|ei|ao|ou|an|en|er|in|un|vn|ia|ie|iu|ua|uo|ue|ve|ui|a|o|e|i|u|v)r?)")
_PINYIN_WORD = re.compile(f"^{_PINYIN_SYLLABLE}+$")


def _toneless(s: str) -> str:
    t = unicodedata.normalize("NFD", s.replace("ü", "v").replace("Ü", "v"))
    return "".join(c for c in t if not unicodedata.combining(c)).lower()


def is_pinyin(part: str, zh: str) -> bool:
    """``qianren jihua`` for 千人计划: the part spells the term's pinyin (or is pinyin of about its length)."""
    p = _toneless(part.strip().strip("\"“”‘’'"))
    words = re.findall(r"[a-z]+", p)
    if not words or re.search(r"[^a-z\s'’\-]", p):
        return False
    joined = "".join(words)
    syl = syllables(zh)
    if joined == "".join(r[0] for r in syl if r):
        return True
    n_han = len(syl)
    return all(_PINYIN_WORD.match(w) for w in words) and abs(_count_syllables(joined) - n_han) <= 1 and n_han > 0


def _count_syllables(s: str) -> int:
    return len(re.findall(_PINYIN_SYLLABLE, s))


@lru_cache(maxsize=1)
def _language_label() -> re.Pattern[str]:
    labels = sorted(vocab.words("term_language_labels.tsv"), key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(x) for x in labels) + rf")(?:\s*[:：,.]\s*|\s+(?=[{HAN}])|$)", re.I)


def strip_language_label(part: str) -> str:
    """``Chinese: 中央国家安全委员会`` → ``中央国家安全委员会``; a part that is only ``in Chinese`` → empty."""
    return _language_label().sub("", part.strip(), count=1).strip()


def split_parts(inner: str) -> list[str]:
    """The parts of a parenthesis split at commas and semicolons that are not inside quotes."""
    parts: list[str] = []
    depth = 0
    cur = ""
    for ch in inner:
        if ch in "“‘「『":
            depth += 1
        elif ch in "”’」』" and depth:
            depth -= 1
        elif ch == '"':
            depth = 0 if depth else 1
        if ch in ",;，；" and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


@lru_cache(maxsize=1)
def _cues() -> tuple[str, ...]:
    return tuple(sorted(vocab.words("term_gloss_cues.tsv"), key=len, reverse=True))


def strip_cue(s: str) -> str:
    """``literally “let it rot”`` → ``let it rot``: a gloss cue and the quotes around the English dropped."""
    t = s.strip()
    low = t.lower()
    for cue in _cues():
        if low.startswith(cue + " ") or low.startswith(cue + ",") or (cue.endswith((".", ",")) and low.startswith(cue)):
            t = t[len(cue):].lstrip(" ,:")
            break
    t = t.strip()
    for o, c in (("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'")):
        if len(t) > 2 and t.startswith(o) and t.endswith(c):
            t = t[1:-1].strip()
    return re.sub(r"[,.;:]+$", "", t).strip()


# ---------------------------------------------------------------- types

@lru_cache(maxsize=4096)
def is_person(en: str, zh: str) -> bool:
    """``Jun Zhang`` / ``Zhang Jun`` and 张军: the romanisation spells the Chinese name's pinyin."""
    toks = re.findall(r"[A-Za-zÜü]+(?:[-'][A-Za-zÜü]+)*", en)
    if not 2 <= len(toks) <= 3 or not all(t[0].isupper() for t in toks):
        return False
    z = zh.strip()
    if not 2 <= len(z) <= 4 or not all(is_han(c) for c in z):
        return False
    joined = re.sub(r"[-']", "", "".join(toks)).lower().replace("ü", "v")
    readings = syllables(z, heteronyms=True)
    for combo in itertools.islice(itertools.product(*readings), 256):
        for sl in (1, 2):
            if len(combo) <= sl:
                continue
            sur, given = "".join(combo[:sl]), "".join(combo[sl:])
            for cand in (given + sur, sur + given):
                if joined in (cand, cand.replace("v", "u")):
                    return True
    return False


def person_tail(text: str, en: str, start: int, p: int, zh: str) -> tuple[str, int]:
    """``Premier Li Qiang (李强)``: keep only the romanised name when a title stands before it."""
    words = en.split()
    if len(words) < 3 or is_person(en, zh):
        return en, start
    for k in (2, 3):
        tail = " ".join(words[-k:])
        if k < len(words) and is_person(tail, zh):
            at = text.rfind(tail, start, p)
            return tail, at if at >= 0 else start
    return en, start


ORG_SUFFIX = tuple(vocab.words("term_org_suffixes_zh.tsv"))
OUTLET_ZH = tuple(vocab.words("term_outlet_suffixes_zh.tsv"))
OUTLET_EN = vocab.words("term_outlet_words_en.tsv")
ORG_HEADS_EN = vocab.words("term_org_heads_en.tsv")
_DATA_CUE = re.compile(r"\b(?:data\s+(?:source|sources|are|is|come|comes|from|were|was)|sourced\s+from|source:|"
                       r"statistics\s+from|compiled\s+from|drawn\s+from)", re.I)
_DATA_EN = re.compile(r"\b(?:Yearbooks?|Census|Survey|Database|Statistical\s+Bulletin|Data\s*set)\b", re.I)


def _last_word(en: str) -> str:
    return en.split()[-1].strip("*\"”’").lower() if en.split() else ""


def _looks_outlet(en: str, zh: str, name: bool = False) -> bool:
    """A newspaper, agency, website or journal by its Chinese ending (日报) or English words (Daily, Journal of);
    with ``name``, only a capitalised English counts (``cybersecurity review`` is no *Review*)."""
    if name and not en[:1].isupper():
        return False
    first = en.split()[0].strip("*\"“").lower() if en.split() else ""
    return zh.endswith(OUTLET_ZH) or _last_word(en) in OUTLET_EN or first == "journal"


def _looks_organisation(en: str, zh: str) -> bool:
    """A name (capitalised English) that ends like an organisation: 委员会, 部 / Commission, Police."""
    words = en.split()
    if not words or not all(w[:1].isupper() or w[:1].isdigit() or w in CONNECTORS for w in words):
        return False
    if re.match(r"\d+(?:st|nd|rd|th)$", words[0]):
        return False  # the 20th Party Congress is a meeting, not a body
    return zh.endswith(ORG_SUFFIX) or _last_word(en) in ORG_HEADS_EN


def cited_type(en: str, zh: str, quoted: bool, after: str, before: str = "") -> str:
    """The type of a pair found inside a citation: person, or a cited title, or the outlet that published it.

    A quoted or bracketed English, or a 《》 Chinese, is the cited work's title; an unquoted name that a
    quoted title follows or precedes, or that reads as a newspaper, agency, journal, press or organisation,
    is its outlet; any other unquoted name is a title (a book).
    """
    if is_person(en, zh):
        return "person"
    if quoted or zh.startswith("《"):
        return "title"
    if re.match(r"\s*[,.:]?\s*[“\"《]", after) or re.search(r"[”\"》]", before):
        return "outlet"
    return "outlet" if _looks_outlet(en, zh) or _looks_organisation(en, zh) else "title"


def classify(en: str, zh: str, pattern: str, unit: Unit, text: str, en_start: int, after: str,
             italic: bool, quoted: bool = False) -> str:
    """term | title | outlet | person | organisation | journal | data_source for one occurrence."""
    if is_person(en, zh):
        return "person"
    if pattern == "title" or (zh.startswith("《") and zh.endswith("》")):
        return "title"
    in_note = unit.note is not None or unit.where.startswith("endnote")
    if pattern == "bracket" and in_note:
        return "title"
    before = text[near(text, unit.start, en_start, 1000):en_start]
    sentence_before = re.split(r"(?<=[.;!?])\s", before)[-1]
    if _DATA_CUE.search(sentence_before) or _DATA_EN.search(en):
        return "data_source"
    if in_note:
        if pattern == "paren" and re.match(r"[,.]?[\"”](?:\s|$)", after):
            return "title"
        if italic and re.match(r"\s*,?\s*(?:\d+\s*(?:[,(:]|no\.)|(?:vol|no)\.)", after, re.I):
            return "journal"
        if quoted and pattern == "paren" and not re.search(r"[\"“]", before):
            return "title"
        if re.search(r"[\"“]", before):
            return "outlet"
        return "organisation" if zh.endswith(ORG_SUFFIX) or en[:1].isupper() else "term"
    if _looks_outlet(en, zh, name=True):
        return "outlet"
    if _looks_organisation(en, zh):
        return "organisation"
    return "term"


def citation_text(text: str, unit: Unit, pos: int) -> str:
    """The citation a pair at ``pos`` belongs to: its footnote block, or the parenthesis citing a source."""
    if unit.citation:
        return text[unit.start:unit.end]
    o = cite.enclosing_parenthesis(text, unit.start, pos)
    if o is None:
        return text[unit.start:unit.end]
    close = text.find(")", pos, unit.end)
    return text[o + 1:close if close > 0 else unit.end]


def in_citation(text: str, unit: Unit, start: int, end: int) -> bool:
    """The pair ``text[start:end]`` sits in a citation printed in the body: a footnote block or a cited source."""
    if unit.citation:
        return True
    if unit.where.startswith("endnote"):
        return False
    return cite.in_parenthetical_source(text, unit.start, unit.end, start, end) or \
        cite.after_see(text, unit.start, start, end, unit.end)


# ---------------------------------------------------------------- the finder

_ABBR_PART = re.compile(r"^(?:[A-Z][A-Za-z0-9&.\-]*[A-Z0-9.]s?|[A-Z]{2,}s?)$")
_AUTHOR_BEFORE = re.compile(r"(?:^|[.;]\s+|^\s*\[?\d{1,3}[.)\]]?\s+)([A-Z][A-Za-z’'\-]+,\s+[A-Z][A-Za-z’'.\-]+"
                            r"(?:\s+[A-Z][A-Za-z’'.\-]+)?)\s*$")
_ENGLISH_FIRST_CUE = re.compile(r",\s*(?:or|known\s+(?:in\s+Chinese\s+)?as|in\s+Chinese|called)\s+$", re.I)


def _is_abbr(s: str) -> bool:
    return bool(_ABBR_PART.match(s)) and sum(c.isupper() for c in s) >= 2 and len(s) <= 12


def _closing(text: str, open_at: int, hi: int, limit: int = 400) -> int | None:
    """Index of the bracket closing the one at ``open_at`` (same kind, nesting counted), else None."""
    o = text[open_at]
    c = {"(": ")", "（": "）", "[": "]", "【": "】"}[o]
    depth = 0
    for i in range(open_at, min(hi, open_at + limit)):
        if text[i] in (o, "(" if o == "（" else "（" if o == "(" else o):
            depth += 1
        elif text[i] in (c, ")" if c == "）" else "）" if c == ")" else c):
            depth -= 1
            if depth == 0:
                return i
    return None


def _enclosing_paren(text: str, lo: int, hi: int, s: int, e: int,
                     zh: str) -> tuple[int, int, str | None, list[str]] | None:
    """If the run ``[s, e)`` is one part of a parenthesis whose other parts are an abbreviation, pinyin or a
    literal rendering (``(MIIT; 工业和信息化部)``, ``(qianren jihua, 千人计划)``, ``(内卷, neijuan)``,
    ``(超限战, literally “warfare beyond bounds”)``): the paren span, abbreviation and literal renderings."""
    o = cite.enclosing_parenthesis(text, max(lo, s - 80), s, "([【（")
    if o is None:
        return None
    close = _closing(text, o, hi, 200)
    if close is None or close < e:
        return None
    run = text[s:e].strip()
    abbr = None
    found = False
    literal: list[str] = []
    for part in split_parts(text[o + 1:close]):
        part = strip_language_label(part)
        if not part:
            continue
        if part == run or clean_zh(part) == clean_zh(run) or (part.startswith(run) and is_pinyin(part[len(run):], zh)):
            found = True
        elif _is_abbr(part):
            abbr = abbr or part
        elif is_pinyin(part, zh) or re.match(r"(?:or|also|aka)\s+[“\"‘]", part):
            continue
        elif found and re.match(r"(?:lit\.|literally|meaning)[,:]?\s+[“\"‘']", part, re.I):
            literal.append(strip_cue(part))
        else:
            return None
    return (o, close + 1, abbr, literal) if found else None


def _previous_text_unit(units: list[Unit], idx: int, text: str) -> Unit | None:
    """The paragraph a block continues when a page break or figure split a sentence across them."""
    for j in range(idx - 1, -1, -1):
        u = units[j]
        if u.kind in ("caption", "caption_label", "table", "credit", "furniture") or not text[u.start:u.end].strip():
            continue
        if u.kind in ("paragraph", "list_item") and u.where == units[idx].where:
            tail = text[u.start:u.end].rstrip()
            return u if tail and not _TERMINAL.search(tail) and tail[-1].isalnum() else None
        return None
    return None


@dataclass(frozen=True)
class English:
    """The English side found before a Chinese gloss."""

    en: str
    start: int
    italic: bool = False
    quoted: bool = False
    variants: tuple[str, ...] = ()


def english_before(text: str, units: list[Unit], idx: int, p: int, zh: str) -> English | None:
    """The English a Chinese gloss at ``p`` (its opening bracket or slash) glosses."""
    u = units[idx]
    body = not u.where.startswith("endnote")
    q = quoted_before(text, u.start, p)
    if q:
        e = _rstrip_calls(text, u.start, p)
        return English(trim_english(q[0], zh, False), q[1], text[e - 1] == "*", text[e - 1] != "*")
    qw = quoted_then_words(text, u.start, p, zh)
    if qw:
        return English(qw[0], qw[1], False, True)
    cap = capitalised_run(text, u.start, p, zh)
    if cap:
        en, start, reached = cap
        prev = _previous_text_unit(units, idx, text) if reached and body else None
        more = capitalised_run(text, prev.start, prev.end) if prev is not None else None
        if more:
            en, start = more[0] + " " + en, more[1]
        else:
            wider = extend_aligned(text, u.start, start, zh, en)
            if wider < start:
                en, start = strip_calls(text[wider:_rstrip_calls(text, u.start, p)]).strip("*"), wider
        en = trim_english(en, zh, body)
        en, start = drop_sentence_head(text, u.start, en, start, zh)
        return English(en, start) if en else None
    low = aligned_gloss(text, u.start, p, zh)
    if low:
        en = trim_english(low[0], zh, body)
        return English(en, low[1], variants=tuple(v for v in low[2] if v != en)) if en else None
    return None


def find_pairs(doc: Document, seg: Segmentation, endnotes: list[Endnote],
               units: list[Unit] | None = None) -> list[PairHit]:
    """Every English–Chinese pair occurrence in the document, in text order (``units``: its
    :func:`reading_units`, when the caller has them already)."""
    text = doc.text
    units = mark_body_footnotes(text, reading_units(doc, seg, endnotes) if units is None else units)
    hits: list[PairHit] = []
    for idx, u in enumerate(units):
        prev_end = u.start
        for s, e in zh_runs(text, u.start, u.end):
            if s < prev_end:
                continue
            zh = clean_zh(text[s:e])
            if not _HAN_RE.search(zh):
                continue
            hit = _pair_for_run(text, units, idx, s, e, zh, prev_end)
            if hit is not None:
                hits.append(hit)
                prev_end = max(prev_end, hit.end)
            else:
                prev_end = max(prev_end, e)
    return hits


# a call glued to a word or its full stop: one to three digits, then a space or the end, right after a
# lower-case letter or closing punctuation (checked in Python: a regex starting with the digits skips ahead)
_GLUED_CALL = re.compile(r"(\d\d{0,2})(?=\s|$)")
_GLUED_AFTER = frozenset("abcdefghijklmnopqrstuvwxyz.,;:”\"’)")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_DIGITS = re.compile(r"\d+")


def _call_numbers(s: str) -> set[int]:
    """Note numbers that the calls in ``s`` point to (``¹²``, ``^{4,5}``, ``[3]``, digits glued to a word
    or its full stop as a PDF prints them: ``in 2020.3``)."""
    out: set[int] = set()
    for m in CALL_RE.finditer(s):
        out.update(int(d) for d in _DIGITS.findall(m.group().translate(_SUPERSCRIPTS)))
    out.update(int(m.group(1)) for m in _GLUED_CALL.finditer(s) if m.start() and s[m.start() - 1] in _GLUED_AFTER)
    return out


def mark_body_footnotes(text: str, units: list[Unit]) -> list[Unit]:
    """Body blocks that are footnotes or reference entries (a label a call pointed to, then a source).

    A footnote found so is where its number says (``endnote 12``), not body prose that glosses terms.
    """
    calls: set[int] = set()
    out: list[Unit] = []
    for u in units:
        block = text[u.start:u.end]
        m = re.match(r"\s*\[?(\d{1,3})\b", block)
        label = int(m.group(1)) if m else None
        if u.where in ("body", "back_matter") and u.kind in ("paragraph", "list_item") and not u.citation:
            if m and label in calls and cite.bibliographic_signals(block[m.end():]) >= 1:
                u = Unit(u.start, u.end, u.kind, f"endnote {label}", label, True)
        elif u.citation and not _citation_strong(block, calls):
            u = Unit(u.start, u.end, u.kind, u.where, u.note, False)
        elif u.citation and label is not None:
            u = Unit(u.start, u.end, u.kind, f"endnote {label}", label, True)
        if u.where == "body":
            calls |= _call_numbers(block)
        out.append(u)
    return out


def _citation_strong(block: str, calls: set[int]) -> bool:
    """A body block flagged by its shape alone stays a citation when its label was called or its signals are many."""
    m = re.match(r"\s*\[?(\d{1,3})\b", block)
    if m and int(m.group(1)) in calls:
        return True
    return cite.bibliographic_signals(block) >= 3 or bool(cite.AUTHOR_YEAR.match(block))


def _hit(text: str, u: Unit, en: English, zh: str, abbr: str | None, pattern: str, start: int, end: int,
         after: str) -> PairHit:
    """A pair with its type: a cited title or outlet inside a citation, else by its shape and words."""
    if in_citation(text, u, min(start, en.start), end):
        before = text[near(text, u.start, start):start]
        typ = cited_type(en.en, zh, en.quoted or pattern == "bracket_after", after, before)
        typ = cite.refine_cited_type(typ, en.en, citation_text(text, u, min(start, en.start)),
                                     en.quoted or pattern == "bracket_after")
    else:
        typ = classify(en.en, zh, pattern if pattern != "bracket_after" else "bracket", u, text, en.start, after,
                       en.italic, en.quoted)
    return PairHit(en.en, zh, abbr, typ, u.where, start, end, pattern, list(en.variants))


def _gloss_inside(text: str, u: Unit, e: int, zh: str) -> tuple[English, int] | None:
    """``中文 (English)``, ``中文 (pinyin, “English”)``, ``中文 (lit. “English”)``, ``“中文” [English]``."""
    m = re.match(r"\s*([(（\[])", text[e:u.end])
    if not m:
        return None
    o = e + m.start(1)
    close = _closing(text, o, u.end)
    if close is None:
        return None
    inner = text[o + 1:close]
    if _HAN_RE.search(inner) or not re.search(r"[A-Za-z]{3}", inner):
        return None
    parts = split_parts(inner)
    for k, part in enumerate(parts):
        if is_pinyin(part, zh) or _is_abbr(part):
            continue
        quoted = bool(re.match(r"(?:[A-Za-z.]+\s+)*[“\"‘']", part))
        raw = part if quoted else ", ".join(x for x in parts[k:] if not is_pinyin(x, zh) and not _is_abbr(x))
        en = balance_title(strip_cue(raw))
        en = en if quoted else re.sub(r"^(?:the|a|an)\s+", "", en)
        if re.fullmatch(r"[\d\s,./\-–]+", en) or not re.search(r"[A-Za-z]{3}", en) or _is_abbr(en):
            return None
        at = text.find(en, o, close)
        return English(en, at if at >= 0 else o + 1, quoted=quoted or text[o] == "["), close + 1
    return None


def _gloss_after_pinyin(text: str, u: Unit, s: int, e: int, zh: str) -> tuple[English, int] | None:
    """``*guanxi* (关系, personal connections)``: pinyin before the parenthesis, the English inside it after the
    Chinese."""
    o = cite.enclosing_parenthesis(text, max(u.start, s - 4), s)
    if o is None or text[o + 1:s].strip():
        return None
    before = _tokens(text, u.start, o)[-4:]
    if not any(is_pinyin(" ".join(t for _, _, t in before[k:]).strip("*_"), zh) for k in range(len(before))):
        return None
    close = _closing(text, o, u.end, 200)
    m = re.match(r"\s*[,;，；:]\s*", text[e:close or e])
    if close is None or not m:
        return None
    raw = text[e + m.end():close]
    en = re.sub(r"^(?:the|a|an)\s+", "", strip_cue(raw))
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9&'’\- ,]*", en) or is_pinyin(en, zh) or _is_abbr(en):
        return None
    at = text.find(en, e, close)
    return English(en, at if at >= 0 else e + m.end(), quoted=raw.strip()[:1] in "“\"‘"), close + 1


def _gloss_next_clause(text: str, u: Unit, s: int, e: int, zh: str) -> tuple[English, int] | None:
    """The gloss in the next clause: ``共同富裕, meaning “common prosperity,”``, ``斗争精神, or the spirit of
    struggle,``, ``卡脖子 — literally “…” —``, ``translate 国家队 as “national team”``."""
    rest = text[e:u.end]
    translated = re.search(r"\b(?:translat\w*|render\w*|gloss\w*)\s+$", text[max(u.start, s - 30):s])
    m = re.match(r"\s+as\s+", rest) if translated else None
    m = m or re.match(r"\s*(,|:|—|–|\s-\s)\s*|\s+(?=or\s)", rest)
    if not m:
        return None
    tail = rest[m.end():]
    cue = "as" if translated else next((c for c in _cues() if tail.lower().startswith(c + " ")), None)
    if not translated and not m.group(1) and cue != "or":
        return None
    body = tail[len(cue):].lstrip(" ,:") if cue and not translated else tail
    at = e + m.end() + (len(tail) - len(body))
    q = re.match(r"[“\"‘]([^”\"’\n]{2,160}?)[,.]?[”\"’]", body)
    if q:
        en = re.sub(r"[,.;:]+$", "", q.group(1).strip())
        if cue is None and (m.group(1) == "," or coverage(en, zh) == 0):
            return None
        return English(en, at + 1, quoted=True), at + q.end()
    if cue is None:
        return None
    w = re.match(r"(?:the\s+|a\s+|an\s+)?([A-Za-z][A-Za-z&'’\-]*(?:\s+[A-Za-z][A-Za-z&'’\-]*){0,7})(?=\s*[,.;:)—–]|$)",
                 body)
    if not w or coverage(w.group(1), zh) == 0:
        return None
    return English(w.group(1), at + w.start(1)), at + w.end(1)


def _gloss_after_slash(text: str, u: Unit, e: int, zh: str) -> tuple[English, int] | None:
    """``双碳/dual carbon``, ``习近平思想 / Xi Jinping Thought``: the English after a slash."""
    m = re.match(r" ?/ ?", text[e:u.end])
    if not m:
        return None
    a = e + m.end()
    toks = _tokens(text, a, u.end)[:10]
    if not toks:
        return None
    caps: list[tuple[int, int, str]] = []
    for _s, _e, tok in toks:
        word = tok.rstrip(",.;:)")
        if word[:1].isupper() or word[:1].isdigit() or (caps and word in CONNECTORS):
            caps.append((_s, _e, word))
            if word != tok:
                break
            continue
        break
    while caps and caps[-1][2] in CONNECTORS:
        caps.pop()
    if caps:
        end = a + caps[-1][0] + len(caps[-1][2])
        return English(text[a:end], a), end
    last = right_edge([t for _, _, t in toks], zh)
    if last is None:
        return None
    end = a + toks[last][0] + len(toks[last][2].rstrip(",.;:)"))
    return English(text[a:end], a), end


def _pair_for_run(text: str, units: list[Unit], idx: int, s: int, e: int, zh: str, prev_end: int) -> PairHit | None:
    """Decide the pattern of one Chinese run and build its pair (None when no English goes with it)."""
    u = units[idx]
    in_note = u.where.startswith("endnote")
    paren = _enclosing_paren(text, u.start, u.end, s, e, zh)
    bracket = s > u.start and text[s - 1] in "[【" and e < u.end and text[e] in "]】"
    if paren:
        p, close, abbr, literal = paren
        found = english_before(text, units, idx, p, zh)
        if not found or found.start < prev_end and found.start >= u.start:
            return None
        en, start = person_tail(text, found.en, found.start, p, zh)
        found = English(en, start, found.italic, found.quoted, (*found.variants, *literal))
        pattern = "bracket" if text[p] in "[【" else "paren"
        return _hit(text, u, found, zh, abbr, pattern, start, close, text[close:u.end])
    if bracket:
        found = english_before(text, units, idx, s - 1, zh)
        if not found:
            return None
        return _hit(text, u, found, zh, None, "bracket", found.start, e + 1, text[e + 1:u.end])
    romanised = _gloss_after_pinyin(text, u, s, e, zh)
    if romanised:
        gl, end = romanised
        return _hit(text, u, gl, zh, None, "pinyin_paren", gl.start, end, text[end:u.end])
    inside = _gloss_inside(text, u, e, zh)
    if inside:
        gl, end = inside
        pattern = "bracket_after" if text[e:end].lstrip()[:1] in "[【" else "after"
        return _hit(text, u, English(gl.en, s, quoted=gl.quoted), zh, None, pattern, s, end, text[end:u.end])
    slash_before = re.search(r"\S ?/ ?$", text[max(u.start, s - 3):s])
    if slash_before:
        p = s - len(slash_before.group()) + 1
        found = english_before(text, units, idx, p, zh)
        if found and (found.quoted or found.en[:1].isupper() or coverage(found.en, zh) > 0):
            return _hit(text, u, found, zh, None, "slash", found.start, e, text[e:u.end])
    slash_after = _gloss_after_slash(text, u, e, zh)
    if slash_after:
        gl, end = slash_after
        return _hit(text, u, English(gl.en, s), zh, None, "slash", s, end, text[end:u.end])
    clause = _gloss_next_clause(text, u, s, e, zh)
    if clause:
        gl, end = clause
        return _hit(text, u, English(gl.en, s, quoted=gl.quoted), zh, None, "clause", s, end, text[end:u.end])
    first = _ENGLISH_FIRST_CUE.search(text[max(u.start, s - 40):s])
    if first and re.match(r"\s*(?:[,.;:)]|$)", text[e:u.end]):
        p = max(u.start, s - 40) + first.start()
        found = english_before(text, units, idx, p, zh)
        if found and (found.quoted or coverage(found.en, zh) > 0):
            return _hit(text, u, found, zh, None, "clause", found.start, e, text[e:u.end])
    src_paren = None if in_note or u.citation else cite.enclosing_parenthesis(text, u.start, s)
    if src_paren is not None and not cite.in_parenthetical_source(text, u.start, u.end, s, e):
        src_paren = None
    if in_note or u.citation or src_paren is not None:
        lo = max(u.start, prev_end, (src_paren + 1) if src_paren is not None else u.start)
        label = _NOTE_LABEL.match(text, lo, s) if u.citation and lo == u.start else None
        lo = label.end() if label else lo  # a footnote left in the body starts with its number
        author = _AUTHOR_BEFORE.search(text[lo:s])
        if author and is_person(author.group(1), zh):
            return PairHit(author.group(1), zh, None, "person", u.where, lo + author.start(1), e, "title")
        t = title_before(text, near(text, lo, s, 1500), s)
        if not t:
            return None
        en, start = t
        quoted = text[start - 1:start] in ("“", '"')
        if in_note and not u.citation:
            typ = cited_type(en, zh, True, "", "") if quoted else cited_type(en, zh, False, text[e:u.end],
                                                                              text[near(text, u.start, start):start])
            typ = "title" if typ not in ("outlet", "person") else typ
        else:
            typ = cited_type(en, zh, quoted, text[e:u.end], text[near(text, u.start, start):start])
            typ = cite.refine_cited_type(typ, en, citation_text(text, u, start), quoted)
        return PairHit(en, zh, None, typ, u.where, start, e, "title")
    q = quoted_before(text, u.start, s)
    cap = None if q else capitalised_run(text, u.start, s, zh)
    if q or cap:
        en, start = (q[0], q[1]) if q else (cap[0], cap[1]) if cap else ("", s)
        typ = "title" if text[s] == "《" or q else classify(en, zh, "adjacent", u, text, start, "", False)
        return PairHit(trim_english(en, zh, True), zh, None, typ, u.where, start, e, "adjacent")
    return None
