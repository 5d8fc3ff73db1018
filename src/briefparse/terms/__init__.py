"""Bilingual term pairs and abbreviations of one document (the ``terms`` and ``abbreviations`` tables).

Pairs come from the text itself (``briefparse.terms.pairs``); when the endnotes stage has parsed
a note's English and Chinese titles, a title pair the text patterns missed is added from them.
Each distinct (English, Chinese) pair is one row, with where it occurs and how often; the Chinese
is kept as printed, with a matching form (radicals unified), its simplified form and pinyin.
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefparse.records import Abbreviation, Document, Endnote, Term
from briefparse.segments import Segmentation
from briefparse.terms.abbreviations import find_abbreviations
from briefparse.terms.pairs import PairHit, find_pairs, reading_units
from briefparse.text.normalize import pinyin, to_simplified, zh_match_key, zh_norm


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def pairs_from_endnotes(text: str, endnotes: list[Endnote], hits: list[PairHit]) -> list[PairHit]:
    """Title pairs the endnotes stage parsed that the text patterns did not find."""
    have = {(h.where, zh_match_key(h.zh)) for h in hits}
    extra: list[PairHit] = []
    for n in endnotes:
        where = f"endnote {n.n}"
        works = [(n.title_en, n.title_zh)] + [(w.title_en, w.title_zh) for w in n.works]
        for en, zh in works:
            if not en or not zh or (where, zh_match_key(zh)) in have:
                continue
            at = text.find(zh, n.start, max(n.end, n.start))
            start = at if at >= 0 else n.start
            extra.append(PairHit(_fold(en), _fold(zh), None, "title", where, start, start + len(zh), "endnote"))
            have.add((where, zh_match_key(zh)))
    return extra


def merge_pairs(doc_id: str, hits: list[PairHit], abbrs: list[Abbreviation]) -> list[Term]:
    """One Term per distinct (English, Chinese): first occurrence's span and type, all places it occurs."""
    by_exp: dict[str, str] = {}
    for a in abbrs:
        for e in [a.expansion or ""] + list(a.variants):
            if e:
                by_exp.setdefault(e.lower(), a.abbr)
    terms: dict[tuple[str, str], Term] = {}
    for h in sorted(hits, key=lambda h: h.start):
        key = (_fold(h.en), _fold(h.zh))
        t = terms.get(key)
        if t is None:
            norm = zh_norm(h.zh)
            terms[key] = Term(doc_id=doc_id, en=key[0], zh=key[1], abbr=h.abbr or by_exp.get(key[0].lower()),
                              type=h.type, where=[h.where], occurrences=1, pinyin=pinyin(norm) or None,
                              start=h.start, end=h.end, zh_norm=norm, zh_simplified=to_simplified(norm),
                              variants=[_fold(v) for v in h.variants], pattern=h.pattern)
        else:
            where = t.where if h.where in t.where else [*t.where, h.where]
            variants = t.variants + [v for v in map(_fold, h.variants) if v not in t.variants]
            terms[key] = replace(t, occurrences=t.occurrences + 1, where=where, abbr=t.abbr or h.abbr,
                                 variants=variants)
    return sorted(terms.values(), key=lambda t: t.start)


def extract_terms(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> tuple[list[Term], list[Abbreviation]]:
    """English–Chinese pairs and abbreviations of one document."""
    units = reading_units(doc, seg, endnotes)  # read once, for the pairs and the abbreviations
    hits = find_pairs(doc, seg, endnotes, units)
    hits += pairs_from_endnotes(doc.text, endnotes, hits)
    abbrs = [replace(a, doc_id=doc.doc_id) for a in find_abbreviations(doc.text, units, hits)]
    return merge_pairs(doc.doc_id, hits, abbrs), abbrs
