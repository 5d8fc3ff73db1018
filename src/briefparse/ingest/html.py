"""HTML briefs: main text block by block, ``<sup>`` calls kept as calls, note lists kept.

selectolax (lexbor) parses fast and lets us walk the tree ourselves, which we need to keep
``<sup>`` runs and ``<ol>`` numbering that readability-style extractors throw away.
"""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from briefparse.records import Document

from .errors import IngestError
from .layout import NOTES_HEADING_RE, TextBuilder, refine_blocks
from .sniff import decode_text

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "button", "select", "form", "nav"}
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre", "figure",
          "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
          "thead", "tbody", "tfoot", "caption", "body", "center", "address", "details", "summary", "hr", "br"}
_NOTES_CLASS_RE = re.compile(r"(?:^|[\s_-])(?:foot|end)?notes?(?:$|[\s_-])|footnotes|endnotes|references", re.I)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
MAX_DEPTH = 400  # deeper nesting is flattened rather than recursed into


def _classes(node: Any) -> str:
    attrs = node.attributes or {}
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}".strip()


_REF_TEXT_RE = re.compile(r"^\s*[\[(]?\s*(\d{1,4}(?:\s*[,–-]\s*\d{1,4})*)\s*[\])]?\s*$")
_BACK_TEXT_RE = re.compile(r"^\s*\[?\s*(?:[↩↑⤴^]|&#8617;)[\ufe0e\ufe0f]?\s*\]?\s*$|^\s*(?:back|return)(?: to text)?\s*$", re.I)


# in-page targets of note calls: #fn1 #_ftn1 #footnote_0_77 #note-3 #endnote3 #cite_note-3 #ref1 #en1 #n1
_NOTE_HINT_RE = re.compile(r"^#_?(?:fn|ftn|edn|foot|note|endnote|cite|ref|en\d|n\d)", re.I)


def _anchor_role(node: Any) -> str | None:
    """``ref`` for an in-page link printed as a bare note number (``<a href="#fn3">3</a>``),
    ``back`` for a note's link back to its call (``↩``), else None."""
    if node.tag != "a":
        return None
    attrs = node.attributes or {}
    href = (attrs.get("href") or "").strip()
    cls = f"{attrs.get('class') or ''} {attrs.get('role') or ''}".lower()
    text = node.text(deep=True) or ""
    if "backlink" in cls or "footnote-back" in cls or (href.startswith("#") and _BACK_TEXT_RE.match(text)):
        return "back"
    hint = _NOTE_HINT_RE.search(href) if href.startswith("#") else None
    if (hint or "noteref" in cls or "footnote" in cls) and _REF_TEXT_RE.match(text):
        return "ref"
    return None


def _ref_number(node: Any) -> str:
    m = _REF_TEXT_RE.match(node.text(deep=True) or "")
    return re.sub(r"\s+", "", m.group(1)) if m else ""


def _sup_text(node: Any) -> str:
    """A ``<sup>`` run as a call: ``[4]`` and ``(4)`` read as ``4``, other text as printed."""
    text = node.text(deep=True) or ""
    m = _REF_TEXT_RE.match(text)
    return re.sub(r"\s+", "", m.group(1)) if m else text


def _is_notes_container(node: Any) -> bool:
    c = _classes(node)
    return bool(c) and bool(_NOTES_CLASS_RE.search(c))


