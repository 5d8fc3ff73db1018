"""A careful HTTP fetcher for cited sources (httpx).

Rules, all on by default: only http and https; the host is resolved and every address is
checked (loopback, private, link-local, reserved, multicast and unspecified addresses are
refused unless ``allow_private``), again after each redirect, and the connection is pinned to
the checked address so DNS cannot change it in between; connect/read timeouts plus a
wall-clock cap per response; a body size cap; a redirect cap with loop detection; robots.txt
honoured; retries with exponential backoff (and ``Retry-After``) on 429 and 5xx; per-host
concurrency and a politeness delay; a clear User-Agent. Every hop (redirects included) is kept
as an :class:`Exchange` so the archive can write request and response records for it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from briefparse.options import FetchSettings

ROBOTS_TOKEN = "briefparse"
RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


@dataclass
class Exchange:
    """One HTTP request and its response (a redirect hop or the final answer)."""

    url: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes
    ip: str | None
    date: str  # ISO 8601 UTC, when the request was sent
    method: str = "GET"


@dataclass
class Attempt:
    """What one try of a URL gave (a retry makes another attempt)."""

    status: int | None
    outcome: str
    error: str | None
    elapsed: float


@dataclass
class FetchResult:
    """Everything known about fetching one URL."""

    url: str
    final_url: str | None = None
    status: int | None = None
    outcome: str = "ok"  # ok | http_error | refused | robots | timeout | too_large | redirect_loop | too_many_redirects | network
    error: str | None = None
    redirects: list[str] = field(default_factory=list)  # URLs followed after ``url``, in order
    content_type: str | None = None
    length: int | None = None
    sha256: str | None = None
    fetched_at: str | None = None
    elapsed: float = 0.0
    attempts: list[Attempt] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.outcome == "ok" and self.status is not None and 200 <= self.status < 300

    @property
    def final(self) -> Exchange | None:
        return self.exchanges[-1] if self.exchanges else None

    @property
    def body(self) -> bytes:
        return self.final.body if self.final else b""

    @property
    def headers(self) -> list[tuple[str, str]]:
        return self.final.headers if self.final else []


class FetchError(Exception):
    """A fetch that cannot go on, with its outcome code."""

    def __init__(self, outcome: str, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- address safety

_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def _embedded_ipv4(a: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 transition address carries (6to4, Teredo client, NAT64), with its kind."""
    if a.sixtofour is not None:
        return "6to4", a.sixtofour
    if a.teredo is not None:
        return "Teredo", a.teredo[1]
    if any(a in net for net in _NAT64):
        return "NAT64", ipaddress.IPv4Address(int(a) & 0xFFFFFFFF)
    return None


