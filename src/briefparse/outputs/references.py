"""Parsed notes as references for reference managers: CSL-JSON, BibTeX, RIS.

One entry per cited work: a note citing several works gives several entries, a note that
repeats an earlier one (``duplicate_of``) and explanatory notes with no title or link give
none. Chinese titles go to CSL ``original-title`` (and a ``note`` line Zotero reads back as
a field), BibTeX ``origtitle`` and RIS ``TT``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefparse.records import Endnote, Work
from briefparse.text.files import write_text_atomic

CSL_TYPES = {"journal_article": "article-journal", "book_chapter": "chapter", "book": "book", "report": "report",
             "news": "article-newspaper", "government_document": "legislation", "web_page": "webpage"}
BIB_TYPES = {"journal_article": "article", "book_chapter": "incollection", "book": "book", "report": "techreport",
             "news": "misc", "government_document": "misc", "web_page": "misc"}
RIS_TYPES = {"journal_article": "JOUR", "book_chapter": "CHAP", "book": "BOOK", "report": "RPRT", "news": "NEWS",
             "government_document": "GOVDOC", "web_page": "ELEC"}
_ORG = re.compile(r"\b(?:Ministry|Office|Committee|Council|Bureau|Institute|University|Commission|Agency|Center|"
                  r"Centre|Department|Administration|Association|Group|Party|Government|Academy|Foundation|Press|"
                  r"Statistics|Laboratory|Company|Xinhua|et al\.)\b")


@dataclass
class Ref:
    """One cited work ready to be written in any format."""

    id: str
    kind: str
    authors: list[str] = field(default_factory=list)
    authors_zh: list[str] = field(default_factory=list)
    title: str | None = None
    title_zh: str | None = None
    container: str | None = None
    container_zh: str | None = None
    date: str | None = None
    urls: list[str] = field(default_factory=list)
    doi: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    place: str | None = None
    note: str = ""


def _key(doc_id: str, n: int, k: int | None, series: int = 1) -> str:
    """A citation key unique in the corpus: document, note series (when restarted), note, work."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", Path(doc_id).stem).strip("-") or "doc"
    ext = Path(doc_id).suffix.lstrip(".")
    part = f"-s{series}" if series > 1 else ""
    return f"{stem}{'-' + ext if ext else ''}{part}-n{n}" + (f"-{k}" if k else "")


