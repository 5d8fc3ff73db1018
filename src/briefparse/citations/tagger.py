"""Public API: tag a citation or note into labelled fields, and parse it into typed bibliographic fields.

The CRF decides field boundaries; exact rules then override or refine: URLs and DOIs (regexes), date
normalisation to ISO, access dates (``accessed …``, ``retrieved …``, ``[引用日期…]``, GB/T ``[2020-01-02]``)
kept apart from the publication date, name splitting (``Kennedy, Scott`` is one person; ``张三, 李四`` two).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .model import predict_with_marginals
from .tokens import DOI_RE, URL_RE, Token, is_cjk, tokenize

__all__ = ["Field", "CitationFields", "apply_rules", "label_tokens", "tag_citation", "parse_citation", "split_names",
           "to_iso_date"]


@dataclass(frozen=True, slots=True)
class Field:
    """One labelled field: ``text == citation[start:end]`` (outer punctuation trimmed)."""

    label: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CitationFields:
    """Bibliographic fields of one note. Scalars describe the first work; authors and urls cover all works."""

    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    translators: tuple[str, ...] = ()
    title: str | None = None
    title_zh: str | None = None
    container: str | None = None
    publisher: str | None = None
    location: str | None = None
    date: str | None = None
    date_iso: str | None = None
    access_date: str | None = None
    access_date_iso: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    urls: tuple[str, ...] = ()
    doi: str | None = None
    genre: str | None = None
    doc_number: str | None = None
    edition: str | None = None
    note: str | None = None
    ibid: bool = False


_PAIRS = {"(": ")", "[": "]", "《": "》", "（": "）", "「": "」", "【": "】", "〔": "〕", "“": "”", "<": ">"}
_PUNCT = set(" ,.;:!?()[]{}<>\"'“”‘’《》「」【】〔〕（）*-–—/…·，。：；、")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim outer punctuation and spaces, keeping brackets that are balanced inside the field."""
    a, b = s, e
    while a < b and text[a] in _PUNCT:
        a += 1
    while b > a and text[b - 1] in _PUNCT and not (text[b - 1] == "." and _abbrev_end(text, a, b)):
        b -= 1
    for op, cl in _PAIRS.items():
        inner = text[a:b]
        if op not in inner and cl not in inner:
            continue  # neither count can exceed the other
        if inner.count(op) > inner.count(cl) and b < e and text[b] == cl:
            b += 1
        elif inner.count(cl) > inner.count(op) and a > s and text[a - 1] == op:
            a -= 1
    return a, b


_ABBREV_END = re.compile(r"(?:^|[\s.])([A-Za-z]{1,2}|al|Jr|Sr|Inc|Ltd|Co)\.$")


def _abbrev_end(text: str, a: int, b: int) -> bool:
    """True when the final period belongs to an initial or abbreviation (``E. C.``, ``Jr.``, ``et al.``)."""
    # a match ends at the end (or before a final newline), so lies in the last six characters (or starts at ^):
    # searching only those spares trying the pattern at every position of a long field
    field = text[a:b]
    return bool(_ABBREV_END.search(field, max(0, len(field) - 6)))


def apply_rules(tokens: list[Token], labels: list[str], marginals: Callable[[int], dict[str, float]] | None = None) -> list[str]:
    """Exact rules over the CRF's labels: a URL or DOI found by rule is that field; a token the CRF called url or
    doi that is not one gets its most likely other field (or none, for bare punctuation)."""
    out = list(labels)
    for i, t in enumerate(tokens):
        if t.kind in ("url", "doi"):
            out[i] = t.kind
        elif out[i] in ("url", "doi"):
            if not any(ch.isalnum() for ch in t.text):
                out[i] = out[i] if i > 0 and tokens[i - 1].kind == out[i] and tokens[i - 1].end == t.start else "other"
            elif marginals is not None:
                probs = marginals(i)
                out[i] = max((p, lab) for lab, p in probs.items() if lab not in ("url", "doi"))[1]
            else:
                out[i] = "other"
    return out


def label_tokens(text: str, model: str | Path | None = None) -> tuple[list[Token], list[str]]:
    """Tokens of a citation and their field labels (the CRF's, corrected by :func:`apply_rules`)."""
    tokens = tokenize(text)
    labels, marginals = predict_with_marginals(tokens, model)
    return tokens, apply_rules(tokens, labels, marginals)


