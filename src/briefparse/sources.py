"""Cited URLs: the inventory with flags (per document).

Every URL printed in the notes (and the body) becomes one ``urls`` row: the URL as printed
(repaired only where it was cut or glued), its note and work, a normalised form, and flags
with a human-readable ``issue`` for the things an archivist must look at: plain http, no
scheme, malformed scheme, a URL cut by a space or line break, glued to the next word, odd
trailing punctuation, near-duplicates across notes (and which one is likely the typo), path
segments that look mistyped, section index pages and a date in the path that does not fit
the note's date.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from rapidfuzz.distance import Levenshtein

from briefparse.records import Document, Endnote, UrlRecord
from briefparse.segments import Segmentation

# ---------------------------------------------------------------- finding URLs

_URL_BODY = r"[^\s<>\"“”‘’`{}|\\^\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
_TLDS = r"(?:cn|com|org|net|gov|edu|int|info|io|hk|tw|mo|uk|de|eu|jp|kr|fr|int)"
# link shorteners: their links hide the target, and often print without a scheme
SHORTENERS = {"t.cn", "bit.ly", "goo.gl", "tinyurl.com", "ow.ly", "buff.ly", "dwz.cn", "url.cn", "is.gd", "t.co",
              "j.mp", "suo.im", "reurl.cc", "rb.gy", "cutt.ly", "tiny.cc", "s.weibo.com", "u.nu", "shorturl.at"}
_SHORT_RE = "|".join(re.escape(h) for h in sorted(SHORTENERS, key=len, reverse=True))
# a scheme as printed, mistyped forms included (htps, htp, ttps, hhttps...); the separator may be damaged too
_SCHEME = r"h{1,2}t{1,3}p{1,2}s{0,2}|h?ttps?|ftp|file"
_URL_RE = re.compile(
    rf"(?i)(?<![\w@/.])(?:(?P<scheme>{_SCHEME})(?P<sep>:/{{1,3}}|//|;//|:\\{{1,2}}|:(?=www\d{{0,3}}\.))"
    rf"|(?=www\d{{0,3}}\.)|(?=(?:[a-z0-9-]+\.)+{_TLDS}/)|(?=(?:{_SHORT_RE})/\w))(?P<rest>{_URL_BODY}+)"
)
# a scheme left alone at a line end when a line break cut the URL right after it ("https://" / "www.…")
_SCHEME_ALONE = re.compile(rf"(?i)(?<![\w@/.])(?P<scheme>{_SCHEME})(?P<sep>://?|//)[ \t]*\n?[ \t]*$")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_IRI_TAIL = re.compile(rf"(?:[\u3400-\u4dbf\u4e00-\u9fff]|{_URL_BODY})+")
_EXT = r"(?:s?html?|php\d?|aspx?|jspx?|pdf|docx?|xlsx?|cgi|do)"
_GLUED_EXT = re.compile(rf"(?i)\.{_EXT}(?=[.,;:]?[A-Z][a-z]+)")
_GLUE_WORDS = ("See", "Accessed", "Retrieved", "Available", "Last", "Also", "Viewed", "Cited", "Source", "In",
               "The", "Ibid", "Translated", "Archived", "Originally", "Published", "Updated", "Note", "For")
_GLUED_WORD = re.compile(r"[.,;:](?P<word>" + "|".join(_GLUE_WORDS) + r")$")
_TRAIL = set(".,;:!?'\"”’)]}>»」』》。，；：、")
_JOIN_END = set("/-_=?&#%~+")
_TOKEN_OK = re.compile(r"^[\w\-./?=&%#~+:;,]+$")
_STRONG = re.compile(rf"[/_=?&%]|\.{_EXT}\b", re.I)
_NOTE_LABEL = re.compile(r"(?m)^[ \t]*(?:(\d{1,3})[.)]|\[(\d{1,3})\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))(?=\s)")
_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


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
    return nt is not None and bool(re.fullmatch(rf"{_EXT}[.,;:)\]]?", text[nt[0]:nt[1]]))


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


def _normalize(url: str) -> str:
    """url-normalize's canonical form (lower-case host, default port dropped, percent-encoding)."""
    from url_normalize import url_normalize

    try:
        return url_normalize(url) or url
    except Exception:
        return url


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


