"""Hostile servers: decompression bombs, dribbling headers, stalls, transition addresses, robots.txt races.

Every server here runs on 127.0.0.1 inside the test (never the internet). Memory is measured with the
resource module in a subprocess, so the bound is the fetch's own and not the test runner's.
"""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from briefparse.sources.fetch import BoundedDecoder, FetchError, FetchSettings, blocked_reason, fetch_all, fetch_url


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
    server.expect_request("/robots.txt").respond_with_data("nothing", status=404)
    yield server
    server.clear()


def _settings(port: int, **kw: Any) -> FetchSettings:
    base = FetchSettings(trusted_origins=frozenset({f"127.0.0.1:{port}"}), politeness_delay=0.0, backoff=0.01,
                         retries=0, connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0, respect_robots=False)
    return replace(base, **kw)


def _gzip_layers(data: bytes, layers: int) -> bytes:
    for _ in range(layers):
        data = gzip.compress(data, compresslevel=9)
    return data


# ---------------------------------------------------------------- bombs and encodings

_BOMB_SCRIPT = textwrap.dedent('''
    import http.server, sys, threading, zlib
    from briefparse.sources.fetch import FetchSettings, fetch_url

    def gz(chunks):
        c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        return b"".join(c.compress(x) for x in chunks) + c.flush()

    inner = gz(b"\\0" * (1 << 20) for _ in range(1024))  # 1 GiB of zeros, gzipped
    body = gz([inner])                                      # and gzipped again: a few KB on the wire

    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip, gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    port = srv.server_address[1]
    s = FetchSettings(trusted_origins=frozenset({f"127.0.0.1:{port}"}), politeness_delay=0.0, retries=0,
                      respect_robots=False, total_timeout=30.0)
    res = fetch_url(f"http://127.0.0.1:{port}/bomb", s)
    # VmHWM, not ru_maxrss: Linux keeps the parent's ru_maxrss across fork+exec (a big pytest would count)
    peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(len(body), res.outcome, peak_kb // 1024, repr(res.error))
''')


