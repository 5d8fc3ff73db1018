"""The fetcher against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from briefparse.sources.fetch import FetchSettings, blocked_reason, fetch_all, fetch_url
from briefparse.sources.source_text import extract

ZH = "国家技术创新中心建设运行管理办法。科技部、财政部联合制定了本办法，现印发给你们，请结合实际推进实施。" * 3


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


@pytest.fixture
def srv(server: HTTPServer) -> Iterator[HTTPServer]:
    server.clear()
    server.expect_request("/robots.txt").respond_with_data("not here", status=404)
    yield server
    server.clear()


def _settings(srv: HTTPServer, **kw: Any) -> FetchSettings:
    base = FetchSettings(trusted_origins=frozenset({f"127.0.0.1:{srv.port}"}), politeness_delay=0.0, backoff=0.01,
                         retries=2, connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0)
    return replace(base, **kw)


def test_gbk_html_declared_utf8(srv: HTTPServer) -> None:
    page = f'<html><head><meta charset="utf-8"><title>通知</title></head><body><p>{ZH}</p></body></html>'
    srv.expect_request("/gbk").respond_with_data(page.encode("gbk"), content_type="text/html; charset=utf-8")
    res = fetch_url(srv.url_for("/gbk"), _settings(srv))
    assert res.ok and res.status == 200 and res.content_type == "text/html; charset=utf-8"
    st = extract(res.body, res.content_type, res.final_url)
    assert st.encoding == "gb18030" and "科技部、财政部联合制定" in st.text


def test_redirect_301_then_200(srv: HTTPServer) -> None:
    srv.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    srv.expect_request("/new").respond_with_data("<html><body>moved here</body></html>", content_type="text/html")
    res = fetch_url(srv.url_for("/old"), _settings(srv))
    assert res.ok and res.status == 200
    assert res.final_url == srv.url_for("/new") and res.redirects == [srv.url_for("/new")]
    assert [e.status for e in res.exchanges] == [301, 200]
    assert res.sha256 and res.length == len(res.body)


def test_redirect_loop(srv: HTTPServer) -> None:
    srv.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    srv.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    res = fetch_url(srv.url_for("/a"), _settings(srv))
    assert res.outcome == "redirect_loop" and not res.ok and "loop" in (res.error or "")


def test_redirect_cap(srv: HTTPServer) -> None:
    for i in range(5):
        srv.expect_request(f"/r{i}").respond_with_data("", status=302, headers={"Location": f"/r{i + 1}"})
    res = fetch_url(srv.url_for("/r0"), _settings(srv, max_redirects=2))
    assert res.outcome == "too_many_redirects"


@pytest.mark.parametrize("target", ["http://10.1.2.3/secret", "http://169.254.169.254/latest/meta-data/",
                                    "LOCALHOST"])
def test_redirect_to_private_address_refused(srv: HTTPServer, target: str) -> None:
    if target == "LOCALHOST":  # the same server under another name: loopback, not the trusted origin
        target = f"http://localhost:{srv.port}/new"
        srv.expect_request("/new").respond_with_data("should not be reached")
    srv.expect_request("/go").respond_with_data("", status=302, headers={"Location": target})
    res = fetch_url(srv.url_for("/go"), _settings(srv))
    assert res.outcome == "refused" and "allow-private" in (res.error or "")
    assert [e.status for e in res.exchanges] == [302]  # the redirect itself is kept for the archive


def test_private_allowed_with_allow_private(srv: HTTPServer) -> None:
    srv.expect_request("/x").respond_with_data("hello")
    refused = fetch_url(srv.url_for("/x"), _settings(srv, trusted_origins=frozenset()))
    assert refused.outcome == "refused" and "loopback" in (refused.error or "")
    ok = fetch_url(srv.url_for("/x"), _settings(srv, trusted_origins=frozenset(), allow_private=True))
    assert ok.ok and ok.body == b"hello"


def test_404(srv: HTTPServer) -> None:
    srv.expect_request("/missing").respond_with_data("gone", status=404)
    res = fetch_url(srv.url_for("/missing"), _settings(srv))
    assert res.status == 404 and res.outcome == "http_error" and len(res.attempts) == 1
    assert res.error and res.error.startswith("HTTP 404")


def test_429_then_200(srv: HTTPServer) -> None:
    calls: list[float] = []

    def handler(req: Request) -> Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response("slow down", status=429, headers={"Retry-After": "0"})
        return Response("fine", status=200)

    srv.expect_request("/busy").respond_with_handler(handler)
    res = fetch_url(srv.url_for("/busy"), _settings(srv))
    assert res.ok and res.body == b"fine" and len(calls) == 2
    assert [a.status for a in res.attempts] == [429, 200]
    assert [e.status for e in res.exchanges] == [429, 200]


def test_5xx_retries_give_up(srv: HTTPServer) -> None:
    srv.expect_request("/down").respond_with_data("err", status=503)
    res = fetch_url(srv.url_for("/down"), _settings(srv, retries=1))
    assert res.status == 503 and len(res.attempts) == 2 and not res.ok


def test_slow_response_times_out(srv: HTTPServer) -> None:
    def slow(req: Request) -> Response:
        time.sleep(1.0)
        return Response("late")

    srv.expect_request("/slow").respond_with_handler(slow)
    res = fetch_url(srv.url_for("/slow"), _settings(srv, read_timeout=0.2, retries=0))
    assert res.outcome == "timeout" and not res.ok


def test_oversized_body_capped(srv: HTTPServer) -> None:
    srv.expect_request("/big").respond_with_data(b"x" * 300_000)

    def chunked(req: Request) -> Response:
        return Response((b"y" * 50_000 for _ in range(6)), content_type="text/plain")

    srv.expect_request("/stream").respond_with_handler(chunked)
    s = _settings(srv, max_bytes=100_000, retries=0)
    big = fetch_url(srv.url_for("/big"), s)
    assert big.outcome == "too_large" and "cap" in (big.error or "")
    streamed = fetch_url(srv.url_for("/stream"), s)
    assert streamed.outcome == "too_large"


def test_robots_disallow(srv: HTTPServer) -> None:
    srv.clear()
    seen: list[str] = []

    def robots(req: Request) -> Response:
        seen.append(req.headers.get("User-Agent", ""))
        return Response("User-agent: *\nDisallow: /private/\n", content_type="text/plain")

    srv.expect_request("/robots.txt").respond_with_handler(robots)
    srv.expect_request("/private/page").respond_with_data("secret")
    srv.expect_request("/public/page").respond_with_data("open")
    s = _settings(srv)
    res = fetch_url(srv.url_for("/private/page"), s)
    assert res.outcome == "robots" and not res.exchanges
    assert fetch_url(srv.url_for("/public/page"), s).ok
    assert fetch_url(srv.url_for("/private/page"), replace(s, respect_robots=False)).ok
    assert seen and seen[0].startswith("briefparse/")


def test_pdf_source(srv: HTTPServer) -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Guidance fund: 36 sub-funds, 62.4 billion yuan.")
    c.save()
    srv.expect_request("/doc.pdf").respond_with_data(buf.getvalue(), content_type="application/pdf")
    res = fetch_url(srv.url_for("/doc.pdf"), _settings(srv))
    assert res.ok and res.content_type == "application/pdf"
    st = extract(res.body, res.content_type, res.final_url)
    assert "36 sub-funds" in st.text


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://ftp.example.org/file.txt"])
def test_other_schemes_refused(url: str) -> None:
    res = fetch_url(url, FetchSettings(retries=0))
    assert res.outcome == "refused" and "only http and https" in (res.error or "")


def test_metadata_address_refused() -> None:
    res = fetch_url("http://169.254.169.254/latest/meta-data/", FetchSettings(retries=0, respect_robots=False))
    assert res.outcome == "refused" and "link-local" in (res.error or "")
    assert blocked_reason("10.0.0.1") == "private" and blocked_reason("::1") == "loopback"
    assert blocked_reason("::ffff:127.0.0.1") == "loopback" and blocked_reason("8.8.8.8") is None


def test_user_agent_and_politeness(srv: HTTPServer) -> None:
    agents: list[str] = []
    times: list[float] = []

    def record(req: Request) -> Response:
        agents.append(req.headers.get("User-Agent", ""))
        times.append(time.monotonic())
        return Response("ok")

    srv.expect_request("/p1").respond_with_handler(record)
    srv.expect_request("/p2").respond_with_handler(record)
    out = fetch_all([srv.url_for("/p1"), srv.url_for("/p2"), srv.url_for("/p1")],
                    _settings(srv, politeness_delay=0.3, concurrency=2))
    assert [r.url for r in out] == [srv.url_for("/p1"), srv.url_for("/p2")]  # distinct, input order
    assert all(r.ok for r in out) and all(a.startswith("briefparse/") for a in agents)
    assert len(times) == 2 and abs(times[1] - times[0]) >= 0.25  # one host: requests spaced out
