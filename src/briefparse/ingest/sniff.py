"""Decide what a file is from its name and its first bytes, and decode text safely."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import IngestError

MAX_BYTES = 100 * 1024 * 1024  # inputs over 100 MB are refused, not read

_EXT = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
}


def sniff_media_type(path: str, data: bytes) -> str:
    """Media type from the extension, checked against the content (a PDF must start %PDF)."""
    ext = Path(path).suffix.lower()
    head = data[:1024].lstrip()
    if ext == ".pdf" or head.startswith(b"%PDF"):
        if b"%PDF" not in data[:1024]:
            raise IngestError(path, "named .pdf but is not a PDF (no %PDF header)")
        return "application/pdf"
    media = _EXT.get(ext)
    if media is None:
        lowered = head[:200].lower()
        if lowered.startswith(b"<!doctype html") or lowered.startswith(b"<html"):
            return "text/html"
        raise IngestError(path, f"unsupported file type {ext or '(no extension)'}")
    return media


def _looks_binary(data: bytes) -> bool:
    """Binary junk: NUL bytes (outside UTF-16) or many control characters."""
    sample = data[:8192]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 9 or (13 < b < 32 and b != 27))
    return controls / len(sample) > 0.05


def decode_text(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to str; return (text, encoding).

    Order: a BOM; strict UTF-8; a declared charset if it decodes cleanly; then
    charset-normalizer's best guess (GB18030 for GBK pages, Big5...). Binary junk is refused.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF32_LE, "utf-32")):
        if data.startswith(bom):
            return data.decode(enc), enc.replace("-sig", "")
    if _looks_binary(data):
        raise IngestError(path, "binary data, not text (control bytes in the content)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        enc = _widen(declared)
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise IngestError(path, "could not detect the text encoding")
    # among the near-best guesses, prefer the one that reads as Chinese: short GBK pages are
    # otherwise often taken for Korean (cp949), whose decode is valid but meaningless here
    floor = min(m.chaos for m in matches) + 0.1
    candidates = [m for m in matches if m.chaos <= floor]
    best = max(candidates, key=lambda m: (_cjk_score(str(m)), -_preference(m.encoding)))
    enc = _widen(best.encoding)
    try:
        return data.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        return str(best), best.encoding


def _cjk_score(text: str) -> int:
    """Han ideographs count for a decoding, Hangul and replacement characters against it."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    hangul = sum(1 for ch in text if "\uac00" <= ch <= "\ud7af")
    bad = text.count("\ufffd") + sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff")
    return han - 2 * hangul - 5 * bad


_PREFERRED = ["utf_8", "gb18030", "gbk", "big5", "cp1252", "latin_1", "utf_16"]


def _preference(encoding: str) -> int:
    """Tie-break between equally plausible guesses: the encodings briefs and Chinese pages use."""
    e = encoding.lower().replace("-", "_")
    return _PREFERRED.index(e) if e in _PREFERRED else len(_PREFERRED)


def _widen(encoding: str) -> str:
    """GB2312 and GBK are subsets of GB18030: decode with the superset so rare characters survive."""
    e = encoding.lower().replace("_", "-")
    if e in ("gb2312", "gbk", "gb-2312", "cp936", "euc-cn", "hz"):
        return "gb18030"
    return encoding