def tag_citation(text: str, model: str | Path | None = None) -> list[Field]:
    """Label the fields of a citation or note; URLs and DOIs are fixed by rule over the CRF's choice."""
    tokens, labels = label_tokens(text, model)
    fields: list[Field] = []
    run_start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or labels[i] != labels[run_start] or labels[i] in ("url", "doi"):
            lab = labels[run_start]
            a, b = _trim(text, tokens[run_start].start, tokens[i - 1].end)
            if lab != "other" and b > a:
                fields.append(Field(lab, text[a:b], a, b))
            run_start = i
    return fields


_MONTHS = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_ACCESS_RE = re.compile(r"accessed|retrieved|viewed|consulted|引用日期|访问日期|检索日期|abgerufen|consult", re.IGNORECASE)


_NUMERIC_DATE = re.compile(r"(1[5-9]\d\d|20\d\d)[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?")
_MON = r"([A-Za-z]{3,9})\.?"
# printed orders of a date with a month name, tried in turn (compiled once: dates are read for every note)
_NAMED_DATES = tuple((re.compile(pat), order) for pat, order in (
    (rf"{_MON}\s+(\d{{1,2}}),?\s+(1[5-9]\d\d|20\d\d)", "mdy"), (rf"(\d{{1,2}})\s+{_MON},?\s+(1[5-9]\d\d|20\d\d)", "dmy"),
    (rf"(1[5-9]\d\d|20\d\d),?\s+{_MON}\s+(\d{{1,2}})\b", "ymd"), (rf"{_MON},?\s+(1[5-9]\d\d|20\d\d)", "my"),
    (rf"(1[5-9]\d\d|20\d\d),?\s+{_MON}\b", "ym")))
