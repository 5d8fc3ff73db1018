"""report.html for people, and one snapshot page per retrieved source (no network, no external files).

The page lists the claims (filterable by status and document; the filters live in the URL hash so Back
and shared links keep them), each with its figure highlighted in the brief's sentence and in the
source's sentence, where that evidence was read from (cited page, redirect, mirror, saved excerpt) and
when it was captured; then the notes (each linking back to the claims citing it), URL health and the
glossary. Tables turn into cards on narrow screens. Markup lives in Jinja2 templates beside this file
(``templates/``); this module only shapes the rows for them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from briefparse.outputs.readme import BASIS_MEANING, STATUS_MEANING
from briefparse.text.files import write_chunks_atomic, write_text_atomic

STATUSES = list(STATUS_MEANING)
TEMPLATES = Path(__file__).parent / "templates"
SNAPSHOT_DIR = "snapshots"

# what kind of copy the evidence was read from (``claims.evidence_source``), in words
COPY_WORDS: dict[str, str] = {
    "cited": "the cited page",
    "redirect": "the page the cited URL redirects to",
    "mirror": "a copy of the document on another site",
    "excerpt": "a saved excerpt of the cited page",
    "mirror_excerpt": "a saved excerpt of a copy on another site",
}


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


# ---------- cell helpers ----------

def _missing(v: Any) -> bool:
    """None, NaN and pandas' NA (which is neither truthy-safe nor a float)."""
    if v is None or isinstance(v, (list, tuple, dict)):
        return v is None
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _s(v: Any) -> str:
    """A cell as text ('' when missing)."""
    return "" if _missing(v) else str(v)


def _int(v: Any) -> int | None:
    try:
        return None if _missing(v) else int(v)
    except (TypeError, ValueError):
        return None


def _list(v: Any) -> list[Any]:
    """A list cell, whether a real list (records, Parquet) or JSON text (CSV frames)."""
    if isinstance(v, (list, tuple)):
        return list(v)
    if hasattr(v, "tolist") and not isinstance(v, str):
        return list(v.tolist())
    if isinstance(v, str) and v.startswith("["):
        try:
            out = json.loads(v)
            return out if isinstance(out, list) else []
        except json.JSONDecodeError:
            return []
    return []


def _rows(df: pd.DataFrame | None) -> list[dict[str, Any]]:
    return [] if df is None or df.empty else df.to_dict("records")


def _safe(s: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in s)


def note_anchor(doc_id: Any, n: Any, series: Any = 1) -> str:
    """The id of a note's row: ``note-<doc>-<n>``, with ``s<series>-`` before ``n`` past the first series."""
    s = _int(series) or 1
    return f"note-{_safe(str(doc_id))}-{n}" if s == 1 else f"note-{_safe(str(doc_id))}-s{s}-{n}"


def claim_anchor(claim_id: Any) -> str:
    return "claim-" + _safe(str(claim_id))


def _fmt_number(v: Any, grouped: bool = True) -> str:
    """62400000000.0 → "62,400,000,000"; 20.9 → "20.9"; 2007 years → "2007"; missing → ""."""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return ""
    if x != x:
        return ""
    if x == int(x):
        return f"{x:,.0f}" if grouped else f"{x:.0f}"
    return f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.2f}"


