"""WARC snapshots: written by the fetcher, read back by warcio, replayed with identical rows; manifest import."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from pytest_httpserver import HTTPServer
from warcio.archiveiterator import ArchiveIterator

from briefparse.options import RunOptions
from briefparse.records import UrlRecord, to_row
from briefparse.sources.archive import cdxj_path, import_manifest, load_warc, surt
from briefparse.sources.fetch import FetchSettings
from briefparse.sources.link_health import check_links
from briefparse.sources.retrieval import retrieve_sources

ZH = "国家科技成果转化引导基金管理暂行办法。转化基金对子基金的出资比例为子基金总额的10%-30%。" * 3


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    from reportlab.pdfgen import canvas

    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    srv.expect_request("/robots.txt").respond_with_data("", status=404)
    page = f'<html><head><meta charset="utf-8"><title>通知</title></head><body><h1>通知</h1><p>财教〔2021〕176号</p><p>{ZH}</p></body></html>'
    srv.expect_request("/page.html").respond_with_data(page.encode("gbk"), content_type="text/html; charset=utf-8")
    srv.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new.html"})
    srv.expect_request("/new.html").respond_with_data(f"<html><body><p>{ZH}</p></body></html>",
                                                      content_type="text/html; charset=utf-8")
    srv.expect_request("/missing").respond_with_data("gone", status=404)
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Guidance fund: 36 sub-funds.")
    c.save()
    srv.expect_request("/doc.pdf").respond_with_data(buf.getvalue(), content_type="application/pdf")
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


def _urls(srv: HTTPServer) -> list[UrlRecord]:
    out = []
    for i, path in enumerate(["/page.html", "/old", "/missing", "/doc.pdf", "/page.html"], 1):
        u = srv.url_for(path)
        out.append(UrlRecord(doc_id="d.txt", url=u, note=i, work=1, host="127.0.0.1", scheme="http", normalized=u,
                             flags=[], issue=None))
    return out


def _fetch_opts(out: Path) -> RunOptions:
    return RunOptions(out=out, fetch=True, allow_private=True, progress=False,
                      fetch_settings=FetchSettings(allow_private=True, politeness_delay=0.0, backoff=0.01,
                                                   read_timeout=5.0, connect_timeout=2.0))


def test_fetched_warc_read_back_and_replayed(server: HTTPServer, tmp_path: Path) -> None:
    urls = _urls(server)
    got = retrieve_sources(urls, _fetch_opts(tmp_path / "a"))
    warc = tmp_path / "a" / "sources.warc.gz"
    assert warc.exists() and cdxj_path(warc).exists()
    kinds: dict[str, int] = {}
    responses: set[str] = set()
    concurrent: set[str] = set()
    with warc.open("rb") as fh:
        for rec in ArchiveIterator(fh):
            kinds[rec.rec_type] = kinds.get(rec.rec_type, 0) + 1
            if rec.rec_type == "response":
                responses.add(rec.rec_headers.get_header("WARC-Record-ID"))
                assert rec.http_headers.get_statuscode()
                assert rec.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
            elif rec.rec_type == "request":
                concurrent.add(rec.rec_headers.get_header("WARC-Concurrent-To"))
                assert rec.http_headers.get_header("User-Agent").startswith("briefparse/")
    assert kinds == {"response": 5, "request": 5}  # page, 301, new, 404, pdf
    assert concurrent == responses
    rows = {s.url: s for s in got.sources}
    page = rows[server.url_for("/page.html")]
    assert page.status == 200 and page.encoding == "gb18030" and page.doc_number == "财教〔2021〕176号"
    assert rows[server.url_for("/old")].final_url == server.url_for("/new.html")
    assert rows[server.url_for("/missing")].status == 404
    assert "36 sub-funds" in got.texts[server.url_for("/doc.pdf")]
    urls = got.urls_with_status(urls)  # retrieval returns new records, the given ones stay unchanged
    assert urls[0].status == 200 and urls[0].warc_record_id == page.warc_record_id and urls[4].sha256 == page.sha256
    assert (tmp_path / "a" / (page.text_path or "")).read_text(encoding="utf-8") == got.texts[page.url]

    # replay: no network, the same rows
    server.clear()  # any request now would fail
    urls2 = _urls(server)
    urls2.append(UrlRecord(doc_id="d.txt", url="https://never.example.org/x", note=9, work=1, host="never.example.org",
                           scheme="https", normalized="https://never.example.org/x", flags=[], issue=None))
    replay = retrieve_sources(urls2, RunOptions(out=tmp_path / "b", sources_warc=warc, progress=False))
    rows2 = {s.url: s for s in replay.sources}
    for url, row in rows.items():
        assert to_row(rows2[url]) == to_row(row)
    assert replay.texts == got.texts
    assert rows2["https://never.example.org/x"].status == "not archived"
    urls2 = replay.urls_with_status(urls2)
    assert [u.warc_record_id for u in urls2[:5]] == [u.warc_record_id for u in urls]
    assert set(load_warc(tmp_path / "b" / "sources.warc.gz")) == set(load_warc(warc))


def test_link_health_changed_and_broken(server: HTTPServer, tmp_path: Path) -> None:
    server.clear()
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/page.html").respond_with_data("version 1", content_type="text/plain")
    server.expect_request("/missing").respond_with_data("gone", status=404)
    urls = _urls(server)[:1] + _urls(server)[2:3]
    opts = _fetch_opts(tmp_path / "a")
    retrieve_sources(urls, opts)
    store = load_warc(tmp_path / "a" / "sources.warc.gz")
    server.clear()
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/page.html").respond_with_data("version 2", content_type="text/plain")
    server.expect_request("/missing").respond_with_data("gone", status=404)
    rows = {r.url: r for r in check_links(urls, store, fetch=True, opts=opts)}
    page = rows[server.url_for("/page.html")]
    assert page.state == "changed" and page.previous_sha256 and page.sha256 != page.previous_sha256
    assert rows[server.url_for("/missing")].state == "broken"
    offline = {r.url: r for r in check_links(urls, store, fetch=False)}
    assert offline[server.url_for("/page.html")].state == "ok"
    assert offline[server.url_for("/missing")].state == "broken"


def _saved_folder(tmp: Path) -> Path:
    (tmp / "a.txt").write_text("通知标题\n国科发区〔2021〕17号\n第一条 正文。", encoding="utf-8")
    (tmp / "b1.txt").write_text("第一部分", encoding="utf-8")
    (tmp / "b2.txt").write_text("第二部分", encoding="utf-8")
    manifest = [
        {"note": 1, "cited_url": "https://www.most.gov.cn/a.html", "stored_url": "http://mirror.example/a",
         "title": "通知标题", "file": "a.txt"},
        {"note": 2, "cited_url": "https://www.nfttc.org.cn/b.html", "stored_url": "https://m1.example/b", "file": "b1.txt"},
        {"note": 2, "cited_url": "https://www.nfttc.org.cn/b.html", "stored_url": "https://m2.example/b", "file": "b2.txt"},
    ]
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return tmp / "manifest.json"


def test_import_manifest_and_replay(tmp_path: Path) -> None:
    manifest = _saved_folder(tmp_path)
    rep = import_manifest(manifest, tmp_path / "store.warc.gz", date="2024-01-01")
    assert rep.resources == 3 and rep.missing == []
    first = (tmp_path / "store.warc.gz").read_bytes()
    import_manifest(manifest, tmp_path / "store.warc.gz", date="2024-01-01")
    assert (tmp_path / "store.warc.gz").read_bytes() == first  # deterministic
    store = load_warc(tmp_path / "store.warc.gz")
    b = store["https://www.nfttc.org.cn/b.html"]
    assert b.record_type == "mirror" and b.body.decode() == "第一部分\n\n第二部分"
    assert b.mirrors == ["https://m1.example/b", "https://m2.example/b"]
    lines = (tmp_path / "store.cdxj").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == 6
    key, ts, js = lines[0].split(" ", 2)
    entry = json.loads(js)
    assert ts == "20240101000000" and key == surt(entry["url"]) and int(entry["length"]) > 0
    urls = [UrlRecord(doc_id="d", url=u, note=n, work=1, host=None, scheme="https", normalized=u, flags=[], issue=None)
            for n, u in [(1, "https://www.most.gov.cn/a.html"), (3, "https://www.gov.cn/other.htm")]]
    got = retrieve_sources(urls, RunOptions(out=tmp_path / "out", sources_warc=tmp_path / "store.warc.gz"))
    rows = {s.url: s for s in got.sources}
    a = rows["https://www.most.gov.cn/a.html"]
    assert a.status == "mirror" and a.title == "通知标题" and a.doc_number == "国科发区〔2021〕17号"
    assert a.final_url == "http://mirror.example/a"
    assert rows["https://www.gov.cn/other.htm"].status == "not archived"
    urls = got.urls_with_status(urls)
    assert urls[0].status == "mirror" and urls[1].status == "not archived"


def test_cli_archive_import(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from briefparse.cli import app

    manifest = _saved_folder(tmp_path)
    res = CliRunner().invoke(app, ["archive", "import", str(manifest), "--out", str(tmp_path / "s.warc.gz")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "s.warc.gz").exists() and (tmp_path / "s.cdxj").exists()


def test_shipped_store_replays_saved_excerpts(tmp_path: Path) -> None:
    saved = ROOT / "corpus" / "sources" / "saved"
    warc = ROOT / "corpus" / "sources" / "sources.warc.gz"
    if not warc.exists():
        pytest.skip("the shipped store is not built")
    entries = json.loads((saved / "manifest.json").read_text(encoding="utf-8"))
    store = load_warc(warc)
    for e in entries:
        rec = store[e["cited_url"]]
        first_line = (saved / e["file"]).read_text(encoding="utf-8").strip().splitlines()[0]
        assert first_line.encode() in rec.body
    urls = [UrlRecord(doc_id="d", url=u, note=1, work=1, host=None, scheme="https", normalized=u, flags=[], issue=None)
            for u in [entries[0]["cited_url"], "https://www.gov.cn/xinwen/2018-03/11/content_5273222.htm"]]
    got = retrieve_sources(urls, RunOptions(out=tmp_path, sources_warc=warc, write_store=False))
    assert urls[0].url in got.texts and got.sources[1].status == "not archived"
