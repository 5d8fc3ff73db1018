"""Link health of the cited URLs: one row per distinct URL, compared with the last snapshot.

States: ``ok`` (2xx, same content as the snapshot or no snapshot to compare), ``changed``
(2xx but the sha256 differs from the last snapshot of the URL in the WARC store),
``broken`` (404, 410 and other 4xx/5xx answers, a redirect loop or too many redirects),
``unreachable`` (DNS, connection or timeout failures, and answers that refuse the checker
rather than say the page is gone: 401, 403, 407, 412, 429, 451, 503 — government sites
often answer robots this way) and ``skipped`` (not checked: fetching is off, or the
fetcher refused it — robots.txt, a private address, a scheme other than http/https).
With fetching off, a URL present in the store is reported as it was captured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefparse.records import UrlRecord
from briefparse.sources.archive import ArchivedRecord, load_warc
from briefparse.sources.fetch import FetchResult, fetch_all, now_iso, settings_from_options
from briefparse.sources.retrieval import lookup


@dataclass
class LinkRow:
    """One distinct cited URL's health."""

    url: str
    state: str  # ok | broken | changed | unreachable | skipped
    status: int | str | None
    sha256: str | None
    previous_sha256: str | None
    final_url: str | None = None
    checked_at: str | None = None
    error: str | None = None
    notes: list[int] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    snapshot_date: str | None = None  # WARC-Date of the snapshot compared with


STATES = ("ok", "changed", "broken", "unreachable", "skipped")
REFUSING_STATUSES = frozenset({401, 403, 407, 412, 429, 451, 503})


def state_of(res: FetchResult, previous_sha256: str | None) -> str:
    """The health state of one fetch compared with the snapshot's sha256."""
    if res.outcome in ("refused", "robots"):
        return "skipped"
    if res.outcome in ("network", "timeout"):
        return "unreachable"
    if res.outcome in ("redirect_loop", "too_many_redirects") or res.status is None:
        return "broken"
    if res.status in REFUSING_STATUSES:
        return "unreachable"
    if res.status >= 400:
        return "broken"
    if res.outcome == "too_large":
        return "ok"  # it answers; a body cut at the size cap cannot be compared
    if previous_sha256 and res.sha256 and res.sha256 != previous_sha256:
        return "changed"
    return "ok"


def _captured(rec: ArchivedRecord | None) -> tuple[str, int | str | None, str | None]:
    """State, status and error of a URL from its snapshot alone (fetching off)."""
    if rec is None:
        return "skipped", "not archived", None
    if rec.record_type != "response":
        return "ok", rec.record_type, None
    if rec.status in REFUSING_STATUSES:
        return "unreachable", rec.status, f"HTTP {rec.status} when captured (the site refused the client)"
    if rec.status is not None and rec.status >= 400:
        return "broken", rec.status, f"HTTP {rec.status} when captured"
    return "ok", rec.status, None


def check_links(urls: list[UrlRecord], store: dict[str, ArchivedRecord], fetch: bool, opts: Any = None
                ) -> list[LinkRow]:
    """Health rows for the distinct URLs: fetched now when ``fetch``, else from the store."""
    by_url: dict[str, list[UrlRecord]] = {}
    for u in urls:
        by_url.setdefault(u.url, []).append(u)
    prev: dict[str, ArchivedRecord | None] = {url: lookup(store, url, recs[0].normalized)[0]
                                              for url, recs in by_url.items()}
    fetched: dict[str, FetchResult] = {}
    if fetch:
        targets = {url: recs[0].normalized or url for url, recs in by_url.items()}
        for r in fetch_all(list(targets.values()), settings_from_options(opts)):
            fetched[r.url] = r
        fetched = {url: fetched[t] for url, t in targets.items() if t in fetched}
    rows = []
    for url, recs in by_url.items():
        p = prev[url]
        psha = p.sha256 if p is not None and p.record_type == "response" else None
        notes = sorted({u.note for u in recs if u.note is not None})
        docs = sorted({u.doc_id for u in recs})
        if url in fetched:
            r = fetched[url]
            state = state_of(r, psha)
            err = r.error
            if state == "unreachable" and r.status in REFUSING_STATUSES:
                err = f"{r.error or r.status}: the site refused the checker; the page may still exist"
            elif state == "changed":
                err = f"content differs from the snapshot of {p.date if p is not None else '?'}"
            rows.append(LinkRow(url=url, state=state, status=r.status if r.status is not None else r.outcome,
                                sha256=r.sha256 if r.exchanges else None, previous_sha256=psha, final_url=r.final_url,
                                checked_at=r.fetched_at or now_iso(), error=err, notes=notes, doc_ids=docs,
                                snapshot_date=p.date if p is not None else None))
        else:
            state, status, err = _captured(p)
            if p is None:
                err = "not checked: fetching is off and the URL is not archived"
            rows.append(LinkRow(url=url, state=state, status=status, sha256=p.sha256 if p else None,
                                previous_sha256=psha, final_url=p.url if p else None,
                                checked_at=p.date if p else None, error=err, notes=notes, doc_ids=docs,
                                snapshot_date=p.date if p else None))
    return rows


def check_links_with_settings(urls: list[UrlRecord], opts: Any) -> list[LinkRow]:
    """Link health with pipeline.RunOptions: fetch when ``opts.fetch``; compare with ``opts.sources_warc``."""
    store: dict[str, ArchivedRecord] = {}
    warc = getattr(opts, "sources_warc", None)
    if warc is not None and Path(warc).exists():
        store = load_warc(Path(warc))
    return check_links(urls, store, bool(getattr(opts, "fetch", False)), opts)
