"""Shared layout helpers: the text builder used by HTML and PDF readers, superscript
rendering, and the line classifier that gives plain text its blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefparse.records import Block, PageSpan

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUP = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
FROM_SUP = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# a run of superscript digits (with superscript comma-likes), or ^{...}, or ^123
SUPERSCRIPT_RE = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,˒‚﹐⸴][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*|\^\{[^{}\n]{1,40}\}|\^\d{1,4}")

NOTES_HEADING_RE = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?(?:end\s*notes?|notes|foot\s*notes|references|bibliography|works cited|sources|"
    r"endnotes for chapter\s+\w+|notes to chapter\s+\w+|notes and references|"
    r"注释|注釋|註釋|注解|註解|注|註|尾注|脚注|腳注|附注|参考文献|參考文獻)(?:\*\*)?\s*[:：]?\s*$",
    re.IGNORECASE,
)
CAPTION_LABEL_RE = re.compile(r"^\s*(?:FIGURE|Figure|FIG\.|Fig\.|TABLE|Table|CHART|Chart|EXHIBIT|Exhibit|BOX|Box|MAP|Map)\s+[0-9IVX]+[A-Za-z]?\s*[.:]?\s*$")
CAPTION_INLINE_RE = re.compile(r"^\s*(?:FIGURE|Figure|Fig\.|TABLE|Table|CHART|Chart|EXHIBIT|Exhibit)\s+[0-9IVX]+[A-Za-z]?\s*[.:]\s+\S")
CREDIT_RE = re.compile(r"^\s*(?:Photo|Image|Source|Sources|Credit|Photo credit|Thumbnail credit)\s*:", re.IGNORECASE)
NOTE_LINE_RE = re.compile(r"^\s*(?:\[\d{1,4}\]|\d{1,4}[.)\t]|\d{1,4}\s)\s*\S")
LIST_RE = re.compile(r"^\s*(?:[-*•▪●◦]\s+|\d{1,2}\)\s)")
_END_PUNCT = ".!?:;”\"’'。！？"
_SPACES_RE = re.compile(r"[ \t\r\n\u00a0]+")  # collapsed to one space in a block's text
_CELL_SPACES_RE = re.compile(r"[ \r\n\u00a0]+")  # the same in a table row, whose tabs part its cells


def render_call(s: str) -> str:
    """How a superscript run is written into the text: ``²⁰`` for digits, else ``^{4,5}``."""
    s = s.strip()
    if s.isdigit() and s.isascii():
        return s.translate(_TO_SUP)
    return "^{" + s + "}"


def find_superscripts(text: str) -> list[tuple[int, int]]:
    """Spans of Unicode-superscript runs and caret calls in ``text``."""
    return [(m.start(), m.end()) for m in SUPERSCRIPT_RE.finditer(text)]


@dataclass
class TextBuilder:
    """Accumulates blocks into one text with block kinds, pages and superscript spans."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    blocks: list[Block] = field(default_factory=list)
    page_spans: list[PageSpan] = field(default_factory=list)
    superscripts: list[tuple[int, int]] = field(default_factory=list)

    def add_block(self, kind: str, pieces: list[tuple[str, bool]], page: int | None = None) -> None:
        """Add one block from ``(text, is_superscript)`` pieces; whitespace is collapsed."""
        out: list[str] = []
        sups: list[tuple[int, int]] = []
        pos = 0
        for txt, is_sup in pieces:
            if is_sup:
                call = render_call(txt)
                if not call or call == "^{}":
                    continue
                sups.append((pos, pos + len(call)))
                out.append(call)
                pos += len(call)
            else:
                txt = (_SPACES_RE if kind != "table" else _CELL_SPACES_RE).sub(" ", txt)
                if not out or (out and out[-1].endswith(" ")):
                    txt = txt.lstrip(" ") if not out else txt.lstrip(" ")
                out.append(txt)
                pos += len(txt)
        body = "".join(out)
        stripped = body.rstrip(" \n") if kind == "table" else body.rstrip()
        lead = len(stripped) - len(stripped.lstrip(" \n" if kind == "table" else None))
        body = stripped[lead:]
        if kind == "table" and not body.strip():
            return
        if not body:
            return
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        self.parts.append(body)
        self.length += len(body)
        self.blocks.append(Block(kind, start, self.length, page))
        if page is not None:
            self.page_spans.append(PageSpan(start, self.length, page))
        for a, b in sups:
            a2, b2 = a - lead, b - lead
            if 0 <= a2 < b2 <= len(body):
                self.superscripts.append((start + a2, start + b2))

    @property
    def text(self) -> str:
        return "".join(self.parts) + ("\n" if self.parts else "")


