"""Where each stretch of a retrieved source's text came from: the cited page, a redirect target, a mirror
or a saved excerpt, with the WARC record and the snapshot's date, so evidence is never shown under the
official cited URL when it was read from a copy elsewhere.
"""

from __future__ import annotations

import re
from typing import Any

from briefparse.records import SourceOrigin
from briefparse.sources.source_text import decode


def _same_page(a: str | None, b: str | None) -> bool:
    """Same address up to scheme, ``www.`` and a final slash."""
    def key(u: str | None) -> str:
        return re.sub(r"^[a-z]+://(?:www\.)?", "", (u or "").strip().lower()).rstrip("/")

    return bool(a) and key(a) == key(b)


def _is_excerpt(meta: dict[str, Any]) -> bool:
    """Does a saved copy's manifest entry say it is only part of the page ("EXCERPT ONLY", ``excerpt: true``)?"""
    if meta.get("excerpt") is True:
        return True
    return any("excerpt" in str(meta.get(k) or "").lower() for k in ("coverage", "same_document", "kind"))


def saved_copy_kind(cited_url: str, stored_url: str | None, meta: dict[str, Any]) -> str:
    """``mirror``, ``excerpt``, ``mirror_excerpt`` or ``cited`` for a saved copy of ``cited_url``."""
    elsewhere = not _same_page(stored_url or cited_url, cited_url) or str(meta.get("same_document") or "") == "mirror"
    excerpt = _is_excerpt(meta)
    if elsewhere:
        return "mirror_excerpt" if excerpt else "mirror"
    return "excerpt" if excerpt else "cited"


def _plain(body: bytes, content_type: str | None) -> str:
    """A saved plain-text copy's text as the extractor leaves it (decoded, CRLF and NBSP folded, stripped)."""

    text, _ = decode(body.strip(), content_type)
    return text.replace("\r\n", "\n").replace("\u00a0", " ").strip()


def origins(cited_url: str, record: Any | None, chain: list[Any], fetched: Any | None, warc_record_id: str | None,
            text: str) -> list[SourceOrigin]:
    """The origins of ``text``, the extracted text of ``cited_url``'s retrieval (store record or live fetch)."""
    whole = len(text)
    if record is not None:
        if record.record_type == "mirror":
            return _mirror_origins(cited_url, record, text)
        kind = "cited" if len(chain) <= 1 else "redirect"
        if record.record_type == "resource":
            kind = saved_copy_kind(cited_url, record.url, record.meta[0] if record.meta else {})
        return [SourceOrigin(0, whole, kind, record.url, warc_record_id or record.record_id, record.date or None)]
    if fetched is not None:
        final = getattr(fetched, "final_url", None) or cited_url
        kind = "redirect" if len(getattr(fetched, "exchanges", []) or []) > 1 and not _same_page(final, cited_url) \
            else "cited"
        date = fetched.final.date if getattr(fetched, "final", None) is not None else getattr(fetched, "fetched_at", None)
        return [SourceOrigin(0, whole, kind, final, warc_record_id, date)]
    return []


def _mirror_origins(cited_url: str, record: Any, text: str) -> list[SourceOrigin]:
    """One origin per saved copy joined into a mirror record, each located in the joined text (a copy not
    found as a whole leaves the text to the copies around it; a single copy gives all of it)."""
    parts = list(record.parts) or [record]
    metas = list(record.meta) + [{}] * max(0, len(parts) - len(record.meta))
    out: list[SourceOrigin] = []
    pos = 0
    for part, meta in zip(parts, metas, strict=False):
        piece = _plain(part.body, part.content_type) if len(parts) > 1 else ""
        at = text.find(piece, pos) if piece else -1
        if at >= 0:
            out.append(SourceOrigin(at, at + len(piece), saved_copy_kind(cited_url, part.url, meta), part.url,
                                    part.record_id, part.date or None))
            pos = at + len(piece)
    if not out:
        first, meta = parts[0], metas[0]
        out.append(SourceOrigin(0, len(text), saved_copy_kind(cited_url, first.url, meta), first.url, first.record_id,
                                first.date or None))
    return out


def origin_at(found: list[SourceOrigin], offset: int) -> SourceOrigin | None:
    """The origin whose stretch holds ``offset`` (the last one that starts before it)."""
    best = None
    for o in found:
        if o.start <= offset:
            best = o
        if o.start <= offset < o.end:
            return o
    return best