def find_urls(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    """Every URL in ``text[start:end]``, rejoined when cut, cut when glued, trailing punctuation off."""
    end = len(text) if end is None else end
    out: list[Found] = []
    pos = start
    while True:
        m = _URL_RE.search(text, pos, end)
        if not m:
            break
        s, e = m.start(), m.end()
        flags: list[str] = []
        issues: list[str] = []
        scheme, sep = m.group("scheme"), m.group("sep")
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
                and not re.search(rf"(?i)\.{_EXT}$", rest)):
            iri = _IRI_TAIL.match(text, e, end)
            if iri:
                pieces[-1] += text[e:iri.end()]
                e = iri.end()
        raw_end = e
        url = "".join(pieces)
        g = _GLUED_EXT.search(url)
        stripped, tail = _strip_trailing(url)
        gw = _GLUED_WORD.search(stripped) or _GLUED_BARE.search(stripped)
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
        if (len(url) > 10 or host in SHORTENERS) and host and "." in host:
            out.append(Found(url=url, raw=text[s - angle:raw_end + (1 if angle and text[raw_end:raw_end + 1] == ">" else 0)],
                             start=s, end=e, scheme=canon, normalized=normalized, target=target,
                             host=host, flags=f2 + flags, issues=i2 + issues))
        pos = max(raw_end, s + 1)
    return out


# ---------------------------------------------------------------- notes and their dates

_MONTHS = {m: i for i, ms in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                         "nov", "dec"], 1) for m in [ms]}
_EN_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+"
                      r"((?:19|20)\d{2})\b|\b(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+"
                      r"((?:19|20)\d{2})\b|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+"
                      r"((?:19|20)\d{2})\b")
_ZH_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_ISO_DATE = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")


def _mkdate(y: int, m: int, d: int = 1) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def cited_date(text: str) -> tuple[date, str] | None:
    """The last date of at least month precision in a stretch of note text (the citation date)."""
    found: list[tuple[int, date, str]] = []
    for m in _EN_DATE.finditer(text):
        g = m.groups()
        if g[0]:
            dt, prec = _mkdate(int(g[2]), _MONTHS[g[0].lower()], int(g[1])), "day"
        elif g[3]:
            dt, prec = _mkdate(int(g[5]), _MONTHS[g[4].lower()], int(g[3])), "day"
        else:
            dt, prec = _mkdate(int(g[7]), _MONTHS[g[6].lower()]), "month"
        if dt:
            found.append((m.start(), dt, prec))
    for m in _ZH_DATE.finditer(text):
        dt = _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        if dt:
            found.append((m.start(), dt, "day" if m.group(3) else "month"))
    for m in _ISO_DATE.finditer(text):
        dt = _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if dt:
            found.append((m.start(), dt, "day"))
    if not found:
        return None
    _, dt, prec = max(found, key=lambda x: x[0])
    return dt, prec


def _iso_to_date(iso: str | None) -> tuple[date, str] | None:
    if not iso:
        return None
    m = re.match(r"((?:19|20)\d{2})-(\d{2})(?:-(\d{2}))?", iso)
    if not m:
        return None
    dt = _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    return (dt, "day" if m.group(3) else "month") if dt else None