def blocked_reason(ip: str) -> str | None:
    """Why an address must not be reached (loopback, private...), or None for a public address.

    IPv6 transition addresses are judged by the IPv4 address inside them (``2002:7f00:1::`` is
    127.0.0.1 over 6to4); site-local ``fec0::/10`` is refused as private."""
    a: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped is not None:
        a = a.ipv4_mapped
    if isinstance(a, ipaddress.IPv6Address):
        if a.is_site_local:
            return "site-local"
        inner = _embedded_ipv4(a)
        if inner is not None:
            why = blocked_reason(str(inner[1]))
            if why:
                return f"{inner[0]} address of {inner[1]}, {why}"
    for name in ("is_loopback", "is_link_local", "is_private", "is_reserved", "is_multicast", "is_unspecified"):
        if getattr(a, name):
            return name[3:].replace("_", "-")
    if not a.is_global:
        return "not globally routable"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    h = host.strip("[]")
    try:
        return [str(ipaddress.ip_address(h))]
    except ValueError:
        pass
    infos = socket.getaddrinfo(h, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        ip = str(info[4][0])
        if ip not in seen:
            seen.append(ip)
    return seen


def check_url(url: str, settings: FetchSettings) -> tuple[str, int, str]:
    """Scheme and address checks for one URL; return (host, port, the address to connect to)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("refused", f"refused: only http and https are fetched, not {scheme or 'no scheme'}:")
    host = parts.hostname
    if not host:
        raise FetchError("refused", "refused: no host in the URL")
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        addrs = resolve(host, port)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError("network", f"cannot resolve {host}: {e}") from e
    if not addrs:
        raise FetchError("network", f"cannot resolve {host}")
    trusted = f"{host}:{port}" in settings.trusted_origins
    if not settings.allow_private and not trusted:
        for ip in addrs:
            why = blocked_reason(ip)
            if why:
                raise FetchError("refused", f"refused: {host} resolves to {ip} ({why} address); "
                                            "use --allow-private to permit")
    return host, port, addrs[0]


# ---------------------------------------------------------------- politeness

class HostGate:
    """Per-host concurrency limit and minimum delay between requests to one host."""

    def __init__(self, per_host: int, delay: float) -> None:
        self.per_host = max(1, per_host)
        self.delay = max(0.0, delay)
        self._lock = threading.Lock()
        self._sems: dict[str, threading.Semaphore] = {}
        self._next: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Any:
        with self._lock:
            sem = self._sems.setdefault(host, threading.Semaphore(self.per_host))
        with sem:
            with self._lock:
                t = time.monotonic()
                wait = self._next.get(host, t) - t
                self._next[host] = max(t, self._next.get(host, t)) + self.delay
            if wait > 0:
                time.sleep(wait)
            yield


class RobotsCache:
    """robots.txt per origin (RFC 9309: 4xx allows everything, 5xx or unreachable allows nothing)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: dict[str, urllib.robotparser.RobotFileParser | bool] = {}
        self._loading: dict[str, threading.Lock] = {}
        self.loads = 0  # robots.txt fetches made (one per origin, however many threads ask)

    def allowed(self, url: str, fetcher: Fetcher) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            rules = self._rules.get(origin)
            gate = self._loading.setdefault(origin, threading.Lock())
        if rules is None:
            with gate:  # the first thread loads; the others wait for its answer instead of fetching again
                with self._lock:
                    rules = self._rules.get(origin)
                if rules is None:
                    rules = self._load(origin, fetcher)
                    with self._lock:
                        self._rules[origin] = rules
                        self.loads += 1
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(ROBOTS_TOKEN, url) and rules.can_fetch(fetcher.settings.user_agent, url)

    def _load(self, origin: str, fetcher: Fetcher) -> urllib.robotparser.RobotFileParser | bool:
        try:
            res = fetcher.chain(origin + "/robots.txt", robots=False, max_bytes=512 * 1024)
        except FetchError:
            return False
        if res.status is None or res.status >= 500:
            return False
        if res.status >= 400 or not res.exchanges:
            return True
        rp = urllib.robotparser.RobotFileParser()
        rp.parse(res.body.decode("utf-8", "replace").splitlines())
        return rp


# ---------------------------------------------------------------- deadline and decoding

_DEADLINE = threading.local()


@contextmanager
def deadline_of(seconds: float) -> Any:
    """One wall-clock deadline for everything the current thread's request does (connect, TLS,
    headers, body): every socket operation waits at most the time left, so a server dribbling its
    headers a byte a second is cut at the deadline, not after ``read_timeout`` per byte."""
    outer = getattr(_DEADLINE, "at", None)
    at = time.monotonic() + seconds
    if outer is not None:
        at = min(at, outer)
    _DEADLINE.at = at
    try:
        yield at
    finally:
        _DEADLINE.at = outer


def _time_left(timeout: float | None, connect: bool = False) -> float | None:
    """``timeout`` shortened to the current deadline; raises a timeout when it has passed."""
    at = getattr(_DEADLINE, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise (httpcore.ConnectTimeout if connect else httpcore.ReadTimeout)("the fetch deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every blocking call ends by the deadline (see :func:`deadline_of`)."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _time_left(timeout, True)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend with :class:`_DeadlineStream` connections."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_tcp(host, port, _time_left(timeout, True), local_address,
                                                       socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _time_left(timeout, True), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _late(total: float) -> str:
    return f"no complete response within {total:g} s (one deadline for connect, headers and body)"


MAX_ENCODINGS = 2
_STEP = 1 << 20  # decoded bytes produced per call, so no single call holds more than this


class BoundedDecoder:
    """Content-Encoding layers (gzip, deflate) undone as the body streams, each layer's output counted
    against the cap as it is produced: a 2 KB body that inflates to 1 GB through ``gzip, gzip`` stops
    at the cap instead of being decoded in memory first. More than two layers are refused."""

    def __init__(self, encodings: list[str], cap: int) -> None:
        names = [e.strip().lower() for e in encodings if e.strip() and e.strip().lower() != "identity"]
        if len(names) > MAX_ENCODINGS:
            raise FetchError("refused", f"refused: {len(names)} content encodings ({', '.join(names)}); "
                                        f"at most {MAX_ENCODINGS} are decoded")
        for n in names:
            if n not in ("gzip", "x-gzip", "deflate"):
                raise FetchError("refused", f"refused: unsupported content encoding {n!r}")
        self.cap = cap
        self.layers = list(reversed(names))  # the last encoding applied is undone first
        self.objs: list[Any] = [self._obj(n) for n in self.layers]
        self.sizes = [0] * len(self.layers)
        self.started = [False] * len(self.layers)
        self.out = bytearray()

    @staticmethod
    def _obj(name: str, raw: bool = False) -> Any:
        if name in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)

    def _through(self, i: int, data: bytes) -> Iterator[bytes]:
        """Layer ``i``'s output for ``data`` in pieces of at most 1 MB, never past the cap."""
        while True:
            limit = min(self.cap - self.sizes[i] + 1, _STEP)
            try:
                piece = self.objs[i].decompress(data, limit)
            except zlib.error as e:
                if self.layers[i] != "deflate" or self.started[i]:
                    raise FetchError("network", f"bad {self.layers[i]} data: {e}") from e
                self.objs[i] = self._obj("deflate", raw=True)  # deflate sent without its zlib header
                piece = self.objs[i].decompress(data, limit)
            self.started[i] = True
            self.sizes[i] += len(piece)
            if self.sizes[i] > self.cap:
                raise FetchError("too_large", f"decoded body exceeds the cap of {self.cap} bytes "
                                              f"({self.layers[i]} layer {i + 1} of {len(self.layers)})")
            if piece:
                yield piece
            data = self.objs[i].unconsumed_tail
            if not data and len(piece) < limit:
                return

    def _push(self, i: int, data: bytes) -> None:
        """Send ``data`` through layers ``i``, ``i + 1``… into the body."""
        if i == len(self.layers):
            self.out += data
            if len(self.out) > self.cap:
                raise FetchError("too_large", f"body exceeds the cap of {self.cap} bytes")
            return
        for piece in self._through(i, data):
            self._push(i + 1, piece)

    def feed(self, chunk: bytes) -> None:
        """Decode one raw chunk through every layer."""
        if chunk:
            self._push(0, chunk)

    def finish(self) -> bytes:
        """The decoded body (whatever the layers still hold is flushed, within the cap)."""
        for i in range(len(self.layers)):
            if not self.objs[i].eof:
                tail = self.objs[i].flush()
                self.sizes[i] += len(tail)
                if self.sizes[i] > self.cap:
                    raise FetchError("too_large", f"decoded body exceeds the cap of {self.cap} bytes")
                if tail:
                    self._push(i + 1, tail)
        return bytes(self.out)


# ---------------------------------------------------------------- the fetcher

def _retry_after(headers: list[tuple[str, str]]) -> float | None:
    for k, v in headers:
        if k.lower() == "retry-after":
            try:
                return max(0.0, float(v.strip()))
            except ValueError:
                try:

                    return max(0.0, (parsedate_to_datetime(v) - datetime.now(UTC)).total_seconds())
                except (TypeError, ValueError):
                    return None
    return None


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


class Fetcher:
    """A shared client, host gate and robots cache for a batch of fetches."""

    def __init__(self, settings: FetchSettings, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self.gate = HostGate(settings.per_host_concurrency, settings.politeness_delay)
        self.robots = RobotsCache()
        timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
        if transport is None:
            transport = httpx.HTTPTransport(verify=settings.verify_tls, trust_env=False)
            pool = getattr(transport, "_pool", None)
            if pool is not None and hasattr(pool, "_network_backend"):
                pool._network_backend = _DeadlineBackend(pool._network_backend)
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                                   verify=settings.verify_tls, transport=transport)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, url: str, max_bytes: int | None = None) -> Exchange:
        """One GET of ``url`` after the address checks, pinned to the checked address."""
        s = self.settings
        host, port, ip = check_url(url, s)
        parts = urlsplit(url)
        ip_host = f"[{ip}]" if ":" in ip else ip
        default_port = 443 if parts.scheme.lower() == "https" else 80
        hostport = host if port == default_port else f"{host}:{port}"
        target = parts._replace(netloc=f"{ip_host}:{port}").geturl()
        headers = [("Host", hostport), ("User-Agent", s.user_agent),
                   ("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"),
                   ("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8"), ("Accept-Encoding", "gzip, deflate")]
        cap = max_bytes or s.max_bytes
        date = now_iso()
        with self.gate.slot(host), deadline_of(s.total_timeout) as deadline:
            try:
                with self.client.stream("GET", target, headers=headers,
                                        extensions={"sni_hostname": host}) as resp:
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > cap:
                        raise FetchError("too_large", f"body of {declared} bytes exceeds the cap of {cap} bytes")
                    decoder = BoundedDecoder(resp.headers.get_list("content-encoding", split_commas=True), cap)
                    raw = 0
                    for chunk in resp.iter_raw():
                        raw += len(chunk)
                        if raw > cap:
                            raise FetchError("too_large", f"body exceeds the cap of {cap} bytes")
                        decoder.feed(chunk)
                        if time.monotonic() > deadline:
                            raise FetchError("timeout", _late(s.total_timeout))
                    return Exchange(url=url, request_headers=headers, status=resp.status_code,
                                    reason=resp.reason_phrase, http_version=resp.http_version,
                                    headers=list(resp.headers.multi_items()), body=decoder.finish(), ip=ip, date=date)
            except httpx.TimeoutException as e:
                if time.monotonic() >= deadline - 0.05:
                    raise FetchError("timeout", _late(s.total_timeout)) from e
                raise FetchError("timeout", f"timed out ({type(e).__name__})") from e
            except httpx.HTTPError as e:
                raise FetchError("network", f"{type(e).__name__}: {e}") from e

    def chain(self, url: str, robots: bool = True, max_bytes: int | None = None) -> FetchResult:
        """One attempt: follow redirects (capped, loop-checked), each hop checked again."""
        s = self.settings
        res = FetchResult(url=url, fetched_at=now_iso())
        seen = {url}
        current = url
        try:
            for hop in range(s.max_redirects + 1):
                check_url(current, s)  # scheme and addresses first: a refusal is not a robots.txt matter
                if robots and s.respect_robots and not self.robots.allowed(current, self):
                    raise FetchError("robots", f"refused by robots.txt: {current}")
                ex = self.request(current, max_bytes)
                res.exchanges.append(ex)
                res.status = ex.status
                loc = _header(ex.headers, "location")
                if ex.status not in REDIRECT_STATUSES or not loc:
                    break
                nxt = urljoin(current, loc.strip())
                if nxt in seen:
                    raise FetchError("redirect_loop", f"redirect loop: {current} → {nxt}")
                if hop == s.max_redirects:
                    raise FetchError("too_many_redirects", f"more than {s.max_redirects} redirects")
                seen.add(nxt)
                res.redirects.append(nxt)
                current = nxt
        except FetchError as e:
            if not res.exchanges:
                raise
            res.outcome, res.error, res.final_url = e.outcome, str(e), current
            return res
        final = res.exchanges[-1]
        res.final_url = current
        res.content_type = _header(final.headers, "content-type")
        res.length = len(final.body)
        res.sha256 = hashlib.sha256(final.body).hexdigest()
        if final.status >= 400:
            res.outcome, res.error = "http_error", f"HTTP {final.status} {final.reason}".strip()
        return res

    def fetch(self, url: str) -> FetchResult:
        """Fetch ``url`` with retries on 429/5xx and network errors; never raises."""
        s = self.settings
        t0 = time.monotonic()
        attempts: list[Attempt] = []
        exchanges: list[Exchange] = []
        res = FetchResult(url=url)
        timeouts = 0
        for attempt in range(s.retries + 1):
            a0 = time.monotonic()
            wait: float | None = None
            try:
                res = self.chain(url)
            except FetchError as e:
                res = FetchResult(url=url, outcome=e.outcome, error=str(e), fetched_at=now_iso())
            exchanges.extend(res.exchanges)
            attempts.append(Attempt(res.status, res.outcome, res.error, time.monotonic() - a0))
            timeouts += res.outcome == "timeout"
            retryable = res.status in RETRY_STATUSES or res.outcome == "network" or (
                res.outcome == "timeout" and timeouts < 2)  # a server that stalls once gets one more try, not more
            if not retryable or attempt == s.retries:
                break
            wait = _retry_after(res.headers) if res.status == 429 or res.status == 503 else None
            delay = min(s.max_backoff, wait if wait is not None else s.backoff * (2 ** attempt))
            time.sleep(delay)
        res.attempts = attempts
        res.exchanges = exchanges
        res.elapsed = time.monotonic() - t0
        return res


def fetch_url(url: str, settings: FetchSettings | None = None, fetcher: Fetcher | None = None) -> FetchResult:
    """Fetch one URL under every safety rule (see the module docstring)."""
    if fetcher is not None:
        return fetcher.fetch(url)
    with Fetcher(settings or FetchSettings()) as f:
        return f.fetch(url)


def fetch_all(urls: Iterable[str], settings: FetchSettings | None = None,
              on_done: Callable[[FetchResult], None] | None = None) -> list[FetchResult]:
    """Fetch distinct URLs concurrently (per-host limits apply); results in input order."""
    s = settings or FetchSettings()
    distinct = list(dict.fromkeys(urls))
    with Fetcher(s) as f, ThreadPoolExecutor(max_workers=max(1, s.concurrency)) as ex:
        out = []
        for r in ex.map(f.fetch, distinct):
            out.append(r)
            if on_done:
                on_done(r)
        return out


def settings_from_options(opts: Any, **overrides: Any) -> FetchSettings:
    """FetchSettings from pipeline.RunOptions (allow_private, respect_robots; ``fetch_settings`` if set)."""
    given = getattr(opts, "fetch_settings", None)
    if isinstance(given, FetchSettings):
        return replace(given, **overrides) if overrides else given
    base: dict[str, Any] = {"allow_private": bool(getattr(opts, "allow_private", False)),
                            "respect_robots": bool(getattr(opts, "respect_robots", True))}
    base.update(overrides)
    return FetchSettings(**base)
