"""Finding URLs in text as printed: cut by spaces or line breaks, glued to the next word, without a scheme,
archived copies (web.archive.org) and their originals. One finder for notes, body and source texts.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

from url_normalize.generic_url_cleanup import generic_url_cleanup
from url_normalize.normalize_fragment import normalize_fragment
from url_normalize.normalize_host import normalize_host
from url_normalize.normalize_port import normalize_port
from url_normalize.normalize_query import QUERY_PARAM_SAFE_CHARS
from url_normalize.normalize_scheme import DEFAULT_SCHEME
from url_normalize.provide_url_scheme import provide_url_scheme
from url_normalize.tools import (
    RESERVED_CHARACTERS,
    URL,
    cleanup_url_input,
    deconstruct_url,
    normalize_component,
    reconstruct_url,
)

from briefparse.text import vocab

_URL_BODY = r"[^\s<>\"“”‘’`{}|\\^\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
# a schemeless host before a path ("gov.cn/zhengce/…"); whether its suffix is real is asked of the Public Suffix List
_HOSTLIKE = r"(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]{1,62}"
# link shorteners: their links hide the target, and often print without a scheme
SHORTENERS = vocab.words("url_shorteners.tsv")
_SHORT_RE = "|".join(re.escape(h) for h in sorted(SHORTENERS, key=len, reverse=True))
# a scheme as printed, mistyped forms included (htps, htp, ttps, hhttps...); the separator may be damaged too
_SCHEME = r"h{1,2}t{1,3}p{1,2}s{0,2}|h?ttps?|ftp|file"
_URL_RE = re.compile(
    rf"(?i)(?<![\w@/.])(?:(?P<scheme>{_SCHEME})(?P<sep>:/{{1,3}}|//|;//|:\\{{1,2}}|:(?=www\d{{0,3}}\.))"
    rf"|(?=www\d{{0,3}}\.)|(?P<bare>(?={_HOSTLIKE}/))|(?=(?:{_SHORT_RE})/\w))(?P<rest>{_URL_BODY}+)"
)
# a scheme left alone at a line end when a line break cut the URL right after it ("https://" / "www.…")
_SCHEME_ALONE = re.compile(rf"(?i)(?<![\w@/.])(?P<scheme>{_SCHEME})(?P<sep>://?|//)[ \t]*\n?[ \t]*$")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_IRI_TAIL = re.compile(rf"(?:[\u3400-\u4dbf\u4e00-\u9fff]|{_URL_BODY})+")
PAGE_EXT = r"(?:s?html?|php\d?|aspx?|jspx?|pdf|docx?|xlsx?|cgi|do)"
# a page's file extension glued to a capitalised word ("….htmlAccessed", "….pdf.See"): the extension is matched
# in any case, the word only as printed (case-sensitive), and only at the end of the path (nothing after the word)
_GLUED_EXT = re.compile(rf"\.(?i:{PAGE_EXT})(?=[.,;:]?[A-Z][a-z]+[^/?#=&]*$)")
# suffixes reserved for documentation and internal networks (RFC 2606, 6761, 6762, ICANN's .internal): not in the
# Public Suffix List, yet a host under them is whole
RESERVED_SUFFIXES = vocab.words("reserved_suffixes.tsv")
_GLUE_WORDS = ("See", "Accessed", "Retrieved", "Available", "Last", "Also", "Viewed", "Cited", "Source", "In",
               "The", "Ibid", "Translated", "Archived", "Originally", "Published", "Updated", "Note", "For")
_GLUED_WORD = re.compile(r"[.,;:](?P<word>" + "|".join(_GLUE_WORDS) + r")$")
_TRAIL = set(".,;:!?'\"”’)]}>»」』》。，；：、")
_JOIN_END = set("/-_=?&#%~+")
_TOKEN_OK = re.compile(r"^[\w\-./?=&%#~+:;,]+$")
_STRONG = re.compile(rf"[/_=?&%]|\.{PAGE_EXT}\b", re.I)
NOTE_LABEL = re.compile(r"(?m)^[ \t]*(?:(\d{1,3})[.)]|\[(\d{1,3})\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))(?=\s)")
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@cache
def _psl() -> Any:
    """The Public Suffix List as bundled with tldextract: never fetched, never cached on disk."""
    import tldextract  # imported on first use: ~350 ms at start-up, not every run needs it

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True,
                                 extra_suffixes=tuple(sorted(RESERVED_SUFFIXES)))


@lru_cache(maxsize=8192)
def known_host(host: str) -> bool:
    """Is ``host`` a name under a public suffix (gov.cn, com, xyz…) or a reserved one (.example, .local), or an IP?"""
    h = host.strip(".").lower()
    try:
        ipaddress.ip_address(h.strip("[]"))
        return True
    except ValueError:
        pass
    if "." not in h or not re.fullmatch(r"[a-z0-9.-]+|xn--[a-z0-9.-]+", h):
        return False
    parts = _psl()(h)
    return bool(parts.suffix) and (bool(parts.domain) or "." in parts.suffix)  # gov.cn is a site as well as a suffix


def _host_end(url: str, scheme: str | None, sep: str | None) -> int:
    """Offset in ``url`` where its host (and port) ends: the first '/', '?' or '#' after the scheme."""
    start = len(scheme or "") + len(sep or "")
    m = re.compile(r"[/?#]").search(url, start)
    return m.start() if m else len(url)


def _host_cut_ok(url: str, cut: int, host_start: int, host_end: int) -> bool:
    """May ``url`` be cut at ``cut``? Always in the path; inside the host only when the host as printed is not a
    real one (its last label a capitalised word run into it, 'gov.cn.Accessed') and what is left is."""
    if cut >= host_end:
        return True
    printed, kept = url[host_start:host_end], url[host_start:cut]
    last = printed.rsplit(".", 1)[-1]
    return known_host(kept.split(":")[0]) and (not known_host(printed.split(":")[0]) or last[:1].isupper())


@dataclass
class Found:
    """One URL occurrence as found in the text, before flags across URLs are added."""

    url: str
    raw: str
    start: int
    end: int
    scheme: str | None
    normalized: str | None
    host: str | None
    flags: list[str] = field(default_factory=list)
    target: str | None = None  # the cited original's normalised address (differs from ``normalized`` for snapshots)
    issues: list[str] = field(default_factory=list)
    note: int | None = None
    series: int = 1  # the note's numbering sequence (chapter endnotes restart at 1)
    work: int | None = None
    cited: tuple[date, str] | None = None  # the note's date for this work and its precision
    remarks: list[str] = field(default_factory=list)  # said in ``issue`` only when the URL has a flag


def _next_token(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The whitespace-delimited token after ``pos`` when only a space or one line break separate it."""
    j = pos
    newlines = 0
    while j < limit and text[j].isspace():
        newlines += text[j] == "\n"
        j += 1
    if j == pos or j >= limit or newlines > 1:
        return None
    k = j
    while k < limit and not text[k].isspace():
        k += 1
    return j, k


