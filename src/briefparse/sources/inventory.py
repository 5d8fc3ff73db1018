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

import bisect
import re
from collections import Counter
from datetime import date
from urllib.parse import urlsplit

from rapidfuzz.distance import LCSseq, Levenshtein

from briefparse.records import Document, Endnote, UrlRecord
from briefparse.segments import Segmentation
from briefparse.text.urls import NOTE_LABEL, PAGE_EXT, SUPERSCRIPT_DIGITS, Found, find_urls

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
        labels = list(NOTE_LABEL.finditer(text, bs, be))
        lead = bs + len(text[bs:be]) - len(text[bs:be].lstrip())
        if out and (not labels or labels[0].start() > lead):
            out[-1][1] = labels[0].start() if labels else be  # an unnumbered block continues the previous note
        for i, m in enumerate(labels):
            n = int((m.group(1) or m.group(2) or m.group(3) or "0").translate(SUPERSCRIPT_DIGITS))
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


PARTNERS = 64  # members of a group each URL is compared with (only ever reached by machine-made lists)


def deletion_variants(word: str, deletions: int) -> set[str]:
    """``word`` with up to ``deletions`` characters removed (two words within that many edits share one)."""
    out = {word}
    frontier = {word}
    for _ in range(deletions):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def share_variant(a: str, b: str, da: int, db: int) -> bool:
    """Do ``a`` with up to ``da`` and ``b`` with up to ``db`` characters removed become the same word?

    The same test as intersecting their :func:`deletion_variants`, without building them: true
    when their longest common subsequence is at least as long as both shortened words must be."""
    need = max(len(a) - da, len(b) - db)
    if need <= 0:
        return True
    return min(len(a), len(b)) >= need and LCSseq.similarity(a, b, score_cutoff=need) >= need


def _deletions(word: str, deletions: int) -> int:
    """How many deletions :func:`close_pairs` allows ``word``: one at most beyond 64 characters."""
    return deletions if len(word) <= 64 else min(deletions, 1)


