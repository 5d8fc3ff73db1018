"""One note → its cited works, its commentary and its back-references, in any citation style.

A note is cut into pieces (``;``, a new sentence opening with "See", a new citation after a URL); each piece
loses its signal words ("See also", "For a discussion, see", "参见", "转引自") to the note's commentary and is then
a back-reference (``Ibid.``, short form, ``op. cit.``), a citation, or more commentary. A citation's fields come
from the rule parser when the note is in the bilingual house style it was written for (a quoted title, a
``《》`` title in Chinese footnote form) and from the trained tagger otherwise, with exact rules for URLs, DOIs,
dates and title pairs in both cases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from briefparse.citations.model import load_tagger
from briefparse.notes import parse as rp
from briefparse.notes.gbt import gbt_work, without_access_date
from briefparse.notes.refs import BackRef, back_reference, matches
from briefparse.notes.tagged import clean_locator, genre_kind, has_cjk, strip_marks, tag_work
from briefparse.records import Work

_SIGNAL = re.compile(
    r"^(?:(?:see(?:,?\s+e\.g\.,?|\s+also|\s+generally)?|but\s+see|compare|also|and|for example,?|"
    r"quoted\s+in|cited\s+in|as\s+cited\s+in|reprinted\s+in|translated\s+in)\b[:,]?\s*|(?:cf\.|e\.g\.,?)\s*"
    r"|(?:for|on|about|regarding|as\s+to|in)\b[^;.]{0,120}?,[\"”’]?\s*see(?:\s+also)?(?:,?\s*e\.g\.,?)?\s+"
    r"|(?:另参见|另见|参见|参看|详见|转引自|引自|见)\s*"
    r"|关于[^，。；]{1,60}[，,]\s*(?:另参见|参见|参看|详见|见)\s*)+", re.I)
_SENTENCE_CUT = re.compile(r"(?<=[.。])\s*(?=(?:See|Cf\.|Compare|For (?:a|an|the|more)\b|参见|另参见|另见)\b)")
_GBT = re.compile(r"\[(?:[A-Z]{1,2})(?:/OL)?\]")
_APA_HEAD = re.compile(r"^[^()]{2,200}?\s\((?:(?:1[5-9]|20)\d{2}[a-z]?|n\.d\.)(?:,\s*[A-Z][a-z]+(?:\s+\d{1,2})?)?\)\.\s")
_IMPRINT = re.compile(r"\([^()]*:[^()]*\b(?:1[5-9]|20)\d{2}\)|\b[A-Z][\w .]+:\s*[^,:;]{2,80},\s*(?:1[5-9]|20)\d{2}\b")
_BOOK_ZH = re.compile(r"《[^》]+》")
_ROLE_OR_NUMBER = re.compile(r"^\W*(?:trans(?:lated)?\.?\s|eds?\.\s|edited\s+by\s)|\[\d{4}\]|〔\d{4}〕|\bNo\.\s*\d+$", re.I)
_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|may|might|can|could|does|did|do|been|being)\b")


@dataclass(frozen=True)
class Cited:
    """An earlier cited work a back-reference may point to: note, work (1-based), its fields, its origin."""

    n: int
    k: int
    work: Work
    origin: tuple[int, int]  # the full citation it comes from (itself, or what its Ibid. pointed to)


@dataclass(frozen=True)
class ParsedNote:
    """A note's works (back-references filled from their targets), commentary and link to an earlier note."""

    works: list[Work]
    commentary: str | None
    refers_to: tuple[int, int] | None
    inherited: tuple[str, ...]
    origins: list[tuple[int, int] | None]  # per work: the full citation a back-reference points to


def split_pieces(text: str) -> list[str]:
    """Cut a note at top-level ``;`` (outside brackets and curly quotes), at a sentence opening with "See",
    and where the rule parser cuts between works (a new citation after a URL or a period)."""
    cuts: set[int] = set()
    depth = 0
    for i, ch in enumerate(text if ";" in text or "；" in text else ""):  # most notes have no semicolon
        depth += ch in "(（[《“〔【"
        depth -= ch in ")）]》”〕】"
        if ch in ";；" and depth <= 0:
            cuts.add(i + 1)
    cuts.update(m.end() for m in _SENTENCE_CUT.finditer(text))
    pos = 0
    for piece in rp.split_works(text):  # the rule parser's cuts between citations
        at = text.find(piece, pos)
        if at > 0:
            cuts.add(at)
        pos = max(pos, at)
    out: list[str] = []
    pos = 0
    for c in sorted(cuts):
        out.append(text[pos:c])
        pos = c
    out.append(text[pos:])
    pieces = [p.strip().strip(";；").strip() for p in out if p.strip().strip(";；").strip()]
    return _join_name_fragments(pieces, text)


