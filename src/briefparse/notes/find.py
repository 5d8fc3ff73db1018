"""Find the notes of a document and cut them into single notes by their numbering sequence.

Works from the ingested blocks (a ``notes_heading`` followed by notes) and from bare text
(numbered notes following the text with no heading): labels ``1.``, ``1)``, ``[1]``,
``1<TAB>``, ``1 ``, ``¹``; wrapped lines and page furniture inside notes; a note whose label
was lost inside the previous note (``…security. 98 Chinese fund…``) is split back out.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from briefparse.ingest.layout import NOTES_HEADING_RE
from briefparse.records import Block, Document

FROM_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

# a label at the start of a line: [1]  1.  1)  1<TAB>  1 Text  ¹ Text  ^1
_LINE_LABEL = re.compile(
    r"[ \t]*(?:\[\^?(?P<br>\d{1,4})\]:?|(?P<num>\d{1,4})(?P<sep>[.)](?!\d)|\t| (?=\S)|(?=[“\"‘«「《]\S|[A-Z][a-z]))"
    r"|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})|\^\{?(?P<car>\d{1,4})\}?)"
    r"[ \t]*(?=\S)"
)  # a number glued to the first word ("7“Three-Year…", "2Michael…", as page-foot notes are copied) counts too
# a label inside running text, after the end of the previous note: "…security. 98 Chinese…"
_INLINE_LABEL = re.compile(
    r"(?<=[.)>\]\"”’;])[ \t]+(?:\[(?P<br>\d{1,4})\]|(?P<num>\d{1,4})(?P<sep>[.)]?))[ \t]+"
    r"(?=[\"“‘'(《\[A-Z\u3400-\u9fff])"
)
_ABBR_BEFORE = re.compile(r"\b(?:no|nos|vol|p|pp|art|ch|sec|fig|para|op|cit|ed)\.$", re.I)
_URL_TOKEN = re.compile(r"(?:https?://|www\.)\S*$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_PAGE_NUM = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
_HEADING_KINDS = ("heading", "title")
# headings of a reference list: its entries are numbered notes only when printed with labels 1, 2, 3…
_BIBLIOGRAPHY = re.compile(r"^\W*(?:references|bibliography|works cited|sources|参考文献|參考文獻)\W*$", re.I)
_ENTRY_KINDS = ("paragraph", "list_item", "note", "footnote")


@dataclass
class LabelCand:
    """A possible note label: number, where it starts, where the note text starts."""

    num: int
    pos: int
    text_pos: int
    style: str
    strong: bool


@dataclass
class RawNote:
    """One note cut out of the text, before parsing."""

    n: int
    start: int
    end: int
    text: str
    placement: str = "endnote"
    label: str = ""
    pieces: list[tuple[int, int]] = field(default_factory=list)
    series: int = 1
    kind: str | None = None  # "bibliography" for an entry of a reference list (not a numbered note)


@dataclass
class FoundNotes:
    """The notes found in a document with the region and heading they came from."""

    notes: list[RawNote] = field(default_factory=list)
    heading: str | None = None
    region: tuple[int, int] | None = None
    back_start: int | None = None
    warnings: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # each notes heading's region
    bibliography: list[RawNote] = field(default_factory=list)  # entries of reference lists (kind=bibliography)


_LINE_BREAK = re.compile(r"[\n\f]")
_DIGITS = re.compile(r"\d+")
# a back link printed at a note's end (an empty "[ ]" or an arrow), as web pages and e-books print them
_BACK_LINK = re.compile(r"\s*(?:\[\s*\]|\[?\s*[↩↑⤴][\ufe0e\ufe0f]?\s*\]?)\s*$")
_SPACES = re.compile(r"[ \t]+")


def lines_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text[start:end]`` (form feeds count as line breaks)."""
    out = []
    pos = start
    for raw in _LINE_BREAK.split(text[start:end]):
        out.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


def furniture_lines(doc: Document) -> set[str]:
    """Normalised running headers/footers: short lines repeated on several pages."""
    counts: Counter[str] = Counter()
    for line in _LINE_BREAK.split(doc.text):
        s = line.strip()
        if 0 < len(s) <= 60 and not _LINE_LABEL.match(line):
            counts[_DIGITS.sub("#", s)] += 1
    pages = max(doc.pages or 0, 2)
    return {k for k, c in counts.items() if c >= 2 and (c >= min(pages, 3) or "#" in k)}


