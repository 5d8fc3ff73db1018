"""PDF briefs: per-character geometry from pypdfium2 (default) or pdfplumber → one Document.

Both engines are reduced to the same glyph list (text, x extent, baseline, font size), and
the layout is rebuilt from geometry (``pdf_layout``) then typed into blocks (``pdf_blocks``),
so the text has the same shape as the text and HTML readers give: one block per line, note
calls as Unicode superscripts or ``^{…}``, notes as ``N. text`` after a notes heading.
"""

from __future__ import annotations

import ctypes
import functools
import io
import itertools
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from briefparse.records import Document

from .errors import IngestError
from .layout import NOTES_HEADING_RE, refine_blocks
from .ocr import MISSING, ocr_languages, ocr_page
from .pdf_blocks import Assembler, Proto, build_vocab, emit, find_tables, line_pitches, rejoin
from .pdf_layout import (
    LINE_HYPHENS,
    Glyph,
    Line,
    Made,
    RawPage,
    body_size,
    cluster_rows,
    dedupe,
    find_gutter,
    furniture_keys,
    gutter_fits,
    native_loops,
    page_lines,
    row_text,
    strip_furniture,
)
from .pdf_notes import FootState, cut_footnotes, split_footnotes
from .pdf_ornaments import mark_pull_quotes, page_rows

NO_TEXT = "no text layer (scanned/image-only PDF) and OCR read nothing"
SAMPLE_PAGES = 30  # pages read before layout starts: body size and running heads come from these
_TEXT, _TURN = attrgetter("text"), attrgetter("turn")
ENCRYPTED = "PDF is encrypted (password-protected); it cannot be read without the password"


def _char_text(code: int) -> str | None:
    """Printable text for a code point from an engine, hyphen markers as '-', controls dropped."""
    ch = chr(code) if 0 <= code < 0x110000 else ""
    if ch in LINE_HYPHENS:
        return "-"
    if not ch or (ord(ch) < 32 and ch not in "\t") or ch in "\r\n":
        return None
    if "\ufb00" <= ch <= "\ufb06":  # a ligature glyph mapped to its ligature code point: ﬁ → fi
        return unicodedata.normalize("NFKC", ch)
    return " " if ch in "\t\u00a0" else ch


def pdfium_pages(data: bytes, path: str) -> Iterator[RawPage]:
    """Glyphs of each page in turn via pypdfium2 (generated spaces/newlines skipped)."""
    import pypdfium2 as pdfium  # imported on first use: ~130 ms at start-up, not every run needs it
    import pypdfium2.raw as raw  # imported on first use: ~130 ms at start-up, not every run needs it

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == raw.FPDF_ERR_PASSWORD or "password" in str(e).lower():
            raise IngestError(path, ENCRYPTED) from None
        raise IngestError(path, f"not a readable PDF ({e})") from None
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            width, height = page.get_size()
            tp = page.get_textpage()
            rp = RawPage(i + 1, width, height)
            read_glyphs(tp.raw, height, rp.glyphs)
            tp.close()
            if not any(not g.text.isspace() for g in rp.glyphs) and ocr_languages() is not None:
                rp.glyphs, rp.ocr = ocr_page(page, height), True
            page.close()
            yield rp
    except pdfium.PdfiumError as e:
        raise IngestError(path, f"not a readable PDF ({e})") from None
    finally:
        pdf.close()


def _page_codes(raw: Any, tp: Any, n: int) -> list[int]:
    """All code points of a text page in one call (per-char calls if the bulk text does not align)."""
    buf = (ctypes.c_ushort * (n + 1))()
    got = raw.FPDFText_GetText(tp, 0, n, buf)
    codes = list(buf[:n])
    # no UTF-16 surrogate halves (one C-speed max() settles the usual page, CJK included: < 0xD800)
    if got == n + 1 and (max(codes, default=0) < 0xD800 or not any(0xD800 <= c <= 0xDFFF for c in codes)):
        return codes
    return [raw.FPDFText_GetUnicode(tp, k) for k in range(n)]