def close_pairs(words: list[str], deletions: int) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of words that may be within ``deletions`` edits (a superset: verify).

    A deletion index (words sharing a variant with characters removed) instead of comparing every
    pair: near-linear in the number of words. Words over 64 characters get one deletion at most.
    A small group (the usual one: a few URLs differing in one path segment) is compared pair by
    pair with :func:`share_variant` instead: the same pairs, without building every variant."""
    budget = [_deletions(w, deletions) for w in words]
    if len(words) <= PARTNERS + 1:  # no bucket can exceed the partner limit: every sharing pair is kept
        return {(i, j) for i in range(len(words)) for j in range(i + 1, len(words))
                if share_variant(words[i], words[j], budget[i], budget[j])}
    buckets: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        for v in deletion_variants(w, budget[i]):
            buckets.setdefault(v, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        for k, a in enumerate(members):
            for b in members[k + 1:k + 1 + PARTNERS]:
                if a != b:
                    pairs.add((min(a, b), max(a, b)))
    return pairs


def _candidate_pairs(items: list[Found], keys: list[str]) -> set[tuple[int, int]]:
    """Pairs of URLs that can be repeats or near-duplicates: the same address, or one path segment apart.

    Every other pair fails the tests of :func:`flag_near_duplicates` at once, so comparing all pairs
    (quadratic: 4,000 URLs took minutes) is not needed."""
    pairs: set[tuple[int, int]] = set()
    same: dict[tuple[str | None, str], list[int]] = {}
    for i, k in enumerate(keys):
        same.setdefault((items[i].host, k), []).append(i)
    for same_key in same.values():
        for n, a in enumerate(same_key):
            pairs.update((a, b) for b in same_key[n + 1:n + 1 + PARTNERS])
    # one differing path segment: group by everything else, then by closeness of that segment
    groups: dict[tuple[object, ...], list[tuple[int, str]]] = {}
    for i, f in enumerate(items):
        segs = _segments(_tgt(f))
        if len(keys[i]) < 12:
            continue
        for p, seg in enumerate(segs):
            digits = "".join(filter(str.isdigit, seg))  # letters-only edits keep the digits
            groups.setdefault((f.host, len(segs), p, tuple(segs[:p]), tuple(segs[p + 1:]), digits), []).append((i, seg))
    for group in groups.values():
        if len(group) < 2:
            continue
        for a, b in close_pairs([seg for _, seg in group], 2):
            pairs.add((group[a][0], group[b][0]))
    return pairs


def flag_near_duplicates(items: list[Found]) -> None:
    """Near-duplicate URLs across notes (same host, a letters-only edit of 1-2 characters, or http vs https).

    The same address cited again in another note is not a near-duplicate: it is listed as
    ``repeated`` (no issue) on the later occurrence.
    """
    keyed = [(f, _key(f)) for f in items]
    scores_of: dict[str | None, Counter[str]] = {}
    for i, j in sorted(_candidate_pairs(items, [k for _, k in keyed])):
        (f, kf), (g, kg) = keyed[i], keyed[j]
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
        if f.host not in scores_of:
            scores_of[f.host] = _segment_scores(items, f.host)
        scores = scores_of[f.host]
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


class _CloseIndex:
    """The words of one host by their deletion variants, to find those :func:`_close` to a word."""

    DIRECT = 256  # up to this many words each query compares them one by one (no variants built)

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.one: dict[str, set[str]] = {}  # one deletion: every word (distance 1)
        self.two: dict[str, set[str]] = {}  # two deletions: words of 8+ characters (distance 2)
        if len(words) <= self.DIRECT:
            return
        for w in words:
            for v in deletion_variants(w, 1):
                self.one.setdefault(v, set()).add(w)
            if 8 <= len(w) <= 64:
                for v in deletion_variants(w, 2):
                    self.two.setdefault(v, set()).add(w)

    def near(self, word: str) -> set[str]:
        """A superset of the indexed words within :func:`_close` distance of ``word``."""
        two = 8 <= len(word) <= 64
        if len(self.words) <= self.DIRECT:
            return {w for w in self.words if share_variant(word, w, 1, 1)
                    or two and 8 <= len(w) <= 64 and share_variant(word, w, 2, 2)}
        out: set[str] = set()
        for v in deletion_variants(word, 1):
            out |= self.one.get(v, set())
        if two:
            for v in deletion_variants(word, 2):
                out |= self.two.get(v, set())
        return out


def flag_typos(items: list[Found]) -> None:
    """Path segments one letter away from a better-attested segment of the same host."""
    per_host: dict[str | None, tuple[Counter[str], set[str], _CloseIndex]] = {}
    for f in items:
        if "likely_typo" in f.flags:
            continue
        if f.host not in per_host:  # once per host, not once per URL (that was quadratic)
            sc = _segment_scores(items, f.host)
            # a better-attested segment is used at least twice (every segment of the host is used once)
            per_host[f.host] = (sc, _known(f.host), _CloseIndex([v for v in sc if sc[v] > 1 and _word_segment(v)]))
        scores, known, index = per_host[f.host]
        for s in _segments(_tgt(f)):
            if not _word_segment(s) or s in known:
                continue
            better = sorted((v for v in index.near(s) if v != s and _word_segment(v) and _close(s, v)
                             and scores[v] > scores[s]), key=lambda v: (-scores[v], v))
            if better:
                v = better[0]
                why = "a known section of this site" if v in known else f"used by {scores[v]} cited URLs"
                _add(f, "likely_typo", f"likely typo: path segment '{s}' where '{v}' is expected ({why})")
                break


_INDEX = re.compile(rf"(?i)^(?:index|default|list|home|main)(?:_\d+)?\.{PAGE_EXT}$")


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


_FLAG_ORDER = ["malformed", "local_address", "no_scheme", "cut", "glued", "trailing_punctuation", "likely_typo", "near_duplicate",
               "date_mismatch", "index_page", "archived_copy", "shortener", "ephemeral", "http", "repeated"]


# ---------------------------------------------------------------- the inventory

def _works_by_url(endnote: Endnote | None) -> dict[str, int]:
    """The first work (1-based) of a note citing each URL, keyed without trailing slashes."""
    out: dict[str, int] = {}
    for i, w in enumerate(endnote.works if endnote is not None else [], 1):
        for u in w.urls:
            out.setdefault(u.rstrip("/"), i)
    return out


def _work_of(f: Found, index: int, endnote: Endnote | None, works: dict[str, int] | None = None) -> int:
    """Which work of its note a URL belongs to (1-based); ``index`` is its place among the note's URLs."""
    if endnote is not None:
        works = _works_by_url(endnote) if works is None else works
        if f.url.rstrip("/") in works:
            return works[f.url.rstrip("/")]
        if not endnote.works:
            return 1
    return index + 1


def inventory_urls(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> list[UrlRecord]:
    """Every URL in the notes and the body, normalised and flagged."""
    text = doc.text
    found = find_urls(text)
    spans = note_spans(doc, seg, endnotes)
    series_at = {(e.start, e.n): e.series for e in endnotes}
    by_key = {(e.series, e.n): e for e in endnotes}
    per_note: dict[tuple[int, int], list[Found]] = {}
    note_start: dict[tuple[int, int], int] = {}
    disjoint = all(spans[k][1] <= spans[k + 1][0] for k in range(len(spans) - 1))
    span_starts = [a for a, _, _ in spans]
    for f in found:
        if disjoint:  # the usual case: one bisection instead of a scan of every note
            k = bisect.bisect_right(span_starts, f.start) - 1
            holders = [spans[k]] if k >= 0 else []
        else:
            holders = spans
        for a, b, n in holders:
            if a <= f.start < b:
                f.note, f.series = n, series_at.get((a, n), 1)
                per_note.setdefault((f.series, n), []).append(f)
                note_start.setdefault((f.series, n), a)
                break
    for key, fs in per_note.items():
        prev = note_start[key]
        en = by_key.get(key)
        works = _works_by_url(en)
        for i, f in enumerate(fs):
            f.work = _work_of(f, i, en, works)
            f.cited = cited_date(text[prev:f.start])
            if f.cited is None and en is not None:
                w = en.works[f.work - 1] if en.works and f.work <= len(en.works) else None
                f.cited = _iso_to_date(w.date_iso if w else None) or _iso_to_date(en.date_iso)
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