@dataclass
class Furniture:
    """A document's furniture: repeated header/footer lines, and the blocks ingestion marked as
    furniture indexed by start (with the running maximum of their ends), so a position test is
    a bisection rather than a pass over every block of the document."""

    lines: set[str]
    starts: list[int]
    reach: list[int]

    def covers(self, pos: int) -> bool:
        """Whether a furniture block holds ``pos`` (``start <= pos < end``)."""
        i = bisect.bisect_right(self.starts, pos)
        return i > 0 and self.reach[i - 1] > pos


def furniture_of(doc: Document) -> Furniture:
    """The furniture lines and furniture blocks of ``doc``."""
    spans = sorted((b.start, b.end) for b in doc.blocks if b.kind == "furniture")
    return Furniture(furniture_lines(doc), [a for a, _ in spans], list(itertools.accumulate((b for _, b in spans), max)))


def is_furniture(line: str, furniture: Furniture, doc: Document, pos: int) -> bool:
    """A page number, running header/footer or a block ingestion marked as furniture."""
    s = line.strip()
    if not s:
        return False
    if _PAGE_NUM.match(s) and not _LINE_LABEL.match(line):
        return True
    if len(s) <= 60 and _DIGITS.sub("#", s) in furniture.lines:
        return True
    return furniture.covers(pos)


def _cand_from_match(m: re.Match[str], strong: bool) -> LabelCand | None:
    if m.group("br"):
        return LabelCand(int(m.group("br")), m.start(), m.end(), "bracket", strong)
    if m.group("num"):
        sep = m.group("sep")
        style = {"." : "dot", ")": "paren", "\t": "tab", " ": "space", "": "bare"}.get(sep or "", "bare")
        if not sep and m.group().rstrip()[-1:].isdigit():
            style = "glued"  # "7“Three-Year…": only where the numbering sequence expects it (weak)
            strong = False
        return LabelCand(int(m.group("num")), m.start(), m.end(), style, strong)
    gd = m.groupdict()
    if gd.get("sup"):
        return LabelCand(int(gd["sup"].translate(FROM_SUP)), m.start(), m.end(), "sup", strong)
    if gd.get("car"):
        return LabelCand(int(gd["car"]), m.start(), m.end(), "caret", strong)
    return None


def label_candidates(text: str, lines: list[tuple[int, int]], skip: set[int]) -> list[LabelCand]:
    """Line-start labels (strong) and in-text labels after a note's end (weak), by position."""
    cands: list[LabelCand] = []
    for i, (a, b) in enumerate(lines):
        if i in skip:
            continue
        m = _LINE_LABEL.match(text, a, b)
        if m:
            c = _cand_from_match(m, True)
            if c and c.num > 0:
                cands.append(c)
        for m2 in _INLINE_LABEL.finditer(text, a, b):
            if _ABBR_BEFORE.search(text, max(a, m2.start() - 8), m2.start()):
                continue
            c = _cand_from_match(m2, False)
            if c and c.num > 0:
                c.pos = m2.start() + (len(m2.group()) - len(m2.group().lstrip()))
                cands.append(c)
    cands.sort(key=lambda c: c.pos)
    return cands


def dominant_style(cands: list[LabelCand]) -> str | None:
    """The label style of the first notes (1., [1], 1<TAB>...), to tell labels from stray numbers."""
    firsts = [c.style for c in cands if c.strong and c.num <= 3]
    return Counter(firsts).most_common(1)[0][0] if firsts else None


def select_sequence(cands: list[LabelCand], first: int) -> tuple[list[LabelCand], list[int]]:
    """Follow the numbering first, first+1, …: strong labels win, weak ones fill gaps; return gaps."""
    style = dominant_style(cands)
    for c in cands:
        if c.strong and style and c.style != style and not (style in ("space", "bare") and c.style in ("space", "bare")):
            c.strong = False
    chosen: list[LabelCand] = []
    gaps: list[int] = []
    pos = -1
    k = first
    idx = 0
    n = len(cands)
    while True:
        while idx < n and cands[idx].pos <= pos:
            idx += 1
        if idx >= n:
            break
        limit = None
        limit_c = None
        for c in cands[idx:]:
            if c.strong and k < c.num <= k + 3:
                limit, limit_c = c.pos, c
                break
        pick = None
        for c in cands[idx:]:
            if limit is not None and c.pos >= limit:
                break
            if c.num == k and c.strong:
                pick = c
                break
        if pick is None:
            weak = [c for c in cands[idx:] if c.num == k and (limit is None or c.pos < limit)]
            pick = next((c for c in weak if c.style == style), weak[0] if weak else None)
        if pick is None:
            if limit_c is None:
                break
            gaps.extend(range(k, limit_c.num))
            pick = limit_c
            k = limit_c.num
        chosen.append(pick)
        pos = pick.pos
        k += 1
    return chosen, gaps