def _fn(f: Any, restype: Any, *argtypes: Any) -> Any:
    """A pdfium function called through its address with plain ``void*``/int arguments.

    ctypesgen's wrappers check and convert pointer types on every call; the per-character
    loop makes several calls per glyph, so the unchecked prototype is measurably faster.
    """
    address = ctypes.cast(f, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


@functools.cache
def _char_fns() -> tuple[Any, Any, Any, Any]:
    """(origin, loose box, is-generated, text object address) of a char index, unchecked."""
    import pypdfium2.raw as raw  # imported on first use: ~130 ms at start-up, not every run needs it

    vp, i = ctypes.c_void_p, ctypes.c_int
    return (_fn(raw.FPDFText_GetCharOrigin, i, vp, i, vp, vp), _fn(raw.FPDFText_GetLooseCharBox, i, vp, i, vp),
            _fn(raw.FPDFText_IsGenerated, i, vp, i), _fn(raw.FPDFText_GetTextObject, vp, vp, i))


@functools.cache
def _native_fns() -> tuple[Any, tuple[int, ...]] | None:
    """The compiled glyph loop and the addresses of the pdfium functions it calls (None if not built)."""
    native = native_loops()
    if native is None:
        return None
    import pypdfium2.raw as raw  # imported on first use: ~130 ms at start-up, not every run needs it

    names = ("CountChars", "GetText", "GetUnicode", "IsGenerated", "GetLooseCharBox", "GetTextObject",
             "GetCharOrigin", "GetMatrix", "GetFontSize", "GetFontWeight")  # the order _glyphs.c expects
    return native, tuple(ctypes.cast(getattr(raw, f"FPDFText_{n}"), ctypes.c_void_p).value or 0 for n in names)


def read_glyphs(tp: Any, height: float, out: list[Glyph]) -> None:
    """Append the glyphs of one pdfium text page, with the compiled loop when it was built."""
    native = _native_fns()
    if native is None:
        _pdfium_glyphs(tp, height, out)
        return
    module, fns = native
    module.page_glyphs(fns, ctypes.cast(tp, ctypes.c_void_p).value, height, Glyph, _char_text, turned_glyph, out)


def _pdfium_glyphs(tp: Any, height: float, out: list[Glyph]) -> None:
    """Append the glyphs of one pdfium text page: origin (baseline), loose box, size × CTM scale, weight.

    The reference for the compiled loop in ``_glyphs.c`` (which makes the same calls) and its fallback.
    """
    import pypdfium2.raw as raw  # imported on first use: ~130 ms at start-up, not every run needs it

    n = raw.FPDFText_CountChars(tp)
    x, y = ctypes.c_double(), ctypes.c_double()
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    origin, loose_box, generated, text_object = _char_fns()
    tp_void = ctypes.cast(tp, ctypes.c_void_p).value
    px, py, prect = ctypes.addressof(x), ctypes.addressof(y), ctypes.addressof(rect)
    styles: dict[int, tuple[float, bool, int]] = {}
    drops: dict[int, float] = {}  # text object → baseline minus loose-box bottom
    # upright text object → (size, bold, drop), once both are known: the common glyph takes one lookup
    known: dict[int, tuple[float, bool, float]] = {}
    texts: dict[int, str | None] = {}
    new = tuple.__new__  # Glyph(...) goes through a Python-level __new__; this builds the same tuple in C
    for k, code in enumerate(_page_codes(raw, tp, n)):
        text = texts.get(code, "")
        if text == "":
            text = texts[code] = _char_text(code)
        if text is None or (text == " " and generated(tp_void, k) == 1):
            continue
        loose_box(tp_void, k, prect)
        obj = text_object(tp_void, k)
        fast = known.get(obj)
        if fast is not None:
            left, right = rect.left, rect.right
            x0, x1 = (left, right) if left <= right else (right, left)
            if x1 - x0 >= 0.01:
                out.append(new(Glyph, (text, x0, x1, height - (rect.bottom + fast[2]), fast[0], fast[1], 0)))
                continue
        style = styles.get(obj) if obj else None
        if style is None:  # size and weight belong to the text object: ask once per object
            raw.FPDFText_GetMatrix(tp, k, matrix)
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
            # Tf size × CTM scale: the size pdfplumber reports
            style = (float(raw.FPDFText_GetFontSize(tp, k) * scale), raw.FPDFText_GetFontWeight(tp, k) >= 600,
                     quarter_turns(matrix.a, matrix.b))
            if obj:
                styles[obj] = style
        left, right = rect.left, rect.right
        x0, x1 = (left, right) if left <= right else (right, left)
        # the loose box sits a fixed distance (the font's descent) below the baseline for every glyph
        # of a text object, so the origin is asked once per object, not once per glyph
        drop = drops.get(obj) if obj else None
        if drop is None or style[2] or x1 - x0 < 0.01:
            origin(tp_void, k, px, py)
            if obj and not style[2]:
                drops[obj] = y.value - rect.bottom
                known[obj] = (style[0], style[1], drops[obj])
            base = height - y.value
        else:
            base = height - (rect.bottom + drop)
        if style[2]:
            out.append(turned_glyph(text, (rect.left, rect.right, rect.bottom, rect.top), (x.value, y.value),
                                    height, style))
            continue
        if x1 - x0 < 0.01:
            x0 = x1 = x.value
        out.append(Glyph(text, x0, x1, base, style[0], style[1]))


def quarter_turns(a: float, b: float) -> int:
    """The text direction of a glyph matrix in quarter turns counter-clockwise (0: upright)."""
    angle = math.degrees(math.atan2(b, a)) % 360
    return int(((angle + 45) % 360) // 90)


def turned_glyph(text: str, box: tuple[float, float, float, float], origin: tuple[float, float], height: float,
                 style: tuple[float, bool, int]) -> Glyph:
    """A rotated glyph in its own reading frame: x runs along its baseline, base grows line by line.

    ``box`` is (left, right, bottom, top) and ``origin`` (x, y) in PDF space (y up).
    """
    left, right, bottom, top = box
    lo_x, hi_x = min(left, right), max(left, right)
    lo_y, hi_y = min(bottom, top), max(bottom, top)
    ox, oy = origin
    turn = style[2]
    if turn == 1:  # read upwards: along +y, next line to the right
        x0, x1, base = lo_y, hi_y, ox
    elif turn == 3:  # read downwards: along -y, next line to the left
        x0, x1, base = height - hi_y, height - lo_y, -ox
    else:  # upside down: along -x, next line upwards
        x0, x1, base = -hi_x, -lo_x, oy
    return Glyph(text, x0, x1, base, style[0], style[1], turn)


def plumber_pages(data: bytes, path: str) -> Iterator[RawPage]:
    """Glyphs of each page in turn via pdfplumber's ``page.chars`` (baseline from the text matrix)."""
    import pdfplumber  # imported on first use: ~300 ms at start-up, not every run needs it

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many types for broken files
        inner = e.args[0] if e.args else e
        if "Password" in type(inner).__name__ or "Encrypt" in type(inner).__name__:
            raise IngestError(path, ENCRYPTED) from None
        raise IngestError(path, f"not a readable PDF ({type(inner).__name__})") from None
    try:
        for i, page in enumerate(pdf.pages):
            rp = RawPage(i + 1, float(page.width), float(page.height))
            top0 = float(page.bbox[1]) if page.bbox else 0.0
            y_top = float(page.mediabox[3]) if page.mediabox else float(page.height)
            for c in page.chars:
                text = "".join(t for t in (_char_text(ord(ch)) for ch in c["text"]) if t) if c["text"] else ""
                if not text:
                    continue
                m = c.get("matrix") or (1, 0, 0, 1, c["x0"], y_top - c["bottom"])
                base = y_top - float(m[5]) - top0
                bold = "bold" in str(c.get("fontname", "")).lower()
                turn = quarter_turns(float(m[0]), float(m[1]))
                if turn:
                    box = (float(c["x0"]), float(c["x1"]), y_top - float(c["bottom"]) - top0, y_top - float(c["top"]) - top0)
                    rp.glyphs.append(turned_glyph(text, box, (float(m[4]), float(m[5])), y_top - top0,
                                                  (float(c["size"]), bold, turn)))
                    continue
                rp.glyphs.append(Glyph(text, float(c["x0"]), float(c["x1"]), base, float(c["size"]), bold))
            page.close()  # frees pdfplumber's per-page caches: long PDFs stream in bounded memory
            yield rp
    except IngestError:
        raise
    except Exception as e:
        raise IngestError(path, f"not a readable PDF ({type(e).__name__}: {e})"[:300]) from None
    finally:
        pdf.close()


ENGINES: dict[str, Callable[[bytes, str], Iterator[RawPage]]] = {"pypdfium2": pdfium_pages, "pdfplumber": plumber_pages}


@dataclass
class PageText:
    """One page after layout: body lines, page-foot footnote lines, and table regions."""

    lines: list[Line]
    foot: list[Line]
    tables: dict[int, tuple[int, Proto]]
    form: bool = False  # a form page (SF298 report documentation page): its boxes are not running text


@dataclass
class PageStats:
    """Counts gathered while streaming pages, for errors and warnings."""

    pages: int = 0
    ink: int = 0
    unmapped: int = 0
    empty: list[int] = field(default_factory=list)
    ocr: list[int] = field(default_factory=list)  # pages read by OCR


class Layouter:
    """Lays out pages one at a time; body size and running heads come from the first pages.

    Only a sample of pages is held as glyphs at once, so a 1,000-page PDF streams in bounded
    memory and in time linear in its pages.
    """

    def __init__(self, sample: list[RawPage]) -> None:
        for p in sample:
            p.glyphs = dedupe(p.glyphs)
        self.body = body_size(sample)
        self.sample_turned = {p.number: turned_glyphs(p.glyphs) for p in sample}  # found once, used again by add
        self.sample_rows = {p.number: page_rows(upright(p.glyphs, self.sample_turned[p.number]), self.body)
                            for p in sample}
        self.keys = furniture_keys(sample, [self.sample_rows[p.number] for p in sample], body=self.body)
        self.notes_seen = False
        self.foot = FootState()
        self.gutter: float | None = None  # the last column gutter found, for short pages
        self.stats = PageStats()
        self.pages: list[PageText] = []

    def add(self, p: RawPage) -> None:
        rows = self.sample_rows.pop(p.number, None)
        turned = self.sample_turned.pop(p.number, None)
        if rows is None or turned is None:
            p.glyphs = dedupe(p.glyphs)
            turned = turned_glyphs(p.glyphs)
            rows = page_rows(upright(p.glyphs, turned), self.body)
        ink, unmapped = text_counts(p.glyphs)
        self.stats.pages += 1
        self.stats.ink += ink
        self.stats.unmapped += unmapped
        if not ink:
            self.stats.empty.append(p.number)
        elif p.ocr:
            self.stats.ocr.append(p.number)
        p.glyphs = []
        body = self.body
        rows = strip_furniture(rows, p.height, self.keys)
        foot: list[list[Glyph]] = []
        made: Made = {}  # lines the footnote reader made of rows, used again below
        form = looks_like_form(rows) and is_form([row_text(r) for r in rows])
        if not self.notes_seen and not form:
            rows, foot = split_footnotes(rows, body, self.foot, made)
        gutter = find_gutter(rows, body)
        if gutter is None and self.gutter is not None and len(rows) < 6 and gutter_fits(rows, self.gutter, body):
            gutter = self.gutter  # a short page (last page, page full of footnotes) of a two-column document
        if gutter is not None or len(rows) >= 6:  # a full one-column page ends the two-column run
            self.gutter = gutter
        lines = page_lines(rows, p.number, gutter, body, made) + turned_lines(turned, p.number, body)
        foot_lines = page_lines(foot, p.number, gutter, body, made) if foot else []
        tables = find_tables(lines, body)
        for ln in lines + foot_lines:  # the glyphs are no longer needed: free them
            ln.glyphs, ln.sups = [], set()
        self.pages.append(PageText(lines, foot_lines, tables, form))
        self.notes_seen = self.notes_seen or any(NOTES_HEADING_RE.match(ln.plain) for ln in lines)


FORM_FIELD_RE = re.compile(r"(?:^|\s)\d{1,2}[a-f]?\.\s+[A-Z][A-Z/()&'’ -]{4,}")


_FIELD_GLUED_RE = re.compile(r"\d[a-f]?\.[A-Z]{4}")
# the same with any whitespace between its characters: it finds at least as many in text still holding the spaces
_FIELD_SPACED_RE = re.compile(r"\d\s*(?:[a-f]\s*)?\.\s*[A-Z]\s*[A-Z]\s*[A-Z]\s*[A-Z]")


def looks_like_form(rows: list[list[Glyph]]) -> bool:
    """A cheap first test for ``is_form`` on the glyphs in stream order (no spacing work)."""
    every = "".join(map(_TEXT, itertools.chain.from_iterable(rows)))
    if len(_FIELD_SPACED_RE.findall(every)) < 8:  # the labels even with spaces allowed in them are too few
        return False
    joined = "".join([t for r in rows for t in map(_TEXT, r) if not t.isspace()])
    return len(_FIELD_GLUED_RE.findall(joined)) >= 8


def is_form(lines: list[str]) -> bool:
    """A form page: many numbered capitalised field labels (``5a. CONTRACT NUMBER``, ``14. ABSTRACT``)."""
    fields = sum(len(FORM_FIELD_RE.findall(ln)) for ln in lines)
    return fields >= 8 and fields >= 0.2 * len(lines)


def text_counts(glyphs: list[Glyph]) -> tuple[int, int]:
    """(ink glyphs, glyphs not mapped to Unicode: U+FFFD or NUL) of a page, counted in C when it is built."""
    native = native_loops()
    got = native.text_counts(glyphs) if native is not None else None
    if got is not None:
        return got
    texts = Counter(map(_TEXT, glyphs))  # one C-speed pass; the tests below run per distinct text
    return sum(n for t, n in texts.items() if not t.isspace()), texts["\ufffd"] + texts["\x00"]


def turned_glyphs(glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs printed in another direction than upright (in C when it is built)."""
    native = native_loops()
    if native is not None:
        found: list[Glyph] = native.turned(glyphs)
        return found
    return [g for g in glyphs if g.turn] if any(map(_TURN, glyphs)) else []


def upright(glyphs: list[Glyph], turned: list[Glyph] | None = None) -> list[Glyph]:
    """The glyphs printed the right way up (rotated text is read on its own, in its own direction);
    ``turned`` is ``turned_glyphs(glyphs)`` when the caller has it."""
    if turned is None:
        turned = turned_glyphs(glyphs)
    return [g for g in glyphs if not g.turn] if turned else glyphs


def turned_lines(glyphs: list[Glyph], page: int, body: float) -> list[Line]:
    """Lines of rotated text (a sideways table, a label up the margin), read in their own direction
    after the page's upright text, never reversed."""
    out: list[Line] = []
    for turn in sorted({g.turn for g in glyphs}):
        out += page_lines(cluster_rows([g for g in glyphs if g.turn == turn]), page, None, body)
    return out


def _settle_right_edges(pages: list[list[Line]], body: float) -> None:
    """Give each column a trustworthy right edge: from the page when it has 3+ body lines there,
    else the document's usual edge for that column (so a lone short line is not "full")."""
    edges: dict[int, list[float]] = {}
    per_page: list[dict[int, float | None]] = []
    for lines in pages:
        cols: dict[int, list[float]] = {}
        for ln in lines:
            if abs(ln.size - body) <= 0.5:
                cols.setdefault(ln.column, []).append(ln.x1)
        known = {c: (max(xs) if len(xs) >= 3 else None) for c, xs in cols.items()}
        for c, e in known.items():
            if e is not None:
                edges.setdefault(c, []).append(e)
        per_page.append(known)
    usual = {c: statistics.median(xs) for c, xs in edges.items()}
    for lines, known in zip(pages, per_page, strict=True):
        for ln in lines:
            edge = known.get(ln.column) or usual.get(ln.column)
            ln.col_right = edge if edge is not None else float("inf")


def read_pdf(data: bytes, path: str, engine: str = "pypdfium2") -> Document:
    """Read a PDF brief into a Document (doc_id/path/sha256/media_type are filled by the caller)."""
    reader = ENGINES.get(engine)
    if reader is None:
        raise IngestError(path, f"unknown PDF engine {engine!r} (use one of {', '.join(ENGINES)})")
    stream = reader(data, path)
    sample = list(itertools.islice(stream, SAMPLE_PAGES))
    lay = Layouter(sample)
    for p in itertools.chain(sample, stream):
        lay.add(p)
    stats, body = lay.stats, lay.body
    if not stats.ink:
        raise IngestError(path, NO_TEXT)
    body_pages = [pt.lines for pt in lay.pages]
    _settle_right_edges(body_pages, body)
    asm = Assembler(body, line_pitches(body_pages))
    for pt in lay.pages:
        if pt.form:
            asm.close()
            asm.blocks.extend(Proto("furniture", [ln]) for ln in pt.lines)
            continue
        i = 0
        while i < len(pt.lines):
            if i in pt.tables:
                asm.close()
                end, table = pt.tables[i]
                asm.blocks.append(table)
                i = end + 1
                continue
            asm.feed(pt.lines[i])
            i += 1
    asm.close()
    blocks = rejoin(asm.blocks, body)
    mark_pull_quotes(blocks, body)
    # all pages' foot lines in one run, so a footnote continued on the next page stays one note
    footnotes = cut_footnotes([ln for pt in lay.pages for ln in pt.foot])
    tb = emit(blocks, footnotes, build_vocab(body_pages + [pt.foot for pt in lay.pages]))
    doc = Document(doc_id="", path=path, sha256="", media_type="application/pdf", text=tb.text, pages=stats.pages,
                   blocks=refine_blocks(tb.text, tb.blocks), page_spans=tb.page_spans, superscripts=tb.superscripts,
                   ocr=bool(stats.ocr))
    if stats.empty:
        why = MISSING if ocr_languages() is None else "OCR found no text on them"
        doc.warnings.append(f"{path}: page(s) {', '.join(map(str, stats.empty[:20]))} have no text layer; {why}")
    if stats.ocr:
        doc.warnings.append(f"{path}: page(s) {', '.join(map(str, stats.ocr[:20]))} have no text layer and were "
                            "read by OCR (Tesseract): their text may have recognition errors")
    if stats.unmapped > 20:
        doc.warnings.append(f"{path}: {stats.unmapped} characters could not be mapped to Unicode "
                            "(font without a ToUnicode map)")
    return doc
