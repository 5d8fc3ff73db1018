"""Snapshot store of cited sources: WARC (warcio) plus a CDXJ index, and replay from it.

A fetch writes, per hop, a ``response`` record and its ``request`` record (WARC-Concurrent-To).
Bodies are stored decoded: the original ``Content-Encoding`` and ``Transfer-Encoding`` move
to ``X-Archive-Orig-*`` headers and ``Content-Length`` is the stored length, so any reader
gets the bytes the page was made of.

Saved files that were not fetched (a folder with a ``manifest.json`` of ``cited_url``,
``stored_url``, ``file``, ``title``…) are imported as ``resource`` records under the URL
they were taken from, each with a ``metadata`` record whose target is the *cited* URL and
whose ``WARC-Refers-To`` is the resource, so a replay finds the saved copy for the cited URL
and knows it is a mirror. Imports use deterministic record ids and a fixed date, so the same
folder always gives the same store.

The CDXJ index has one line per response, resource and metadata record:
``<SURT> <14-digit timestamp> {"url", "mime", "status", "digest", "length", "offset",
"filename", "type", "record_id"}``, sorted.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from briefparse.sources.fetch import Exchange, FetchResult
from briefparse.text.files import atomic_path, write_text_atomic

_DROP = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass
class ArchivedRecord:
    """One captured URL as stored: its response (or saved copy) and where it sits in the WARC."""

    url: str
    record_type: str  # response | resource | mirror
    record_id: str
    date: str  # ISO 8601 UTC
    status: int | None
    headers: list[tuple[str, str]]
    content_type: str | None
    body: bytes
    ip: str | None = None
    reason: str | None = None
    location: str | None = None  # redirect target, for 3xx responses
    members: list[tuple[int, int]] = field(default_factory=list)  # (offset, length) of its WARC records
    meta: list[dict[str, Any]] = field(default_factory=list)  # manifest entries of saved copies
    mirrors: list[str] = field(default_factory=list)  # URLs the saved copies were taken from
    parts: list[ArchivedRecord] = field(default_factory=list)  # the saved copies a mirror record joins, in order

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def warc_date(iso: str | None = None) -> str:
    """A WARC-Date (``2024-03-25T10:00:00Z``); now when not given."""
    if not iso:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return iso + "T00:00:00Z"
    return iso


def _stable_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(parts))}>"


class StoreWriter:
    """Writes WARC records (gzip per record) to an open binary file."""

    def __init__(self, fh: IO[bytes]) -> None:
        from warcio.warcwriter import WARCWriter  # imported on first use: ~270 ms at start-up, not every run needs it

        self.fh = fh
        self.writer = WARCWriter(fh, gzip=True)

    def _write(self, uri: str, rtype: str, payload: bytes, warc_headers: dict[str, str],
               http_headers: Any = None, content_type: str | None = None) -> str:
        rec = self.writer.create_warc_record(uri, rtype, payload=io.BytesIO(payload), length=len(payload),
                                             warc_content_type=content_type or "", warc_headers_dict=warc_headers,
                                             http_headers=http_headers)
        self.writer.write_record(rec)
        return str(rec.rec_headers.get_header("WARC-Record-ID"))

    def write_exchange(self, ex: Exchange) -> str:
        """A response record and its request record; return the response's record id."""
        # imported on first use: ~270 ms at start-up, not every run needs it
        from warcio.statusandheaders import StatusAndHeaders

        headers = [(k, v) for k, v in ex.headers if k.lower() not in _DROP]
        headers += [(f"X-Archive-Orig-{k}", v) for k, v in ex.headers if k.lower() in _DROP - {"content-length"}]
        headers.append(("Content-Length", str(len(ex.body))))
        proto = ex.http_version if ex.http_version.startswith("HTTP/") else "HTTP/1.1"
        resp_http = StatusAndHeaders(f"{ex.status} {ex.reason}".strip(), headers, protocol=proto)
        wh = {"WARC-Date": warc_date(ex.date)}
        if ex.ip:
            wh["WARC-IP-Address"] = ex.ip
        rid = self._write(ex.url, "response", ex.body, wh, resp_http)
        parts = urlsplit(ex.url)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        req_http = StatusAndHeaders(f"{ex.method} {path} {proto}", list(ex.request_headers), protocol="",
                                    is_http_request=True)
        self._write(ex.url, "request", b"", {"WARC-Date": warc_date(ex.date), "WARC-Concurrent-To": rid}, req_http)
        return rid

    def write_fetch(self, res: FetchResult) -> str | None:
        """Every hop of a fetch; return the record id of the final response."""
        rid = None
        for ex in res.exchanges:
            rid = self.write_exchange(ex)
        return rid

    def write_resource(self, url: str, body: bytes, content_type: str, date: str, extra: dict[str, str]) -> str:
        rid = _stable_id("resource", url, hashlib.sha256(body).hexdigest())
        self._write(url, "resource", body, {"WARC-Date": warc_date(date), "WARC-Record-ID": rid, **extra},
                    content_type=content_type)
        return rid

    def write_metadata(self, url: str, refers_to: str, meta: dict[str, Any], date: str) -> str:
        payload = json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        rid = _stable_id("metadata", url, refers_to)
        self._write(url, "metadata", payload, {"WARC-Date": warc_date(date), "WARC-Record-ID": rid,
                                               "WARC-Refers-To": refers_to}, content_type="application/json")
        return rid

    def copy_raw(self, data: bytes) -> None:
        """Copy already-compressed records (gzip members) unchanged."""
        self.fh.write(data)