_GLUED_BARE = re.compile(r"(?<=[a-z0-9/_-])(?P<word>Accessed|Retrieved|Available|Archived|Viewed|Downloaded|Consulted)$")
# words that follow a URL in a note and never continue one ("… /report/ and https://…")
_JOIN_STOP = {"and", "or", "at", "from", "via", "see", "also", "in", "on", "the", "for", "with", "by", "to", "of", "as",
              "accessed", "retrieved", "available", "archived", "viewed", "last", "cited", "downloaded", "consulted",
              "ibid", "and/or", "under", "which", "where", "is", "was", "are"}
_HOST_REST = re.compile(r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*(?:[/:?#]\S*)?$")


def _continues(url: str, token: str) -> bool:
    """Does ``token`` look like the rest of ``url`` after a space or line break cut it?"""
    tok = token.rstrip("".join(_TRAIL))
    if not tok or url[-1:] in ".,;:)]>" or re.match(r"(?i)h?t+ps?:|www\.|\d{1,3}[.)]$", tok):
        return False
    if tok.lower() in _JOIN_STOP or not _TOKEN_OK.match(tok):
        return False
    if url[-1] in _JOIN_END:
        return bool(re.search(r"[\d/_=.?&%-]", tok)) or tok.islower() and len(tok) > 2 and url[-1] == "/"
    return bool(_STRONG.search(tok)) and not re.match(r"[A-Z][a-z]+\b", tok)


def _host_cut(url: str, scheme: str | None, sep: str | None) -> bool:
    """Does ``url`` stop inside its host name ('https://www.', 'www.most.gov.'), as a line break leaves it?"""
    rest = url[len(scheme or "") + len(sep or ""):]
    return not re.search(r"[/?#]", rest) and rest.endswith((".", "-"))


def _host_continues(url: str, token: str) -> bool:
    """Does ``token`` complete the host of ``url`` that a line break cut ('gov.cn/xinwen/…' after 'https://www.')?"""
    host = re.sub(r"^[^:/]*:/*", "", url).rstrip(".-")
    tok = token.rstrip("".join(_TRAIL))
    return bool(_HOST_REST.match(tok)) and ("/" in tok or "." not in host)


def _ext_follows(text: str, pos: int, limit: int) -> bool:
    """Is the next token, after one space or line break, a bare file extension ('…/content_1.' + 'htm')?"""
    nt = _next_token(text, pos, limit)
    return nt is not None and bool(re.fullmatch(rf"{PAGE_EXT}[.,;:)\]]?", text[nt[0]:nt[1]]))


def _strip_trailing(url: str) -> tuple[str, str]:
    """Remove trailing punctuation (keeping brackets that close one opened inside the URL)."""
    end = len(url)
    while end > 0 and url[end - 1] in _TRAIL:
        ch = url[end - 1]
        inner = url[:end - 1]
        if ch == ")" and inner.count("(") > inner.count(")") or ch == "]" and inner.count("[") > inner.count("]"):
            break
        end -= 1
    return url[:end], url[end:]


def _canonical_scheme(scheme: str) -> str:
    """The scheme a mistyped one stands for: htps → https, htp/ttp → http."""
    s = scheme.lower()
    if s in ("http", "https", "ftp", "file"):
        return s
    return "https" if "s" in s else "http"


def _repair(url: str, scheme: str | None, sep: str | None) -> tuple[str, list[str], list[str]]:
    """A fetchable form of a printed URL, with flags for a missing or malformed scheme."""
    flags: list[str] = []
    issues: list[str] = []
    if scheme is None:
        flags.append("no_scheme")
        issues.append("no scheme (printed without http:// or https://)")
        return "https://" + url, flags, issues
    rest = url[len(scheme) + len(sep or ""):]
    canon = _canonical_scheme(scheme)
    if sep != "://" or canon != scheme.lower():
        flags.append("malformed")
        issues.append(f"malformed scheme '{scheme}{sep}' (should be '{canon}://')")
    return f"{canon}://{rest.lstrip('/')}", flags, issues


@lru_cache(maxsize=65536)
def _normalize(url: str) -> str:
    """url-normalize's canonical form (lower-case host, default port dropped, percent-encoding); cached, as a
    document cites the same address again."""

    try:
        return fast_url_normalize(url) or url
    except Exception:
        return url


# url_normalize (3.1.0, pinned) with its two slow parts answered directly where their result is known: IDNA
# encoding of a host's labels, and the quote(unquote()) of a URL part. Every other step is the library's own.
# A part made only of characters quote() leaves alone (hence no '%', so unquote() and the escapes' protection
# do nothing, and NFC of ASCII is itself) comes out unchanged.
_ALWAYS_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"
_PATH_SAFE = _ALWAYS_SAFE + "~:/[]@!$&'()*+,;="
_QUERY_SAFE = _ALWAYS_SAFE + QUERY_PARAM_SAFE_CHARS
_USERINFO_SAFE = _ALWAYS_SAFE + "!$&'()*+,;=:"
_FRAGMENT_SAFE = _ALWAYS_SAFE + "~="
# an ASCII label idna.encode(label, uts46=True) returns as it is: letters, digits and inner hyphens, at most 63,
# not an A-label nor anything with '--' in 3rd and 4th place (uts46_remap lowers ASCII only; check_label passes
# LDH characters, all PVALID and left-to-right)
_PLAIN_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def _fast_host(host: str) -> str:
    """``normalize_host(host)``, without idna for a host whose labels are all plain ASCII."""
    if host.startswith("["):
        return normalize_host(host)
    h = host.lower().lstrip(".").rstrip(".\u3002\uff0e\uff61")
    if h.isascii():
        parts = [p for p in h.split(".") if p]
        if all(_PLAIN_LABEL.fullmatch(p) and p[2:4] != "--" for p in parts):
            return ".".join(parts)
    return normalize_host(host)


def _fast_component(part: str, safe_all: str, safe: str, preserve: str) -> str:
    """``normalize_component(part, safe, preserve)``; ``safe_all`` is ``safe`` with quote()'s always-safe set."""
    return part if not part.strip(safe_all) else normalize_component(part, safe, preserve)


def _fast_path(path: str, scheme: str) -> str:
    """``normalize_path(path, scheme)`` (its body, with the component step above)."""
    path = _fast_component(path, _PATH_SAFE, "~:/[]@!$&'()*+,;=", RESERVED_CHARACTERS)
    if scheme in {"", "http", "https", "ftp", "file"}:
        output: list[str] = []
        for part in path.split("/"):
            if part == "":
                if not output:
                    output.append(part)
            elif part == ".":
                pass
            elif part == "..":
                if len(output) > 1:
                    output.pop()
            else:
                output.append(part)
        if part in {"", ".", ".."}:
            output.append("")
        path = "/".join(output)
    if not path and scheme in {"http", "https", "ftp", "file"}:
        path = "/"
    return path


def _fast_query(query: str) -> str:
    """``normalize_query(query)`` without parameter filtering (its body, with the component step above)."""
    if not query:
        return ""
    processed = []
    for param in query.split("&"):
        if not param:
            continue
        key, separator, value = param.partition("=")
        key = _fast_component(key, _QUERY_SAFE, QUERY_PARAM_SAFE_CHARS, "+") if key else ""
        value = _fast_component(value, _QUERY_SAFE, QUERY_PARAM_SAFE_CHARS, "+") if value else ""
        processed.append(f"{key}{separator}{value}")
    return "&".join(processed)


def _fast_userinfo(userinfo: str) -> str:
    """``normalize_userinfo(userinfo)`` (its body, with the component step above)."""
    if userinfo in ["@", ":@"]:
        return ""
    separator = "@" if userinfo.endswith("@") else ""
    return _fast_component(userinfo.removesuffix("@"), _USERINFO_SAFE, "!$&'()*+,;=:", RESERVED_CHARACTERS) + separator


def fast_url_normalize(url: str) -> str:
    """``url_normalize(url)`` with default arguments, the same for every input, faster on plain hosts and parts
    (the steps of url_normalize.url_normalize in its order; tested against it)."""
    url = cleanup_url_input(url)
    if not url:
        return url
    url = provide_url_scheme(url, DEFAULT_SCHEME)
    url = generic_url_cleanup(url)
    el = deconstruct_url(url)
    host = _fast_host(el.host)
    scheme = el.scheme.lower()
    userinfo = _fast_userinfo(el.userinfo)
    query = _fast_query(el.query)
    fragment = el.fragment if not el.fragment.strip(_FRAGMENT_SAFE) else normalize_fragment(el.fragment)
    return reconstruct_url(URL(scheme=scheme, userinfo=userinfo, host=host, port=normalize_port(el.port, scheme),
                               path=_fast_path(el.path, scheme), query=query, fragment=fragment))


# web archives: a snapshot URL carries the original address after a timestamp (Wayback, archive.today)
_ARCHIVE = re.compile(r"(?i)^(?P<pre>[a-z]+://(?P<host>(?:web\.|wayback\.)?archive\.org|archive\.(?:ph|today|is|li|vn|fo|md)"
                      r"|webcache\.googleusercontent\.com)/(?:web/)?(?P<ts>\d{4,14})(?P<mod>[a-z]{2}_|\*)?/)(?P<orig>.+)$")
_ARCHIVE_HOSTS = {"web.archive.org", "wayback.archive.org", "archive.org", "archive.ph", "archive.today", "archive.is",
                  "archive.li", "archive.vn", "archive.fo", "archive.md", "perma.cc", "webcitation.org",
                  "www.webcitation.org"}
# hosts whose links are known to stop working soon (deleted, blocked or app-only pages)
EPHEMERAL_HOSTS = {"mp.weixin.qq.com": "WeChat article (mp.weixin.qq.com)"}


def archived_original(fixed: str) -> tuple[str, str, str] | None:
    """``(normalized snapshot URL, original URL, timestamp)`` when ``fixed`` is a web-archive snapshot."""
    m = _ARCHIVE.match(fixed)
    if not m or not re.match(r"(?i)(?:h?t+ps?:/{0,2})?(?:[a-z0-9-]+\.)+[a-z]{2,}", m.group("orig")):
        return None
    orig = m.group("orig")
    sm = re.match(rf"(?i)({_SCHEME}):/{{0,2}}", orig)
    original = f"{_canonical_scheme(sm.group(1))}://{orig[sm.end():]}" if sm else "https://" + orig
    target = _normalize(original)
    return _normalize(m.group("pre")).rstrip("/") + "/" + target, original, m.group("ts")


def _ts_text(ts: str) -> str:
    """A Wayback timestamp as a readable date (20210315083000 → 2021-03-15)."""
    parts = [ts[:4], ts[4:6], ts[6:8]]
    return "-".join(p for p in parts if p)


def _non_public_ip(host: str) -> bool:
    """An IP address literal that is not globally routable (127.0.0.1, 10.1.2.3, 169.254.169.254)."""
    if ":" not in host and host.strip("0123456789."):
        return False  # no IPv6 form (it has a colon) nor IPv4 (digits and dots only): a name, asked cheaply
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


# Where a URL can start, found without trying _URL_RE at every position. Every match of _URL_RE begins a
# "www", or sits in a run of host characters that ends right before ":", "/" or ";" (a scheme before its
# separator, a host before its path, a shortener before its "/"), at the run's start or after a "-" in it
# (inside the run any other character is a word character or ".", which the lookbehind refuses).
_HOST_CHAR_RUN = re.compile(r"(?i)[a-z0-9.-]*")
_AFTER_HOST = re.compile(r"[:/;]")
_WWW = re.compile(r"[wW][wW][wW]")
_STARTS_FOUND_IN_RUNS = all(re.fullmatch(r"[a-z0-9.-]+", h) for h in SHORTENERS)  # (else every position is tried)


def _url_starts(text: str, start: int, end: int) -> list[int] | None:
    """Sorted positions in ``[start, end)`` where a match of ``_URL_RE`` may start (a superset), or None
    when only trying every position will do."""
    if not _STARTS_FOUND_IN_RUNS:
        return None
    reverse = text[end - 1::-1] if end else ""  # text[:end] reversed, to walk back over a run in C
    starts = {m.start() for m in _WWW.finditer(text, start, end)}
    for m in _AFTER_HOST.finditer(text, start, end):
        k = m.start()
        back = _HOST_CHAR_RUN.match(reverse, end - k)  # (always matches, maybe empty)
        r = k - (back.end() - back.start()) if back else k
        starts.add(r)
        dash = text.find("-", r, k)
        while dash >= 0:
            starts.add(dash + 1)
            dash = text.find("-", dash + 1, k)
    return sorted(x for x in starts if start <= x < end)


class _UrlSearch:
    """``_URL_RE.search(text, pos, end)``, trying only the positions :func:`_url_starts` gives."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.end = text, end
        self.starts = _url_starts(text, start, end)

    def search(self, pos: int) -> re.Match[str] | None:
        """The first match of ``_URL_RE`` starting at or after ``pos``."""
        if self.starts is None:
            return _URL_RE.search(self.text, pos, self.end)
        for i in range(bisect.bisect_left(self.starts, pos), len(self.starts)):
            m = _URL_RE.match(self.text, self.starts[i], self.end)
            if m:
                return m
        return None


def find_urls(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    """Every URL in ``text[start:end]``, rejoined when cut, cut when glued, trailing punctuation off."""
    end = len(text) if end is None else end
    out: list[Found] = []
    pos = start
    urls = _UrlSearch(text, start, end)
    while True:
        m = urls.search(pos)
        if not m:
            break
        s, e = m.start(), m.end()
        flags: list[str] = []
        issues: list[str] = []
        scheme, sep = m.group("scheme"), m.group("sep")
        if m.group("bare") is not None and not known_host(re.split(r"[/:]", m.group("rest"), maxsplit=1)[0]):
            pos = s + 1  # "2.ii/iii", "approx.x/y": not a host under a public suffix
            continue
        cuts: list[str] = []
        pieces: list[str] = [text[s:e]]
        if scheme is None:
            # "https://" left at the end of the previous line (or before a space)
            sm = _SCHEME_ALONE.search(text, max(start, s - 24), s)
            if sm and sm.end() == s and re.search(r"\s", sm.group(0)):
                scheme, sep = sm.group("scheme"), sm.group("sep")
                cuts.append("line break" if "\n" in sm.group(0) else "space")
                pieces = [scheme + sep, text[s:e]]
                s = sm.start()
        # a path written in Chinese characters (an IRI: baike.baidu.com/item/国家…)
        rest = m.group("rest")
        if (e < end and _CJK.match(text, e) and text[e - 1] in "/=_-" and "/" in rest
                and not re.search(rf"(?i)\.{PAGE_EXT}$", rest)):
            iri = _IRI_TAIL.match(text, e, end)
            if iri:
                pieces[-1] += text[e:iri.end()]
                e = iri.end()
        raw_end = e
        url = "".join(pieces)
        h_start = len(pieces[0]) - len(m.group("rest")) if len(pieces) == 1 else len(scheme or "") + len(sep or "")
        h_end = _host_end(url, scheme, sep) if scheme else h_start + _host_end(url[h_start:], None, None)
        g = _GLUED_EXT.search(url, h_end)  # a glued extension is looked for in the path only
        stripped, tail = _strip_trailing(url)
        gw = _GLUED_WORD.search(stripped) or _GLUED_BARE.search(stripped)
        if gw and not _host_cut_ok(stripped, gw.start(), h_start, min(h_end, len(stripped))):
            gw = None  # never cut a real host ("www.dongguan.gov.cn", "www.php.net")
        shift = (e - s) - len(url)  # whitespace dropped after a scheme left alone at a line end
        if g:
            url = url[:g.end()]
            flags.append("glued")
            issues.append(f"glued to the following text ('{text[s + shift + g.end():e][:20]}'); cut after '{url[-8:]}'")
            e = s + shift + g.end()
            tail = ""
        elif gw and "/" in stripped:
            url = stripped[:gw.start()]
            flags.append("glued")
            issues.append(f"glued to the following word '{gw.group('word')}'; cut before it")
            e = s + shift + len(url)
            tail = ""
        else:
            # a URL cut by a space or a line break: rejoin while the next token continues it
            if _host_cut(url, scheme, sep):
                nt = _next_token(text, e, end)
                if nt is not None and _host_continues(url, text[nt[0]:nt[1]]):
                    cuts.append("line break" if "\n" in text[e:nt[0]] else "space")
                    pieces.append(text[nt[0]:nt[1]])
                    e = raw_end = nt[1]
                    stripped, tail = _strip_trailing("".join(pieces))
            while not tail or tail == "." and _ext_follows(text, e, end):
                nt = _next_token(text, e, end)
                if nt is None or tail == "." and not _ext_follows(text, e, end):
                    break
                if not tail and not _continues("".join(pieces), text[nt[0]:nt[1]]):
                    break
                cuts.append("line break" if "\n" in text[e:nt[0]] else "space")
                pieces.append(text[nt[0]:nt[1]])
                e = raw_end = nt[1]
                stripped, tail = _strip_trailing("".join(pieces))
            url, tail = _strip_trailing("".join(pieces))
            e = raw_end - len(tail)
        if cuts:
            flags.append("cut")
            issues.append(f"cut by a {cuts[0]}; rejoined")
        angle = s > 0 and text[s - 1] == "<"
        odd = tail
        if angle:
            odd = odd.replace(">", "", 1)
        before = text[text.rfind("\n", 0, s) + 1:s]
        for opener, closer in (("(", ")"), ("[", "]"), ("“", "”"), ("「", "」"), ("《", "》")):
            if odd[:1] == closer and before.count(opener) > before.count(closer):
                odd = odd[1:]
        if odd and odd not in (".", ",", ";", ":"):
            flags.append("trailing_punctuation")
            issues.append(f"trailing punctuation '{odd}' removed")
        fixed, f2, i2 = _repair(url, scheme, sep)
        normalized = _normalize(fixed)
        target = normalized
        arch = archived_original(fixed)
        if arch:
            normalized, original, ts = arch
            target = _normalize(original)
            flags.append("archived_copy")
            issues.append(f"archived copy ({urlsplit(normalized).hostname}, captured {_ts_text(ts)}) of {original}; "
                          "the host recorded is the original's")
        host = urlsplit(target).hostname
        if not arch and host in _ARCHIVE_HOSTS:
            flags.append("archived_copy")
            issues.append(f"archived copy ({host}); the original address is not in the URL")
        if host in SHORTENERS:
            flags.append("shortener")
            issues.append(f"shortened link ({host}): the target is hidden until resolved and the service may stop "
                          "redirecting; cite the full address")
        if host in EPHEMERAL_HOSTS:
            flags.append("ephemeral")
            issues.append(f"{EPHEMERAL_HOSTS[host]}: such links often stop working (deleted or blocked) or open only "
                          "in the app; keep an archived copy")
        canon = _canonical_scheme(scheme) if scheme else None
        if canon == "http":
            flags.append("http")
            issues.append("plain http, not https")
        if host and scheme and ("." not in host or _non_public_ip(host)):  # localhost, 2130706433, [::1], 10.0.0.1
            flags.append("local_address")
            issues.append(f"host '{host}' is not a public domain name (a local name or a numeric address); "
                          "it reaches the reader's own machine or network, never the cited site")
        if (len(url) > 10 or host in SHORTENERS) and host and ("." in host or scheme):
            out.append(Found(url=url, raw=text[s - angle:raw_end + (1 if angle and text[raw_end:raw_end + 1] == ">" else 0)],
                             start=s, end=e, scheme=canon, normalized=normalized, target=target,
                             host=host, flags=f2 + flags, issues=i2 + issues))
        pos = max(raw_end, s + 1)
    return out