def _short_url(u: str, width: int = 42) -> str:
    """A URL as link text: host and path, the middle elided when long (the href keeps it whole)."""
    t = re.sub(r"^https?://(www\.)?", "", u)
    return t if len(t) <= width else t[: width // 2] + "…" + t[-(width // 2 - 1):]


def mark_span(text: str, start: int | None, end: int | None, needle: str = "", css: str = "") -> Markup:
    """``text`` escaped, with ``[start, end)`` (else the first ``needle``) wrapped in ``<mark>``."""
    if start is None or end is None or not (0 <= start < end <= len(text)) or (needle and text[start:end] != needle):
        i = text.find(needle) if needle else -1
        if i < 0:
            return escape(text)
        start, end = i, i + len(needle)
    cls = Markup(f' class="{css}"') if css else Markup("")
    return Markup("{}<mark{}>{}</mark>{}").format(text[:start], cls, text[start:end], text[end:])


# ---------- rows for the templates ----------

def _value(c: dict[str, Any]) -> str:
    unit = _s(c.get("unit"))
    if unit == "date":
        return _s(c.get("iso"))
    v = _fmt_number(c.get("value"), grouped=unit != "years")
    if not v and _fmt_number(c.get("low")):
        v = f'{_fmt_number(c.get("low"))}–{_fmt_number(c.get("high"))}'
    return f"{v} {unit}".strip() if v else ""


def provenance(c: dict[str, Any], src: dict[str, Any] | None) -> str:
    """Where the evidence was read from and when it was captured, in one line."""
    kind = _s(c.get("evidence_source"))
    src = src or {}
    status, url, final = _s(src.get("status")), _s(src.get("url")), _s(src.get("final_url"))
    if not kind:
        kind = "mirror" if status == "mirror" else ("redirect" if final and url and final != url else "cited")
    read_from = _s(c.get("evidence_read_from")) or (final if final and final != url else "")
    captured = _s(c.get("evidence_captured_at")) or _s(src.get("fetched_at"))
    out = "from " + COPY_WORDS.get(kind, kind)
    if read_from and kind != "cited":
        out += f" ({urlsplit(read_from).netloc or read_from})"
    if captured:
        out += f", captured {captured[:10]}"
    return out


@dataclass
class Snapshot:
    """One snapshot page: a source text and the claims whose evidence is in it."""

    text_path: str
    href: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)


def _snapshots(sources: list[dict[str, Any]]) -> dict[str, Snapshot]:
    """text_path → its snapshot page (one per extracted text, whatever number of URLs share it)."""
    out: dict[str, Snapshot] = {}
    for s in sources:
        tp, sha = _s(s.get("text_path")), _s(s.get("sha256"))
        if not tp:
            continue
        snap = out.setdefault(tp, Snapshot(tp, f"{SNAPSHOT_DIR}/{_safe(sha or tp)}.html"))
        snap.sources.append(s)
    return out


def _claim_row(c: dict[str, Any], src: dict[str, Any] | None, snap: Snapshot | None) -> dict[str, Any]:
    cid = _s(c.get("claim_id"))
    series = _int(c.get("series")) or 1
    ev, ev_start = _s(c.get("evidence")), _int(c.get("evidence_start"))
    fs, fe = _int(c.get("evidence_figure_start")), _int(c.get("evidence_figure_end"))
    figure = _s(c.get("evidence_figure"))
    rel: tuple[int | None, int | None] = (None, None)
    if fs is not None and fe is not None and ev_start is not None:
        rel = (fs - ev_start, fe - ev_start)  # the figure's place inside the evidence sentence
    return {
        "claim_id": cid, "anchor": claim_anchor(cid), "short_id": cid.rsplit("#", 1)[-1],
        "doc_id": _s(c.get("doc_id")), "status": _s(c.get("status")), "quantity_text": _s(c.get("quantity_text")),
        "value": _value(c), "sentence": mark_span(_s(c.get("sentence")), None, None, _s(c.get("quantity_text"))),
        "notes": [{"n": n, "series": series, "label": str(n), "anchor": note_anchor(c.get("doc_id"), n, series)}
                  for n in _list(c.get("notes"))],
        "note_basis": _s(c.get("note_basis")), "reason": _s(c.get("reason")), "consistency": _s(c.get("consistency")),
        "evidence": mark_span(ev, rel[0], rel[1], figure, "fig") if ev else "",
        "provenance": provenance(c, src) if ev else "",
        "snapshot": f"{snap.href}#ev-{_safe(cid)}" if snap is not None and ev else "",
        "urls": [{"url": u, "short": _short_url(str(u))} for u in dict.fromkeys(_list(c.get("urls")))],
    }


