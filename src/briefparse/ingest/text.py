"""Plain text and Markdown: decode, keep the characters as printed, find the layout."""

from __future__ import annotations

from briefparse.records import Document

from .layout import classify_lines, find_superscripts, refine_blocks
from .sniff import decode_text


def read_text(data: bytes, path: str) -> Document:
    """Decode with charset detection; only line endings are normalised (CRLF/CR → LF)."""
    text, encoding = decode_text(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    doc = Document(doc_id="", path=path, sha256="", media_type="text/plain", text=text, encoding=encoding,
                   blocks=refine_blocks(text, classify_lines(text)), superscripts=find_superscripts(text))
    if "\ufffd" in text:
        doc.warnings.append(f"{path}: replacement characters in the decoded text (encoding {encoding})")
    return doc
