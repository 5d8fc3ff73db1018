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
from functools import lru_cache

__all__ = ["Token", "tokenize", "URL_RE", "DOI_RE", "GBT_TYPE_RE", "is_cjk", "url_spans"]

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


@lru_cache(maxsize=4096)
def url_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, url)`` of each URL the shared finder sees in ``text``; cached, as a note's pieces are read
    for URLs several times (tokenizer, rule parser, tagger) and normalising a URL is costly."""
    from briefparse.text.urls import find_urls  # the shared URL finder (cut URLs, schemeless hosts)

    return tuple((f.start, f.end, f.url) for f in find_urls(text))


def _protected_spans(text: str) -> list[tuple[int, int, str]]:
    """URL, DOI and GB/T type-code spans (start, end, kind), which become single tokens."""
    spans: list[tuple[int, int, str]] = []
    if "/" in text or "www" in text.lower():
        for s, e, _ in url_spans(text):
            spans.append((s, e, "url"))  # a doi.org link is a URL (AnyStyle's convention)
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


# one token: a CJK character or CJK punctuation mark alone, else a run of anything but whitespace and those
_CJK_CLASS = "\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af" + re.escape("".join(sorted(_CJK_PUNCT)))
_CHUNK_RE = re.compile(f"[{_CJK_CLASS}]|[^\\s{_CJK_CLASS}]+")


def _chunk(text: str, s: int, e: int, out: list[Token]) -> None:
    """Tokens of a stretch without URLs: whitespace chunks, with each CJK character (and CJK punctuation
    next to it) on its own, and the rest of a chunk kept whole with its punctuation (as AnyStyle does)."""
    for m in _CHUNK_RE.finditer(text, s, e):
        a, j = m.span()
        if j - a > 1 and ("(" in m[0] or "[" in m[0]):
            for g in _SPLIT_RE.finditer(text, a, j):
                if g.start() > a:
                    out.append(Token(text[a:g.start()], a, g.start()))
                    a = g.start()
            out.append(Token(text[a:j], a, j))
        else:
            out.append(Token(m[0], a, j))


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