class _Walker:
    """Depth-first walk that emits one block per block-level element with direct text."""

    def __init__(self) -> None:
        self.tb = TextBuilder()
        self.pieces: list[tuple[str, bool]] = []
        self.kind = "paragraph"
        self.seen_title = False
        self.after_notes_heading = False
        self.deep_warned = False

    def flush(self, kind: str | None = None) -> None:
        if self.pieces and "".join(t for t, _ in self.pieces).strip():
            self.tb.add_block(kind or self.kind, self.pieces)
        self.pieces = []
        self.kind = "paragraph"

    def inline_text(self, node: Any, depth: int = 0) -> list[tuple[str, bool]]:
        """Text of an inline subtree, ``<sup>`` runs marked."""
        out: list[tuple[str, bool]] = []
        for c in node.iter(include_text=True):
            tag = c.tag
            if tag == "-text":
                out.append((c.text(deep=False) or "", False))
            elif tag in _SKIP or tag == "-comment":
                continue
            elif tag == "sup":
                out.append((_sup_text(c), True))
            elif (role := _anchor_role(c)) is not None:
                if role == "ref":  # a note call printed without <sup>: still a call
                    out.append((_ref_number(c), True))
            elif tag == "br":
                out.append((" ", False))
            elif depth < MAX_DEPTH:
                out.extend(self.inline_text(c, depth + 1))
        return out

    def walk(self, node: Any, depth: int = 0, notes_ctx: bool = False) -> None:
        if depth > MAX_DEPTH:
            if not self.deep_warned:
                self.deep_warned = True
            self.pieces.extend([(node.text(deep=True) or "", False)])
            return
        for c in node.iter(include_text=True):
            tag = c.tag
            if tag == "-text":
                self.pieces.append((c.text(deep=False) or "", False))
                continue
            if tag in _SKIP or tag == "-comment":
                continue
            if tag == "sup":
                self.pieces.append((_sup_text(c), True))
                continue
            if (role := _anchor_role(c)) is not None:
                if role == "ref":
                    self.pieces.append((_ref_number(c), True))
                continue
            if tag not in _BLOCK:
                self.pieces.extend(self.inline_text(c, depth + 1))
                continue
            self.flush()
            cls = _classes(c)
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                pieces = self.inline_text(c, depth + 1)
                text = "".join(t for t, _ in pieces).strip()
                if NOTES_HEADING_RE.match(text):
                    self.tb.add_block("notes_heading", pieces)
                    self.after_notes_heading = True
                else:
                    self.tb.add_block("title" if (tag == "h1" and not self.seen_title) else "heading", pieces)
                    self.after_notes_heading = False
                self.seen_title = True
            elif tag == "ol" and (notes_ctx or self.after_notes_heading or _is_notes_container(c)):
                self.emit_notes(c, depth + 1)
            elif tag == "tr":
                cells = [self.inline_text(td, depth + 1) for td in c.iter() if td.tag in ("td", "th")]
                row: list[tuple[str, bool]] = []
                for k, cell in enumerate(cells):
                    if k:
                        row.append(("\t", False))
                    row.extend([(t.replace("\t", " "), s) for t, s in cell])
                self.tb.add_block("table", row)
            elif tag == "li":
                self.kind = "note" if notes_ctx else "list_item"
                self.walk(c, depth + 1, notes_ctx)
                self.flush()
            elif "flabel" in cls or re.search(r"figure-?label", cls):
                self.tb.add_block("caption_label", self.inline_text(c, depth + 1))
            elif tag in ("figcaption", "caption") or "fcap" in cls or "caption" in cls:
                self.tb.add_block("caption", self.inline_text(c, depth + 1))
            elif "credit" in cls:
                self.tb.add_block("credit", self.inline_text(c, depth + 1))
            elif "authors" in cls or "byline" in cls:
                self.tb.add_block("heading", self.inline_text(c, depth + 1))
            else:
                self.walk(c, depth + 1, notes_ctx or (tag in ("section", "div", "aside", "footer") and _is_notes_container(c)))
                self.flush()

    def emit_notes(self, ol: Any, depth: int) -> None:
        """``<ol>`` of notes: each ``<li>`` becomes ``N. text`` (N from value/start)."""
        try:
            n = int((ol.attributes or {}).get("start") or 1)
        except ValueError:
            n = 1
        for li in ol.iter():
            if li.tag != "li":
                continue
            value = (li.attributes or {}).get("value")
            if value and value.strip().isdigit():
                n = int(value)
            pieces = self.inline_text(li, depth + 1)
            self.tb.add_block("note", [(f"{n}. ", False), *pieces])
            n += 1


def read_html(data: bytes, path: str) -> Document:
    """Parse an HTML brief into a Document with blocks and superscript spans."""
    m = _CHARSET_RE.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace") if m else None
    text, encoding = decode_text(data, path, declared)
    tree = LexborHTMLParser(text)
    root = tree.body or tree.root
    if root is None:
        raise IngestError(path, "HTML has no body")
    w = _Walker()
    w.walk(root)
    w.flush()
    doc = Document(doc_id="", path=path, sha256="", media_type="text/html", text=w.tb.text, encoding=encoding,
                   blocks=refine_blocks(w.tb.text, w.tb.blocks), superscripts=w.tb.superscripts)
    codec = encoding.split(" ", 1)[0]  # the label is "codec (reason)"
    if declared and codec.lower().replace("-", "") != declared.lower().replace("-", "") and codec != "utf-8":
        doc.warnings.append(f"{path}: page declares charset {declared} but decodes as {encoding}")
    if w.deep_warned:
        doc.warnings.append(f"{path}: HTML nested deeper than {MAX_DEPTH} levels; the deepest part was flattened")
    return doc