@dataclass
class _JoinTail:
    """What the joining rules need of the text joined so far, carried along so each line costs its own length."""

    url: bool = False  # the last token holds a URL (https?:// or www.)
    lt: int = 0  # '<' in the last token
    gt: int = 0  # '>' in the last token
    tok_end: str = ""  # the last characters of the last token
    lt_after_space: bool = False  # '<' after the last ASCII space
    end: str = ""  # the last two characters

    def advance(self, glue: str, p: str) -> None:
        """The state after ``glue + p`` is appended (``p`` stripped, not empty)."""
        words = p.split()
        if len(words) > 1 or glue:
            t = words[-1]
            self.url, self.lt, self.gt, self.tok_end = bool(_URL_TOKEN.search(t)), t.count("<"), t.count(">"), t[-8:]
        else:
            joined = self.tok_end + p
            self.url = self.url or bool(_URL_TOKEN.search(joined))
            self.lt, self.gt, self.tok_end = self.lt + p.count("<"), self.gt + p.count(">"), joined[-8:]
        if " " in p:
            self.lt_after_space = "<" in p[p.rfind(" ") + 1:]
        else:
            self.lt_after_space = (self.lt_after_space and not glue) or "<" in p
        self.end = (self.end + glue + p)[-2:]


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines: no space inside a cut URL or between CJK characters, else one space.

    Linear in the note's length (a note can wrap over 200,000 lines): the rules read only the last
    token and the last characters of the text so far, kept in a :class:`_JoinTail`."""
    out: list[str] = []
    st = _JoinTail()
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if not out:
            out.append(p)
            st.advance(" ", p)
            continue
        nxt = p.split()[0]
        glue = " "
        if st.url:
            open_angle = st.lt > st.gt or (st.lt_after_space and st.gt == 0)
            last_ch = st.tok_end[-1]
            if open_angle or last_ch in "/-_=?&#%" or (last_ch == "." and not nxt[:1].isupper()) or (
                "/" in nxt and not nxt[:1].isupper() and nxt[:1] not in "\"“(<"):
                glue = ""
        elif _CJK.match(st.end[-1]) and _CJK.match(p[0]) or st.end[-1:] == "-" and len(st.end) > 1 and st.end[0].isalpha() and p[:1].islower():
            glue = ""
        out.append(glue + p)
        st.advance(glue, p)
    return "".join(out)


def _note_from_span(doc: Document, start: int, text_start: int, end: int, n: int, label: str,
                    placement: str, furniture: Furniture) -> RawNote:
    parts: list[str] = []
    pieces: list[tuple[int, int]] = []
    for a, b in lines_of(doc.text, text_start, end):
        line = doc.text[a:b]
        if is_furniture(line, furniture, doc, a):
            continue
        parts.append(line)
        if line.strip():
            pieces.append((a, b))
    text = join_lines(parts)
    if "]" in text or "↩" in text or "↑" in text or "⤴" in text:  # (the mark needs one of them)
        text = _BACK_LINK.sub("", text)
    text = text.strip()
    last_end = end
    while last_end > start and doc.text[last_end - 1].isspace():
        last_end -= 1
    if "\t" in text or "  " in text:  # (else every run is one space already)
        text = _SPACES.sub(" ", text)
    return RawNote(n, start, last_end, text, placement, label, pieces)


def _region_end(doc: Document, after: int, limit: int) -> int:
    """End of the last note: the first heading block (not furniture) after ``after``, else ``limit``."""
    for b in doc.blocks:
        if b.start > after and b.start < limit and b.kind in _HEADING_KINDS + ("notes_heading",):
            s = doc.text[b.start:b.end]
            if _LINE_LABEL.match(s) or _PAGE_NUM.match(s):
                continue
            return b.start
    return limit


def cut_notes(doc: Document, start: int, end: int, placement: str, furniture: Furniture,
              first: int | None = None, stop_at_heading: bool = True) -> tuple[list[RawNote], list[str], int]:
    """Cut ``text[start:end]`` into notes by the numbering; return notes, warnings, end used."""
    text = doc.text
    lines = lines_of(text, start, end)
    skip = {i for i, (a, b) in enumerate(lines) if is_furniture(text[a:b], furniture, doc, a)}
    cands = label_candidates(text, lines, skip)
    if not cands:
        return [], [], start
    if first is None:
        strong = [c for c in cands if c.strong]
        first = min(strong[:3], key=lambda c: c.num).num if strong else cands[0].num
    chosen, gaps = select_sequence(cands, first)
    warnings = [f"note {g} not found in the numbering sequence" for g in gaps]
    if not chosen:
        return [], warnings, start
    last = chosen[-1]
    region_end = _region_end(doc, last.pos, end) if stop_at_heading else end
    notes: list[RawNote] = []
    for i, c in enumerate(chosen):
        nend = chosen[i + 1].pos if i + 1 < len(chosen) else region_end
        label = text[c.pos:c.text_pos].strip()
        notes.append(_note_from_span(doc, c.pos, c.text_pos, nend, c.num, label, placement, furniture))
    # text before the first label that is not blank or furniture could not be parsed as a note
    for a, b in lines_of(text, start, chosen[0].pos):
        s = text[a:b].strip()
        if s and not is_furniture(s, furniture, doc, a) and not NOTES_HEADING_RE.match(s):
            warnings.append(f"unparsed line in notes: {s[:80]!r}")
    return notes, warnings, region_end


def _heading_blocks(doc: Document) -> list[tuple[int, int, str]]:
    out = []
    for b in doc.blocks:
        s = doc.text[b.start:b.end].strip()
        if b.kind == "notes_heading" or (b.kind in _HEADING_KINDS and NOTES_HEADING_RE.match(s)):
            out.append((b.start, b.end, s.strip("#* ").strip()))
    if not doc.blocks:
        for la, lb in lines_of(doc.text, 0, len(doc.text)):
            s = doc.text[la:lb].strip()
            if s and NOTES_HEADING_RE.match(s):
                out.append((la, lb, s.strip("#* ").strip()))
    return out


def _numbered_list(doc: Document, notes: list[RawNote], start: int, end: int) -> bool:
    """Whether the notes cut under a reference-list heading are a real numbered list: numbering from 1
    and a label on at least half of the entries (years and page numbers inside entries are not labels)."""
    if not notes or notes[0].n != 1:
        return False
    entries = [b for b in doc.blocks if start <= b.start < end and b.kind in _ENTRY_KINDS]
    return len(notes) >= 0.5 * len(entries)


def bibliography_entries(doc: Document, start: int, limit: int, furniture: Furniture) -> list[RawNote]:
    """The entries of an unnumbered reference list, one per block, up to the next heading: rows of kind
    ``bibliography`` (numbered 1, 2, … in order, series 0) so they are never read as notes 25 or 2017."""
    out: list[RawNote] = []
    for b in doc.blocks:
        if b.start < start or b.kind == "furniture":
            continue
        if b.start >= limit or (b.kind in _HEADING_KINDS + ("notes_heading",) and out):
            break
        if b.kind not in _ENTRY_KINDS or furniture.covers(b.start):
            continue
        text = join_lines([doc.text[a:e] for a, e in lines_of(doc.text, b.start, b.end)])
        if text:
            out.append(RawNote(len(out) + 1, b.start, b.end, text, "bibliography", "", [(b.start, b.end)], 0,
                               "bibliography"))
    return out


def _cover_bibliography(doc: Document, found: FoundNotes, bib_spans: list[tuple[int, int]]) -> None:
    """Widen the notes region over reference lists printed before or after the notes, so their
    entries are not read as body text."""
    if not bib_spans:
        return
    region = [found.region] if found.region is not None else []
    start = min([a for a, _ in region + bib_spans])
    end = max([b for _, b in region + bib_spans])
    found.region = (start, end)
    found.back_start = end if end < len(doc.text.rstrip()) else None


def _placement(heading: str) -> str:
    return "footnote" if "foot" in heading.lower() else "endnote"


def find_notes(doc: Document) -> FoundNotes:
    """Every note of ``doc``: after notes headings, else a numbered run at the end of the text."""
    furniture = furniture_of(doc)
    found = FoundNotes()
    headings = _heading_blocks(doc)
    if headings:
        series = 1
        bib_spans: list[tuple[int, int]] = []
        for i, (hs, he, htext) in enumerate(headings):
            limit = headings[i + 1][0] if i + 1 < len(headings) else len(doc.text)
            notes, warns, rend = cut_notes(doc, he, limit, _placement(htext), furniture)
            if _BIBLIOGRAPHY.match(htext) and not _numbered_list(doc, notes, he, rend):
                entries = bibliography_entries(doc, he, limit, furniture)
                found.bibliography.extend(entries)
                if entries:
                    bib_spans.append((hs, entries[-1].end))
                continue
            if not notes:
                continue
            if found.notes and notes[0].n <= found.notes[-1].n:
                series += 1  # numbering restarts under this heading: a new sequence (chapter notes)
            for nt in notes:
                nt.series = series
            found.spans.append((hs, rend))
            found.notes.extend(notes)
            found.warnings.extend(warns)
            if found.heading is None:
                found.heading = htext
                found.region = (hs, rend)
                found.back_start = rend if rend < len(doc.text.rstrip()) else None
            elif found.region is not None:
                found.region = (found.region[0], max(found.region[1], rend))
                found.back_start = rend if rend < len(doc.text.rstrip()) else None
        footblocks = [b for b in doc.blocks if b.kind == "footnote" and not any(
            n.start <= b.start < n.end for n in found.notes)]
        if not found.notes and footblocks:
            found.notes.extend(_footnote_blocks(doc, footblocks, furniture))
        if found.notes or found.bibliography:
            _cover_bibliography(doc, found, bib_spans)
            found.notes.extend(found.bibliography)
            return found
    footblocks = [b for b in doc.blocks if b.kind == "footnote"]
    if footblocks:
        found.notes = _footnote_blocks(doc, footblocks, furniture)
        return found
    listed = _note_block_runs(doc, furniture)
    if listed is not None:
        return listed
    return _headless(doc, furniture)


def _note_block_runs(doc: Document, furniture: Furniture) -> FoundNotes | None:
    """Notes ingestion already marked (an HTML ``<ol class="footnotes">``) with no heading above them."""
    runs: list[list[Block]] = []
    for b in doc.blocks:
        if b.kind == "note":
            if runs and runs[-1]:
                runs[-1].append(b)
            else:
                runs.append([b])
        elif b.kind != "furniture" and runs:
            runs.append([])
    runs = [r for r in runs if r]
    if not runs:
        return None
    found = FoundNotes()
    for run in runs:
        notes, warns, _ = cut_notes(doc, run[0].start, run[-1].end, "endnote", furniture, stop_at_heading=False)
        found.notes.extend(notes)
        found.warnings.extend(warns)
    if not found.notes:
        return None
    found.region = (runs[0][0].start, runs[-1][-1].end)
    found.back_start = found.region[1] if found.region[1] < len(doc.text.rstrip()) else None
    return found


def _footnote_blocks(doc: Document, blocks: list[Block], furniture: Furniture) -> list[RawNote]:
    """Footnote blocks left at page feet: a labelled block starts a note, others continue it."""
    notes: list[RawNote] = []
    for b in blocks:
        line = doc.text[b.start:b.end]
        m = _LINE_LABEL.match(line)
        c = _cand_from_match(m, True) if m else None
        if c is not None:
            notes.append(_note_from_span(doc, b.start + c.pos, b.start + c.text_pos, b.end, c.num,
                                         line[c.pos:c.text_pos].strip(), "footnote", furniture))
        elif notes:
            prev = notes[-1]
            more = join_lines([prev.text, line])
            notes[-1] = RawNote(prev.n, prev.start, b.end, more, "footnote", prev.label, prev.pieces + [(b.start, b.end)])
    return notes


def _headless(doc: Document, furniture: Furniture) -> FoundNotes:
    """Numbered notes following the text with no heading: the longest 1, 2, 3… run of line labels."""
    text = doc.text
    lines = lines_of(text, 0, len(text))
    cands = [c for c in label_candidates(text, lines, set()) if c.strong]
    best: list[LabelCand] = []
    for i, c in enumerate(cands):
        if c.num != 1:
            continue
        run = [c]
        for c2 in cands[i + 1:]:
            if run[-1].num < c2.num <= run[-1].num + 2 and c2.style == c.style:
                run.append(c2)
        if len(run) >= len(best):
            best = run
    found = FoundNotes()
    if len(best) < 3:
        return found
    start = best[0].pos
    notes, warns, rend = cut_notes(doc, start, len(text), "endnote", furniture, first=1)
    found.notes = notes
    found.warnings = warns
    found.region = (start, rend)
    found.back_start = rend if rend < len(text.rstrip()) else None
    return found
