"""Tokenizer for citation strings: whitespace chunks with their punctuation (as AnyStyle), CJK characters, URLs.

Latin-script text is split at whitespace and punctuation stays on its word (``(2018).``, ``Press,``), which keeps
sequences short so the CRF's window spans more words (measured: much better than one token per punctuation
mark). CJK text is split per character: it needs no dictionary, is fast, and lets the CRF learn boundaries such as
``新型举国体制的理论逻辑[J]`` vs ``中国软科学`` from character context (per-character vs jieba words was
measured; see the package README). URLs, DOIs and GB/T 7714 type codes (``[J]``, ``[EB/OL]``) stay whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "tokenize", "URL_RE", "DOI_RE", "GBT_TYPE_RE", "is_cjk"]

# URLs are found by the project's shared URL finder (briefparse.text.urls: URLs cut by a space or a line break,
# schemeless hosts); this simple pattern only says whether a single word looks like a URL.
URL_RE = re.compile(r"""(?:https?://|ftp://|www\.)[^\s<>"“”‘’《》「」]+""", re.IGNORECASE)
DOI_RE = re.compile(r"""(?:doi:\s*|DOI:\s*)?\b10\.\d{4,9}/[^\s<>"“”,;]+""")
GBT_TYPE_RE = re.compile(r"\[(?:[A-Z]{1,2}(?:/OL)?|EB/OL)\]")
_TRAIL = ".,;:)]}>'\"”’》」】〕）"

_CJK_PUNCT = set("，。：；、（）《》〈〉〔〕【】「」『』“”‘’！？…·")
# digits glued to an opening parenthesis ("37(4):") are split so volume and issue can be told apart
_SPLIT_RE = re.compile(r"(?<=\d)(?=\()|(?<=\))(?=\[)")


@dataclass(frozen=True, slots=True)
class Token:
    """A token with its character offsets into the input string; ``kind`` is "url", "doi" or "gbt" for the
    pieces found by rule and kept whole, else ""."""

    text: str
    start: int
    end: int
    kind: str = ""


def is_cjk(ch: str) -> bool:
    """True for a Han, kana or hangul character."""
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x3040 <= o <= 0x30FF or 0xAC00 <= o <= 0xD7AF


def _protected_spans(text: str) -> list[tuple[int, int, str]]:
    """URL, DOI and GB/T type-code spans (start, end, kind), which become single tokens."""
    spans: list[tuple[int, int, str]] = []
    if "/" in text or "www" in text.lower():
        from briefparse.text.urls import find_urls  # the shared URL finder (cut URLs, schemeless hosts)

        for f in find_urls(text):
            spans.append((f.start, f.end, "url"))  # a doi.org link is a URL (AnyStyle's convention)
    for rx, kind in ((DOI_RE, "doi"), (GBT_TYPE_RE, "gbt")):
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if kind == "doi":
                while e > s and text[e - 1] in _TRAIL:
                    # keep a closing bracket that has its opening one inside the DOI, e.g. ...(94)00281-M
                    ch = text[e - 1]
                    if ch == ")" and text.count("(", s, e) >= text.count(")", s, e):
                        break
                    e -= 1
            if e > s and not any(a < e and s < b for a, b, _ in spans):
                spans.append((s, e, kind))
    spans.sort()
    return spans


def _chunk(text: str, s: int, e: int, out: list[Token]) -> None:
    """Tokens of a stretch without URLs: whitespace chunks, with each CJK character (and CJK punctuation
    next to it) on its own, and the rest of a chunk kept whole with its punctuation (as AnyStyle does)."""
    i = s
    while i < e:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if is_cjk(ch) or ch in _CJK_PUNCT:
            out.append(Token(ch, i, i + 1))
            i += 1
            continue
        j = i
        while j < e and not text[j].isspace() and not is_cjk(text[j]) and text[j] not in _CJK_PUNCT:
            j += 1
        # keep ASCII punctuation after a CJK char with that char's neighbourhood as its own token
        a = i
        for m in _SPLIT_RE.finditer(text, i, j):
            if m.start() > a:
                out.append(Token(text[a:m.start()], a, m.start()))
                a = m.start()
        out.append(Token(text[a:j], a, j))
        i = j


def tokenize(text: str) -> list[Token]:
    """Split a citation into tokens with offsets; URLs, DOIs and GB/T type codes stay whole."""
    out: list[Token] = []
    pos = 0
    for s, e, kind in _protected_spans(text):
        _chunk(text, pos, s, out)
        out.append(Token(text[s:e], s, e, kind))
        pos = e
    _chunk(text, pos, len(text), out)
    return out