def _note_row(n: dict[str, Any], citing: list[dict[str, Any]]) -> dict[str, Any]:
    authors = ", ".join(map(str, _list(n.get("authors")) + _list(n.get("authors_zh"))))
    outlet = " ".join(x for x in (_s(n.get("container_en")), _s(n.get("container_zh"))) if x)
    byline = " · ".join(x for x in (authors, outlet, _s(n.get("date_iso")), _s(n.get("kind"))) if x)
    series = _int(n.get("series")) or 1
    return {"doc_id": _s(n.get("doc_id")), "n": _s(n.get("n")), "series": series,
            "anchor": note_anchor(n.get("doc_id"), n.get("n"), series),
            "title_en": _s(n.get("title_en")), "title_zh": _s(n.get("title_zh")), "byline": byline,
            "raw": _s(n.get("raw")), "claims": citing,
            "urls": [{"url": u, "short": _short_url(str(u), 48)} for u in _list(n.get("urls"))]}


def _url_row(u: dict[str, Any], snap_of: dict[str, str]) -> dict[str, Any]:
    note = _int(u.get("note"))
    return {"doc_id": _s(u.get("doc_id")), "note": "" if note is None else note,
            "anchor": note_anchor(u.get("doc_id"), note, u.get("series")) if note is not None else "",
            "url": _s(u.get("url")), "status": _s(u.get("status")), "snapshot": snap_of.get(_s(u.get("url")), ""),
            "flags": ", ".join(map(str, _list(u.get("flags")))), "issue": _s(u.get("issue"))}


