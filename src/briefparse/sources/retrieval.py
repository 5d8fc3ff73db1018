"""Getting the cited sources: replay from a WARC, or fetch (when asked), then extract text.

With ``opts.sources_warc`` every cited URL is looked up in the store (as printed, normalised,
http/https swapped, with or without a final slash; redirects are followed inside the store);
a URL not in it is "not archived". With ``opts.fetch`` the URLs the store lacks are fetched
with every safety rule of :mod:`briefparse.fetch`. With ``opts.write_store`` the records used
(copied unchanged) and the new captures are written to ``OUT/sources.warc.gz`` with
``OUT/sources.cdxj``, and each source's text to ``OUT/sources/<sha256>.txt`` (plus
``<sha256>.zh-Hans.txt`` when the page is in traditional characters), all atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefparse.records import NoteRef, SourceOrigin, SourceRecord, UrlRecord
from briefparse.sources.archive import ArchivedRecord, load_warc, open_store, read_members
from briefparse.sources.fetch import FetchResult, fetch_all, settings_from_options
from briefparse.sources.provenance import origins
from briefparse.sources.source_text import SourceText, extract

MAX_STORE_REDIRECTS = 5


@dataclass
class RetrievalResult:
    """Retrieved sources and, per URL, the path of the extracted text."""

    sources: list[SourceRecord] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # url -> source text
    warnings: list[str] = field(default_factory=list)
    # url -> the retrieval columns of the ``urls`` table (status, final_url, sha256, content_type…)
    url_fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    # url -> where each stretch of its text was read from (cited page, redirect target, mirror, saved excerpt)
    origins: dict[str, list[SourceOrigin]] = field(default_factory=dict)

    def urls_with_status(self, urls: list[UrlRecord]) -> list[UrlRecord]:
        """``urls`` with their retrieval columns filled (new records; the given ones are not changed)."""
        return [replace(u, **self.url_fields[u.url]) if u.url in self.url_fields else u for u in urls]


def url_variants(url: str, normalized: str | None = None) -> list[str]:
    """Forms under which a store may hold ``url``: as printed, normalised, other scheme, final slash."""
    base = [url] + ([normalized] if normalized else [])
    out: list[str] = []
    for u in base:
        for v in (u, u.rstrip("/") if u.endswith("/") else u + "/"):
            for w in (v, v.replace("http://", "https://", 1) if v.startswith("http://")
                      else v.replace("https://", "http://", 1)):
                if w not in out:
                    out.append(w)
    return out


def lookup(store: dict[str, ArchivedRecord], url: str, normalized: str | None = None
           ) -> tuple[ArchivedRecord | None, list[ArchivedRecord]]:
    """The store's record for a URL after following stored redirects, and the chain walked."""
    from urllib.parse import urljoin

    rec = next((store[v] for v in url_variants(url, normalized) if v in store), None)
    chain: list[ArchivedRecord] = []
    while rec is not None:
        chain.append(rec)
        if rec.status in (301, 302, 303, 307, 308) and rec.location and len(chain) <= MAX_STORE_REDIRECTS:
            nxt = urljoin(rec.url, rec.location)
            if any(c.url == nxt for c in chain):
                break
            rec = store.get(nxt)
            continue
        break
    return (chain[-1] if chain else None), chain


@dataclass
class _Got:
    """One distinct URL's retrieval before it becomes a row."""

    url: str
    record: ArchivedRecord | None = None
    fetched: FetchResult | None = None
    chain: list[ArchivedRecord] = field(default_factory=list)
    warc_record_id: str | None = None


def _http_error(status: int | None, reason: str | None) -> str | None:
    return f"HTTP {status} {reason or ''}".strip() if status is not None and status >= 400 else None


