"""The corpus glossary (CSV + TBX-Basic) and the jieba user dictionary built from it.

``build_glossary`` merges the per-document term pairs into one entry per Chinese term (the same up to
character variants and traditional/simplified forms), with every English rendering seen, how often and in
which documents, so a reader sees 新型举国体制 rendered three ways by three briefs. Cited titles are not
glossary terms (they are in ``references.*``) and stay out. ``outputs.glossary_files.write_glossary`` writes
``glossary.csv``, ``glossary.tbx`` (TBX-Basic, ``martif`` with one ``termEntry`` per Chinese term and
``langSet`` for ``en`` and ``zh``) and ``glossary.jieba.txt``. ``load_into_jieba`` teaches jieba the Chinese
terms so 新型举国体制 is one token, not 新型/举国/体制.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from briefparse.records import GlossaryEntry, Rendering, Term
from briefparse.text.normalize import is_han, pinyin, to_simplified, zh_match_key, zh_norm

__all__ = ["GlossaryEntry", "Rendering", "build_glossary", "jieba_userdict", "load_into_jieba"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CSV_COLUMNS = ["en", "zh", "abbr", "type", "pinyin", "zh_simplified", "documents", "occurrences", "where",
               "zh_variants", "en_variants", "renderings"]
PROPER_TYPES = {"person", "organisation", "outlet", "journal", "title", "data_source"}
JIEBA_TAGS = {"person": "nr", "organisation": "nt", "outlet": "nt", "journal": "nz", "data_source": "nz"}
NOT_GLOSSARY = {"title"}  # cited works' titles: in references.*, not in the glossary


def en_key(en: str) -> str:
    """What makes two renderings the same: case, spacing and quote style folded."""
    return re.sub(r"\s+", " ", en.replace("“", '"').replace("”", '"').replace("’", "'")).strip().lower()


def entry_key(en: str, zh: str) -> tuple[str, str]:
    """Folded English and the Chinese match key (the glossary groups by the second only)."""
    return en_key(en), zh_match_key(zh)


def _first_most_common(seen: list[str]) -> str:
    """The value seen most often; the first seen among equals."""
    counts = Counter(seen)
    top = max(counts.values())
    return next(v for v in seen if counts[v] == top)


def build_glossary(terms: Iterable[Term], include_titles: bool = False) -> list[GlossaryEntry]:
    """One entry per Chinese term across all documents, with every English rendering (deterministic order)."""
    groups: dict[str, list[Term]] = {}
    keys: dict[str, str] = {}  # Chinese form → match key, computed once per form (a corpus repeats its terms)
    for t in terms:
        if not t.en or not t.zh or (t.type in NOT_GLOSSARY and not include_titles):
            continue
        key = keys.get(t.zh)
        if key is None:
            key = keys[t.zh] = zh_match_key(t.zh)
        groups.setdefault(key, []).append(t)
    return sorted((_entry(ts) for ts in groups.values()), key=lambda e: (e.en.lower(), e.zh))


def _entry(ts: list[Term]) -> GlossaryEntry:
    """The glossary entry of the term rows that share one Chinese term."""
    first = ts[0]
    forms: dict[str, str] = {}
    counts: Counter[str] = Counter()
    docs: dict[str, dict[str, None]] = {}  # insertion-ordered sets: a term seen in thousands of documents stays linear
    for t in ts:
        k = en_key(t.en)
        forms.setdefault(k, t.en)
        counts[k] += int(t.occurrences or 1)
        if t.doc_id:
            docs.setdefault(k, {})[t.doc_id] = None
    first_seen = {k: i for i, k in enumerate(forms)}
    order = sorted(forms, key=lambda k: (-counts[k], first_seen[k]))
    renderings = [Rendering(forms[k], counts[k], list(docs.get(k, {}))) for k in order]
    norm = first.zh_norm or zh_norm(first.zh)
    seen_docs: dict[str, None] = {}
    seen_where: dict[str, None] = {}
    seen_zh: dict[str, None] = {}
    for t in ts:
        if t.doc_id:
            seen_docs[t.doc_id] = None
        seen_where.update(dict.fromkeys(t.where or []))
        if t.zh != first.zh:
            seen_zh[t.zh] = None
    documents, where, zh_variants = list(seen_docs), list(seen_where), list(seen_zh)
    return GlossaryEntry(
        en=renderings[0].en, zh=first.zh, abbr=next((t.abbr for t in ts if t.abbr), None),
        type=_first_most_common([t.type or "term" for t in ts]),
        pinyin=first.pinyin or pinyin(norm) or None, zh_simplified=first.zh_simplified or to_simplified(norm),
        documents=documents, occurrences=sum(int(t.occurrences or 0) for t in ts), where=where,
        zh_variants=zh_variants, renderings=renderings)


def _dict_words(e: GlossaryEntry) -> list[str]:
    """The Chinese forms of an entry that can be one jieba token (no spaces, Chinese only, not a title)."""
    if e.type == "title":
        return []
    out = []
    for z in (e.zh, e.zh_simplified or "", *e.zh_variants):
        z = zh_norm(z)
        if 2 <= len(z) <= 20 and all(is_han(c) or c.isdigit() for c in z) and z not in out:
            out.append(z)
    return out


def jieba_userdict(entries: Iterable[GlossaryEntry]) -> str:
    """A jieba user dictionary (``word tag`` per line; jieba computes a frequency that keeps it whole)."""
    lines: dict[str, str] = {}
    for e in entries:
        for w in _dict_words(e):
            lines.setdefault(w, JIEBA_TAGS.get(e.type, "nz"))
    return "".join(f"{w} {tag}\n" for w, tag in sorted(lines.items()))


def _entries_from_csv(path: Path) -> list[GlossaryEntry]:
    with path.open(encoding="utf-8", newline="") as f:
        return [GlossaryEntry(en=r["en"], zh=r["zh"], abbr=r.get("abbr") or None, type=r.get("type") or "term",
                              zh_simplified=r.get("zh_simplified") or None,
                              zh_variants=json.loads(r.get("zh_variants") or "[]")) for r in csv.DictReader(f)]


def load_into_jieba(entries_or_path: Iterable[GlossaryEntry | Term] | str | Path, tokenizer: Any = None) -> int:
    """Add the glossary's Chinese terms to jieba (the global tokenizer unless one is given); return how many.

    Accepts glossary entries, Term rows, a ``glossary.csv`` or a jieba user-dictionary file.
    """
    import jieba  # imported on first use: ~390 ms at start-up, not every run needs it

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on stderr

    tk = tokenizer if tokenizer is not None else jieba.dt
    if isinstance(entries_or_path, (str, Path)):
        path = Path(entries_or_path)
        if path.suffix.lower() == ".csv":
            entries: list[GlossaryEntry] = _entries_from_csv(path)
        else:
            text = path.read_text(encoding="utf-8")
            return _add_lines(tk, text)
    else:
        items = list(entries_or_path)
        terms = [x for x in items if isinstance(x, Term)]
        entries = [x for x in items if isinstance(x, GlossaryEntry)] + build_glossary(terms)
    return _add_lines(tk, jieba_userdict(entries))


def _add_lines(tk: Any, text: str) -> int:
    n = 0
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        word, tag = parts[0], (parts[-1] if len(parts) > 1 and parts[-1].isalpha() else None)
        tk.add_word(word, tag=tag)
        n += 1
    return n