_YEAR_ALONE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def to_iso_date(text: str) -> str | None:
    """ISO 8601 form of a printed date (``June 1, 2015`` -> ``2015-06-01``; ``2018`` -> ``2018``), else None."""
    t = text.strip()
    m = _NUMERIC_DATE.search(t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
        if 1 <= mo <= 12:
            return f"{y}-{mo:02d}" + (f"-{int(d):02d}" if d and 1 <= int(d) <= 31 else "")
    for rx, order in _NAMED_DATES:
        m = rx.search(t)
        if not m:
            continue
        g = dict(zip(order, m.groups(), strict=True))
        mo_i = _MONTHS.get(g["m"][:3].lower())
        if mo_i is None:
            continue
        out = f"{int(g['y'])}-{mo_i:02d}"
        return out + (f"-{int(g['d']):02d}" if "d" in g and 1 <= int(g["d"]) <= 31 else "")
    m = _YEAR_ALONE.search(t)
    return m.group(1) if m else None


_ROLE_RE = re.compile(
    r"^(?:in:?\s+|edited\s+by\s+|ed\.\s+by\s+|translated\s+by\s+|trans\.\s+(?:by\s+)?|eds?\.\s+)|"
    r"[\s,]*(?:\((?:eds?|editors?|hrsg|hg|trans)\.?\)|,?\s*eds?\.|,?\s*editors?|主编|编著|编|译|等)[.,]?$",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"^(?:[A-Z]\.?[\s-]?){1,4}$|^(?:[A-Z][a-z]?\.\s?){1,4}$|^[A-Z]\.(?:-[A-Z]\.)?$")


def split_names(text: str) -> list[str]:
    """Split an author/editor field into people; inverted ``Kennedy, Scott`` is ONE person, ``张三, 李四`` two."""
    s = " ".join(text.split())
    for _ in range(2):
        s = _keep_initial_dot(_ROLE_RE.sub("", s))
    s = _keep_initial_dot(re.sub(r",?\s*(?:et al\.?|and others|等)$", "", s))
    if not s:
        return []
    if any(is_cjk(ch) for ch in s) and not re.search(r"[A-Za-z]{2}", s):
        return [p.strip() for p in re.split(r"[,，、;；]|\s和\s|\s", s) if p.strip()]
    out: list[str] = []
    for group in re.split(r";\s*", s):
        parts = [p.strip() for p in re.split(r",\s*|\s+(?:and|&|und|et|y)\s+|\s*&\s*", group) if p and p.strip()]
        parts = [re.sub(r"^(?:and|&)\s+", "", p) for p in parts]
        # "Kennedy, Scott" (two parts, family first) -> one inverted name
        if len(parts) == 2 and "," in group and " and " not in group and "&" not in group and " " not in parts[0]:
            out.append(f"{parts[0]}, {parts[1]}")
            continue
        i = 0
        while i < len(parts):
            p = parts[i]
            if i + 1 < len(parts) and _INITIALS.match(parts[i + 1]) and not _INITIALS.match(p):
                out.append(f"{p}, {parts[i + 1]}")
                i += 2
            elif p.lower() in ("jr", "jr.", "sr.", "iii") and out:
                out[-1] += ", " + p
                i += 1
            else:
                out.append(p)
                i += 1
    return [o for o in out if o]


def _keep_initial_dot(s: str) -> str:
    """Strip outer separators, keeping a final period that ends an initial (``Economy, E. C.``)."""
    s = s.strip(" ,;")
    while s.endswith(".") and not re.search(r"(?:^|[\s.\-])[A-Z]\.$|\b(?:Jr|Sr)\.$", s):
        s = s[:-1].rstrip(" ,;")
    return s


def _first(fields: list[Field], label: str) -> Field | None:
    return next((f for f in fields if f.label == label), None)


def _text(fields: list[Field], label: str) -> str | None:
    f = _first(fields, label)
    return f.text if f else None


def _clean_locator(s: str | None, prefix: str) -> str | None:
    if not s:
        return None
    s = re.sub(prefix, "", s, flags=re.IGNORECASE).strip(" ()[],.:;")
    return s or None


def parse_citation(text: str, model: str | Path | None = None) -> CitationFields:
    """Typed bibliographic fields of a citation or note (first work's scalars; all works' authors and URLs)."""
    fields = tag_citation(text, model)
    authors: list[str] = []
    editors: list[str] = []
    translators: list[str] = []
    for f in fields:
        if f.label == "author":
            authors += split_names(f.text)
        elif f.label == "editor":
            editors += split_names(f.text)
        elif f.label == "translator":
            translators += split_names(f.text)
    pub_date: Field | None = None
    access: str | None = None
    notes: list[str] = []
    for f in fields:
        before = text[max(0, f.start - 16):f.start]
        if f.label == "date":
            if _ACCESS_RE.search(before) or re.search(r"\[\s*$", before) and re.search(r"\)\s*\[\s*$", before):
                access = access or f.text
            elif pub_date is None:
                pub_date = f
        elif f.label == "note":
            if _ACCESS_RE.search(f.text) or re.fullmatch(r"\[?\d{4}-\d{1,2}-\d{1,2}\]?", f.text):
                if to_iso_date(f.text) and access is None:
                    access = f.text
            else:
                notes.append(f.text)
    title = _first(fields, "title")
    title_text = title.text if title else None
    title_zh = None
    if title_text and re.search(r"[A-Za-z]{3}", title_text):
        m = re.search(r"[\s(\[（【]*([\u4e00-\u9fff“”《》\"][^A-Za-z]*?)[)\]）】]?$", title_text)
        if m and any(is_cjk(c) for c in m.group(1)):
            title_zh = m.group(1).strip(" \"")
    elif title_text:
        title_zh = title_text
    urls = tuple(dict.fromkeys(m.group().rstrip(".,;:)]>") for m in URL_RE.finditer(text)))
    dm = DOI_RE.search(text)
    doi = re.sub(r"^(?:doi:\s*|DOI:\s*)", "", dm.group()).rstrip(".,;:)]>") if dm else None
    num = re.search(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d+\s*号", text)
    genre = _first(fields, "genre")
    edition = _first(fields, "edition")
    return CitationFields(
        authors=tuple(authors), editors=tuple(editors), translators=tuple(translators),
        title=title_text, title_zh=title_zh,
        container=_text(fields, "container"),
        publisher=_text(fields, "publisher"),
        location=_text(fields, "location"),
        date=pub_date.text if pub_date else None, date_iso=to_iso_date(pub_date.text) if pub_date else None,
        access_date=access, access_date_iso=to_iso_date(access) if access else None,
        volume=_clean_locator(_text(fields, "volume"), r"^(?:vol(?:ume)?\.?|v\.|第)\s*|卷$"),
        issue=_clean_locator(_text(fields, "issue"), r"^(?:no\.?|nos\.?|issue|第)\s*|期$"),
        pages=_clean_locator(_text(fields, "pages"), r"^(?:pp?\.|pages?|第)\s*|页$"),
        urls=urls, doi=doi, genre=genre.text if genre else None, doc_number=num.group() if num else None,
        edition=edition.text if edition else None, note="; ".join(notes) or None,
        ibid=bool(re.match(r"\s*(?:ibid|同上)", text, re.IGNORECASE)),
    )