# the DOI grammar (ISO 26324: "10." registrant code "/" suffix) with the suffix characters Crossref
# sees in practice, SICI brackets included; braces, quotes, backslashes and spaces never belong in one
DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/[A-Za-z0-9\-._;()/:<>\[\]#+*!?&=@$,~|^]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?")


def valid_doi(doi: str | None) -> str | None:
    """``doi`` when it is a DOI by the grammar, else None (a stray brace or quote never reaches an export)."""
    return doi if doi and DOI.fullmatch(doi) else None


def _clean(value: str | None) -> str | None:
    """No control characters (NUL, line breaks…) in a field: each becomes a space."""
    return _CONTROL.sub(" ", value) if value else value


def safe_ref(r: Ref) -> Ref:
    """``r`` with every field fit for the export formats: control characters gone, the DOI checked
    against the DOI grammar, the date only if it is ISO 8601."""
    out = Ref(id=r.id, kind=r.kind, note=_clean(r.note) or "")
    for f in ("title", "title_zh", "container", "container_zh", "volume", "issue", "pages", "publisher", "place"):
        setattr(out, f, _clean(getattr(r, f)))
    out.authors = [_clean(a) or "" for a in r.authors]
    out.authors_zh = [_clean(a) or "" for a in r.authors_zh]
    out.urls = [_clean(u) or "" for u in r.urls]
    out.doi = valid_doi(_clean(r.doi))
    out.date = r.date if r.date and _ISO.fullmatch(r.date) else None
    return out


def _bib_url(url: str) -> str:
    """A URL inside a BibTeX field: characters that could end the field or break LaTeX are percent-encoded."""
    return re.sub(r"[{}\\ \t\r\n\"]", lambda m: f"%{ord(m.group()):02X}", url)


def references(endnotes: list[Endnote]) -> list[Ref]:
    """The cited works of all notes, one per work, in document and note order (each made safe, see :func:`safe_ref`)."""
    return [safe_ref(r) for r in _references(endnotes)]


def _references(endnotes: list[Endnote]) -> list[Ref]:
    refs: list[Ref] = []
    for e in endnotes:
        if e.duplicate_of or (e.refers_to and not e.works) or e.kind in ("explanatory_note", "unparsed"):
            continue
        works = e.works or [Work(
            authors=e.authors, authors_zh=e.authors_zh, title_en=e.title_en, title_zh=e.title_zh,
            container_en=e.container_en, container_zh=e.container_zh, date_iso=e.date_iso,
            urls=e.urls, doi=e.doi, volume=e.volume, issue=e.issue, pages=e.pages, kind=e.kind)]
        for k, w in enumerate(works, start=1):
            if not (w.title_en or w.title_zh or w.urls):
                continue
            refs.append(Ref(
                id=_key(e.doc_id, e.n, k if len(works) > 1 else None, e.series), kind=w.kind or e.kind or "web_page",
                authors=list(w.authors), authors_zh=list(w.authors_zh),
                title=w.title_en, title_zh=w.title_zh, container=w.container_en,
                container_zh=w.container_zh, date=w.date_iso, urls=list(w.urls),
                doi=w.doi, volume=w.volume, issue=w.issue, pages=w.pages,
                publisher=w.publisher, place=w.place,
                note=f"{e.doc_id}, note {e.n}" + (f" (series {e.series})" if e.series > 1 else "")
                + (f", work {k}" if len(works) > 1 else "")))
    return refs


def _is_org(name: str) -> bool:
    return bool(_ORG.search(name)) or name.isupper() or len(name.split()) > 4 or not re.search(r"[A-Za-z]", name) or (
        len(name.split()) == 1)


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a personal name printed given-first ("Susan L. Shirk" → Shirk, Susan L.)."""
    parts = name.split()
    return parts[-1], " ".join(parts[:-1])


def _date_parts(iso: str | None) -> list[int] | None:
    if not iso:
        return None
    first = iso.split("/")[0]
    try:
        return [int(x) for x in first.split("-")]
    except ValueError:
        return None


def csl_item(r: Ref) -> dict[str, Any]:
    """One CSL-JSON item (Chinese title in ``original-title`` and echoed in ``note``)."""
    item: dict[str, Any] = {"id": r.id, "type": CSL_TYPES.get(r.kind, "document")}
    names = []
    for a in r.authors:
        if _is_org(a):
            names.append({"literal": a})
        else:
            fam, giv = split_name(a)
            names.append({"family": fam, "given": giv})
    if names:
        item["author"] = names
    item["title"] = r.title or r.title_zh
    if r.title_zh:
        item["original-title"] = r.title_zh
    if r.container or r.container_zh:
        item["container-title"] = r.container or r.container_zh
    dp = _date_parts(r.date)
    if dp:
        item["issued"] = {"date-parts": [dp]}
    if r.urls:
        item["URL"] = r.urls[0]
    for k, v in (("DOI", r.doi), ("volume", r.volume), ("issue", r.issue), ("page", r.pages),
                 ("publisher", r.publisher), ("publisher-place", r.place)):
        if v:
            item[k] = v
    lines = []
    if r.title_zh:
        lines.append(f"original-title: {r.title_zh}")
    if r.container_zh:
        lines.append(f"original-container-title: {r.container_zh}")
    if r.authors_zh:
        lines.append("original-author: " + "; ".join(r.authors_zh))
    lines += [f"URL: {u}" for u in r.urls[1:]]
    lines.append(r.note)
    item["note"] = "\n".join(lines)
    return item


def _bib_escape(s: str) -> str:
    """A BibTeX value: LaTeX specials escaped, braces kept balanced."""
    s = s.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}")
    return re.sub(r"([&%#$_])", r"\\\1", s)


def bib_entry(r: Ref) -> str:
    fields: list[tuple[str, str]] = []
    if r.authors:
        fields.append(("author", " and ".join("{" + _bib_escape(a) + "}" if _is_org(a) else
                                               "{}, {}".format(*map(_bib_escape, split_name(a))) for a in r.authors)))
    fields.append(("title", "{" + _bib_escape(r.title or r.title_zh or "") + "}"))
    if r.title_zh:
        fields.append(("origtitle", _bib_escape(r.title_zh)))
    if r.container:
        name = {"article": "journal", "incollection": "booktitle"}.get(BIB_TYPES.get(r.kind, "misc"), "howpublished")
        fields.append((name, _bib_escape(r.container)))
    if r.container_zh:
        fields.append(("origjournal" if r.kind == "journal_article" else "origpublisher", _bib_escape(r.container_zh)))
    if r.date:
        fields.append(("date", r.date))
        fields.append(("year", r.date[:4]))
        dp = _date_parts(r.date)
        if dp and len(dp) > 1:
            fields.append(("month", str(dp[1])))
    if r.urls:
        fields.append(("url", _bib_url(r.urls[0])))
    for k, v in (("doi", r.doi), ("volume", r.volume), ("number", r.issue), ("pages", r.pages),
                 ("publisher", r.publisher), ("address", r.place)):
        if v:
            fields.append((k, v if k == "doi" and valid_doi(v) else _bib_escape(v)))
    if r.authors_zh:
        fields.append(("origauthor", _bib_escape(" and ".join(r.authors_zh))))
    fields.append(("note", _bib_escape(r.note + "".join(f"; {u}" for u in r.urls[1:]))))
    fields = [(k, _CONTROL.sub(" ", v)) for k, v in fields]
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{BIB_TYPES.get(r.kind, 'misc')}{{{r.id},\n{body}\n}}\n"


def ris_entry(r: Ref) -> str:
    lines = [f"TY  - {RIS_TYPES.get(r.kind, 'GEN')}", f"ID  - {r.id}"]
    lines += [f"AU  - {a}" if _is_org(a) else "AU  - {}, {}".format(*split_name(a)) for a in r.authors]
    lines.append(f"TI  - {r.title or r.title_zh or ''}")
    if r.title_zh:
        lines.append(f"TT  - {r.title_zh}")
    if r.container:
        lines.append(f"{'JO' if r.kind == 'journal_article' else 'T2'}  - {r.container}")
    if r.date:
        dp = _date_parts(r.date) or []
        lines.append(f"PY  - {r.date[:4]}")
        bits = [f"{x:02d}" if i else str(x) for i, x in enumerate(dp[:3])]
        lines.append("DA  - " + "/".join(bits + [""] * (3 - len(bits))) + "/")
    lines += [f"UR  - {u}" for u in r.urls]
    if r.pages:
        bits = re.split(r"\s*[–—-]\s*", r.pages, maxsplit=1)
        sp = bits[0]
        ep = bits[1] if len(bits) > 1 else None
        lines.append(f"SP  - {sp}")
        if ep:
            lines.append(f"EP  - {ep}")
    for tag, v in (("DO", r.doi), ("VL", r.volume), ("IS", r.issue), ("PB", r.publisher), ("CY", r.place)):
        if v:
            lines.append(f"{tag}  - {v}")
    extra = [r.note]
    if r.container_zh:
        extra.append(f"original-container-title: {r.container_zh}")
    if r.authors_zh:
        extra.append("original-author: " + "; ".join(r.authors_zh))
    lines += [f"N1  - {x}" for x in extra]
    lines.append("ER  - ")
    return "\n".join(re.sub(r"[\r\n]+", " ", x) for x in lines) + "\n"


def write_references(out: Path, endnotes: list[Endnote]) -> None:
    """Write references.json, references.bib and references.ris."""
    refs = references(endnotes)
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out / "references.json",
                      json.dumps([csl_item(r) for r in refs], ensure_ascii=False, indent=1) + "\n")
    write_text_atomic(out / "references.bib", "\n".join(bib_entry(r) for r in refs))
    write_text_atomic(out / "references.ris", "\n".join(ris_entry(r) for r in refs))