def _terms(terms: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for t in terms:
        key = (_s(t.get("en")), _s(t.get("zh")))
        if key not in seen:
            seen.add(key)
            out.append({"en": key[0], "zh": key[1], "abbr": _s(t.get("abbr")), "pinyin": _s(t.get("pinyin")),
                        "type": _s(t.get("type"))})
    return out


def _context(frames: dict[str, pd.DataFrame], snaps: dict[str, Snapshot]) -> dict[str, Any]:
    """Everything report.html.j2 shows, as plain rows."""
    claims = _rows(frames.get("claims"))
    sources = {_s(s.get("url")): s for s in _rows(frames.get("sources"))}
    snap_of_url = {_s(s.get("url")): snap.href for snap in snaps.values() for s in snap.sources}
    rows = []
    for c in claims:
        src = sources.get(_s(c.get("evidence_url")))
        snap = snaps.get(_s(c.get("evidence_text_path")) or _s((src or {}).get("text_path")))
        rows.append(_claim_row(c, src, snap))
    citing: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        for n in r["notes"]:
            citing.setdefault(n["anchor"], []).append(r)
    notes = [_note_row(n, citing.get(note_anchor(n.get("doc_id"), n.get("n"), n.get("series")), []))
             for n in _rows(frames.get("endnotes"))]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    docs_df = frames.get("documents")
    return {
        "claims": rows, "notes": notes, "counts": counts, "statuses": STATUSES,
        "status_meaning": STATUS_MEANING, "basis_meaning": BASIS_MEANING,
        "docs": sorted({r["doc_id"] for r in rows}),
        "n_docs": 0 if docs_df is None else len(docs_df), "n_notes": len(notes),
        "n_urls": len(_rows(frames.get("urls"))),
        "urls": [_url_row(u, snap_of_url) for u in _rows(frames.get("urls"))],
        "terms": _terms(_rows(frames.get("terms"))),
    }


def render_report(frames: dict[str, pd.DataFrame], snapshots: dict[str, Snapshot] | None = None) -> str:
    """The whole report page as one string (``snapshots``: the snapshot pages written beside it)."""
    return "".join(report_chunks(frames, snapshots))


def report_chunks(frames: dict[str, pd.DataFrame], snapshots: dict[str, Snapshot] | None = None) -> Iterator[str]:
    """The report page in pieces as Jinja produces them, to be written as they come: a document with tens of
    thousands of claims never holds its whole page as one string."""
    return _env().get_template("report.html.j2").generate(**_context(frames, snapshots or {}))


# ---------- snapshot pages ----------

def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> Markup:
    """``text`` with evidence spans (``kind="ev"``) marked and figure spans (``"fig"``) marked stronger;
    each evidence span gets an anchor ``id`` (its 4th element) where it starts."""
    spans = [(a, b, k, i) for a, b, k, i in spans if 0 <= a < b <= len(text)]
    cuts = sorted({0, len(text), *(a for a, *_ in spans), *(b for _, b, *_ in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        out.extend(f'<span id="{escape(i)}"></span>' for s, _, k, i in spans if k == "ev" and s == a and i)
        kinds = {k for s, e, k, _ in spans if s <= a and b <= e}
        piece = str(escape(text[a:b]))
        if "fig" in kinds:
            piece = f'<mark class="fig">{piece}</mark>'
        elif "ev" in kinds:
            piece = f'<mark class="ev">{piece}</mark>'
        out.append(piece)
    return Markup("".join(out))


def render_snapshot(snap: Snapshot, text: str, report_href: str = "../report.html") -> str:
    """One snapshot page: header (URL, copy, capture time, sha256) and the text with the evidence marked."""
    first = snap.sources[0]
    spans: list[tuple[int, int, str, str]] = []
    claims = []
    for c in snap.claims:
        es, ee = _int(c.get("evidence_start")), _int(c.get("evidence_end"))
        fs, fe = _int(c.get("evidence_figure_start")), _int(c.get("evidence_figure_end"))
        anchor = f"ev-{_safe(_s(c.get('claim_id')))}"
        if es is not None and ee is not None:
            spans.append((es, ee, "ev", anchor))
        if fs is not None and fe is not None:
            spans.append((fs, fe, "fig", ""))
        cid = _s(c.get("claim_id"))
        claims.append({"doc_id": _s(c.get("doc_id")), "short_id": cid.rsplit("#", 1)[-1], "anchor": claim_anchor(cid),
                       "ev_anchor": anchor, "quantity_text": _s(c.get("quantity_text")), "status": _s(c.get("status"))})
    kinds = {_s(c.get("evidence_source")) for c in snap.claims} - {""}
    kind = ", ".join(COPY_WORDS.get(k, k) for k in sorted(kinds)) or (
        COPY_WORDS["mirror"] if _s(first.get("status")) == "mirror" else COPY_WORDS["cited"])
    read_from = [str(m) for m in _list(first.get("mirrors"))] or (
        [_s(first.get("final_url"))] if _s(first.get("final_url")) not in ("", _s(first.get("url"))) else [])
    cited_by = "; ".join(dict.fromkeys(
        f"{r.get('doc_id')} note {r.get('note')}" + (f" (series {r.get('series')})" if (r.get("series") or 1) != 1 else "")
        for s in snap.sources for r in _list(s.get("cited_by")) if isinstance(r, dict)))
    return _env().get_template("snapshot.html.j2").render(
        url=_s(first.get("url")), read_from=read_from, kind=kind, title=_s(first.get("title")),
        captured=_s(first.get("fetched_at")), sha256=_s(first.get("sha256")),
        warc_record_id=_s(first.get("warc_record_id")), cited_by=cited_by, claims=claims,
        body=highlight(text, spans), report_href=report_href)


def write_report(out: Path, frames: dict[str, Any]) -> None:
    """Write report.html and ``snapshots/<sha256>.html`` for every source text found under ``out``."""
    snaps = {tp: s for tp, s in _snapshots(_rows(frames.get("sources"))).items() if (out / tp).is_file()}
    by_url = {_s(s.get("url")): s for s in _rows(frames.get("sources"))}
    for c in _rows(frames.get("claims")):
        tp = _s(c.get("evidence_text_path")) or _s(by_url.get(_s(c.get("evidence_url")), {}).get("text_path"))
        if tp in snaps and _s(c.get("evidence")):
            snaps[tp].claims.append(c)
    for snap in snaps.values():
        text = (out / snap.text_path).read_text(encoding="utf-8")
        write_text_atomic(out / snap.href, render_snapshot(snap, text))
    write_chunks_atomic(out / "report.html", report_chunks(frames, snaps))