def _join_name_fragments(pieces: list[str], text: str) -> list[str]:
    """``Vander Linden, K.; Cumming, S.; and Martin, J. 1992. Title…``: names cut at ``;`` go back together."""
    out: list[str] = []
    for p in pieces:
        if out and _name_fragment(out[-1]):
            sep = "; " if f"{out[-1]}; " in text or f"{out[-1]};" in text else " "
            out[-1] = out[-1] + sep + p
        else:
            out.append(p)
    return out


def _name_fragment(piece: str) -> bool:
    """A piece that is only a name or two (``Vander Linden, K.``): part of an author list, not a work."""
    if len(piece) > 60 or re.search(r"\d|[\"“《*]", piece) or split_signal(piece)[0] or back_reference(piece):
        return False
    names, _ = rp.split_authors(piece)
    return bool(names) and all(rp._name_like(n) for n in names) and not _VERB.search(piece)


def split_signal(piece: str) -> tuple[str, str]:
    """(signal words, rest): ``For a discussion, see X`` → (``For a discussion, see``, ``X``)."""
    m = _SIGNAL.match(piece)
    if not m or m.end() >= len(piece):
        return "", piece
    return piece[:m.end()].strip(), piece[m.end():].strip()


def is_citation(piece: str) -> bool:
    """Whether a piece cites a work: a quoted, italic or 《》 title, a URL or DOI, a GB/T type code, an APA
    ``Author (2018).`` head, a ``(Place: Publisher, 2018)`` imprint — and is not an explanatory sentence."""
    if _GBT.search(piece) or _APA_HEAD.match(piece):
        return True
    if rp.looks_like_citation(piece) or _BOOK_ZH.search(piece):
        return True
    return bool(_IMPRINT.search(piece)) and not _VERB.search(piece.split("(")[0])


def _house_style(piece: str, w: rp.WorkDraft) -> bool:
    """The rule parser's own style: a title it found in quotes (or 《》 in a Chinese note), no GB/T code."""
    if _GBT.search(piece) or _APA_HEAD.match(piece):
        return False
    norm = piece.replace("“", '"').replace("”", '"')
    if (w.title_en or w.title_zh) and norm.count('"') >= 2 and not piece.lstrip().startswith("*"):
        return True
    _, bare = rp.extract_urls(piece)
    return bool(w.title_zh and _BOOK_ZH.search(piece) and not re.search(r"[A-Za-z]{4,}", bare))


def split_title(title: str) -> tuple[str | None, str | None]:
    """English and Chinese titles from a title span: ``English (中文)``, ``中文 [English]``, ``《中文》``."""
    t = " ".join(title.split())
    m = re.match(r"^(?P<zh>[^\[\]()（）]*[\u3400-\u9fff][^\[\]()（）A-Za-z]*)\s*[\[(（](?P<en>[^\]\[()（）]*[A-Za-z]{3}"
                 r"[^\]\[()（）]*)[\])）]$", t)
    if m:
        return rp.clean_en(m.group("en")), rp.clean_zh(m.group("zh"))
    if has_cjk(t):
        en, zh = rp.split_bilingual(t)
        return en, zh
    return rp.clean_en(strip_marks(t)), None


def tagger_work(piece: str) -> rp.WorkDraft:
    """A cited work's fields from the tagger's spans, values read by exact rules."""
    t = tag_work(piece)
    w = rp.WorkDraft(raw=piece)
    w.urls, _ = rp.extract_urls(piece)
    dm = rp._DOI_RE.search(piece)
    if dm:
        w.doi = dm.group(1).rstrip(".,;>)]")
    if t.title:
        title = f"{t.title} {t.title_more}" if t.title_more else t.title
        w.title_en, w.title_zh = split_title(title.replace("*", " "))
    names = t.authors or t.editors
    if names:
        w.authors, w.authors_zh = rp.split_authors(re.sub(r"[*_]", "", names))
    if t.container and not _ROLE_OR_NUMBER.search(t.container):
        rp._set_container(w, strip_marks(t.container) or "")
    w.date_iso = t.date_iso
    if t.volume and (m := re.fullmatch(r"\W*(\d+)\W*\((\d+)\)\W*", t.volume)):
        t = replace(t, volume=m.group(1), issue=t.issue or m.group(2))
    w.volume = clean_locator(t.volume, "volume")
    w.issue = clean_locator(t.issue, "issue")
    if t.volume and re.match(r"\s*(?:no|nos|issue)\b", t.volume, re.I) and not w.issue:
        w.volume, w.issue = None, clean_locator(re.sub(r"^\s*(?:no|nos|issue)\.?", "", t.volume, flags=re.I), "issue")
    w.pages = clean_locator(t.pages, "pages")
    w.publisher = strip_marks(t.publisher)
    w.place = strip_marks(t.location)
    w.kind = genre_kind(piece) or (
        "book" if (w.publisher or w.place) and not (w.container_en or w.container_zh or w.volume) else None)
    w.kind = w.kind or rp.classify(w)
    return w


