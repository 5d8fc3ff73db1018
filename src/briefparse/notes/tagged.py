"""A cited work's fields from the trained citation tagger (``briefparse.citations``).

The tagger decides where each field starts and ends (authors, title, container, date, volume…) in any
citation style; exact rules then read the values: URLs by the shared URL finder, DOIs, dates to ISO (an
``accessed …`` or GB/T ``[2024-03-01]`` date is never the publication date), English and Chinese titles
paired, names split (``Kennedy, Scott`` is one person, ``陈劲, 阳镇`` two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefparse.citations import Field, tag_citation, to_iso_date
from briefparse.notes.citation_dates import find_date

# GB/T 7714 document type codes → kind (``[J]`` journal article, ``[EB/OL]`` web page…)
GBT_KINDS = {"J": "journal_article", "M": "book", "N": "news", "R": "report", "EB": "web_page", "A": "book_chapter",
             "C": "book_chapter", "D": "report", "Z": "government_document", "S": "report", "P": "report",
             "DB": "web_page", "CP": "web_page", "G": "book"}
GBT_CODE = re.compile(r"\[(?P<code>[A-Z]{1,2})(?:/OL)?\]")
_ACCESS_BEFORE = re.compile(r"(?:accessed|retrieved|viewed|consulted|引用日期|访问日期|检索日期)\W*$", re.I)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Tagged:
    """The tagger's fields of one cited work, as printed (values not yet cleaned)."""

    authors: str | None
    editors: str | None
    title: str | None
    title_more: str | None  # a second title span right after the first (a Chinese title beside an English one)
    container: str | None
    publisher: str | None
    location: str | None
    date: str | None
    date_iso: str | None
    volume: str | None
    issue: str | None
    pages: str | None
    genre: str | None


def _with_final_mark(text: str, f: Field) -> Field:
    """A title keeps the ``?`` or ``!`` that ends it (the tagger trims them as punctuation)."""
    if f.label == "title" and f.end < len(text) and text[f.end] in "?!？！":
        return Field(f.label, text[f.start:f.end + 1], f.start, f.end + 1)
    return f


def _texts(fields: list[Field], label: str) -> list[Field]:
    return [f for f in fields if f.label == label]


def publication_date(text: str, fields: list[Field]) -> Field | None:
    """The first date field that is not an access date (``accessed …``, ``retrieved …``, GB/T ``(pub)[access]``)."""
    titles = _texts(fields, "title")
    for f in _texts(fields, "date"):
        if any(t.start <= f.start < t.end for t in titles):
            continue
        before = text[max(0, f.start - 20):f.start]
        if _ACCESS_BEFORE.search(before) or re.search(r"[)\]]\s*\[\s*$", before):
            continue
        return f
    return None


_ITALIC = re.compile(r"(?<![\w*])\*(?P<t>[^*]{3,})\*(?![\w*])|(?<![\w_])_(?P<u>[^_]{3,})_(?![\w_])")


def italic_title(text: str) -> tuple[int, int] | None:
    """The span of the first italic ``*…*`` that is a title: the work's own title when no quoted title comes
    before it (``Author, *Book* (Place: Publisher, 2018)``), else it is the container."""
    m = _ITALIC.search(text)
    if not m or sum(text[:m.start()].count(q) for q in '"“”') >= 2:
        return None
    if re.search(r"\bin\s*[:,]?\s*$", text[:m.start()], re.I):
        return None  # "in *Book*": the container of a chapter
    return m.start(), m.end()