@contextmanager
def open_store(path: Path) -> Iterator[StoreWriter]:
    """A StoreWriter on a temporary file renamed to ``path`` (and its CDXJ index written) on success."""

    with atomic_path(path) as tmp:
        with tmp.open("wb") as fh:
            yield StoreWriter(fh)
        write_cdxj(tmp, cdxj_path(path), filename=path.name)


def cdxj_path(warc: Path) -> Path:
    """``sources.warc.gz`` → ``sources.cdxj``."""
    name = warc.name
    for suffix in (".warc.gz", ".warc", ".gz"):
        if name.endswith(suffix):
            return warc.with_name(name[: -len(suffix)] + ".cdxj")
    return warc.with_name(name + ".cdxj")


def surt(url: str) -> str:
    """Sort-friendly URI key: ``https://www.gov.cn/A/b?x=1`` → ``cn,gov)/a/b?x=1``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    key = ",".join(reversed(labels))
    if parts.port and parts.port not in (80, 443):
        key += f":{parts.port}"
    path = (parts.path or "/").lower()
    if parts.query:
        path += "?" + "&".join(sorted(parts.query.lower().split("&")))
    return f"{key}){path}"


def _timestamp(date: str | None) -> str:
    return re.sub(r"\D", "", date or "")[:14].ljust(14, "0")


def iter_records(path: Path) -> Iterator[tuple[Any, bytes, int, int]]:
    """(record, payload bytes, offset, length) for every record of a WARC."""
    # imported on first use: ~270 ms at start-up, not every run needs it
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            body = rec.content_stream().read()
            yield rec, body, it.get_record_offset(), it.get_record_length()


def write_cdxj(warc: Path, out: Path, filename: str | None = None) -> int:
    """Write the CDXJ index of ``warc`` to ``out`` (atomically); return the number of lines."""

    lines = []
    for rec, _body, offset, length in iter_records(warc):
        if rec.rec_type not in ("response", "resource", "metadata", "revisit"):
            continue
        h = rec.rec_headers
        url = h.get_header("WARC-Target-URI") or ""
        entry: dict[str, Any] = {"url": url}
        if rec.http_headers is not None and rec.rec_type == "response":
            entry["mime"] = (rec.http_headers.get_header("Content-Type") or "").split(";")[0].strip() or "unk"
            entry["status"] = rec.http_headers.get_statuscode()
        else:
            entry["mime"] = (h.get_header("Content-Type") or "").split(";")[0].strip() or "unk"
        entry["digest"] = h.get_header("WARC-Payload-Digest") or h.get_header("WARC-Block-Digest") or ""
        entry.update({"length": str(length), "offset": str(offset), "filename": filename or warc.name,
                      "type": rec.rec_type, "record_id": h.get_header("WARC-Record-ID") or ""})
        if h.get_header("WARC-Refers-To"):
            entry["refers_to"] = h.get_header("WARC-Refers-To")
        lines.append(f"{surt(url)} {_timestamp(h.get_header('WARC-Date'))} {json.dumps(entry, ensure_ascii=False)}")
    lines.sort()
    write_text_atomic(out, "".join(line + "\n" for line in lines))
    return len(lines)


# ---------------------------------------------------------------- replay

def load_warc(path: Path) -> dict[str, ArchivedRecord]:
    """Every captured URL of a store → its record (saved mirrors are found under the cited URL)."""
    by_url: dict[str, ArchivedRecord] = {}
    by_id: dict[str, ArchivedRecord] = {}
    concurrent: dict[str, list[tuple[int, int]]] = {}
    metas: list[tuple[str, str, dict[str, Any], int, int]] = []
    for rec, body, offset, length in iter_records(path):
        h = rec.rec_headers
        url = h.get_header("WARC-Target-URI") or ""
        rid = h.get_header("WARC-Record-ID") or ""
        date = h.get_header("WARC-Date") or ""
        if rec.rec_type == "request":
            to = h.get_header("WARC-Concurrent-To") or ""
            concurrent.setdefault(to, []).append((offset, length))
        elif rec.rec_type == "response" and rec.http_headers is not None:
            hh = list(rec.http_headers.headers)
            ar = ArchivedRecord(url=url, record_type="response", record_id=rid, date=date,
                                status=int(rec.http_headers.get_statuscode() or 0) or None, headers=hh,
                                content_type=rec.http_headers.get_header("Content-Type"), body=body,
                                ip=h.get_header("WARC-IP-Address"), reason=_reason(rec.http_headers.statusline),
                                location=rec.http_headers.get_header("Location"),
                                members=[(offset, length)])
            by_url[url] = ar
            by_id[rid] = ar
        elif rec.rec_type == "resource":
            ar = ArchivedRecord(url=url, record_type="resource", record_id=rid, date=date, status=None, headers=[],
                                content_type=h.get_header("Content-Type"), body=body, members=[(offset, length)])
            by_url.setdefault(url, ar)
            by_id[rid] = ar
        elif rec.rec_type == "metadata" and h.get_header("WARC-Refers-To"):
            try:
                meta = json.loads(body.decode("utf-8"))
            except ValueError:
                meta = {}
            metas.append((url, h.get_header("WARC-Refers-To") or "", meta if isinstance(meta, dict) else {},
                          offset, length))
    for rid, members in concurrent.items():
        if rid in by_id:
            by_id[rid].members.extend(members)
    mirrored: dict[str, list[tuple[ArchivedRecord, dict[str, Any], tuple[int, int]]]] = {}
    for url, ref, meta, offset, length in metas:
        if ref in by_id:
            mirrored.setdefault(url, []).append((by_id[ref], meta, (offset, length)))
    for url, copies in mirrored.items():
        if url in by_url and by_url[url].record_type == "response":
            continue  # a real capture of the cited URL wins over saved mirrors
        by_url[url] = _mirror_record(url, copies)
    return by_url


def _reason(statusline: str | None) -> str | None:
    parts = (statusline or "").split(" ", 1)
    return parts[1].strip() if len(parts) > 1 and parts[1].strip() else None


def _mirror_record(url: str, copies: list[tuple[ArchivedRecord, dict[str, Any], tuple[int, int]]]) -> ArchivedRecord:
    """One record for a cited URL from its saved copies (plain-text copies are joined in order)."""
    first = copies[0][0]
    texts = all((c.content_type or "").startswith("text/plain") for c, _, _ in copies)
    use = copies if texts else copies[:1]
    body = b"\n\n".join(c.body.strip() for c, _, _ in use) if texts else first.body
    members = [m for c, _, meta_m in use for m in (c.members + [meta_m])]
    return ArchivedRecord(url=url, record_type="mirror", record_id=first.record_id, date=first.date, status=None,
                          headers=[], content_type=first.content_type, body=body, members=members,
                          meta=[m for _, m, _ in use], mirrors=[c.url for c, _, _ in use], parts=[c for c, _, _ in use])


def read_members(path: Path, members: list[tuple[int, int]]) -> bytes:
    """The raw (compressed) bytes of some records of a WARC, for copying them unchanged."""
    out = bytearray()
    with path.open("rb") as fh:
        for offset, length in sorted(set(members)):
            fh.seek(offset)
            out += fh.read(length)
    return bytes(out)


# ---------------------------------------------------------------- importing saved files

@dataclass
class ImportReport:
    """What ``import_manifest`` wrote."""

    warc: Path
    cdxj: Path
    resources: int = 0
    cited_urls: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _guess_type(name: str) -> str:
    n = name.lower()
    if n.endswith((".html", ".htm", ".shtml")):
        return "text/html"
    if n.endswith(".pdf"):
        return "application/pdf"
    if n.endswith(".txt"):
        return "text/plain; charset=utf-8"
    return "application/octet-stream"


def import_manifest(manifest_path: Path, out_warc: Path, date: str | None = None) -> ImportReport:
    """Turn a folder of saved files described by ``manifest.json`` into a WARC store + CDXJ."""
    manifest_path = Path(manifest_path)
    entries = json.loads(manifest_path.read_text(encoding="utf-8"))
    if isinstance(entries, dict):
        entries = entries.get("items") or entries.get("sources") or []
    base = manifest_path.parent
    report = ImportReport(warc=Path(out_warc), cdxj=cdxj_path(Path(out_warc)))
    with open_store(Path(out_warc)) as store:
        for e in entries:
            f = base / str(e.get("file", ""))
            if not e.get("file") or not f.is_file():
                report.missing.append(str(e.get("file")))
                continue
            body = f.read_bytes()
            stored = str(e.get("stored_url") or e.get("cited_url") or f.name)
            cited = str(e.get("cited_url") or stored)
            when = str(e.get("retrieved") or e.get("fetched_at") or date or warc_date())
            extra = {"WARC-Source-URI": f"file:{f.name}"}
            rid = store.write_resource(stored, body, str(e.get("content_type") or _guess_type(f.name)), when, extra)
            store.write_metadata(cited, rid, dict(e), when)
            report.resources += 1
            if cited not in report.cited_urls:
                report.cited_urls.append(cited)
    return report