def note_spans(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> list[tuple[int, int, int]]:
    """``(start, end, n)`` of every note: from the parsed endnotes, else from note blocks' leading numbers."""
    spans = [(e.start, e.end, e.n) for e in endnotes if e.end > e.start]
    if spans:
        return sorted(spans)
    text = doc.text
    blocks = [(b.start, b.end) for b in doc.blocks if b.kind in ("note", "footnote")]
    r = seg.regions
    if not blocks and r.notes_start is not None:
        blocks = [(r.notes_start, r.notes_end if r.notes_end is not None else len(text))]
    out: list[list[int]] = []
    for bs, be in blocks:
        labels = list(_NOTE_LABEL.finditer(text, bs, be))
        lead = bs + len(text[bs:be]) - len(text[bs:be].lstrip())
        if out and (not labels or labels[0].start() > lead):
            out[-1][1] = labels[0].start() if labels else be  # an unnumbered block continues the previous note
        for i, m in enumerate(labels):
            n = int((m.group(1) or m.group(2) or m.group(3) or "0").translate(_SUP))
            stop = labels[i + 1].start() if i + 1 < len(labels) else be
            out.append([m.start(), stop, n])
    return [(a, b, n) for a, b, n in out]


# ---------------------------------------------------------------- flags across URLs

# path segments known to exist on frequently cited Chinese hosts (to spot mistyped ones); a key
# starting with "." applies to every host under it (the section names of government CMSs)
KNOWN_SEGMENTS: dict[str, set[str]] = {
    ".gov.cn": {"zwgk", "zwdt", "tzgg", "xxgk", "zcfg", "zcjd", "gkml", "gzdt", "ywdt", "bmdt", "zwgk_n", "content",
                "xwdt", "zfxxgk", "gsgg", "zwyw"},
    "www.gov.cn": {"zhengce", "zhengceku", "xinwen", "zhuanti", "guowuyuan", "fuwu", "shuju", "hudong", "lianbo",
                   "premier", "gongbao", "wenzheng", "ldhd", "yaowen", "jrzg", "gongkai", "banshi", "zhengcejiedu",
                   "tuijian", "govweb"},
    "www.most.gov.cn": {"kjbgz", "xinxifenlei", "fdzdgnr", "fgzc", "gfxwj", "tztg", "zxgz", "ztzl", "kjzc",
                        "gnwkjdt", "dfkjgzdt", "zzjg", "bstd", "jgdj"},
    "www.xinhuanet.com": {"politics", "world", "fortune", "tech", "local", "legal", "comments", "mrdx", "english",
                          "culture", "energy", "auto", "renshi", "gangao"},
    "www.news.cn": {"politics", "world", "fortune", "tech", "local", "legal", "comments", "english", "culture"},
}


def _known(host: str | None) -> set[str]:
    """Known path segments of ``host`` (its own and those of the families it belongs to)."""
    h = (host or "").lower()
    bare = h[4:] if h.startswith("www.") else h
    out: set[str] = set()
    for k, v in KNOWN_SEGMENTS.items():
        if (k.startswith(".") and h.endswith(k)) or h == k or "www." + bare == k:
            out |= v
    return out


def _segments(normalized: str | None) -> list[str]:
    return [s for s in urlsplit(normalized or "").path.split("/") if s]


def _word_segment(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z_-]{3,}", s))


def _close(a: str, b: str) -> bool:
    d = Levenshtein.distance(a, b)
    return 0 < d <= (2 if min(len(a), len(b)) >= 8 else 1)


def _where(f: Found) -> str:
    return f"note {f.note}" if f.note is not None else "the body"


def _segment_scores(items: list[Found], host: str | None) -> Counter[str]:
    """How much each path segment on ``host`` is attested: uses in the document, +2 when a known section."""
    c: Counter[str] = Counter()
    for f in items:
        if f.host == host:
            c.update(set(_segments(_tgt(f))))
    for s in _known(host):
        c[s] += 2
    return c


def _letters_only_edit(a: str, b: str) -> bool:
    """True when every edit turning ``a`` into ``b`` touches letters or punctuation, never digits."""
    for op in Levenshtein.editops(a, b):
        if op.tag in ("delete", "replace") and a[op.src_pos].isdigit():
            return False
        if op.tag in ("insert", "replace") and b[op.dest_pos].isdigit():
            return False
    return True


def _tgt(f: Found) -> str:
    """The address a URL stands for: the original for a web-archive snapshot, else its normalised form."""
    return f.target or f.normalized or ""


def _key(f: Found) -> str:
    """Host, path and query of the cited address (the scheme left out)."""
    parts = urlsplit(_tgt(f))
    return (f.host or "") + parts.path + ("?" + parts.query if parts.query else "")


def flag_near_duplicates(items: list[Found]) -> None:
    """Near-duplicate URLs across notes (same host, a letters-only edit of 1-2 characters, or http vs https).

    The same address cited again in another note is not a near-duplicate: it is listed as
    ``repeated`` (no issue) on the later occurrence.
    """
    keyed = [(f, _key(f)) for f in items]
    for i, (f, kf) in enumerate(keyed):
        for g, kg in keyed[i + 1:]:
            if f.host != g.host or (f.note, f.series) == (g.note, g.series):
                continue
            if _tgt(f) == _tgt(g) or kf == kg and "archived_copy" in f.flags + g.flags:
                if "repeated" not in g.flags:
                    g.flags.append("repeated")
                    g.issues.append("")
                    g.remarks.append(f"also cited in {_where(f)}")
                continue
            if kf == kg:
                for a, b in ((f, g), (g, f)):
                    _add(a, "near_duplicate", f"same address as in {_where(b)} but with {b.scheme or 'no scheme'} "
                                              f"here {a.scheme or 'no scheme'}")
                continue
            if len(kf) < 12 or Levenshtein.distance(kf, kg) > 2 or not _letters_only_edit(kf, kg):
                continue
            sf, sg = _segments(_tgt(f)), _segments(_tgt(g))
            diff = [(x, y) for x, y in zip(sf, sg, strict=False) if x != y] if len(sf) == len(sg) else []
            if len(diff) != 1 or not (_word_segment(diff[0][0]) and _word_segment(diff[0][1])
                                      or sf[-1] == sg[-1] and len(sf[-1]) >= 6):
                continue  # e.g. a.html vs b.html: other pages, not a mistyped copy
            scores = _segment_scores(items, f.host)
            x, y = diff[0]
            for a, b, mine, theirs in ((f, g, x, y), (g, f, y, x)):
                if mine is None or theirs is None:
                    _add(a, "near_duplicate", f"near-duplicate of the {_where(b)} URL ({b.url}); cannot tell which is right")
                    continue
                if scores[mine] < scores[theirs]:
                    verdict = f"'{mine}' is likely the typo"
                    if "likely_typo" not in a.flags:
                        _add(a, "likely_typo", f"likely typo: path segment '{mine}' where {_where(b)} has "
                                               f"'{theirs}' (attested {scores[theirs]}x against {scores[mine]}x)")
                elif scores[mine] > scores[theirs]:
                    verdict = f"'{mine}' is attested more often, so this one is probably correct"
                else:
                    verdict = "cannot tell which is the typo"
                _add(a, "near_duplicate", f"near-duplicate of the {_where(b)} URL (path segment '{mine}' here, "
                                          f"'{theirs}' there); {verdict}")


def flag_typos(items: list[Found]) -> None:
    """Path segments one letter away from a better-attested segment of the same host."""
    for f in items:
        if "likely_typo" in f.flags:
            continue
        scores = _segment_scores(items, f.host)
        known = _known(f.host)
        for s in _segments(_tgt(f)):
            if not _word_segment(s) or s in known:
                continue
            better = sorted((v for v in scores if v != s and _word_segment(v) and _close(s, v)
                             and scores[v] > scores[s]), key=lambda v: (-scores[v], v))
            if better:
                v = better[0]
                why = "a known section of this site" if v in known else f"used by {scores[v]} cited URLs"
                _add(f, "likely_typo", f"likely typo: path segment '{s}' where '{v}' is expected ({why})")
                break


_INDEX = re.compile(rf"(?i)^(?:index|default|list|home|main)(?:_\d+)?\.{_EXT}$")


def flag_index_pages(items: list[Found]) -> None:
    """Section index pages and folders: not permalinks, their content changes."""
    for f in items:
        path = urlsplit(_tgt(f)).path
        last = path.rsplit("/", 1)[-1]
        if f.host and f.host.endswith("doi.org"):
            continue
        if _INDEX.match(last):
            _add(f, "index_page", f"section index page ({last}), not an article permalink: "
                                  "the content at this address can change")
        elif path in ("", "/"):
            _add(f, "index_page", "a site's home page, not the cited item: the content at this address changes")
        elif path.endswith("/") and not urlsplit(_tgt(f)).query:
            _add(f, "index_page", "a folder (ends with '/'), not an article permalink: the content can change")


_PATH_DATES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})(?=/)"), "day"),
    (re.compile(r"/((?:19|20)\d{2})/(\d{2})/?(\d{2})(?=/)"), "day"),
    (re.compile(r"[/_t]((?:19|20)\d{2})(\d{2})(\d{2})(?=[_/.])"), "day"),
    (re.compile(r"/((?:19|20)\d{2})-?(\d{2})(?=/)"), "month"),
]