def tag_work(text: str) -> Tagged:
    """Run the tagger on one cited work and keep the first span of each field (authors: all author spans).

    Markdown emphasis around a number (APA ``*11*(3)``) is dropped first; an italic title overrides the
    tagger's title boundaries, and a date inside the title (``*Policy, 1978 to 2020*``) is not the date."""
    text = re.sub(r"\*(\d+)\*", r" \1", text)
    fields = tag_citation(text)
    it = italic_title(text)
    if it is not None:
        a, b = it
        t_fields = [f for f in fields if f.label == "title"]
        if not t_fields or any(a <= f.start < b for f in t_fields):
            inner = text[a + 1:b - 1].strip()
            fields = [f for f in fields if not (a <= f.start < b or f.start <= a < f.end)]
            fields.append(Field("title", inner, a + 1, b - 1))
            fields.sort(key=lambda f: f.start)
        else:
            it = None
    fields = [_with_final_mark(text, f) for f in fields]

    def first(label: str) -> str | None:
        hit = _texts(fields, label)
        return hit[0].text if hit else None

    titles = _texts(fields, "title")
    more = None
    if len(titles) > 1 and titles[1].start - titles[0].end <= 3:
        more = titles[1].text
    elif titles:
        more = chinese_title_after(text, titles[0].end + (1 if it is not None else 0))
    d = publication_date(text, fields)
    authors = _texts(fields, "author")
    editors = _texts(fields, "editor")
    author_text = ", ".join(f.text for f in authors) if authors else None
    if authors and titles and authors[0].start < titles[0].start and all(f.end <= titles[0].start for f in authors):
        # the names run up to the title: a name the tagger cut short (``Zhou Li'an (周黎``) is whole again
        between = [f for f in fields if authors[0].start <= f.start < titles[0].start and f.label != "author"]
        if not between:
            author_text = re.sub(r"[\s,:;*_“\"(]+$", "", text[authors[0].start:titles[0].start - (it is not None)])
            if not re.search(r"(?:^|[\s.\-])[A-Z]\.$", author_text):
                author_text = author_text.rstrip(". ")
    container = _texts(fields, "container")
    cont_text = container[0].text if container else None
    for m in _ITALIC.finditer(text):
        if container and m.start() <= container[0].start < m.end() or container and container[0].start <= m.start() \
                < container[0].end:
            cont_text = m.group("t") or m.group("u")
            break
    return Tagged(
        authors=author_text, editors=", ".join(f.text for f in editors) if editors else None,
        title=titles[0].text if titles else None, title_more=more, container=cont_text,
        publisher=first("publisher"), location=first("location"), date=d.text if d else None,
        date_iso=_range_date(text, iso_date(d.text)) if d else None, volume=_locator(text, fields, "volume"),
        issue=_locator(text, fields, "issue"), pages=first("pages"), genre=first("genre"))


def chinese_title_after(text: str, end: int) -> str | None:
    """A Chinese title printed right after an English one: ``(《中文》)``, ``[中文]``, ``中文`` up to a comma."""
    m = re.match(r"\s*[(（\[【]?\s*《(?P<a>[^》]+)》\s*[)）\]】]?|\s*[(（\[【](?P<b>[^()（）\[\]【】]*[\u3400-\u9fff]"
                 r"[^()（）\[\]【】]*)[)）\]】]|\s+(?P<c>[\u3400-\u9fff][^,，.;(（]*?)\s*(?=[,，.;(（]|$)", text[end:])
    if not m:
        return None
    v = m.group("a") or m.group("b") or m.group("c")
    return v.strip() if v and _CJK.search(v) and not re.search(r"[A-Za-z]{3}", v) else None


def _locator(text: str, fields: list[Field], label: str) -> str | None:
    """Volume or issue: a number the tagger called a volume is the issue when ``no.`` is printed before it."""
    vols, isss = _texts(fields, "volume"), _texts(fields, "issue")
    no_before = [f for f in vols if re.search(r"\b(?:no|nos|issue)\.?\s*$", text[max(0, f.start - 8):f.start], re.I)]
    if label == "issue":
        return isss[0].text if isss else (no_before[0].text if no_before else None)
    rest = [f for f in vols if f not in no_before]
    return rest[0].text if rest else None