def test_nested_gzip_bomb_stops_at_the_cap_in_bounded_memory() -> None:
    out = subprocess.run([sys.executable, "-c", _BOMB_SCRIPT], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    wire, outcome, peak_mb, error = out.stdout.split(maxsplit=3)
    assert int(wire) < 100_000  # the bomb is small on the wire...
    assert outcome == "too_large" and "cap" in error  # ...and refused once a layer passes the 25 MB cap
    assert int(peak_mb) < 100, f"peak RSS {peak_mb} MB"


def test_more_than_two_encodings_refused(srv: HTTPServer) -> None:
    srv.expect_request("/three").respond_with_data(_gzip_layers(b"hello", 3), headers={"Content-Encoding": "gzip, gzip, gzip"})
    res = fetch_url(srv.url_for("/three"), _settings(srv.port))
    assert res.outcome == "refused" and "3 content encodings" in (res.error or "")


def test_unsupported_encoding_refused(srv: HTTPServer) -> None:
    srv.expect_request("/br").respond_with_data(b"\x0b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
    res = fetch_url(srv.url_for("/br"), _settings(srv.port))
    assert res.outcome == "refused" and "'br'" in (res.error or "")


@pytest.mark.parametrize("encoding,body", [
    ("gzip", gzip.compress("省级科技厅的年度报告".encode())),
    ("gzip, gzip", _gzip_layers("省级科技厅的年度报告".encode(), 2)),
    ("deflate", zlib.compress("省级科技厅的年度报告".encode())),
    ("deflate", zlib.compress("省级科技厅的年度报告".encode())[2:-4]),  # raw deflate, no zlib header
    ("identity", "省级科技厅的年度报告".encode()),
])
def test_honest_encodings_still_decode(srv: HTTPServer, encoding: str, body: bytes) -> None:
    srv.expect_request("/ok").respond_with_data(body, headers={"Content-Encoding": encoding},
                                               content_type="text/plain; charset=utf-8")
    res = fetch_url(srv.url_for("/ok"), _settings(srv.port))
    assert res.ok and res.body.decode() == "省级科技厅的年度报告"


def test_each_layer_counted_against_the_cap() -> None:
    inner = gzip.compress(b"a" * 50_000)
    dec = BoundedDecoder(["gzip", "gzip"], cap=10_000)
    with pytest.raises(FetchError) as e:
        dec.feed(gzip.compress(inner))
        dec.finish()
    assert e.value.outcome == "too_large" and "layer 2 of 2" in str(e.value)
    ok = BoundedDecoder(["gzip", "gzip"], cap=60_000)
    ok.feed(gzip.compress(inner))
    assert ok.finish() == b"a" * 50_000


# ---------------------------------------------------------------- slow servers

class _Dribbler:
    """A raw TCP server that sends a status line, then one header byte every ``pause`` seconds."""

    def __init__(self, pause: float, count: int) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.pause, self.count = pause, count
        self.connections = 0
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._dribble, args=(conn,), daemon=True).start()

    def _dribble(self, conn: socket.socket) -> None:
        try:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for _ in range(self.count):
                if self.stop.is_set():
                    break
                conn.sendall(b"X")
                time.sleep(self.pause)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def test_header_dribbling_server_cut_at_the_total_deadline() -> None:
    server = _Dribbler(pause=0.2, count=200)  # would keep the request open for 40 s
    try:
        s = _settings(server.port, read_timeout=1.0, total_timeout=2.0)  # every byte beats the read timeout
        t = time.monotonic()
        res = fetch_url(f"http://127.0.0.1:{server.port}/", s)
        took = time.monotonic() - t
    finally:
        server.close()
    assert res.outcome == "timeout" and "deadline" in (res.error or "")
    assert len(res.attempts) == 1 and abs(res.attempts[0].elapsed - 2.0) < 1.0
    assert took < server.pause * server.count / 4  # nowhere near the server's 40 s


def test_timeouts_retried_once_only() -> None:
    server = _Dribbler(pause=0.2, count=200)
    try:
        res = fetch_url(f"http://127.0.0.1:{server.port}/", _settings(server.port, retries=3, total_timeout=0.5))
    finally:
        server.close()
    assert [a.outcome for a in res.attempts] == ["timeout", "timeout"]
    assert server.connections == 2


# ---------------------------------------------------------------- addresses

@pytest.mark.parametrize("ip,word", [
    ("2002:7f00:1::1", "127.0.0.1"),        # 6to4 of loopback
    ("2002:a9fe:a9fe::1", "169.254.169.254"),  # 6to4 of the cloud metadata address
    ("2002:c0a8:101::", "192.168.1.1"),     # 6to4 of a home router
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"),  # Teredo whose client is loopback
    ("64:ff9b::a9fe:a9fe", "169.254.169.254"),  # NAT64 of the metadata address
    ("64:ff9b:1::a00:1", "10.0.0.1"),       # local-use NAT64 of a private address
    ("fec0::1", "site-local"),
    ("fec0:1:2:3::4", "site-local"),
])
def test_transition_and_site_local_addresses_refused(ip: str, word: str) -> None:
    why = blocked_reason(ip)
    assert why is not None and word in why


@pytest.mark.parametrize("ip", ["2002:808:808::1", "2606:4700:4700::1111", "8.8.4.4"])
def test_public_addresses_still_allowed(ip: str) -> None:
    assert blocked_reason(ip) is None


def test_6to4_literal_in_a_url_refused() -> None:
    res = fetch_url("http://[2002:7f00:1::1]:8080/admin", FetchSettings(politeness_delay=0.0, retries=0))
    assert res.outcome == "refused" and "127.0.0.1" in (res.error or "")


# ---------------------------------------------------------------- robots.txt

def test_robots_fetched_once_per_origin_under_concurrency(srv: HTTPServer) -> None:
    hits: list[float] = []

    def robots(req: Request) -> Response:
        hits.append(time.monotonic())
        time.sleep(0.3)  # slow enough that every worker asks before the first answer arrives
        return Response("User-agent: *\nDisallow: /private/\n", content_type="text/plain")

    srv.clear()
    srv.expect_request("/robots.txt").respond_with_handler(robots)
    for i in range(8):
        srv.expect_request(f"/page{i}").respond_with_data(f"page {i}")
    srv.expect_request("/private/x").respond_with_data("secret")
    urls = [srv.url_for(f"/page{i}") for i in range(8)] + [srv.url_for("/private/x")]
    s = _settings(srv.port, respect_robots=True, concurrency=6, per_host_concurrency=6)
    results = fetch_all(urls, s)
    assert len(hits) == 1
    assert [r.ok for r in results[:8]] == [True] * 8 and results[8].outcome == "robots"


@pytest.mark.parametrize("url,host", [
    ("http://localhost:8080/admin", "localhost"),
    ("http://2130706433/secret", "2130706433"),     # 127.0.0.1 written as one decimal number
    ("http://0x7f000001/secret", "0x7f000001"),     # and in hex
    ("http://[::1]/x", "::1"),
    ("http://intranet/wiki/page", "intranet"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
])
def test_local_hosts_listed_and_flagged(url: str, host: str) -> None:
    from briefparse.text.urls import find_urls

    found = find_urls(f"3. Internal page, {url}, accessed 2023.")
    assert [f.url for f in found] == [url] and found[0].host == host
    assert "local_address" in found[0].flags and "not a public domain name" in " ".join(found[0].issues)


def test_public_hosts_not_flagged_local() -> None:
    from briefparse.text.urls import find_urls

    found = find_urls("4. Data, https://data.stats.gov.cn/easyquery.htm and https://8.8.8.8/dns-query.")
    assert len(found) == 2 and not any("local_address" in f.flags for f in found)