def parse_piece(piece: str) -> rp.WorkDraft:
    """One cited work: the rule parser in its house style, the tagger otherwise."""
    w = _parse_piece(piece, load_tagger())
    return replace(w, authors=list(w.authors), authors_zh=list(w.authors_zh), urls=list(w.urls))


@lru_cache(maxsize=1024)
def _parse_piece(piece: str, model: object) -> rp.WorkDraft:
    """:func:`parse_piece` once per text and citation model: a work cited again in a later note is printed the
    same way (callers get a copy, never this draft)."""
    g = gbt_work(piece)
    if g is not None:
        outlet: tuple[str, ...] = ("container_en", "container_zh") if g.kind in ("journal_article", "news") else ()
        names = (*outlet, "date_iso", "volume", "issue", "pages")
        if not any(getattr(g, f) in (None, []) for f in names):
            return g  # nothing left for the tagger to fill
        return _fill(g, tagger_work(without_access_date(piece)), names)
    rule = rp.parse_work(piece)
    if _house_style(piece, rule):
        w = rule if has_cjk(piece) else reconcile(rule, tagger_work(piece))
    else:
        w = tagger_work(piece)
    if w.container_en and _ROLE_OR_NUMBER.search(w.container_en):
        w.container_en = None  # "trans. Center for …", "Guofa [2017] No. 35": a role or a document number
    return w


_FILLED = ("container_en", "container_zh", "date_iso", "volume", "issue", "pages", "publisher", "place")


def _fill(base: rp.WorkDraft, other: rp.WorkDraft, names: Sequence[str] = _FILLED) -> rp.WorkDraft:
    """``base`` with the empty fields among ``names`` taken from ``other``."""
    for f in names:
        if getattr(base, f) in (None, []) and getattr(other, f):
            setattr(base, f, getattr(other, f))
    return base


def reconcile(rule: rp.WorkDraft, tag: rp.WorkDraft) -> rp.WorkDraft:
    """A quoted-title note read both ways: the rule parser's authors and title (the quotes fix them), the
    tagger's outlet, date and locators where it found them (``no. 64 (Summer 2020)``, ``March/April 2023``),
    the rule parser's where the tagger found none."""
    w = rp.WorkDraft(**{f: getattr(rule, f) for f in rp.WorkDraft.__dataclass_fields__})
    if tag.authors and any(re.search(r"\d", a) for a in rule.authors):
        w.authors, w.authors_zh = tag.authors, tag.authors_zh  # "Kennedy, A. D. (1990)": the year is no name
    for f in ("container_en", "date_iso", "pages"):
        v = getattr(tag, f)
        if v and not (f == "date_iso" and getattr(rule, f) and len(v) < len(getattr(rule, f) or "")):
            setattr(w, f, v)
    if tag.volume or tag.issue:
        w.volume, w.issue = tag.volume, tag.issue
    if tag.container_en is None and rule.container_en and _noisy(rule.container_en):
        w.container_en = None
    w.kind = rp.classify(w) if rule.kind in (None, "news", "web_page", "report") else rule.kind
    return w


def _noisy(container: str) -> bool:
    """An outlet the rule parser cut badly: it holds a locator or date fragment (``Monitor, no``, ``July/``)."""
    return bool(re.search(r",\s*(?:no|vol)\.?$|/$|\(|\d", container))


_INHERIT = ("authors", "authors_zh", "title_en", "title_zh", "container_en", "container_zh", "date_iso", "doi",
            "volume", "issue", "pages", "kind", "publisher", "place")


def resolve(ref: BackRef, earlier: Sequence[Cited], library: Sequence[Cited] = ()) -> Cited | None:
    """The earlier work a back-reference means: the previous note's (first) work for Ibid., else the latest
    work whose authors and title words (or year) match — in the notes before it, then in the reference list
    (short notes whose full citation is only in the bibliography)."""
    if ref.kind == "ibid":
        if not earlier:
            return None
        last_n = earlier[-1].n
        first = next(c for c in earlier if c.n == last_n)
        return _origin(first, earlier)
    for c in reversed(earlier):
        if c.origin == (c.n, c.k) and matches(ref, c.work):
            return c
    return next((c for c in library if matches(ref, c.work)), None)