def path_date(normalized: str | None) -> tuple[date, str, str] | None:
    """The most precise date written in a URL path: (date, precision, the text)."""
    path = urlsplit(normalized or "").path
    for rx, prec in _PATH_DATES:
        for m in rx.finditer(path):
            dt = _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3)) if prec == "day" else 1)
            if dt:
                return dt, prec, m.group(0).strip("/_t")
    return None


def flag_dates(items: list[Found]) -> None:
    """A path date that cannot be the cited item's: before it, or (day-precise) years after it."""
    for f in items:
        pd_ = path_date(_tgt(f))
        if not pd_ or not f.cited:
            continue
        pdt, pprec, ptxt = pd_
        cdt, cprec = f.cited
        days = (pdt - cdt).days
        if pprec == "month" or cprec == "month":
            bad = (pdt.year, pdt.month) < (cdt.year, cdt.month)
        else:
            bad = days < -31 or days > 730
        if bad:
            rel = "before" if days < 0 else "after"
            yrs = abs(days) / 365.25
            span = f"{yrs:.1f} years" if yrs >= 1 else f"{abs(days)} days"
            _add(f, "date_mismatch", f"URL path date {ptxt} is {span} {rel} the cited date {cdt.isoformat()[:7 if cprec == 'month' else 10]}; "
                                     "the URL may point to a different document")
        elif any(f.issues) and pprec == "day" and cprec == "day" and days:
            f.remarks.append(f"path date {pdt.isoformat()} is {abs(days)} day{'s' if abs(days) > 1 else ''} "
                            f"{'after' if days > 0 else 'before'} the cited date {cdt.isoformat()}")


