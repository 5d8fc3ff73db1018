"""The corpus glossary (CSV + TBX-Basic) and the jieba user dictionary built from it.

``build_glossary`` merges the per-document term pairs into one entry per concept (same English
up to case and spacing, same Chinese up to variants and traditional/simplified forms).
``outputs.glossary_files.write_glossary`` writes ``glossary.csv``, ``glossary.tbx`` (TBX-Basic, ``martif`` with one
``termEntry`` per concept and ``langSet`` for ``en`` and ``zh``) and ``glossary.jieba.txt``.
``load_into_jieba`` teaches jieba the Chinese terms so 新型举国体制 is one token, not 新型/举国/体制.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefparse.records import Term
from briefparse.text.normalize import is_han, pinyin, to_simplified, zh_match_key, zh_norm

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CSV_COLUMNS = ["en", "zh", "abbr", "type", "pinyin", "zh_simplified", "documents", "occurrences", "where",
               "variants"]
PROPER_TYPES = {"person", "organisation", "outlet", "journal", "title", "data_source"}
JIEBA_TAGS = {"person": "nr", "organisation": "nt", "outlet": "nt", "journal": "nz", "data_source": "nz"}


@dataclass
class GlossaryEntry:
    """One concept of the corpus glossary: the pair as printed, its forms, where it was seen."""

    en: str
    zh: str
    abbr: str | None = None
    type: str = "term"
    pinyin: str | None = None
    zh_simplified: str | None = None
    documents: list[str] = field(default_factory=list)
    occurrences: int = 0
    where: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)  # other printed Chinese forms (traditional, radicals)

    @property
    def key(self) -> tuple[str, str]:
        return entry_key(self.en, self.zh)


def entry_key(en: str, zh: str) -> tuple[str, str]:
    """What makes two pairs the same concept: folded English and the Chinese match key."""
    return re.sub(r"\s+", " ", en.replace("“", '"').replace("”", '"')).strip().lower(), zh_match_key(zh)


def build_glossary(terms: Iterable[Term]) -> list[GlossaryEntry]:
    """One entry per distinct pair across all documents, sorted by English (deterministic)."""
    entries: dict[tuple[str, str], GlossaryEntry] = {}
    for t in terms:
        if not t.en or not t.zh:
            continue
        k = entry_key(t.en, t.zh)
        e = entries.get(k)
        if e is None:
            norm = t.zh_norm or zh_norm(t.zh)
            e = entries[k] = GlossaryEntry(en=t.en, zh=t.zh, abbr=t.abbr, type=t.type or "term",
                                           pinyin=t.pinyin or pinyin(norm) or None,
                                           zh_simplified=t.zh_simplified or to_simplified(norm))
        e.abbr = e.abbr or t.abbr
        if t.zh != e.zh and t.zh not in e.variants:
            e.variants.append(t.zh)
        if t.doc_id and t.doc_id not in e.documents:
            e.documents.append(t.doc_id)
        e.occurrences += int(t.occurrences or 0)
        for w in t.where or []:
            if w not in e.where:
                e.where.append(w)
    return sorted(entries.values(), key=lambda e: (e.en.lower(), e.zh))


def _dict_words(e: GlossaryEntry) -> list[str]:
    """The Chinese forms of an entry that can be one jieba token (no spaces, Chinese only, not a title)."""
    if e.type == "title":
        return []
    out = []
    for z in (e.zh, e.zh_simplified or "", *e.variants):
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
                              zh_simplified=r.get("zh_simplified") or None) for r in csv.DictReader(f)]


def load_into_jieba(entries_or_path: Iterable[GlossaryEntry | Term] | str | Path, tokenizer: Any = None) -> int:
    """Add the glossary's Chinese terms to jieba (the global tokenizer unless one is given); return how many.

    Accepts glossary entries, Term rows, a ``glossary.csv`` or a jieba user-dictionary file.
    """
    import jieba

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
