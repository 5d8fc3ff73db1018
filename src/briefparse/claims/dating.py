"""Date claims: a year or date is supported only by a source sentence that states the same event.

"The year 2021 marked a record low of 20.9 percent" is not evidenced by a page's byline
(来源:财政部 发布时间:2021/11/24), a 浏览次数 line, page furniture or the page's own date: those
date the page, not an event. A source sentence counts when it states a date inside the claim's
(2021 ⊇ 2021-10-24) and shares the claim's key terms, as figures must.

The page's own date counts only when the claim is about the publication itself ("issued in 2021",
"the 2011 regulation", "the fund was established in 2011" citing the document that established
it): the evidence is then the source's statement of that act (its title, 印发/设立 sentence) and
``reason`` says which date of the page dated it (its signature date line, or a byline, which on a
mirror may be a repost date).
"""

from __future__ import annotations

import re
from functools import cache

from briefparse.claims.evidence import _SENT_SPLIT, SourceText, Verdict, sentence_around
from briefparse.records import DateExpr
from briefparse.text import vocab

_YEAR_END = re.compile(r"年末|年底|末|底|12月31日")


@cache
def _cues() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v.split()) for k, v in vocab.mapping("publication_cues.tsv").items()}


@cache
def _doc_nouns() -> frozenset[str]:
    return vocab.words("publication_nouns.tsv")


def publication_acts(sentence: str, date_start: int | None = None, date_end: int | None = None) -> tuple[str, ...]:
    """The Chinese act verbs of a claim about a publication or an act its cited document performs, or ``()``.

    A verb cue (issued, published, established…) may stand anywhere in the sentence; a noun naming
    a publication (regulation, notice, plan…) must stand within three words of the date ("the 2011
    regulation", "measures of 2021"), so "according to the report, output fell in 2017" is not one.
    """
    low = sentence.lower()
    words = re.findall(r"[a-zé][a-zé-]*", low)
    acts: list[str] = []
    for w in words:
        acts.extend(v for v in _cues().get(w, ()) if v not in acts)
    if date_start is not None and date_end is not None:
        before = re.findall(r"[a-zé][a-zé-]*", low[max(0, date_start - 40):date_start])[-3:]
        after = re.findall(r"[a-zé][a-zé-]*", low[date_end:date_end + 40])[:3]
        if any(w in _doc_nouns() for w in before + after):
            acts.extend(v for v in ("印发", "发布", "颁布", "公布", "出台") if v not in acts)
    return tuple(acts)


def _line_kind(src: SourceText, start: int) -> str | None:
    """``byline``, ``furniture`` or ``date_line`` when ``start`` lies in such a line of the source, else None."""
    for a, b, kind in src.lines:
        if a <= start < b:
            return kind
        if a > start:
            break
    return None


def _matches(iso: str, lo: str, hi: str) -> bool:
    return iso.startswith(lo) or bool(hi and iso.startswith(hi))


def check_date(d: DateExpr, sources: list[SourceText], terms: set[str] | None = None, sentence: str = "",
               claim_span: tuple[int, int] | None = None) -> Verdict:
    """Is the claim's date stated by a cited source, for the same event (see the module docstring)?"""

    lo, _, hi = d.iso.partition("/")
    needs_year_end = (d.qualifier or "") in ("end of",)
    page_dates: list[tuple[SourceText, str, int, int, str, str]] = []  # (source, iso, start, end, text, line kind)
    for src in sources:
        for iso, s, e, date_text in src.dates:
            if not _matches(iso, lo, hi):
                continue
            kind = _line_kind(src, s)
            if kind is not None:
                page_dates.append((src, iso, s, e, date_text, kind))
                continue
            if needs_year_end and not _YEAR_END.search(src.folded[e:e + 6]):
                continue
            a, b = sentence_around(src.text, s, e)
            if terms and not any(t in src.folded[a:b] for t in terms):
                continue  # a date of another event
            return Verdict("supported", None, src.text[a:b].strip(), src.url, a, b, src.sha256, src.text_path,
                           figure=date_text, figure_start=s, figure_end=e)
    acts = publication_acts(sentence, *(claim_span or (None, None)))
    if acts and page_dates and not needs_year_end:
        verdict = _dated_by_page(page_dates, acts, terms or set())
        if verdict is not None:
            return verdict
    if page_dates:
        where = {"byline": "the page's byline", "date_line": "the page's own date line", "furniture": "page furniture"}
        seen = sorted({where[k] for *_, k in page_dates})
        verb = "dates" if len(seen) == 1 else "date"
        return Verdict("not_found_in_source", f"{d.iso} is stated only in {' and '.join(seen)}, which {verb} the "
                                              "page, not the event the brief describes")
    why = "the end of the year is not stated" if needs_year_end else f"{d.iso} not stated"
    return Verdict("not_found_in_source", f"{why} in the retrieved source")


def _dated_by_page(page_dates: list[tuple[SourceText, str, int, int, str, str]], acts: tuple[str, ...],
                   terms: set[str]) -> Verdict | None:
    """A claim about the cited document itself, dated by the page: the source's act sentence as evidence."""

    # the document's own signature date before a byline (which on a mirror may be the repost date)
    page_dates = sorted(page_dates, key=lambda p: (p[5] != "date_line", p[2]))
    for src, _iso, s, e, date_text, kind in page_dates:
        act = _act_sentence(src, acts, terms)
        if act is None:
            continue
        a, b = act
        where = ("its signature date line" if kind == "date_line"
                 else "the page's byline (when the page was posted; on a mirror a repost date)")
        reason = (f"the claim dates the cited document itself (its issue or founding act); the source states the act "
                  f"and is dated {date_text.strip()} by {where}")
        return Verdict("supported", reason, src.text[a:b].strip(), src.url, a, b, src.sha256, src.text_path,
                       figure=date_text, figure_start=s, figure_end=e)
    return None


def _act_sentence(src: SourceText, acts: tuple[str, ...], terms: set[str]) -> tuple[int, int] | None:
    """The first sentence of the document (not a page line) stating one of ``acts`` with a key term, else its
    title line when that states the act."""

    first: tuple[int, int] | None = None
    for m in _SENT_SPLIT.finditer(src.folded):
        a, b = m.start(), m.end()
        while a < b and src.folded[a].isspace():
            a += 1
        if a >= b or _line_kind(src, a) is not None or not re.search(r"[\u4e00-\u9fff]", src.folded[a:b]):
            continue
        sent = src.folded[a:b]
        has_act = any(v in sent for v in acts)
        if has_act and (not terms or any(t in sent for t in terms)):
            return a, b
        if first is None and has_act:
            first = (a, b)
    return first
