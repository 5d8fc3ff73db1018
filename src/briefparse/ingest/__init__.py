"""Ingestion: turn a brief (text, Markdown, HTML or PDF) into one :class:`Document`.

Every format ends in the same shape of text: one block (paragraph, heading, caption, table
row, note) per line, blocks separated by a blank line, note calls written as Unicode
superscripts or ``^{…}``. Later stages therefore read one kind of text whatever the input was.
"""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import replace
from pathlib import Path

from briefparse.records import Document

from .errors import IngestError
from .html import read_html
from .pdf import read_pdf
from .sniff import MAX_BYTES, sniff_media_type
from .text import read_text

__all__ = ["IngestError", "ingest", "ingest_bytes", "sniff_media_type", "MAX_BYTES"]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def ingest(path: str | Path, doc_id: str | None = None, *, pdf_engine: str = "pypdfium2",
           max_bytes: int = MAX_BYTES) -> Document:
    """Read ``path`` and return its :class:`Document`; raise :class:`IngestError` naming the problem."""
    p = Path(path)
    if not p.exists():
        raise IngestError(str(p), "no such file")
    if p.is_dir():
        raise IngestError(str(p), "is a folder, not a document")
    mode = p.stat().st_mode
    if not stat.S_ISREG(mode):  # /dev/zero never ends, a FIFO blocks: only regular files are read
        raise IngestError(str(p), "not a regular file (a device, FIFO or socket); not read")
    size = p.stat().st_size
    if size > max_bytes:
        raise IngestError(str(p), f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
    with p.open("rb") as fh:
        data = fh.read(max_bytes + 1)  # never more than the cap, even if the file grows meanwhile
    if len(data) > max_bytes:
        raise IngestError(str(p), f"file is over the {max_bytes:,}-byte limit")
    return ingest_bytes(data, str(p), doc_id or p.name, pdf_engine=pdf_engine)


def ingest_bytes(data: bytes, path: str, doc_id: str, *, pdf_engine: str = "pypdfium2") -> Document:
    """Ingest raw bytes already read from ``path`` (the name is used for type and messages)."""
    if not data:
        raise IngestError(path, "empty file (0 bytes)")
    media_type = sniff_media_type(path, data)
    sha = hashlib.sha256(data).hexdigest()
    if media_type == "application/pdf":

        doc = read_pdf(data, path, engine=pdf_engine)
    elif media_type == "text/html":

        doc = read_html(data, path)
    elif media_type in ("text/plain", "text/markdown"):

        doc = read_text(data, path)
    else:
        raise IngestError(path, f"unsupported type {media_type}")
    doc = replace(doc, doc_id=doc_id, path=path, sha256=sha, media_type=media_type)
    controls = len(_CONTROL.findall(doc.text))
    if controls:  # one for one, so every offset stays; no NUL or escape reaches an output
        doc = replace(doc, text=_CONTROL.sub(" ", doc.text),
                      warnings=[*doc.warnings, f"{path}: {controls} control characters replaced by spaces"])
    if not doc.text.strip():
        raise IngestError(path, "no text found in the document")
    return doc
