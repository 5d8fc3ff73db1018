"""In-text note calls: find them and link them to the notes.

Unambiguous calls (superscripts, ``^{4,5}``, ``^98``, ``[3]``, ``[^81]``) are always taken.
Plain digits glued to a word or punctuation (``sub-sector.1``, ``market6``, ``19873`` = year
1987 + call 3) are ambiguous with numbers, so they are decided by the note sequence: they are
kept only where they fit an increasing chain of calls (each note called about once, calls
mostly in order, no call beyond the last note).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefparse.records import Document, Endnote, Marker
from briefparse.segments import Segmentation

FROM_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUP_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,˒‚﹐⸴⁻–-][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*|\^\{[^{}\n]{1,40}\}|\^\d{1,4}")
_BRACKET = re.compile(r"[\[［〔](?P<caret>\^)?(?P<body>\d{1,4}(?:\s*[,;，–—-]\s*\d{1,4}){0,8})[\]］〕](?!\s*[:：])(?!\()")
_PLAIN = re.compile(r"(?<=[A-Za-z)\].,;:\"”’'%])(?P<body>\d{1,3}(?:[,–-]\d{1,3}){0,4})(?![\w.,]\d|[A-Za-z\d])")
_YEAR_CALL = re.compile(r"(?<![\d.,])(?P<year>(?:1[89]|20)\d{2})(?P<body>[1-9]\d{0,2})(?![\w])")
_YEAR_DOT = re.compile(r"(?<![\d.,])(?:1[89]|20)\d{2}\.$")
_SENTENCE_NEXT = re.compile(r"[\"”’)]*(?:[ \t]*\n|\s+[\"“‘(]?[A-Z\u3400-\u9fff]|\s*$)")


def _year_then_call(text: str, a: int, b: int) -> bool:
    """Digits after ``2019.`` that end a sentence (a new one or a line break follows): a call, not a decimal."""
    return bool(_YEAR_DOT.search(text, max(0, a - 6), a)) and bool(_SENTENCE_NEXT.match(text, b))


_CALL_BREAK = re.compile(r"[.!?][\"”’)]*(?:\[\^?\d[\d,;\s–—-]*\]|\^\{[^{}]*\}|\^\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹,˒]+|\d{1,3})\s+"
                         r"(?=[\"“‘(]?[A-Z])")
_SKIP_KINDS = {"note", "footnote", "notes_heading", "furniture"}


@dataclass
class Call:
    """A possible call: span, the notes it names, how it is printed, whether it is unambiguous."""

    start: int
    end: int
    raw: str
    notes: list[int]
    style: str
    strong: bool


def expand(body: str) -> list[int]:
    """``4,5`` → [4, 5]; ``4–6`` → [4, 5, 6]; superscript digits read as digits."""
    b = body.translate(FROM_SUP).replace("⁻", "-")
    out: list[int] = []
    for part in re.split(r"[,;˒‚﹐⸴，]", b):
        part = part.strip()
        m = re.fullmatch(r"(\d+)\s*[–—-]\s*(\d+)", part)
        if m:
            a, z = int(m.group(1)), int(m.group(2))
            if a <= z and z - a <= 50:
                out.extend(range(a, z + 1))
            else:
                out.extend([a, z])
        elif part.isdigit():
            out.append(int(part))
    return out


def _sup_style(doc: Document, raw: str) -> str:
    if doc.media_type == "text/html":
        return "html_sup"
    if doc.media_type == "application/pdf":
        return "pdf_superscript"
    return "caret" if raw.startswith("^") else "unicode_superscript"


def _in_body(doc: Document, seg: Segmentation, pos: int) -> bool:
    if seg.regions.where(pos) != "body":
        return False
    hit = seg.block_at(pos)
    return not (hit and hit[1].kind in _SKIP_KINDS)


_UNIT_BEFORE = re.compile(r"(?<![A-Za-z])(?:[kcmdµ]?m|ft|in|mi|km|sq|10)$")


def in_token(text: str, a: int, b: int) -> bool:
    """A superscript that is part of a word or a unit, not a call: ``C³ISREW``, ``m²``, ``10⁶``."""
    before, after = text[max(0, a - 3):a], text[b:b + 1]
    if before[-1:].isalnum() and after[:1].isalnum():
        return True
    return bool(_UNIT_BEFORE.search(before)) and not text[a:b].startswith("^")


def split_adjacent(digits: str, known: set[int]) -> list[int] | None:
    """Two or three calls printed side by side (``⁵⁹⁶⁰`` = 59, 60): the split of the digits into known,
    increasing note numbers, preferring consecutive ones."""
    best: tuple[int, list[int]] | None = None
    n = len(digits)
    for i in range(1, n):
        for j in [*range(i + 1, n), n]:
            parts = [digits[:i], digits[i:j]] + ([digits[j:]] if j < n else [])
            if any(p.startswith("0") for p in parts):
                continue
            nums = [int(p) for p in parts]
            if all(x in known for x in nums) and all(x < y for x, y in zip(nums, nums[1:], strict=False)):
                gaps = sum(y - x for x, y in zip(nums, nums[1:], strict=False)) - (len(nums) - 1)
                if best is None or gaps < best[0]:
                    best = (gaps, nums)
    return best[1] if best else None


def explicit_calls(doc: Document, seg: Segmentation, n_notes: int, known: set[int] | None = None) -> list[Call]:
    """Superscript, caret and bracket calls in the body (``known``: the note numbers, to split adjacent calls)."""
    text = doc.text
    spans = set(doc.superscripts)
    spans |= {(m.start(), m.end()) for m in _SUP_RUN.finditer(text)}
    calls: list[Call] = []
    md = [(m.start(), m.end()) for m in _BRACKET.finditer(text) if m.group("caret")]
    for a, b in sorted(spans):
        if any(x <= a and b <= y for x, y in md):
            continue  # "[^81]" is a bracket call, not "^81"
        raw = text[a:b]
        body = raw[2:-1] if raw.startswith("^{") else raw.lstrip("^")
        notes = expand(body)
        if known and len(notes) == 1 and notes[0] not in known:
            notes = split_adjacent(body.translate(FROM_SUP), known) or notes
        if notes and _in_body(doc, seg, a) and not in_token(text, a, b):
            calls.append(Call(a, b, raw, notes, _sup_style(doc, raw), True))
    taken = [(c.start, c.end) for c in calls]
    for m in _BRACKET.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken) or not _in_body(doc, seg, m.start()):
            continue
        notes = expand(m.group("body"))
        if not notes or (n_notes and max(notes) > n_notes and not m.group("caret")) or (not n_notes and not m.group("caret")):
            continue
        if re.match(r"\[\d{4}\]", m.group()) and 1800 <= notes[0] <= 2100 and notes[0] > n_notes:
            continue
        calls.append(Call(m.start(), m.end(), m.group(), notes, "bracket", True))
    calls.sort(key=lambda c: c.start)
    return calls


def plain_candidates(doc: Document, seg: Segmentation, taken: list[tuple[int, int]], wanted: set[int]) -> list[Call]:
    """Digits glued to a word or punctuation that could be calls to the notes in ``wanted``."""
    text = doc.text
    out: list[Call] = []
    for m in list(_PLAIN.finditer(text)) + list(_YEAR_CALL.finditer(text)):
        a, b = m.start("body"), m.end("body")
        if any(x < b and a < y for x, y in taken) or not _in_body(doc, seg, a):
            continue
        prev = text[a - 1] if a else ""
        if m.re is _PLAIN:
            word = re.search(r"[A-Za-z]+$", text[max(0, a - 30):a])
            if word and (word.group().isupper() or len(word.group()) < 2):
                continue  # G20, CO2, F-35: names, not calls
            if prev in ".,:" and a >= 2 and text[a - 2].isdigit() and not _year_then_call(text, a, b):
                continue  # 3.5, 1,000, 10:30 (but "in 2019.3 The" is year 2019, full stop, call 3)
            if prev in ".,;:" and a >= 2 and text[a - 2] == " ":
                continue
            hit = seg.block_at(a)
            if hit and hit[1].kind == "table":
                continue
        notes = expand(m.group("body"))
        if notes and all(n in wanted for n in notes):
            out.append(Call(a, b, text[a:b], notes, "plain_digits", False))
    out.sort(key=lambda c: c.start)
    return out


def chain(calls: list[Call]) -> list[Call]:
    """Keep every strong call and the weak ones on the best increasing chain of note numbers."""
    n = len(calls)
    if not any(not c.strong for c in calls):
        return calls
    score = [0.0] * n
    back = [-1] * n
    for i, c in enumerate(calls):
        w = 2.0 if c.strong else 1.0
        score[i] = w - 0.02 * (min(c.notes) - 1)
        for j in range(i):
            p = calls[j]
            if max(p.notes) < min(c.notes):
                s = score[j] + w - 0.02 * (min(c.notes) - max(p.notes) - 1)
                if s > score[i]:
                    score[i], back[i] = s, j
    best = max(range(n), key=lambda i: score[i])
    on_chain: set[int] = set()
    i = best
    while i >= 0:
        on_chain.add(i)
        i = back[i]
    return [c for i, c in enumerate(calls) if c.strong or i in on_chain]


def _caption_label(doc: Document, seg: Segmentation, block_index: int) -> str | None:
    """The ``FIGURE n`` label of a caption: its own prefix or the label block just before it."""
    b = seg.blocks[block_index]
    m = re.match(r"\s*((?:FIGURE|Figure|FIG\.|Fig\.|TABLE|Table|CHART|Chart|EXHIBIT|Exhibit|BOX|Box|MAP|Map)\s+[0-9IVX]+[A-Za-z]?)",
                 doc.text[b.start:b.end])
    if m:
        return m.group(1)
    for k in range(block_index - 1, max(-1, block_index - 6), -1):
        pb = seg.blocks[k]
        if pb.kind == "caption_label":
            return doc.text[pb.start:pb.end].strip().rstrip(".:")
        if pb.kind not in ("caption", "credit"):
            break
    return None


def _context(doc: Document, seg: Segmentation, c: Call) -> tuple[int, int]:
    """Span of the sentence the call belongs to (a call printed after the full stop stays on it)."""
    text = doc.text
    s = seg.sentence_at(c.start)
    if s is None:
        return c.start, c.end
    a, e = s.start, max(s.end, c.end)
    if a == c.start and c.start > 0:
        prev = seg.sentence_at(c.start - 1) or seg.sentence_at(max(0, c.start - 2))
        if prev is not None and prev.start < c.start:
            return prev.start, c.end
    # the sentencizer may not split "here.[1] Second" or "sector.1 The next": cut at calls that end sentences
    for m in _CALL_BREAK.finditer(text, a, c.start):
        if not re.search(r"\b(?:[A-Z]|No|Vol|pp?|U\.S)\.$", text[a:m.start() + 1]):
            a = m.end()
    after = text[c.end:e]
    before = text[a:c.start].rstrip()
    if after.strip() and re.match(r"\s+[\"“‘(]?[A-Z0-9]", after) and before[-1:] in ".!?\"”’)":
        e = c.end
    return a, e


def find_markers(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> list[Marker]:
    """Every note call in the body, with the notes it calls and its sentence."""
    endnotes = [e for e in endnotes if e.kind != "bibliography"]  # reference-list entries are never called by number
    numbers = {e.n for e in endnotes}
    n_notes = max(numbers) if numbers else 0
    calls = explicit_calls(doc, seg, n_notes, numbers)
    called = {n for c in calls for n in c.notes}
    wanted = numbers - called
    if wanted:
        calls = chain(sorted(calls + plain_candidates(doc, seg, [(c.start, c.end) for c in calls], wanted),
                             key=lambda c: c.start))
    series = call_series(calls, endnotes, seg)
    markers: list[Marker] = []
    for c, sr in zip(calls, series, strict=True):
        hit = seg.block_at(c.start)
        bkind = hit[1].kind if hit else "paragraph"
        kind = {"caption": "caption", "caption_label": "caption", "table": "table", "heading": "heading",
                "title": "heading"}.get(bkind, "sentence")
        label = _caption_label(doc, seg, hit[0]) if hit and kind == "caption" else None
        a, e = _context(doc, seg, c)
        markers.append(Marker(doc_id=doc.doc_id, notes=c.notes, raw=c.raw, style=c.style,
                              context=doc.text[a:e].strip(), kind=kind, label=label,
                              section=seg.section_at(c.start), start=c.start, end=c.end,
                              page=doc.page_at(c.start), context_start=a, context_end=e, series=sr))
    return markers


def call_series(calls: list[Call], endnotes: list[Endnote], seg: Segmentation) -> list[int]:
    """The numbering sequence each call refers to (all 1 unless notes restart their numbering).

    Notes printed after each chapter: a call belongs to the first notes region after it.
    All chapters' notes at the end: calls follow the chapters in order, and a call whose number
    falls back below the previous call's starts the next sequence.
    """
    n_series = max((e.series for e in endnotes), default=1)
    if n_series <= 1:
        return [1] * len(calls)
    spans = seg.regions.notes_spans
    if spans:
        return [min(n_series, 1 + sum(b <= c.start for _, b in spans)) for c in calls]
    out: list[int] = []
    cur, prev = 1, 0
    for c in calls:
        if min(c.notes) < prev and cur < n_series:
            cur += 1
        out.append(cur)
        prev = max(c.notes)
    return out


def call_checks(endnotes: list[Endnote], markers: list[Marker]) -> list[str]:
    """Warnings a person should read: notes never called (named) and calls to notes that do not exist."""
    have = {(e.series, e.n) for e in endnotes if e.kind != "bibliography"}  # reference-list entries are not called
    called = {(m.series, n) for m in markers for n in m.notes}
    many = len({s for s, _ in have | called}) > 1

    def name(key: tuple[int, int]) -> str:
        return f"{key[1]} (series {key[0]})" if many else str(key[1])

    out: list[str] = []
    uncalled = sorted(have - called)
    if uncalled:
        out.append("notes never called in the text: " + ", ".join(map(name, uncalled)))
    missing = sorted(called - have)
    if missing:
        out.append("calls to notes that do not exist: " + ", ".join(map(name, missing)))
    return out
