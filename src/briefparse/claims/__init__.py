"""The claims table: each claim in the brief, its notes and sources, and what the sources say.

A claim is a body quantity or a body date. Its notes are the calls of its sentence, else of its
paragraph (``note_basis=paragraph``), else the nearest call in the same section
(``note_basis=nearby``; briefs often cite a regulation once and describe it over the next
paragraphs), else none (``no_citation``). The figure is then looked for in the cited sources by
VALUE, not by string (62.4 billion = 624亿 = 6,240,000万), and only in source sentences that
share a key term with the claim (the cited note's Chinese title, glossary terms, a few head
nouns), so a matching number in an unrelated sentence does not count.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from briefparse.claims.counted import DIFFERENT, SAME, Counted, english_side, relation
from briefparse.claims.dating import check_date as _check_date
from briefparse.claims.evidence import SourceFigure, SourceText, Verdict, sentence_around
from briefparse.extract.dates import find_dates_zh
from briefparse.extract.quantities import find_quantities_zh
from briefparse.ingest.layout import classify_lines
from briefparse.records import Block, Claim, DateExpr, Endnote, Marker, Quantity, Term, UrlRecord
from briefparse.results import DocResult
from briefparse.segments import split_sentences
from briefparse.sources.provenance import origin_at
from briefparse.sources.retrieval import RetrievalResult
from briefparse.terms.glossary import build_glossary, jieba_userdict, load_into_jieba
from briefparse.text import vocab
from briefparse.text.normalize import to_simplified

# qualifiers as a reader compares them: "more than" ≠ "at least"
QUALIFIER_CLASS = {
    None: "exact", "": "exact", "exactly": "exact",
    "at least": "ge", "no less than": "ge", "not less than": "ge", "minimum": "ge", "or more": "ge",
    "more than": "gt", "over": "gt", "above": "gt", "exceeding": "gt",
    "at most": "le", "no more than": "le", "not more than": "le", "up to": "le", "maximum": "le",
    "less than": "lt", "under": "lt", "below": "lt", "fewer than": "lt",
    "about": "approx", "around": "approx", "approximately": "approx", "nearly": "approx", "approximate": "approx",
    "almost": "approx", "some": "approx",
    # Chinese qualifiers as normalised by numbers.py or read straight from the source
    "不低于": "ge", "不少于": "ge", "至少": "ge", "以上": "ge", "及以上": "ge",
    "超过": "gt", "多于": "gt", "高于": "gt", "逾": "gt",
    "不超过": "le", "不高于": "le", "最高": "le", "以下": "le", "以内": "le", "至多": "le",
    "低于": "lt", "少于": "lt", "不足": "lt",
    "约": "approx", "近": "approx", "左右": "approx", "大约": "approx",
}
QUALIFIER_WORDS = {"ge": "at least", "gt": "more than", "le": "at most", "lt": "less than", "approx": "about",
                   "exact": "exactly"}

# English words of a claim sentence → Chinese key terms (domain-neutral policy vocabulary, ``data/claim_context_zh.tsv``);
# the head nouns of counts and their Chinese words are in ``data/count_nouns.tsv`` (see ``claims.counted``)
CONTEXT_ZH = {k: v.split() for k, v in vocab.mapping("claim_context_zh.tsv").items()}
_ZH_STOP = {"关于", "印发", "通知", "的", "和", "与", "年度", "国家", "中国", "中华人民共和国", "我国", "工作", "有关",
            "进一步", "暂行", "管理", "办法", "召开", "会议", "举行", "开始", "正式"}
def _with_origin(v: Verdict, sources: list[SourceText]) -> Verdict:
    """The verdict with the origin of its evidence: cited page, redirect target, mirror or saved excerpt."""
    if v.evidence_start is None or v.evidence_url is None:
        return v
    src = next((s for s in sources if s.url == v.evidence_url), None)
    found = origin_at(src.origins, v.evidence_start) if src is not None else None
    return replace(v, origin=found) if found is not None else v


# ---------- notes of a claim ----------

class RunningCalls:
    """The sentence-kind calls of a document, sorted by position, for fast span look-ups."""

    def __init__(self, markers: list[Marker]) -> None:
        self.calls = sorted((m for m in markers if m.kind == "sentence"), key=lambda m: m.start)
        self.starts = [m.start for m in self.calls]

    def between(self, a: int, b: int) -> list[Marker]:
        """Calls starting in ``[a, b)``."""
        return self.calls[bisect.bisect_left(self.starts, a):bisect.bisect_left(self.starts, b)]


def _keys_of(ms: list[Marker]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in ms:
        out.extend(k for k in ((getattr(m, "series", 1), n) for n in m.notes) if k not in out)
    return out


def claim_note_keys(start: int, end: int, sentence: tuple[int, int] | None, paragraph: tuple[int, int] | None,
                    section_span: tuple[int, int] | None,
                    markers: list[Marker] | RunningCalls) -> tuple[list[tuple[int, int]], str]:
    """Notes backing a claim at ``[start, end)`` as ``(series, n)``, and the basis: the calls of its
    sentence, else its paragraph, else the nearest call of its section ("nearby"), else none."""
    running = markers if isinstance(markers, RunningCalls) else RunningCalls(markers)
    for span, basis in ((sentence, "sentence"), (paragraph, "paragraph")):
        if span is not None:
            notes = _keys_of(running.between(span[0], span[1] + 1))
            if notes:
                return notes, basis
    if section_span is not None:
        candidates = running.between(section_span[0], section_span[1])
        if candidates:
            nearest = min(candidates, key=lambda m: min(abs(m.start - start), abs(m.start - end)))
            return _keys_of([nearest]), "nearby"
    return [], "none"


# ---------- key terms ----------

def simplify(text: str) -> str:
    """Traditional → simplified, radical code points → ideographs (for matching mirrors)."""

    return to_simplified(text)


def title_terms(title_zh: str | None) -> set[str]:
    """Content words of a Chinese title, segmented by jieba (stop words dropped)."""
    if not title_zh:
        return set()
    import jieba

    jieba.setLogLevel(logging.WARNING)

    words = {w for w in jieba.lcut(simplify(title_zh)) if len(w) >= 2 and w not in _ZH_STOP
             and re.search(r"[\u4e00-\u9fff]", w)}
    return words


def key_terms(sentence: str, notes: list[Endnote], glossary: list[Term], head: str | None = None) -> set[str]:
    """Chinese terms a source sentence must share with the claim for its figure to count."""
    terms: set[str] = set()
    low = sentence.lower()
    for t in glossary:
        if t.en and t.en.lower() in low and t.zh:
            terms.add(simplify(t.zh))
    for n in notes:
        terms |= title_terms(n.title_zh)
        for w in n.works:
            terms |= title_terms(w.title_zh)
    for word in re.findall(r"[a-z][a-z-]+", low):
        terms.update(CONTEXT_ZH.get(word, []))
    if head:
        side = english_side(head)
        terms.update(side.nouns if side else ())
    return {t for t in terms if t}


# ---------- figures in sources ----------

def source_figures(text: str) -> list[SourceFigure]:
    """Every figure a (Chinese or English) source text states, with spans into ``text``."""
    out: list[SourceFigure] = []
    for q in find_quantities_zh(text):
        out.append(SourceFigure(_g(q, "value"), _g(q, "low"), _g(q, "high"), str(_g(q, "unit") or ""),
                                _g(q, "qualifier"), int(_g(q, "start")), int(_g(q, "end")), str(_g(q, "text") or "")))
    return out


def source_dates(text: str) -> list[tuple[str, int, int, str]]:
    found = []
    for d in find_dates_zh(text):
        start, end = int(_g(d, "start")), int(_g(d, "end"))
        if _in_document_number(text, start, end):
            continue  # 国科发区〔2021〕17号 names a document, it does not date an event
        found.append((str(_g(d, "iso")), start, end, str(_g(d, "text") or "")))
    for m in re.finditer(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)", text):
        found.append((m.group(0), m.start(), m.end(), m.group(0)))
    return found


_DOC_NUMBER_AROUND = re.compile(r"[〔\[［(（]\s*$")


def _in_document_number(text: str, start: int, end: int) -> bool:
    """A year in brackets followed by a number (〔2021〕17号, [2021] 5号) is a document number."""
    before, after = text[max(0, start - 2):start], text[end:end + 6]
    return bool(_DOC_NUMBER_AROUND.search(before)) and bool(re.match(r"\s*[〕\]］)）]\s*[\d一二三四五六七八九十]+\s*[号號]", after))


def _g(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


# ---------- comparing values ----------

UNIT_CLASS = {"CNY": "money_cny", "USD": "money_usd", "percent": "percent", "count": "count", "ratio": "ratio",
              "times": "ratio", "years": "years", "rank": "rank"}


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    if a == b:
        return True
    return abs(a - b) <= 0.005 * max(abs(a), abs(b))


def same_value(q: Quantity, f: SourceFigure) -> bool:
    """Same unit class and the same value or the same range."""
    if UNIT_CLASS.get(q.unit, q.unit) != UNIT_CLASS.get(f.unit, f.unit):
        return False
    if q.value is not None:
        return _close(q.value, f.value) or (f.value is None and _close(q.value, f.low) and _close(q.value, f.high))
    return _close(q.low, f.low) and _close(q.high, f.high)


def qualifier_class(q: str | None) -> str:
    key = (q or "").strip().lower().replace("_", " ")
    return QUALIFIER_CLASS.get(key, QUALIFIER_CLASS.get(q or "", "exact"))


def _has_key_term(sentence_simplified: str, terms: set[str]) -> bool:
    return not terms or any(t in sentence_simplified for t in terms)


def _comparable(q: Quantity, f: SourceFigure, counts_same_thing: bool = False) -> bool:
    """A source figure can contradict a claim only if it states the same kind of thing the same way:
    same unit (money or percent, or a count of the same counted thing), same shape (point or range) and
    the same qualifier class."""
    units = ("CNY", "USD", "percent", "count") if counts_same_thing else ("CNY", "USD", "percent")
    if q.unit not in units or UNIT_CLASS.get(q.unit, q.unit) != UNIT_CLASS.get(f.unit, f.unit):
        return False
    q_range, f_range = q.value is None, f.value is None
    return q_range == f_range and qualifier_class(q.qualifier) == qualifier_class(f.qualifier)


def check_quantity(q: Quantity, sources: list[SourceText], terms: set[str], sibling_values: list[Quantity],
                   allow_contradiction: bool = True, counted: Counted | None = None) -> Verdict:
    """Look for the quantity's value in the sources, near the key terms.

    ``allow_contradiction`` is False when the notes were only borrowed from a nearby sentence:
    a different figure there is weak evidence of anything. ``counted`` is what a count claim counts
    (``claims.counted``): a source figure counting something else is neither evidence nor a contradiction,
    one counting the same thing may contradict."""
    best: Verdict | None = None
    conflict: Verdict | None = None
    skipped_other_thing: SourceFigure | None = None
    for src in sources:
        for f in src.figures:
            if _in_page_line(src, f.start):
                continue  # 浏览次数: 120, a byline's timestamp: the page's, not the document's
            a, b = sentence_around(src.text, f.start, f.end)
            sent = src.text[a:b]
            if not _has_key_term(src.folded[a:b], terms):
                continue
            rel = relation(counted, f.text, src.folded, f.start) if q.unit == "count" and f.unit == "count" else None
            if rel == DIFFERENT:
                skipped_other_thing = skipped_other_thing or f
                continue
            base = Verdict("supported", None, sent.strip(), src.url, a, b, src.sha256, src.text_path,
                           figure=f.text, figure_start=f.start, figure_end=f.end)
            if same_value(q, f):
                qc, fc = qualifier_class(q.qualifier), qualifier_class(f.qualifier)
                if qc == fc:
                    return base
                if best is None:
                    base.status = "partly_supported"
                    base.reason = (f"qualifier differs: the brief says {q.quantity_text!r} "
                                   f"({QUALIFIER_WORDS.get(qc, qc)}), the source says {f.text!r} "
                                   f"({QUALIFIER_WORDS.get(fc, fc)})")
                    best = base
            elif (conflict is None and allow_contradiction and _comparable(q, f, rel == SAME) and terms
                  and not any(same_value(s, f) for s in sibling_values)):
                base.status = "contradicted"
                base.reason = f"the source gives {f.text} where the brief says {q.quantity_text}"
                conflict = base
    if best is not None:
        return best
    if conflict is not None:
        return conflict
    if skipped_other_thing is not None and same_value(q, skipped_other_thing):
        return Verdict("not_found_in_source", f"{q.quantity_text} not found; the source's {skipped_other_thing.text} "
                                              "counts something else")
    return Verdict("not_found_in_source", f"{q.quantity_text} not found near the claim's terms in the retrieved source")


def _in_page_line(src: SourceText, offset: int) -> bool:
    """Is ``offset`` in a byline or furniture line of the source (not the document's text)?"""
    return any(a <= offset < b and kind != "date_line" for a, b, kind in src.lines)


def check_date(d: DateExpr, sources: list[SourceText], terms: set[str] | None = None, sentence: str = "",
               claim_span: tuple[int, int] | None = None) -> Verdict:
    """A date claim is supported by a source sentence stating a date inside it (2021 ⊇ 2021-10-24) for the same
    event, never by a byline or the page's own date unless the claim is about that publication (``claims.dating``)."""
    check = _check_date

    return check(d, sources, terms, sentence, claim_span)


# ---------- building the table ----------

def _sources_for(urls: Iterable[str], retrieved: RetrievalResult | None,
                 cache: dict[str, SourceText] | _CacheView) -> list[SourceText]:
    out: list[SourceText] = []
    if retrieved is None:
        return out
    texts = retrieved.texts
    by_url = {s.url: s for s in retrieved.sources}
    for u in urls:
        if u not in texts:
            continue
        if u not in cache:
            rec = by_url.get(u)
            text = texts[u]
            st = SourceText(u, text, simplify(text), rec.sha256 if rec else None, rec.text_path if rec else None,
                            origins=list(retrieved.origins.get(u, [])))
            # found in the folded form (國→国, ４２→42: same offsets), quoted as printed
            st.figures = [replace(f, text=text[f.start:f.end]) for f in source_figures(st.folded)]
            st.dates = [(iso, a, b, text[a:b]) for iso, a, b, _ in source_dates(st.folded)]
            cache[u] = st
        out.append(cache[u])
    return out


class BlockIndex:
    """Blocks of a document by position: the paragraph, section and sentence around an offset."""

    def __init__(self, text: str, blocks: list[Any]) -> None:
        self.text = text
        self.blocks = sorted(blocks, key=lambda b: b.start)
        self.starts = [b.start for b in self.blocks]
        self.headings = [b.start for b in self.blocks if b.kind in ("heading", "title", "notes_heading")]
        self._sentences: dict[int, list[tuple[int, int]]] = {}

    def block_at(self, offset: int) -> Any | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        while i >= 0:  # blocks do not nest; step back over an empty or touching neighbour at most
            b = self.blocks[i]
            if b.start <= offset <= b.end:
                return b
            if b.end < offset:
                return None
            i -= 1
        return None

    def paragraph(self, offset: int) -> tuple[int, int] | None:
        b = self.block_at(offset)
        return (b.start, b.end) if b is not None else None

    def section(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.headings, offset)
        start = self.headings[i - 1] if i > 0 else 0
        end = self.headings[i] if i < len(self.headings) else len(self.text)
        return start, end

    def sentence(self, offset: int) -> tuple[int, int]:

        b = self.block_at(offset)
        if b is None:
            return offset, offset
        if b.start not in self._sentences:
            self._sentences[b.start] = split_sentences(self.text[b.start:b.end])
        for a, e in self._sentences[b.start]:
            if b.start + a <= offset < b.start + e:
                return b.start + a, b.start + e
        return b.start, b.end


class _Overlaps:
    """Does a span overlap any of a set of spans? (sorted starts + running maximum of ends)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.max_end: list[int] = []
        top = -1
        for _, b in spans:
            top = max(top, b)
            self.max_end.append(top)

    def any(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before ``end``
        return i > 0 and self.max_end[i - 1] > start


@contextmanager
def glossary_in_jieba(glossary: list[Term]) -> Iterator[str]:
    """The glossary's Chinese terms in jieba's global tokenizer for the ``with`` block only; yields its user
    dictionary text (a key for what was loaded).

    Claims are built per document, many documents to a worker process: restoring jieba's exact state after
    each keeps one document's terms from changing how the next one's titles and sources are segmented."""
    import jieba
    import jieba.posseg

    entries = build_glossary(glossary) if glossary else []
    userdict = jieba_userdict(entries)
    if not userdict:
        yield ""
        return
    jieba.setLogLevel(logging.WARNING)
    tk, pos = jieba.dt, jieba.posseg.dt  # posseg moves user tags into its own table when it next runs
    tk.check_initialized()
    total, tags = tk.total, dict(tk.user_word_tag_tab)
    words = [line.split()[0] for line in userdict.splitlines() if line.split()]
    before = {w[:i]: tk.FREQ.get(w[:i]) for w in words for i in range(1, len(w) + 1)}
    pos_before = {w: pos.word_tag_tab.get(w) for w in words}
    load_into_jieba(entries)
    try:
        yield userdict
    finally:
        for w, freq in before.items():
            if freq is None:
                tk.FREQ.pop(w, None)
            else:
                tk.FREQ[w] = freq
        tk.total = total
        tk.user_word_tag_tab = tags
        for w, tag in pos_before.items():
            if tag is None:
                pos.word_tag_tab.pop(w, None)
            else:
                pos.word_tag_tab[w] = tag


class _CacheView:
    """The per-process cache of analysed source texts seen as ``url -> SourceText`` for one call: an entry
    counts only for the same text, snapshot and loaded glossary."""

    def __init__(self, store: dict[tuple[str, str, str], SourceText], glossary_key: str,
                 retrieved: RetrievalResult | None) -> None:
        self.store, self.glossary_key, self.retrieved = store, glossary_key, retrieved
        self.by_url = {s.url: s for s in retrieved.sources} if retrieved is not None else {}
        self.keys: dict[str, tuple[str, str, str]] = {}

    def _key(self, url: str) -> tuple[str, str, str]:
        if url not in self.keys:
            self.keys[url] = self._compute_key(url)
        return self.keys[url]

    def _compute_key(self, url: str) -> tuple[str, str, str]:
        text = self.retrieved.texts.get(url, "") if self.retrieved is not None else ""
        rec = self.by_url.get(url)
        origins = self.retrieved.origins.get(url, []) if self.retrieved is not None else []
        what = "\x00".join([text, str(rec.sha256 if rec else ""), str(rec.text_path if rec else ""), repr(origins)])
        return (url, hashlib.sha256(what.encode("utf-8")).hexdigest(), self.glossary_key)

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self._key(url) in self.store

    def __getitem__(self, url: str) -> SourceText:
        return self.store[self._key(url)]

    def __setitem__(self, url: str, value: SourceText) -> None:
        self.store[self._key(url)] = value


_SOURCE_CACHE: dict[tuple[str, str, str], SourceText] = {}
_SOURCE_CACHE_MAX = 256


def build_claims(docs: list[DocResult], retrieved: RetrievalResult | None) -> list[Claim]:
    """Claims of every document cross-checked against the retrieved sources (the documents' own glossary
    loaded into jieba meanwhile: one document's claims depend on that document and the sources only)."""
    glossary: list[Term] = [t for d in docs for t in d.terms]
    with glossary_in_jieba(glossary) as loaded:
        return _build_claims(docs, retrieved, glossary, loaded)


def _build_claims(docs: list[DocResult], retrieved: RetrievalResult | None, glossary: list[Term],
                  loaded: str) -> list[Claim]:
    # a source's figures depend on its text and on the words loaded in jieba: analysed once per process for both
    if len(_SOURCE_CACHE) > _SOURCE_CACHE_MAX:
        _SOURCE_CACHE.clear()
    cache = _CacheView(_SOURCE_CACHE, hashlib.sha256(loaded.encode("utf-8")).hexdigest(), retrieved)
    retrieved_urls = set(retrieved.texts) if retrieved is not None else set()
    claims: list[Claim] = []
    for d in docs:
        if d.text is None or d.row.status != "ok":
            continue
        blocks: list[Block] = d.blocks or classify_lines(d.text)
        notes_by_key = {(e.series, e.n): e for e in d.endnotes}
        urls_by_note: dict[tuple[int, int], list[str]] = {}
        for u in d.urls:
            if u.note is not None:
                urls_by_note.setdefault((u.series, int(u.note)), []).append(u.url)
        items: list[tuple[int, int, Any]] = [(q.start, q.end, q) for q in d.quantities if q.where == "body"]
        q_spans = _Overlaps([(q.start, q.end) for q in d.quantities])
        for dt in d.dates:
            if dt.where != "body":
                continue
            if q_spans.any(dt.start, dt.end):
                continue  # a calendar-year quantity already carries this date
            items.append((dt.start, dt.end, dt))
        items.sort(key=lambda x: (x[0], x[1]))
        index = BlockIndex(d.text, blocks)
        running = RunningCalls(d.markers)
        siblings_of: dict[int | None, list[Quantity]] = {}
        for q in d.quantities:
            siblings_of.setdefault(q.sentence_start, []).append(q)
        for k, (start, end, item) in enumerate(items, 1):
            sent_span: tuple[int, int] = (
                (item.sentence_start, item.sentence_end)
                if isinstance(item, Quantity) and item.sentence_start is not None and item.sentence_end is not None
                else index.sentence(start))
            keys, basis = claim_note_keys(start, end, sent_span, index.paragraph(start), index.section(start),
                                          running)
            keys = [k for k in keys if k[0] == keys[0][0]]  # one numbering sequence: (series, notes) is exact
            notes = [n for _, n in keys]
            urls = list(dict.fromkeys(u for k in keys for u in urls_by_note.get(k, [])))
            sentence = d.text[sent_span[0]:sent_span[1]] if sent_span else ""
            if not notes:
                verdict = Verdict("no_citation", "no note call in the sentence, paragraph or section")
            else:
                srcs = _sources_for(urls, retrieved, cache)
                if not srcs:
                    why = "the cited notes give no URL" if not urls else "no cited source was retrieved"
                    if urls and retrieved_urls and not set(urls) & retrieved_urls:
                        why = "the cited URLs were not retrieved (no snapshot)"
                    verdict = Verdict("source_unavailable", why)
                elif isinstance(item, Quantity):
                    siblings = [q for q in siblings_of.get(item.sentence_start, []) if q is not item]
                    head = _head_noun(item.quantity_text)
                    terms = key_terms(sentence, [notes_by_key[k] for k in keys if k in notes_by_key], glossary, head)
                    verdict = check_quantity(item, srcs, terms, siblings,
                                             allow_contradiction=basis in ("sentence", "paragraph"),
                                             counted=english_side(item.quantity_text, glossary))
                else:
                    terms = key_terms(sentence, [notes_by_key[k] for k in keys if k in notes_by_key], glossary)
                    verdict = check_date(item, srcs, terms, sentence, (start - sent_span[0], end - sent_span[0]))
                verdict = _with_origin(verdict, srcs)
            claims.append(_claim(d.row.doc_id, k, item, sentence, notes, basis, urls, verdict,
                                 keys[0][0] if keys else None))
        mine = [c for c in claims if c.doc_id == d.row.doc_id]
        claims = [c for c in claims if c.doc_id != d.row.doc_id] + _mark_inconsistencies(mine, d.quantities)
    return claims


def _count_subject(quantity_text: str) -> str | None:
    """What a count counts, lower-cased and singular ("36 subsidiary funds" → "subsidiary fund")."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", quantity_text.lower())
    words = [w for w in words if w not in _NUMBER_WORDS]
    if not words:
        return None
    words[-1] = words[-1][:-1] if words[-1].endswith("s") and not words[-1].endswith("ss") else words[-1]
    return " ".join(words[-2:])


_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion", "trillion",
                 "dozen", "more", "than", "at", "least", "about", "over", "nearly", "some", "and", "a"}


def _mark_inconsistencies(claims: list[Claim], quantities: list[Quantity]) -> list[Claim]:
    """Consistency inside the brief: implausible CNY/USD pairs, and a count stated twice with two values."""
    by_pos = {(q.start, q.end): q for q in quantities}
    seen: dict[str, Claim] = {}
    said: dict[str, list[str]] = {}
    for c in claims:
        if c.claim_kind != "quantity":
            continue
        q = by_pos.get((c.start, c.end))
        problems: list[str] = []
        if q is not None and q.rate_flag:
            problems.append(q.rate_flag)
        if c.unit == "count" and c.value is not None:
            subject = _count_subject(c.quantity_text)
            if subject:
                first = seen.get(subject)
                if first is not None and first.value != c.value and first.qualifier == c.qualifier:
                    problems.append(f"{c.quantity_text!r} here, {first.quantity_text!r} in {first.claim_id}")
                    said.setdefault(first.claim_id, []).append(f"{c.quantity_text!r} in {c.claim_id}")
                seen.setdefault(subject, c)
        if problems:
            said.setdefault(c.claim_id, []).extend(problems)
    return [replace(c, consistency="; ".join(filter(None, [c.consistency, *said[c.claim_id]])))
            if c.claim_id in said else c for c in claims]


def _head_noun(quantity_text: str) -> str | None:
    words = re.findall(r"[A-Za-z][A-Za-z-]*", quantity_text)
    return words[-1].lower() if words else None


def _claim(doc_id: str, k: int, item: Any, sentence: str, notes: list[int], basis: str, urls: list[str],
           v: Verdict, series: int | None = None) -> Claim:
    is_q = isinstance(item, Quantity)
    return Claim(
        doc_id=doc_id, claim_id=f"{doc_id}#c{k:03d}", sentence=sentence,
        quantity_text=item.quantity_text if is_q else item.text,
        value=item.value if is_q else None, low=item.low if is_q else None, high=item.high if is_q else None,
        unit=item.unit if is_q else "date", notes=notes, note_basis=basis, urls=urls, status=v.status,
        evidence=v.evidence, evidence_url=v.evidence_url, evidence_start=v.evidence_start,
        evidence_end=v.evidence_end, source_sha256=v.source_sha256, start=item.start, end=item.end,
        reason=v.reason, claim_kind="quantity" if is_q else "date", iso=None if is_q else item.iso,
        qualifier=item.qualifier, evidence_text_path=v.text_path, series=series, evidence_figure=v.figure,
        evidence_figure_start=v.figure_start, evidence_figure_end=v.figure_end,
        evidence_source=v.origin.kind if v.origin else None, evidence_read_from=v.origin.read_from if v.origin else None,
        evidence_warc_record_id=v.origin.warc_record_id if v.origin else None,
        evidence_captured_at=v.origin.captured_at if v.origin else None,
    )


__all__ = ["build_claims", "check_quantity", "check_date", "claim_note_keys", "key_terms", "SourceText", "SourceFigure",
           "UrlRecord"]
