"""Field accuracy of the note parser (``parse_note_text``: tagger + rules) on AnyStyle-format XML.

Each ``<sequence>`` is parsed as one note. A field is counted for a reference when the gold or the parser has
it, and is right when the two agree under these rules (the gold keeps AnyStyle's spans, punctuation included):

- title: the parser's English (else Chinese) title equals the gold title, both with outer punctuation trimmed
  and spaces collapsed (``briefparse.citations.evaluate`` normalisation);
- authors: the same words (letters and digits, lower case) in the gold author span as in the parser's names,
  leaving out ``and``, ``et al.``, ``eds.`` and the like — so ``Economy, E. C., & Lee, J.`` equals
  ``["Economy, E. C.", "Lee, J."]`` whatever the separators;
- year: the first four-digit year of the gold date equals the year of ``date_iso``;
- container: container (English, else Chinese) equals the gold journal/container-title, normalised as titles
  and without a leading ``In`` (AnyStyle keeps it inside the container span);
- volume: the numbers printed in the gold volume (AnyStyle writes ``27(3)`` as one volume) equal the parser's
  volume and issue numbers in order;
- pages: the numbers of the gold pages equal those of the parser's pages;
- url: the gold URL is among the parser's URLs, both without ``URL:``/``Available at`` words, spaces (a URL
  printed across a line break) and trailing punctuation or slash;
- doi: the DOI in the gold doi span (or in a gold ``doi.org`` URL) equals the parser's DOI (case folded).

The headline is the mean over the eight fields of each field's accuracy.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from briefparse.citations.anystyle import read_anystyle
from briefparse.citations.evaluate import field_texts
from briefparse.citations.labels import LabeledText
from briefparse.notes.fields import parse_note_text
from briefparse.records import Work

FIELDS: tuple[str, ...] = ("title", "author", "year", "container", "volume", "pages", "url", "doi")
_NAME_NOISE = {"and", "et", "al", "eds", "ed", "editor", "editors", "trans", "by", "edited", "hrsg", "hg", "与", "和", "等"}


def _norm(s: str | None) -> str | None:
    if not s:
        return None
    s = " ".join(s.replace("“", '"').replace("”", '"').split())
    s = re.sub(r"^[\W_]+|[\W_]+$", "", s)
    return s or None


def _name_words(s: str) -> list[str] | None:
    words = [w for w in re.findall(r"[^\W_]+", s.lower()) if w not in _NAME_NOISE]
    return sorted(words) or None


def _numbers(s: str | None) -> list[str] | None:
    nums = re.findall(r"\d+", s or "")
    return [n.lstrip("0") or "0" for n in nums] or None


def _url(s: str | None) -> str | None:
    s = re.sub(r"^\W*(?:url|available(?:\s+(?:at|from))?|retrieved\s+from|online)\s*:?\s*", "", s or "", flags=re.I)
    return re.sub(r"\s+", "", s).rstrip(".,;:)>]/") or None


def _container(s: str | None) -> str | None:
    return _norm(re.sub(r"^\s*in\s*:?\s+", "", s or "", flags=re.I))


def gold_values(item: LabeledText) -> dict[str, object]:
    """The comparable value of each field of a gold reference."""
    g = field_texts(item)
    year = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", g.get("date", ""))
    doi = re.search(r"10\.\d{4,9}/\S+", g.get("doi", "")) or re.search(r"doi\.org/(10\.\d{4,9}/\S+)", g.get("url", ""))
    raw: dict[str, object | None] = {
        "title": _norm(g.get("title")), "author": _name_words(g.get("author", "")),
        "year": year.group(1) if year else None, "container": _container(g.get("container")),
        "volume": _numbers(g.get("volume")), "pages": _numbers(g.get("pages")), "url": _url(g.get("url")),
        "doi": (doi.group(doi.lastindex or 0)).rstrip(".,;:)>]").lower() if doi else None}
    return {k: v for k, v in raw.items() if v}


def predicted_values(w: Work) -> dict[str, object]:
    """The comparable value of each field the note parser gave."""
    raw: dict[str, object | None] = {
        "title": _norm(w.title_en or w.title_zh), "author": _name_words(" ".join(w.authors or w.authors_zh)),
        "year": (w.date_iso or "")[:4] or None, "container": _container(w.container_en or w.container_zh),
        "volume": _numbers(" ".join(x for x in (w.volume, w.issue) if x)), "pages": _numbers(w.pages),
        "url": [u for u in (_url(x) for x in w.urls) if u] or None, "doi": w.doi.lower() if w.doi else None}
    return {k: v for k, v in raw.items() if v}


def _agree(field: str, gold: object, pred: object) -> bool:
    if field == "url":
        return isinstance(pred, list) and gold in pred
    return gold == pred


def note_parser_accuracy(items: Sequence[LabeledText]) -> dict[str, tuple[int, int]]:
    """Per field: (right, counted) over the references where the gold or the parser has the field."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for it in items:
        g = gold_values(it)
        p = predicted_values(parse_note_text(it.text, entry=True).work)  # each sequence is a reference
        for f in FIELDS:
            if f in g or f in p:
                out[f][1] += 1
                out[f][0] += int(f in g and f in p and _agree(f, g[f], p[f]))
    return {f: (out[f][0], out[f][1]) for f in FIELDS}


def evaluate_file(path: str | Path) -> dict[str, tuple[int, int]]:
    """Per-field accuracy of the note parser on an AnyStyle-format XML file."""
    return note_parser_accuracy(read_anystyle(path))


def table(acc: dict[str, tuple[int, int]]) -> str:
    """A Markdown table: accuracy and count per field, and the mean over fields present."""
    rows = [f"| {f} | {c / n:.3f} | {n} |" for f, (c, n) in acc.items() if n]
    vals = [c / n for c, n in acc.values() if n]
    mean = sum(vals) / len(vals) if vals else 0.0
    return "\n".join(["| field | accuracy | n |", "|---|---|---|", *rows, f"| **mean** | **{mean:.3f}** | |"])