_TRAILING_CALLS_RE = re.compile(r"(?:\s*[\[［〔]\^?\d{1,4}(?:\s*[,;，–—-]\s*\d{1,4})*[\]］〕])+$|(?<=[.!?。”\"’)])\d{1,3}$")


def _ends_sentence(line: str) -> bool:
    """Whether a line ends with sentence punctuation, note calls after it (``.²``, ``.[3]``, ``.12``) ignored."""
    s = line.rstrip()
    s = SUPERSCRIPT_RE.sub("", s).rstrip()
    s = _TRAILING_CALLS_RE.sub("", s).rstrip()
    return bool(s) and s[-1] in _END_PUNCT


def classify_lines(text: str) -> list[Block]:
    """Blocks for plain text: runs of non-blank lines, each typed from its shape.

    Headings are short unpunctuated lines; ``FIGURE n`` lines are caption labels and the lines
    after them captions; tab-separated lines are table rows; numbered lines after a notes
    heading are notes, one block each.
    """
    blocks: list[Block] = []
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    in_notes = False
    in_figure = 0  # lines since a caption label
    first_text = True
    i = 0
    n = len(lines)
    while i < n:
        start, end, line = lines[i]
        if not line.strip():
            i += 1
            continue
        # gather a run of non-blank lines
        j = i
        while j + 1 < n and lines[j + 1][2].strip() and not NOTE_LINE_RE.match(lines[j + 1][2] if in_notes else "~"):
            if "\t" in lines[j + 1][2] or "\t" in line:
                break
            if CAPTION_LABEL_RE.match(lines[j][2]) or CAPTION_LABEL_RE.match(lines[j + 1][2]):
                break
            j += 1
        run_end = lines[j][1]
        s = line.strip()
        next_blank_or_end = j + 1 >= n or not lines[j + 1][2].strip()
        kind = "paragraph"
        if NOTES_HEADING_RE.match(s):
            kind = "notes_heading"
            in_notes = True
            in_figure = 0
        elif in_notes and NOTE_LINE_RE.match(line):
            kind = "note"
        elif CAPTION_LABEL_RE.match(s):
            kind = "caption_label"
            in_figure = 1
        elif "\t" in line:
            kind = "table"
        elif CREDIT_RE.match(s):
            kind = "credit"
        elif LIST_RE.match(line):
            kind = "list_item"
        elif s.startswith("#"):
            kind = "heading"
            in_notes = bool(NOTES_HEADING_RE.match(s))
        elif in_figure and not _ends_sentence(s) and (len(s.split()) > 4 or in_figure == 1):
            kind = "caption"
        elif not _ends_sentence(s) and len(s) < 200 and next_blank_or_end and j == i and s[:1].isupper() or (
            not _ends_sentence(s) and s[:1] == "(" and first_text
        ):
            kind = "title" if first_text else "heading"
            if kind == "heading":
                in_figure = 0
            if in_notes and kind == "heading":
                in_notes = False
        elif in_notes and kind == "paragraph" and blocks and blocks[-1].kind == "note":
            kind = "note"  # continuation of a note on its own line
        if kind in ("caption",):
            in_figure += 1
        elif kind == "caption_label":
            pass
        elif kind in ("paragraph", "list_item", "table", "heading", "notes_heading", "note"):
            in_figure = 0
        first_text = False
        blocks.append(Block(kind, start, run_end, None))
        i = j + 1
    return blocks


def refine_blocks(text: str, blocks: list[Block]) -> list[Block]:
    """Fix block kinds every format gets wrong the same way.

    A "heading" of more than four words that directly follows a figure caption is a panel
    title of that figure, not a section heading (section headings follow body text).
    """
    out: list[Block] = []
    for b in blocks:
        if (b.kind == "heading" and out and out[-1].kind == "caption"
                and len(text[b.start:b.end].split()) > 4):
            b = Block("caption", b.start, b.end, b.page)
        out.append(b)
    return out