def _range_date(text: str, iso: str | None) -> str | None:
    """``July/August 2021`` printed in the note makes a date of 2021-08 the interval 2021-07/2021-08."""
    m = _MONTH_RANGE.search(text)
    if iso and m and iso.startswith(m.group("y")):
        return iso_date(m.group()) or iso
    return iso


_SEASON = re.compile(r"\b(?:spring|summer|fall|autumn|winter)\b", re.I)
_MONTH_RANGE = re.compile(r"(?P<a>[A-Z][a-z]{2,8})\.?\s*[/–-]\s*(?P<b>[A-Z][a-z]{2,8})\.?,?\s+(?P<y>(?:1[5-9]|20)\d{2})")


def iso_date(s: str) -> str | None:
    """ISO form of a printed publication date: ``June 1, 2015`` → ``2015-06-01``, ``March/April 2023`` →
    ``2023-03/2023-04``, ``2021(5)`` → ``2021``, ``2023年2月28日`` → ``2023-02-28``."""
    m = _MONTH_RANGE.search(s)
    if m:
        a, b = to_iso_date(f"{m.group('a')} {m.group('y')}"), to_iso_date(f"{m.group('b')} {m.group('y')}")
        if a and b and len(a) == len(b) == 7:
            return f"{a}/{b}"

    found = find_date(s)
    iso = to_iso_date(s)
    if iso and _SEASON.search(s):
        iso = iso[:4]
    if found and (iso is None or len(found[0]) >= len(iso) or not iso.startswith(found[0][:4])):
        return found[0]
    return iso


_EMPHASIS = re.compile(r"(?<![\w*])[*_]+([^*_]+?)[*_]+(?![\w*])")


def strip_marks(s: str | None) -> str | None:
    """A value without Markdown emphasis, outer quotes, brackets or punctuation."""
    if not s:
        return None
    s = " ".join(s.split())
    if "*" in s or "_" in s:
        s = _EMPHASIS.sub(r"\1", s)
    s = s.strip(" ,.;:，。；：")
    while len(s) >= 2 and (s[0], s[-1]) in {('"', '"'), ("“", "”"), ("《", "》"), ("(", ")"), ("[", "]"), ("*", "*"),
                                           ("「", "」"), ("（", "）"), ("【", "】"), ("‘", "’"), ("'", "'")}:
        inner = s[1:-1]
        if inner.count(s[0]) != inner.count(s[-1]) and s[0] != s[-1]:
            break
        s = inner.strip(" ,.;:，。；：")
    s = s.strip("*_ ")
    return s or None


def clean_locator(s: str | None, kind: str) -> str | None:
    """Volume, issue or pages without their words: ``vol. 27`` → 27, ``第112—115页`` → 112—115, ``pp. 1–9`` → 1–9."""
    s = strip_marks(s.replace("*", "") if s else s)
    if not s:
        return None
    pats = {"volume": r"^(?:vol(?:ume)?s?\.?|v\.|第)\s*|\s*卷$",
            "issue": r"^(?:no\.?|nos\.?|issue|iss\.|第)\s*|\s*期$",
            "pages": r"^(?:pp?\.|pages?|page|第)\s*|\s*[页版]$"}
    s = re.sub(pats[kind], "", s, flags=re.I).strip(" ()[],.:;*")
    s = re.sub(r"\s*([–—-])\s*", r"\1", s)
    if kind == "pages" and re.search(r"[a-z]{3,}", s, re.I):
        return None  # "chap. 2", "table 3-1": a locator that is not a page
    return s or None


def genre_kind(text: str) -> str | None:
    """The kind a GB/T type code says (``[J]`` → journal_article), if the work prints one."""
    m = GBT_CODE.search(text)
    return GBT_KINDS.get(m.group("code")) if m else None


def has_cjk(s: str | None) -> bool:
    """Whether ``s`` holds a CJK ideograph."""
    return bool(s and _CJK.search(s))