def _add(f: Found, flag: str, issue: str) -> None:
    if flag not in f.flags:
        f.flags.append(flag)
        f.issues.append(issue)


_FLAG_ORDER = ["malformed", "no_scheme", "cut", "glued", "trailing_punctuation", "likely_typo", "near_duplicate",
               "date_mismatch", "index_page", "archived_copy", "shortener", "ephemeral", "http", "repeated"]


# ---------------------------------------------------------------- the inventory

def _work_of(f: Found, note_urls: list[Found], endnote: Endnote | None) -> int:
    """Which work of its note a URL belongs to (1-based)."""
    if endnote is not None:
        for i, w in enumerate(endnote.works or [], 1):
            urls = w.get("urls") or [] if isinstance(w, dict) else []
            if any(f.url == u or f.url.rstrip("/") == str(u).rstrip("/") for u in urls):
                return i
        if not endnote.works:
            return 1
    return note_urls.index(f) + 1


def inventory_urls(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> list[UrlRecord]:
    """Every URL in the notes and the body, normalised and flagged."""
    text = doc.text
    found = find_urls(text)
    spans = note_spans(doc, seg, endnotes)
    series_at = {(e.start, e.n): e.series for e in endnotes}
    by_key = {(e.series, e.n): e for e in endnotes}
    per_note: dict[tuple[int, int], list[Found]] = {}
    note_start: dict[tuple[int, int], int] = {}
    for f in found:
        for a, b, n in spans:
            if a <= f.start < b:
                f.note, f.series = n, series_at.get((a, n), 1)
                per_note.setdefault((f.series, n), []).append(f)
                note_start.setdefault((f.series, n), a)
                break
    for key, fs in per_note.items():
        prev = note_start[key]
        en = by_key.get(key)
        for f in fs:
            f.work = _work_of(f, fs, en)
            f.cited = cited_date(text[prev:f.start])
            if f.cited is None and en is not None:
                w = (en.works[f.work - 1] if en.works and f.work <= len(en.works) else {}) or {}
                f.cited = _iso_to_date(w.get("date_iso") if isinstance(w, dict) else None) or _iso_to_date(en.date_iso)
            prev = f.end
    flag_near_duplicates(found)
    flag_typos(found)
    flag_index_pages(found)
    flag_dates(found)
    out = []
    for f in found:
        order = sorted(range(len(f.flags)), key=lambda i: _FLAG_ORDER.index(f.flags[i]) if f.flags[i] in _FLAG_ORDER else 99)
        flags = [f.flags[i] for i in order]
        issues = [f.issues[i] for i in order if f.issues[i]]
        if issues and f.remarks:
            issues[-1] += f" ({'; '.join(f.remarks)})"
        out.append(UrlRecord(doc_id=doc.doc_id, url=f.url, note=f.note, series=f.series, work=f.work, host=f.host,
                             scheme=f.scheme,
                             normalized=f.normalized, flags=flags, issue="; ".join(issues) if issues else None,
                             raw=f.raw, start=f.start, end=f.end, page=doc.page_at(f.start)))
    return out
