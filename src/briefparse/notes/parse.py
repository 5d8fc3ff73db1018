"""Parse one note into bibliographic fields, for notes that mix English and Chinese.

A note may cite several works (split at ``;`` or after a URL when another citation follows),
each ``Authors, "English title 中文标题," Outlet (中文), Month D, YYYY, URL`` in its many
printed variants: ``English (中文)``, ``[中文]``, ``《中文》``, stray or doubled quotes,
italic ``*containers*``, journal volume/issue/pages, book chapters ``in *Book*``. A note with
no title is an explanatory note and keeps only the fields it actually has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache

from briefparse.citations.tokens import url_spans
from briefparse.notes.citation_dates import find_date
from briefparse.records import Work

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
_LATIN_WORDS = re.compile(r"[A-Za-z][A-Za-z'’\-]+[ ,:;]+[A-Za-z][A-Za-z'’\-]+")
_URL_RE = re.compile(r"<\s*((?:https?://|www\.)[^<>]+?)\s*>|((?:https?://|www\.)[^\s<>\"“”，。、）》】]+)")
_URL_CONT = re.compile(r"[\w\-./?=&%#~+:@;,!$'*()]+")
_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>，。]+)")
_ACCESSED = re.compile(r"[\(,;.]?\s*(?:last\s+)?(?:accessed|retrieved|viewed|consulted)(?:\s+on)?\s*:?\s*"
                       r"[^,;()]*?(?:19|20)\d{2}\)?", re.I)
ORG_WORDS = re.compile(
    r"\b(?:Research|Center|Centre|Department|Ministry|Office|Committee|Council|Bureau|Institute|University|"
    r"Commission|Agency|Administration|Association|Group|Bank|Party|Government|Academy|Foundation|Press|"
    r"Corporation|Company|Inc|Ltd|Service|Services|Daily|News|Times|Network|Laboratory|School|College|"
    r"Society|Federation|Program|Programme|Fund|Congress|State|People's|National|Statistics|Xinhua)\b")
_GOV_EN = re.compile(
    r"^(?:The\s+)?(?:Notice|Circular|Decision|Decisions|Measures|Administrative Measures|Interim Measures|"
    r"Provisional Measures|Regulations?|Provisions|Rules|Opinions?|Guiding Opinions|Law|Amendments?|"
    r"Constitution|Statistical Communiqu[eé]|Communiqu[eé]|Outline|Implementation Plan|Action Plan|"
    r"Announcement|Directive|Guidelines)\b|Communiqu[eé]|\bConstitution\b", re.I)
_GOV_ZH = re.compile(r"(?:通知|办法|决定|条例|规定|意见|公报|修正案|宪法|规划|纲要|方案|细则|法|公告|批复|决议)(?:\s*[(（][^)）]*[)）]?)?$")
_NOT_GOV_ISSUER = re.compile(r"University|College|School|Company|Laboratory|Corporation|Inc\b|大学|学院|公司", re.I)
_REPORT = re.compile(r"/reports?/|\breport\b|working paper|policy brief|white paper|/publications?/", re.I)
_QUOTES = "\"“”"


@dataclass
class WorkDraft:
    """A cited work while its note is being parsed (filled field by field); ``freeze`` gives the ``Work``."""

    authors: list[str] = field(default_factory=list)
    authors_zh: list[str] = field(default_factory=list)
    title_en: str | None = None
    title_zh: str | None = None
    container_en: str | None = None
    container_zh: str | None = None
    date_iso: str | None = None
    urls: list[str] = field(default_factory=list)
    doi: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    kind: str | None = None
    publisher: str | None = None
    place: str | None = None
    raw: str = ""

    def freeze(self) -> Work:
        return Work(**{f.name: getattr(self, f.name) for f in fields(self)})


@dataclass(frozen=True)
class NoteFields:
    """A parsed note: the top-level fields plus each cited work (when several), its commentary, and the
    earlier note and work an Ibid. or short form points to with the fields it took from there."""

    work: Work
    works: list[Work]
    explanatory: bool
    commentary: str | None = None
    refers_to: tuple[int, int] | None = None  # (note, work) of the full citation
    inherited: tuple[str, ...] = ()
    origins: tuple[tuple[int, int] | None, ...] = ()  # per cited work: the full citation it points to, if any


def extract_urls(text: str) -> tuple[list[str], str]:
    """URLs (rejoined where a space cut them, trailing punctuation dropped) and the text without them.

    Uses the URL inventory's finder, so ``endnotes.urls`` and the ``urls`` table agree (scheme typos
    repaired, hosts rejoined, glued words cut); falls back to the simple scanner below."""
    urls, rest = _urls_and_rest(text)
    return list(urls), rest


@lru_cache(maxsize=4096)
def _urls_and_rest(text: str) -> tuple[tuple[str, ...], str]:
    """:func:`extract_urls`, once per text: a piece is read for its URLs by the rule parser, the tagger's
    reader and the house-style check."""
    urls, rest = _find_urls_and_rest(text)
    return tuple(urls), rest


def _find_urls_and_rest(text: str) -> tuple[list[str], str]:
    """The URLs of ``text`` and the text with each replaced by a placeholder."""
    try:
        found = [(s, e, url) for s, e, url in url_spans(text) if url]
    except Exception:  # the inventory's finder must never cost us a note
        found = []
    if found:
        out: list[str] = []
        pos = 0
        for start, end, _ in found:
            if start < pos:
                continue
            out.append(text[pos:start])
            out.append(" \x00 ")
            pos = end
        out.append(text[pos:])
        simple, simple_text = _extract_urls_simple(text)
        urls = []
        for _, end, url in found:
            # "<https://doi.org/10.1353/jod. 2016.0051>": inside angle brackets a space never ends the URL
            longer = [u for u in simple if u.startswith(url) and len(u) > len(url)
                      and _cut_by_space(text, end, u[len(url):])]
            urls.append(longer[0] if longer else url)
        if any(u != f[2] for u, f in zip(urls, found, strict=True)):
            return urls, simple_text
        return urls, "".join(out)
    return _extract_urls_simple(text)


def _cut_by_space(text: str, pos: int, rest: str) -> bool:
    """``rest`` follows ``pos`` once spaces are removed, and a space did cut it off."""
    window = text[pos:pos + len(rest) + 4]
    return not text.startswith(rest, pos) and re.sub(r"\s+", "", window).startswith(rest)


def _extract_urls_simple(text: str) -> tuple[list[str], str]:
    urls: list[str] = []
    out: list[str] = []
    pos = 0
    for m in _URL_RE.finditer(text):
        if m.start() < pos:
            continue
        end = m.end()
        if m.group(1):
            url = re.sub(r"\s+", "", m.group(1))
        else:
            url = m.group(2)
            # rejoin a URL cut by a space: "…/zhuant/ 2015-12/14/…"
            while url[-1] in "/-_=?&#%" and end < len(text):
                m2 = re.match(r"[ \t]+(" + _URL_CONT.pattern + ")", text[end:])
                if not m2 or _CJK_RE.search(m2.group(1)) or m2.group(1)[:1].isupper() and "/" not in m2.group(1):
                    break
                url += m2.group(1)
                end += m2.end()
            trail = ""
            while url and url[-1] in ".,;:!?'\"”’)]}*":
                if url[-1] == ")" and url.count("(") >= url.count(")"):
                    break
                trail = url[-1] + trail
                url = url[:-1]
            end -= len(trail)
        if url:
            urls.append(url)
        out.append(text[pos:m.start()])
        out.append(" \x00 ")
        pos = end
    out.append(text[pos:])
    return urls, "".join(out)


def clean_zh(s: str | None) -> str | None:
    """A Chinese title or name: outer punctuation and stray quotes dropped, CJK-internal spaces closed."""
    if not s:
        return None
    s = s.strip().strip(" ,.;:，。；：")
    s = re.sub(f"(?<=[{CJK}])\\s+(?=[{CJK}])", "", s)
    s = _balance_quotes(s)
    s = s.strip().strip(" ,.;:，。；：")
    if s.startswith("《") and s.endswith("》") and s.count("《") == 1:
        s = s[1:-1]
    return s or None


def _balance_quotes(s: str) -> str:
    """Drop trailing/leading stray quotes: an odd count or a doubled closing quote."""
    s = s.strip()
    while s and s[-1] in _QUOTES and (sum(s.count(q) for q in _QUOTES) % 2 == 1 or s.endswith('""')
                                      or s.count("”") > s.count("“")):
        s = s[:-1].rstrip()
    while s and s[0] in _QUOTES and (sum(s.count(q) for q in _QUOTES) % 2 == 1 or s.count("“") > s.count("”")):
        s = s[1:].lstrip()
    return s


_STARRED = re.compile(r"\*([^*]+)\*")


def clean_en(s: str | None) -> str | None:
    """An English title or outlet: Markdown asterisks, outer punctuation and stray quotes dropped."""
    if not s:
        return None
    s = " ".join(s.split())
    s = s.strip(" ,;:").rstrip(".").strip()
    s = _balance_quotes(s)
    s = s.strip(" ,;:").strip()
    if s.count("*") >= 2 and s.startswith("*") and s.endswith("*"):
        s = s.strip("*").strip()
    if "*" in s:
        s = _STARRED.sub(r"\1", s)
    if s.startswith("_") and s.endswith("_") and len(s) > 2:
        s = s[1:-1]
    return s or None


def split_bilingual(block: str) -> tuple[str | None, str | None]:
    """``English (中文)``, ``English [中文]``, ``English 中文``, ``中文`` → (English, Chinese)."""
    b = block.strip()
    m = re.search(f"^(?P<en>.*?)\\s*[(（\\[【](?P<zh>[^()（）\\[\\]【】]*[{CJK}][^()（）\\[\\]【】]*)[)）\\]】]$", b)
    if m and not _CJK_RE.search(m.group("en")) and m.group("en").strip():
        return clean_en(m.group("en")), clean_zh(m.group("zh"))
    first = _CJK_RE.search(b)
    if not first:
        return clean_en(b), None
    # the Chinese part starts at the first CJK character after which no run of Latin words follows
    i = first.start()
    for m2 in _CJK_RE.finditer(b):
        if not _LATIN_WORDS.search(b[m2.start():]):
            i = m2.start()
            break
    else:
        return clean_en(b) if _LATIN_WORDS.search(b) else None, clean_zh(b) if not _LATIN_WORDS.search(b) else None
    j = i
    while j > 0 and b[j - 1] in "\"“《「『‘'(（[【" and (j - 1 == 0 or b[j - 2] in " \t"):
        j -= 1
    if j > 0 and b[j - 1] in "《「『(（[【":
        j -= 1
    en, zh = b[:j], b[j:]
    if not en.strip() or not _LATIN_WORDS.search(en) and not re.search(r"[A-Za-z]{3,}", en):
        return None, clean_zh(b)
    return clean_en(en), clean_zh(zh)


def _is_acronym(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&.\-]{1,11}s?", s.strip()))


def _is_person(s: str) -> bool:
    toks = s.strip().split()
    if not 1 <= len(toks) <= 5 or ORG_WORDS.search(s):
        return False
    particles = {"de", "van", "von", "der", "den", "la", "le", "bin", "al", "da", "di", "du", "dos", "y"}
    return all(t[:1].isupper() or t in particles or t.lower() in ("et", "al.") for t in toks)


def _name_like(s: str) -> bool:
    s = re.sub(r"\s*[(（][^)）]*[)）]", "", s).strip()
    return _is_acronym(s) or _is_person(s)


_INITIALS = re.compile(r"^[A-Z]\.?(?:\s?-?[A-Z]\.?){0,3}$")
_SURNAME = re.compile(r"^(?:(?:de|van|von|der|den|la|le|da|di|du|dos|del|ten|ter)\s+)*"
                      r"[A-Z][^\s,.()]*[a-z\u00c0-\u024f][^\s,.()]*$")


def pair_inverted(parts: list[str]) -> list[str]:
    """Join names printed family-first back into one person each: ``Economy, E. C.`` (APA), ``Kennedy, Scott``
    (the first name of a Chicago bibliography entry); ``Kennedy, S., & Lee, J.`` gives two people."""
    out: list[str] = []
    i = 0
    while i < len(parts):
        p = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if nxt is not None and _SURNAME.match(p) and (_INITIALS.match(nxt) or (
                i == 0 and _is_person(nxt) and len(nxt.split()) <= 3 and not _is_acronym(nxt)
                and (len(parts) == 2 or not _INITIALS.match(parts[-1])))):
            given = nxt + "." if _INITIALS.match(nxt) and not nxt.endswith(".") and "." in nxt + p[-1:] else nxt
            if _INITIALS.match(nxt) and not given.endswith(".") and len(nxt.replace(" ", "")) <= 2:
                given += "."
            out.append(f"{p}, {given}")
            i += 2
        else:
            out.append(p)
            i += 1
    return out


def _and_split(part: str) -> list[str]:
    """``Lin Ching-chuan and Rich Chang`` → two names when both halves are names."""
    sub = _AND_SPLIT.split(part)
    return sub if len(sub) > 1 and all(_name_like(x) for x in sub) else [part]


# split_authors runs for every cited work: its patterns compiled once
_EDS_END = re.compile(r",?\s*\(?\beds?\.\)?\.?$|,\s*eds?$")
_ROLE_END = re.compile(r",?\s*\((?:eds?|editors?|trans)\.?\)?\.?$", re.I)
_INITIAL_END = re.compile(r"(?:^|[\s.\-])[A-Z]\.$")
_SEE_START = re.compile(r"^(?:see also|see|cf\.|e\.g\.,?|for example,?|also see|quoted in)\s+", re.I)
_CJK_NAME = re.compile(rf"\s*[(（]?[{CJK}]+[)）]?")
_AND_START = re.compile(r"^(?:and|&)\s+")
_AND_SPLIT = re.compile(r"\s+(?:and|&)\s+|\s*&\s*")
_LATIN = re.compile(r"[A-Za-z]")
_EN_ZH_NAME = re.compile(f"^(?P<en>[^()（）]*?)\\s*[(（](?P<zh>[^)）]*[{CJK}][^)）]*)[)）]\\s*$")
_ROLE_PAREN = re.compile(r"\s*\((?:ed|eds|trans)\.?\)$")


def split_authors(head: str) -> tuple[list[str], list[str]]:
    """``A (甲), B (乙), and C`` / ``MOST & MOF`` → English names and Chinese names."""
    h = " ".join(head.split()).strip(",:;，：").strip()
    h = _EDS_END.sub("", h).strip(" ,")
    h = _ROLE_END.sub("", h).strip(" ,")
    h = h if _INITIAL_END.search(h) else h.rstrip(".").strip()  # keep the period of "E. C."
    h = _SEE_START.sub("", h)
    if not h:
        return [], []
    if h.count("*") >= 2 and h.startswith("*"):
        return [], []
    if _CJK_NAME.fullmatch(h):
        return [h.strip("()（）")], [h.strip("()（）")]
    parts: list[str] = []
    depth = 0
    cur = ""
    for ch in h:
        depth += ch in "(（"
        depth -= ch in ")）"
        if ch in ",，、;" and depth <= 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    parts = pair_inverted([_AND_START.sub("", p.strip()) for p in parts if p.strip()])
    parts = [x for p in parts for x in (_and_split(p) if len(parts) > 1 else [p])]
    if len(parts) > 1 and not all(_name_like(p) or p.lower() in ("et al.", "et al") or _CJK_RE.fullmatch(
            p[0]) and not _LATIN.search(p) for p in parts):
        parts = [h]
    names: list[str] = []
    for p in parts:
        sub = _AND_SPLIT.split(p)
        if len(sub) > 1 and all(_name_like(x) for x in sub):
            names.extend(sub)
        else:
            names.append(p)
    en: list[str] = []
    zh: list[str] = []
    for nm in names:
        m = _EN_ZH_NAME.match(nm)
        if m and m.group("en").strip():
            en.append(m.group("en").strip())
            zh.append(m.group("zh").strip())
        elif _CJK_RE.search(nm) and not _LATIN.search(nm):
            en.append(nm.strip())
            zh.append(nm.strip())
        else:
            nm = _ROLE_PAREN.sub("", nm).strip()
            if nm and nm.lower() not in ("et al.", "et al"):
                en.append(nm)
            elif nm and en:
                en[-1] += " et al."
    return en, zh


_CLOSING_QUOTE = re.compile(r"(?<=\S)[.,!?]?(?P<q>\")(?=[.,;:]?(?:\s|$|\x00))")  # the reference form
_OPENING_QUOTE = re.compile(r"(?:^|(?<=[\s(\[:]))\"(?=\S)")


def _closing_quotes(norm: str) -> list[int]:
    """Positions of quote marks that can close a title: after a non-space, before space/end (as
    ``_CLOSING_QUOTE`` finds them, read from each ``"`` instead of trying the pattern at every position)."""
    out: list[int] = []
    n = len(norm)
    p = norm.find('"', 1)
    while p >= 0:
        j = p + 1
        if j < n and norm[j] in ".,;:":
            j += 1
        if not norm[p - 1].isspace() and (j == n or norm[j].isspace() or norm[j] == "\x00"):
            out.append(p)
        p = norm.find('"', p + 1)
    return out


def _opening_quote(norm: str, before: int) -> int | None:
    """The first quote mark that can open a title (at the start or after a space, bracket or colon, before a
    non-space), if it comes before ``before`` (searched only up to there: the first match, if earlier, is the same)."""
    m = _OPENING_QUOTE.search(norm, 0, before + 1)
    return m.start() if m and m.start() < before else None


def split_works(text: str) -> list[str]:
    """One note citing several works → one piece per work (``;`` or a new citation after a URL)."""
    cuts: list[int] = []
    depth = 0
    for i, ch in enumerate(text if ";" in text else ""):  # most notes have no semicolon
        depth += ch in "(（[《"
        depth -= ch in ")）]》"
        if ch == ";" and depth <= 0:
            cuts.append(i + 1)
    for m in _URL_RE.finditer(text):
        tail = text[m.end():]
        m2 = re.match(r"[.,]?\s+(?=[\"“]|[A-Z][\w.\-’' ]{1,80}?,\s*[\"“])", tail)
        if m2 and len(tail) > m2.end() + 10:
            cuts.append(m.end() + m2.end())
    for m in re.finditer(r"(?<=[a-z0-9)])\.\s+(?=[A-Z][\w.\-’' ]{1,60}?,\s*[\"“][A-Z])", text):
        cuts.append(m.end())
    pieces: list[str] = []
    pos = 0
    for c in sorted(set(cuts)):
        piece = text[pos:c]
        if looks_like_citation(piece) and looks_like_citation(text[c:]):
            pieces.append(piece)
            pos = c
    pieces.append(text[pos:])
    return [p.strip().strip(";").strip() for p in pieces if p.strip().strip(";").strip()]


def looks_like_citation(s: str) -> bool:
    """Has a title (quoted, italic, 《》) or a URL: something a reference manager can hold."""
    q = sum(s.count(c) for c in _QUOTES)
    return bool(q >= 2 or _URL_RE.search(s) or re.search("《[^》]+》", s) or re.search(r"\*[^*]{3,}\*", s)
                or (q == 1 and re.search(r"[,.]\"", s) and find_date(s)))


_PLACE_PUB_END = re.compile(r"(?P<place>[A-Z][\w .'’-]*?(?:,\s*[A-Z]{2}\b|,\s*D\.C\.)?)\s*:\s*(?P<pub>[^,:;()]+?)\s*,\s*$")


def _parse_rest(rest: str, w: WorkDraft) -> None:
    """Outlet, date, volume/issue/pages, publisher and place from the text after the title."""
    r = rest.replace("\x00", " ")
    r = _ACCESSED.sub(" ", r)
    r = " ".join(r.split()).lstrip(".,;: ").strip()
    mchap = re.match(r"^in\s+(?P<book>\*[^*]+\*|_[^_]+_|[^,.]+)", r, re.I)
    if mchap:
        w.kind = "book_chapter"
        w.container_en = clean_en(mchap.group("book"))
        r2 = r[mchap.end():].lstrip(".,; ")
        r2 = re.sub(r"^(?:ed(?:ited)?\.?\s+by\s+[^,.]+[,.]\s*|eds?\.\s+[^,.]+[,.]\s*)", "", r2)
        mp = re.search(r"(?:\(\s*)?(?P<place>[A-Z][\w .()'’-]*?)\s*:\s*(?P<pub>[^,:;()]+?)\s*,\s*(?P<year>(?:19|20)\d{2})", r2)
        if mp:
            w.place, w.publisher = mp.group("place").strip(), mp.group("pub").strip()
        d = find_date(r2)
        if d:
            w.date_iso = d[0]
        mpg = re.search(r"(?:pp?\.\s*|:\s*|,\s*)(\d+(?:\s*[–-]\s*\d+)?)\s*\.?\s*$", r2)
        if mpg and not re.fullmatch(r"(?:19|20)\d{2}", mpg.group(1)):
            w.pages = mpg.group(1)
        return
    mj = re.match(r"^(?P<cont>.+?)\s*,?\s+(?:vol\.\s*)?(?P<vol>\d{1,4})\s*(?:,\s*|\s+|\.)(?:no\.|issue|nos?\.)\s*(?P<iss>[\w/–-]+)"
                  r"(?:,?\s*\(?(?P<date>[^)]*?(?:19|20)\d{2})\)?)?(?:\s*:\s*(?P<pages>\d+(?:\s*[–-]\s*\d+)?))?", r)
    if mj is None:
        mj = re.match(r"^(?P<cont>.+?)\s+(?P<vol>\d{1,4})\s*\((?P<date>[^)]*?(?:19|20)\d{2})\)"
                      r"(?:\s*:\s*(?P<pages>\d+(?:\s*[–-]\s*\d+)?))?", r)
    if mj:
        w.kind = "journal_article"
        cont = mj.group("cont")
        w.volume = mj.group("vol")
        w.issue = mj.groupdict().get("iss")
        if w.issue is None and re.search(r"[,\s]no\.?$", cont):  # "*Reform*, no. 5 (2021)": an issue, no volume
            cont, w.volume, w.issue = re.sub(r"[,\s]+no\.?$", "", cont), None, w.volume
        _set_container(w, cont)
        if mj.group("date"):
            d = find_date(mj.group("date")) or find_date("(" + mj.group("date") + ")")
            w.date_iso = d[0] if d else None
        if mj.group("pages"):
            w.pages = mj.group("pages")
        else:
            mpg = re.search(r"(?:pp?\.\s*)(\d+(?:\s*[–-]\s*\d+)?)", r[mj.end():])
            if mpg:
                w.pages = mpg.group(1)
        if w.date_iso is None:
            d = find_date(r[mj.end():])
            w.date_iso = d[0] if d else None
        return
    d = find_date(r)
    cont = r[:d[1]] if d else r
    if d:
        w.date_iso = d[0]
    # (searched only when it would be used, and only when cont ends with a comma, which a match needs: the
    # pattern is tried at every position, slowly on a long field)
    mpub = (_PLACE_PUB_END.search(cont) if w.title_en is not None and w.kind is None and d and len(d[0]) == 4
            and cont.rstrip().endswith(",") else None)
    if mpub:
        w.place, w.publisher = mpub.group("place").strip(), mpub.group("pub").strip()
        cont = cont[:mpub.start()]
    mpg = re.search(r"(?:,|\.)\s*pp?\.\s*(\d+(?:\s*[–-]\s*\d+)?)", r)
    if mpg:
        w.pages = mpg.group(1)
    _set_container(w, cont)


def _set_container(w: WorkDraft, cont: str) -> None:
    """``Outlet (中文)``, ``*Journal*``, ``中文``, ``Outlet (ABBR)`` → container_en / container_zh."""
    c = " ".join(cont.split()).strip(",.;: ").strip()
    c = re.sub(r"^(?:in|published (?:by|in)|posted on|available (?:at|from))\s+", "", c, flags=re.I)
    if not c or len(c.split()) > 14 or not re.search(f"[A-Za-z{CJK}]", c):
        return
    m = re.match(f"^(?P<en>.*?)\\s*[(（](?P<zh>[^()（）]*[{CJK}][^()（）]*)[)）]\\s*(?P<more>.*)$", c)
    if m and m.group("en").strip():
        w.container_en = clean_en(m.group("en"))
        w.container_zh = clean_zh(m.group("zh"))
        return
    c = re.sub(r"\s*\([A-Z][A-Za-z&.]{1,10}\)$", "", c)
    if _CJK_RE.search(c) and not re.search(r"[A-Za-z]{2,}", c):
        w.container_zh = clean_zh(c.strip("《》"))
    else:
        w.container_en = clean_en(c)


_PLACEHOLDER = "\x00"  # where extract_urls took a URL out of the text; never leaves parse_work


def _without_placeholders(w: WorkDraft) -> WorkDraft:
    """Every text field of ``w`` with URL placeholders gone ("Report on http://… reform" as a title)."""
    def clean(v: str) -> str:
        return re.sub(r"\s{2,}", " ", v.replace(_PLACEHOLDER, " ")).strip() if _PLACEHOLDER in v else v

    for f in fields(w):
        v = getattr(w, f.name)
        if isinstance(v, str):
            setattr(w, f.name, clean(v) or (None if f.name != "raw" else ""))
        elif isinstance(v, list):
            setattr(w, f.name, [c for c in (clean(x) if isinstance(x, str) else x for x in v) if c])
    return w


def parse_work(piece: str) -> WorkDraft:
    """One cited work: authors, bilingual title, outlet, date, URLs, DOI, volume/issue/pages, kind."""
    return _without_placeholders(_parse_work(piece))


def _parse_work(piece: str) -> WorkDraft:
    w = WorkDraft(raw=piece)
    urls, text = extract_urls(piece)
    w.urls = urls
    dm = _DOI_RE.search(piece)
    if dm:
        w.doi = dm.group(1).rstrip(".,;>)")
    text = re.sub(r"\b(?:doi|DOI)\s*:\s*10\.\S+", " ", text)
    text = re.sub(r"\s*<\s*>\s*", " ", text)
    norm = text.replace("“", '"').replace("”", '"')
    closes = _closing_quotes(norm)
    title_block = None
    rest = text
    head = ""
    if closes:
        close = closes[-1]
        opening = _opening_quote(norm, close)
        start = opening + 1 if opening is not None else 0
        head = text[:opening] if opening is not None else ""
        end = close
        while end > start and text[end - 1] in ".,":
            end -= 1
        title_block = text[start:end]
        rest = text[close + 1:]
        # a Chinese title printed after the closing quote: '"English" 中文, Outlet'
        mzh = re.match(f"^[.,]?\\s*(?P<zh>[\\[(（【《]?[{CJK}][^,，\"“”\\x00]*?)(?:[.,，。]?[\"”](?=\\s|$)|[,，。](?=\\s)|[.](?=\\s)|$)", rest)
        if mzh and _CJK_RE.search(mzh.group("zh")) and not _LATIN_WORDS.search(mzh.group("zh")):
            zh_extra = mzh.group("zh")
            rest = rest[mzh.end():]
            en, zh = split_bilingual(title_block)
            w.title_en, w.title_zh = en, clean_zh(zh_extra.strip("[]【】()（）")) or zh
        else:
            w.title_en, w.title_zh = split_bilingual(title_block)
    elif (m := re.search(r"《(?P<t>[^》]+)》", text)) is not None:
        head = text[:m.start()]
        rest = text[m.end():]
        w.title_zh = clean_zh(m.group("t"))
        m2 = re.search(r"《(?P<c>[^》]+)》", rest)
        if m2:
            w.container_zh = clean_zh(m2.group("c"))
        else:
            after = re.sub(r"^\s*[（(][^）)]*[）)]", "", rest)  # a document number (国发〔2015〕28号) after the title
            c = re.split(r"[,，;；]", after.strip(" ,，.。:：") or "")[0] if after.strip(" ,，.。") else ""
            imprint = re.match(f"^(?P<place>[{CJK}]{{2,8}})\\s*[：:]\\s*(?P<pub>.+)$", c)
            if imprint or re.search("出版社|出版公司|书局|书店|印书馆", c):
                w.place = imprint.group("place") if imprint else None  # "北京：人民出版社": a publisher, not an outlet
                w.publisher = imprint.group("pub") if imprint else c
            elif c and _CJK_RE.search(c) and not re.search(r"\d", c):
                w.container_zh = clean_zh(c)
        d = find_date(rest) or find_date(text)
        w.date_iso = d[0] if d else None
        mv = re.search(r"(?:第\s*(?P<vol>\d+)\s*卷)?\s*第\s*(?P<iss>\d+)\s*期", rest)
        if mv:
            w.volume, w.issue = mv.group("vol"), mv.group("iss")
            w.kind = "journal_article"
        mp = re.search(r"第\s*(?P<p>\d+(?:\s*[–—-]\s*\d+)?)\s*[页版]", rest)
        if mp:
            w.pages = mp.group("p")
        w.authors, w.authors_zh = split_authors(re.sub(r"[：:]\s*$", "", head.strip()))
        w.kind = w.kind or classify(w)
        return w
    else:
        mi = re.search(r"(?<![\w*])\*(?P<t>[^*]{3,})\*(?![\w*])|(?<![\w_])_(?P<u>[^_]{3,})_(?![\w_])", text)
        if mi:
            head = text[:mi.start()]
            rest = text[mi.end():]
            w.title_en, w.title_zh = split_bilingual(mi.group("t") or mi.group("u") or "")
            mz = re.match(f"^\\s*[(（\\[](?P<zh>[^)）\\]]*[{CJK}][^)）\\]]*)[)）\\]]", rest)
            if mz:
                w.title_zh = clean_zh(mz.group("zh"))
                rest = rest[mz.end():]
            w.kind = "book"
            d = find_date(rest)
            w.date_iso = d[0] if d else None
            mp = re.search(r"(?P<place>[A-Z][\w .'’-]*?(?:,\s*[A-Z]{2}\b|,\s*D\.C\.)?)\s*:\s*(?P<pub>[^,:;()]+?)\s*,\s*(?:19|20)\d{2}", rest)
            if mp:
                w.place, w.publisher = mp.group("place").strip().lstrip("(").strip(), mp.group("pub").strip()
            mpg = re.search(r"\),?\s*(\d+(?:\s*[–-]\s*\d+)?)\s*\.?\s*$", rest)
            if mpg:
                w.pages = mpg.group(1)
            w.authors, w.authors_zh = split_authors(head)
            if _REPORT.search(w.title_en or "") or re.search(r"\breport\b", rest, re.I):
                w.kind = "report"
            return w
        # no title: an outlet, date and URL ("Xinhua, March 3, 2020, http://…")
        if urls:
            d = find_date(text)
            if d:
                w.date_iso = d[0]
            _set_container(w, text[:d[1]] if d else text.replace("\x00", " "))
            w.kind = "web_page"
        return w
    w.authors, w.authors_zh = split_authors(head)
    _parse_rest(rest, w)
    if not w.date_iso:
        d = find_date(rest.replace("\x00", " "))
        w.date_iso = d[0] if d else None
    w.kind = w.kind or classify(w)
    return w


def classify(w: WorkDraft | Work) -> str:
    """news, government_document, journal_article, book_chapter, report or web_page, from the fields."""
    if w.volume or w.issue:
        return "journal_article"
    issuer = " ".join(w.authors + [w.container_en or "", w.container_zh or ""] + w.authors_zh)
    is_gov_title = bool(_GOV_EN.search(w.title_en or "")) or bool(
        w.title_zh and _GOV_ZH.search(w.title_zh) and not re.search(r"征求意见$", w.title_zh))
    if is_gov_title and not _NOT_GOV_ISSUER.search(issuer):
        return "government_document"
    if any(_REPORT.search(u) for u in w.urls) or _REPORT.search(w.title_en or "") or _REPORT.search(w.container_en or ""):
        return "report"
    if w.container_en or w.container_zh:
        if is_gov_title:
            return "web_page"
        return "news"
    if w.urls:
        return "web_page"
    return "report"


def explanatory_fields(text: str) -> WorkDraft:
    """Only the fields an explanatory note actually gives: an author-year reference, a data source."""
    w = WorkDraft(raw=text, kind="explanatory_note")
    m = re.search(r"\b(?P<a>[A-Z][\w'’\-]+(?: et al\.| and [A-Z][\w'’\-]+| & [A-Z][\w'’\-]+)?)\s*\((?P<y>(?:19|20)\d{2})[a-z]?\)", text)
    if m:
        w.authors = [m.group("a")]
        w.date_iso = m.group("y")
    m2 = re.search(f"\\b(?:data )?sources? (?:is|are|was|were|:)\\s+(?:the\\s+)?(?P<en>[^.()]+?)\\s*[(（](?P<zh>[^)）]*[{CJK}][^)）]*)[)）]", text, re.I)
    if m2:
        w.title_en = clean_en(m2.group("en"))
        w.title_zh = clean_zh(m2.group("zh"))
    m3 = re.search(r"\b(?:is|are|was|were) (?:sourced|drawn|taken|obtained|compiled|derived) from (?:the )?"
                   r"(?P<org>(?:[A-Z][\w&'’\-]*)(?:\s+(?:of|for|and|on|the|[A-Z][\w&'’\-]*))*[A-Za-z])", text)
    if m3 and not w.authors:
        w.authors = [m3.group("org")]
    return w
