"""Decide what a file is from its name and its first bytes, and decode text safely."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from briefparse.text import vocab

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


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the codec used and why that codec (recorded in ``documents.encoding``)."""

    text: str
    codec: str
    reason: str

    @property
    def label(self) -> str:
        return f"{self.codec} ({self.reason})"


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # UTF-32 first: its LE BOM starts FF FE
_SINGLE_BYTE = {"cp1252", "windows-1252", "iso8859-1", "latin-1", "latin_1", "iso-8859-1"}
_SAMPLE = 256 * 1024  # bytes scored per candidate decoding


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the NUL bytes sit in every other position (ASCII-heavy UTF-16)."""
    sample = data[:8192]
    if len(sample) < 8 or len(data) % 2:
        return None
    pairs = len(sample) // 2
    even = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= 0.3 * pairs and other <= 0.02 * pairs:
            try:
                text = data[:_SAMPLE].decode(codec, "replace")
            except UnicodeDecodeError:
                return None
            return codec if _readable_share(text) >= 0.7 else None
    return None


def _common_hanzi() -> frozenset[str]:

    return vocab.words("common_hanzi.tsv")


def _readable_share(text: str) -> float:
    """Share of ``text`` that is plainly writing: printable ASCII, whitespace, frequent Chinese characters,
    CJK punctuation. A strict test for guesses without other evidence (UTF-16 with no BOM)."""
    if not text:
        return 0.0
    common = _common_hanzi()
    ok = sum(1 for ch in text if (" " <= ch <= "~") or ch in "\n\r\t" or ch in common
             or "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e")
    return ok / len(text)


def plausibility(text: str) -> float:
    """How much ``text`` reads as real writing, per character (higher is better, 1.0 at most).

    Printable ASCII, CJK punctuation and the most frequent Chinese characters count for it; replacement
    characters, private-use and C1 control characters against it; rarer Han characters count little
    (a Big5 page read as GB18030 decodes without error, but into rare characters), Hangul a little
    against (GBK pages are often taken for Korean)."""
    if not text:
        return 0.0
    common = _common_hanzi()
    good = bad = 0.0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            if ch.isprintable() or ch in "\n\r\t":
                good += 1
            else:
                bad += 1
        elif ch in common:
            good += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            good += 0.2
        elif 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
            good += 1
        elif o == 0xFFFD or 0xE000 <= o <= 0xF8FF or 0x80 <= o <= 0x9F:
            bad += 1
        elif 0xAC00 <= o <= 0xD7AF:
            bad += 0.5
        elif ch.isalpha() or ch.isspace():
            good += 0.5
    return (good - 2 * bad) / len(text)


def _score(data: bytes, codec: str) -> float:
    return plausibility(data[:_SAMPLE].decode(codec, "replace"))


def _detected(data: bytes) -> list[str]:
    """Codecs worth trying: charset-normalizer's near-best guesses and the two Chinese families."""

    out = ["gb18030", "big5hkscs", "cp1252"]  # first: on equal plausibility these win
    matches = list(from_bytes(data[:_SAMPLE]))
    if matches:
        floor = min(m.chaos for m in matches) + 0.1
        out += [_widen(m.encoding) for m in matches if m.chaos <= floor]
    valid = []
    for c in dict.fromkeys(out):
        try:
            codecs.lookup(c)
        except LookupError:
            continue
        valid.append(c)
    return valid


def decode_bytes(data: bytes, declared: list[str | None] | None = None, binary_ok: bool = False,
                 path: str = "") -> Decoded:
    """Decode bytes you can trust, saying why (``Decoded.reason``).

    Order: a byte order mark; UTF-16 without one (NUL bytes in every other position); strict UTF-8;
    UTF-8 with a few bad bytes (replaced, not a different codec for the whole file); a declared charset
    only if it decodes and reads at least as well as the alternatives (a Big5 page declaring gb2312
    decodes as GB18030 without error, into rare characters); else the candidate that reads best.
    Binary junk raises :class:`IngestError` unless ``binary_ok``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(enc, "replace").lstrip("\ufeff"), enc.replace("-sig", ""), "byte order mark")
    u16 = _utf16_without_bom(data)
    if u16:
        return Decoded(data.decode(u16, "replace"), u16, "UTF-16 without a byte order mark (NUL in every other byte)")
    if _looks_binary(data):
        for codec in ("utf-16-le", "utf-16-be"):  # Chinese UTF-16 without a BOM: no NULs, but "control" bytes
            if len(data) % 2 == 0 and _readable_share(data[:_SAMPLE].decode(codec, "replace")) >= 0.7:
                try:
                    return Decoded(data.decode(codec), codec, "UTF-16 without a byte order mark (reads as text)")
                except UnicodeDecodeError:
                    pass
        if not binary_ok:
            raise IngestError(path, "binary data, not text (control bytes in the content)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "valid UTF-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multibyte = sum(1 for ch in text if ord(ch) >= 0x80) - text.count("\ufffd")
    if bad <= max(3, len(data) // 20_000) and multibyte >= 4 * bad:
        return Decoded(text, "utf-8", f"UTF-8 with {bad} invalid byte sequence{'s' if bad > 1 else ''} replaced")
    notes: list[str] = []
    trusted: list[tuple[str, str, str]] = []
    for d in dict.fromkeys(x for x in (declared or []) if x):
        enc = _widen(d)
        try:
            codecs.lookup(enc)
        except LookupError:
            notes.append(f"declared {d} is not a known charset")
            continue
        if enc.lower().replace("_", "-") in _SINGLE_BYTE and any(b > 0x7F for b in data):
            notes.append(f"declared {d} decodes any bytes, so it proves nothing")
            continue
        try:
            trusted.append((d, enc, data.decode(enc)))
        except UnicodeDecodeError:
            notes.append(f"declared {d} does not decode")
    alternatives = [c for c in _detected(data) if c not in {e for _, e, _ in trusted}]
    scored = sorted(((round(_score(data, c), 3), -i, c) for i, c in enumerate(alternatives)), reverse=True)
    if trusted:
        name, enc, dtext = trusted[0]
        mine = round(plausibility(dtext[:_SAMPLE]), 3)
        if not scored or mine >= scored[0][0] - 0.05:
            return Decoded(dtext, enc, f"declared {name}, decodes and reads as text (plausibility {mine:.2f})")
        notes.append(f"declared {name} reads worse ({mine:.2f}) than {scored[0][2]} ({scored[0][0]:.2f})")
    if not scored:
        raise IngestError(path, "could not detect the text encoding")
    best = scored[0][2]
    why = "; ".join([*notes, f"reads best as {best} (plausibility {scored[0][0]:.2f})"])
    return Decoded(data.decode(best, "replace"), best, why)


def decode_text(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to str; return (text, encoding label with its reason), see :func:`decode_bytes`."""
    d = decode_bytes(data, [declared], path=path)
    return d.text, d.label


def _widen(encoding: str) -> str:
    """GB2312 and GBK are subsets of GB18030: decode with the superset so rare characters survive."""
    e = encoding.lower().replace("_", "-")
    if e in ("gb2312", "gbk", "gb-2312", "cp936", "euc-cn", "hz"):
        return "gb18030"
    return encoding