def _from_store(got: _Got) -> tuple[SourceRecord, SourceText | None]:
    rec = got.record
    assert rec is not None
    if rec.record_type == "response" and (rec.status is None or rec.status >= 300):
        return SourceRecord(url=got.url, final_url=rec.url, status=rec.status, media_type=None, encoding=None,
                            lang=None, title=None, chars=None, sha256=rec.sha256, fetched_at=rec.date,
                            warc_record_id=got.warc_record_id or rec.record_id, text_path=None,
                            error=_http_error(rec.status, rec.reason) or "redirect not followed in the store"), None
    title = next((str(m["title"]) for m in rec.meta if m.get("title")), None)
    st = extract(rec.body, rec.content_type, rec.mirrors[0] if rec.mirrors else rec.url, title_hint=title)
    status: int | str | None = rec.status if rec.record_type == "response" else "mirror"
    final = rec.mirrors[0] if rec.mirrors else rec.url  # one URL; every mirror is in ``mirrors``
    row = SourceRecord(url=got.url, final_url=final, mirrors=list(rec.mirrors), status=status,
                       media_type=st.media_type, encoding=st.encoding,
                       lang=st.lang, title=st.title, chars=len(st.text), sha256=rec.sha256, fetched_at=rec.date,
                       warc_record_id=got.warc_record_id or rec.record_id, text_path=None, error=st.error,
                       doc_number=st.doc_number, pub_date=st.pub_date)
    return row, st


def _from_fetch(got: _Got) -> tuple[SourceRecord, SourceText | None]:
    res = got.fetched
    assert res is not None
    st = None
    if res.ok:
        st = extract(res.body, res.content_type, res.final_url)
    status: int | str | None = res.status if res.status is not None else res.outcome
    if res.outcome not in ("ok", "http_error") and res.status is not None:
        status = res.outcome
    row = SourceRecord(url=got.url, final_url=res.final_url, status=status,
                       media_type=st.media_type if st else None, encoding=st.encoding if st else None,
                       lang=st.lang if st else None, title=st.title if st else None, chars=len(st.text) if st else None,
                       sha256=res.sha256 if res.exchanges else None,
                       fetched_at=res.final.date if res.final is not None else res.fetched_at,
                       warc_record_id=got.warc_record_id, text_path=None,
                       error=res.error or (st.error if st else None),
                       doc_number=st.doc_number if st else None, pub_date=st.pub_date if st else None)
    return row, st


_STORE_CACHE: dict[tuple[str, int, int], dict[str, ArchivedRecord]] = {}