def _origin(c: Cited, earlier: Sequence[Cited]) -> Cited:
    for e in earlier:
        if (e.n, e.k) == c.origin:
            return replace(e, work=c.work)  # the origin's number, the latest fields (an "Ibid., 115" page)
    return c


def inherit(ref: BackRef, target: Work, piece: str) -> tuple[Work, tuple[str, ...]]:
    """The back-reference's work: the target's fields, its own page and printed URLs; which fields came over."""
    urls, _ = rp.extract_urls(piece)
    values = {f: getattr(target, f) for f in _INHERIT}
    taken = [f for f in _INHERIT if values[f] and f not in ("kind", "publisher", "place")]
    if ref.pages:
        values["pages"] = ref.pages
        taken = [f for f in taken if f != "pages"]
    w = replace(target, urls=urls, raw=piece, authors=list(target.authors), authors_zh=list(target.authors_zh),
                pages=values["pages"])
    return w, tuple(taken)


def parse_note(text: str, earlier: Sequence[Cited] = (), library: Sequence[Cited] = (),
               entry: bool = False) -> ParsedNote:
    """A note's cited works (back-references resolved against ``earlier``, then the reference list
    ``library``), its commentary and its link; ``entry``: a reference-list entry (always a citation)."""
    t = fold_quotes(" ".join(text.split()))
    works: list[Work] = []
    origins: list[tuple[int, int] | None] = []
    commentary: list[str] = []
    link: tuple[int, int] | None = None
    inherited: tuple[str, ...] = ()
    for piece in [t] if entry else split_pieces(t):  # a reference-list entry is one work
        signal, body = split_signal(piece)
        if signal:
            commentary.append(signal)
        ref = None if entry else back_reference(body)
        target = resolve(ref, earlier, library) if ref else None
        if ref is not None and target is not None:
            w, taken = inherit(ref, target.work, body)
            if not works:
                inherited = taken
                link = target.origin if target.origin[0] > 0 else None  # a reference-list entry is no note
            works.append(w)
            origins.append(target.origin)
            continue
        if ref is not None and ref.kind == "short" and ref.title and re.search(r"[*_\"“《]", body):
            works.append(short_work(ref, body))  # an unmatched short form: the author and title it prints
            origins.append(None)
            continue
        if ref is not None and ref.kind == "ibid":
            works.append(Work(pages=ref.pages, kind=None, raw=body))
            origins.append(None)
            continue
        if entry or is_citation(body):
            d = parse_piece(body)
            if d.title_en or d.title_zh or d.urls or d.container_en or d.container_zh:
                works.append(d.freeze())
                origins.append(None)
                continue
        commentary.append(body)
    return ParsedNote(works, " … ".join(commentary) or None, link, inherited, origins)


def short_work(ref: BackRef, body: str) -> Work:
    """The fields a short form prints when no earlier full citation matches it."""
    authors, authors_zh = rp.split_authors(ref.who or "")
    en, zh = split_title(ref.title or "")
    return Work(authors=authors, authors_zh=authors_zh, title_en=en, title_zh=zh, pages=ref.pages,
                urls=rp.extract_urls(body)[0], raw=body)


_QUOTE_FOLD = str.maketrans({"„": "“", "‟": "”", "〝": "“", "〞": "”", "＂": '"'})


def fold_quotes(text: str) -> str:
    """Title quotes printed as ``„…‟`` (German style, or a PDF font's mapping) or ``〝…〞`` read as ``“…”``;
    a ``‟`` between letters (``People‟s``) is an apostrophe."""
    if "‟" in text:
        text = re.sub(r"(?<=[A-Za-z])‟(?=[A-Za-z])", "’", text)
    return text.translate(_QUOTE_FOLD)


def merged(works: list[Work]) -> Work:
    """The note's top-level fields: the first work's, with authors and URLs of every work."""
    top = works[0]
    authors: list[str] = []
    authors_zh: list[str] = []
    urls: list[str] = []
    for w in works:
        authors += [a for a in w.authors if a not in authors]
        authors_zh += [a for a in w.authors_zh if a not in authors_zh]
        urls += [u for u in w.urls if u not in urls]
    doi = top.doi or next((w.doi for w in works if w.doi), None)
    return replace(top, authors=authors, authors_zh=authors_zh, urls=urls, doi=doi)

