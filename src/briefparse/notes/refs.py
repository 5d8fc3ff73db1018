"""Back-references between notes: ``Ibid.``, ``Id.``, ``op. cit.``, ``同上``, ``前引`` and short forms.

A back-reference prints only what tells the reader which earlier work it means (``Economy, Third Revolution,
52.``, ``Ang (2016), p. 48``, ``周黎安：《转型中的地方政府》，第120页。``) and perhaps a page. It is linked to the
earlier full citation — the one just before for Ibid., the latest one with the same author and title words (or
year) for a short form — and takes that citation's fields, marked as inherited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from briefparse.records import Work

_PAGES = r"(?P<pages>[\dixvlc]+(?:\s*[–—-]\s*[\dixvlc]+)?)"
IBID = re.compile(
    r"^(?:ibid(?:em)?|id)\.?(?:,?\s*(?:at\s+)?(?:pp?\.\s*|pages?\s+)?" + _PAGES + r")?\s*\.?$"
    r"|^同上(?:书|文|注|引)?(?:[，,、]?\s*(?:第\s*(?P<p2>\d+(?:\s*[–—-]\s*\d+)?)\s*[页頁]|[pP]\.?\s*"
    r"(?P<p3>\d+(?:\s*[–—-]\s*\d+)?)))?\s*[。.]?$",
    re.I)
OP_CIT = re.compile(r"^(?P<who>[^,;:()]{2,60}?),\s*(?P<title>[^,;]{2,120}?,\s*)?(?:op\.?\s*cit\.?|loc\.?\s*cit\.?)"
                    r"(?:,?\s*(?:pp?\.\s*)?" + _PAGES + r")?\s*\.?$", re.I)
_QUOTED = r"(?:\*(?P<it>[^*]{2,200})\*|_(?P<us>[^_]{2,200})_|[\"“](?P<q>[^\"“”]{2,200}?)[,.]?[\"”]|《(?P<bk>[^》]{1,120})》)"
SHORT = re.compile(
    r"^(?P<who>[^,;:()\"“*《]{2,80}?)[,，]\s*" + _QUOTED + r"(?:[,，]?\s*(?:pp?\.\s*)?" + _PAGES + r")?\s*[.。]?$")
SHORT_PLAIN = re.compile(  # no marks left (plain text of a PDF): "Economy, Third Revolution, 52."
    r"^(?P<who>[A-Z][\w'’\-]+(?:\s+(?:and|&)\s+[A-Z][\w'’\-]+)?)[,]\s*(?P<plain>(?=[^,;:()]*[A-Za-z]{3})[A-Z][^,;:()]{2,80}?)"
    r"(?:,\s*(?:pp?\.\s*)?" + _PAGES + r")?\s*\.?$")
SHORT_ZH = re.compile(r"^(?:前引)?(?P<who>[^：:《，,]{0,30})[：:]?\s*《(?P<bk>[^》]{1,120})》(?:[，,]\s*第\s*" + _PAGES
                      + r"\s*[页頁])?\s*[。.]?$")
AUTHOR_YEAR = re.compile(r"^(?P<who>[A-Z][^()\d;]{1,80}?)\s*\(?(?P<year>(?:1[5-9]|20)\d{2})[a-z]?\)?"
                         r"(?:,?\s*(?:pp?\.\s*)?" + _PAGES + r")?\s*\.?$")


@dataclass(frozen=True)
class BackRef:
    """What a back-reference prints: its kind, the author and title words or year that name the work, a page."""

    kind: str  # ibid | op_cit | short
    who: str | None = None
    title: str | None = None
    year: str | None = None
    pages: str | None = None


def _pages(m: re.Match[str]) -> str | None:
    gd = m.groupdict()
    p = gd.get("pages") or gd.get("p2") or gd.get("p3")
    return re.sub(r"\s+", "", p) if p else None


def back_reference(piece: str) -> BackRef | None:
    """The back-reference ``piece`` is (commentary such as "See" already removed), or None for a full citation."""
    s = " ".join(piece.split())
    if m := IBID.match(s):
        return BackRef("ibid", pages=_pages(m))
    if m := OP_CIT.match(s):
        title = (m.group("title") or "").strip(" ,") or None
        return BackRef("op_cit", who=m.group("who").strip(), title=title, pages=_pages(m))
    if m := SHORT.match(s):
        title = next(v for k, v in m.groupdict().items() if k in ("it", "us", "q", "bk") and v)
        return BackRef("short", who=m.group("who").strip(), title=title.strip(" ,."), pages=_pages(m))
    if m := SHORT_ZH.match(s):
        return BackRef("short", who=m.group("who").strip() or None, title=m.group("bk"), pages=_pages(m))
    if m := AUTHOR_YEAR.match(s):
        return BackRef("short", who=m.group("who").strip(" ,"), year=m.group("year"), pages=_pages(m))
    if m := SHORT_PLAIN.match(s):
        return BackRef("short", who=m.group("who"), title=m.group("plain"), pages=_pages(m))
    return None


_STOP = {"the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "s"}


def _words(s: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", s.lower().replace("’", "'").replace("'s", "")) if w not in _STOP]


@lru_cache(maxsize=4096)
def _title_words(s: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A title's content words, in order and as a set (cached: a short form is tried against every earlier work)."""
    words = _words(s)
    return tuple(words), frozenset(words)


def surnames(who: str) -> list[str]:
    """The family names a back-reference prints: ``Rosen and Wright`` → [rosen, wright]; ``周黎安`` → [周黎安]."""
    return list(_surnames(who))


@lru_cache(maxsize=4096)
def _surnames(who: str) -> tuple[str, ...]:
    """:func:`surnames`, once per printed name (a short form is tried against every earlier work)."""
    w = re.sub(r"\bet al\.?|等", "", who)
    parts = [p.strip() for p in re.split(r",|\s+and\s+|\s*&\s*|、|，", w) if p.strip()]
    return tuple(p.split()[-1].lower() if " " in p and not re.search(r"[\u3400-\u9fff]", p) else p.lower() for p in parts)


def _author_match(names: Sequence[str], authors: Sequence[str]) -> bool:
    flat, toks = _author_tokens(tuple(authors))
    return bool(names) and all(n in toks or n in flat for n in names[:1])


@lru_cache(maxsize=4096)
def _author_tokens(authors: tuple[str, ...]) -> tuple[str, frozenset[str]]:
    """A work's author names lower-cased as one string, and their words (cached per work's authors)."""
    flat = " ".join(authors).lower()
    return flat, frozenset(re.findall(r"[\w'’\-]+", flat))


def matches(ref: BackRef, w: Work) -> bool:
    """Whether the full citation ``w`` is the work a short form or op. cit. names."""
    if w.title_en is None and w.title_zh is None:
        return False
    names = _surnames(ref.who) if ref.who else ()
    if names and not _author_match(names, [*w.authors, *w.authors_zh]):
        return False
    if ref.year:
        return bool(w.date_iso and w.date_iso.startswith(ref.year))
    if ref.title:
        if re.search(r"[\u3400-\u9fff]", ref.title):
            zh = w.title_zh or ""
            return bool(zh) and (zh.startswith(ref.title) or ref.title in zh)
        want = _title_words(ref.title)[0]
        have = _title_words(w.title_en or "")[1]
        return bool(want) and all(x in have for x in want)
    return bool(names)