def cached_store(path: Path) -> dict[str, ArchivedRecord]:
    """The WARC store at ``path``, read once per process while the file is unchanged (size and mtime):
    sources are retrieved per document, and a worker handles many documents."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _STORE_CACHE:
        _STORE_CACHE.clear()
        _STORE_CACHE[key] = load_warc(path)
    return _STORE_CACHE[key]


# what this process fetched, when the options share fetches between calls (one call per document, many
# documents to a worker: a URL cited by several documents is requested once per worker, not once per document)
_FETCHED: dict[str, FetchResult] = {}
_FETCHED_MAX_BYTES = 64 * 1024 * 1024


def _remember_fetches(results: list[FetchResult]) -> None:
    """Keep ``results`` for later calls of this process; the oldest go past 64 MB of bodies."""
    for r in results:
        _FETCHED[r.url] = r
    while len(_FETCHED) > 1 and sum(len(getattr(r, "body", b"") or b"") for r in _FETCHED.values()) > _FETCHED_MAX_BYTES:
        del _FETCHED[next(iter(_FETCHED))]


def retrieve_sources(urls: list[UrlRecord], opts: Any) -> RetrievalResult:
    """Retrieve every distinct cited URL the options allow."""
    result = RetrievalResult()
    by_url: dict[str, list[UrlRecord]] = {}
    for u in urls:
        by_url.setdefault(u.url, []).append(u)
    if not by_url:
        return result
    warc_in: Path | None = getattr(opts, "sources_warc", None)
    store: dict[str, ArchivedRecord] = {}
    if warc_in is not None:
        try:
            store = cached_store(Path(warc_in))
        except Exception as e:
            result.warnings.append(f"cannot read the source store {warc_in}: {type(e).__name__}: {e}")
    gots: list[_Got] = []
    for url, recs in by_url.items():
        rec, chain = lookup(store, url, recs[0].normalized)
        gots.append(_Got(url=url, record=rec, chain=chain))
    if getattr(opts, "fetch", False):
        todo = [g for g in gots if g.record is None]
        share = bool(getattr(opts, "share_fetches", False))
        wanted = [_fetchable(by_url[g.url][0]) for g in todo]
        fetched = fetch_all([u for u in wanted if not (share and u in _FETCHED)], settings_from_options(opts))
        by_fetch = {**({u: _FETCHED[u] for u in wanted if u in _FETCHED} if share else {}),
                    **{r.url: r for r in fetched}}
        if share:
            _remember_fetches(fetched)
        for g in todo:
            g.fetched = by_fetch.get(_fetchable(by_url[g.url][0]))
    out_dir = Path(getattr(opts, "out", "outputs"))
    write = bool(getattr(opts, "write_store", True))
    if write and (store or any(g.fetched for g in gots)):
        _write_store(gots, Path(warc_in) if warc_in else None, out_dir / "sources.warc.gz", result)
    texts_to_write: dict[str, str] = {}
    for g in gots:
        if g.record is not None:
            row, st = _from_store(g)
        elif g.fetched is not None:
            row, st = _from_fetch(g)
        else:
            why = f"not archived in {Path(warc_in).name}" if warc_in else "not retrieved (no --sources store, no --fetch)"
            row, st = SourceRecord(url=g.url, final_url=None, status="not archived" if warc_in else "not retrieved",
                                   media_type=None, encoding=None, lang=None, title=None, chars=None, sha256=None,
                                   fetched_at=None, warc_record_id=None, text_path=None, error=why), None
        row = replace(row, cited_by=sorted({NoteRef(u.doc_id, u.series if u.note is not None else None, u.note)
                                            for u in by_url[g.url]}, key=_ref_order))
        if st is not None and st.text and row.sha256:
            text_path = f"sources/{row.sha256}.txt"
            row = replace(row, text_path=text_path)
            texts_to_write[text_path] = st.text
            if st.simplified:
                texts_to_write[f"sources/{row.sha256}.zh-Hans.txt"] = st.simplified
            result.texts[g.url] = st.text
            result.origins[g.url] = origins(g.url, g.record, g.chain, g.fetched, row.warc_record_id, st.text)
        result.url_fields[g.url] = {
            "status": row.status, "final_url": row.final_url, "sha256": row.sha256,
            "content_type": g.record.content_type if g.record else (g.fetched.content_type if g.fetched else None),
            "fetched_at": row.fetched_at, "warc_record_id": row.warc_record_id}
        result.sources.append(row)
    texts_too = getattr(opts, "write_source_texts", None)
    if write if texts_too is None else texts_too:
        from briefparse.text.files import write_text_atomic

        for rel, text in texts_to_write.items():
            write_text_atomic(out_dir / rel, text)
    return result


def _ref_order(r: NoteRef) -> tuple[str, int, int]:
    """Document, then series, then note; a URL printed in the body (no note) first."""
    return (r.doc_id, r.series or 0, r.note or 0)


def _fetchable(u: UrlRecord) -> str:
    """The URL to request: the normalised (repaired) form when there is one."""
    return u.normalized or u.url


def _write_store(gots: list[_Got], warc_in: Path | None, warc_out: Path, result: RetrievalResult) -> None:
    """Copy the replayed records and write the fetched ones to ``warc_out`` (+ CDXJ)."""
    members: list[tuple[int, int]] = []
    for g in gots:
        for rec in g.chain:
            members.extend(m for m in rec.members if m not in members)
    try:
        with open_store(warc_out) as store:
            if warc_in is not None and members:
                store.copy_raw(read_members(warc_in, members))
            for g in gots:
                if g.fetched is not None and g.fetched.exchanges:
                    g.warc_record_id = store.write_fetch(g.fetched)
    except Exception as e:
        result.warnings.append(f"could not write {warc_out}: {type(e).__name__}: {e}")
