"""Real-PDF area: notes and calls of published PDFs against hand-checked gold (``tests/gold/realpdf/``).

One gold file per PDF (``<stem>.json``: ``file``, ``sha1``, ``pages``, ``notes``, ``calls``; see the README
there). Per PDF two scores:

- ``realpdf_notes``: a gold note is *whole* when a found note with the same series and number has raw text
  that starts with the gold ``first_words`` and ends with the gold ``last_words`` (compared after NFKC, quote
  folding and dropping whitespace and hyphens, with or without the raw's leading note number).
  tp = whole, fp = found − whole, fn = true − whole.
- ``realpdf_calls``: a gold call is *linked* when a found call with the same series and note number is on the
  same page ±1; each found call links once. A found marker row calling several notes counts once per note.
  tp = linked, fp = found − linked, fn = true − linked. Among candidates the one whose context holds the gold
  context's last three words (folded) is preferred, then the nearest page; ``context_ok`` counts links whose
  context agrees (a note's own label read as a call links on page and number alone but not on context).

``extra`` holds the raw counts (true / found / whole or linked) and the share of gold items recovered.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from briefparse.evaluation import Score

PAGE_SLACK = 1
_QUOTES = str.maketrans({c: '"' for c in "“”„‟‘’‚‛«»'\""})
_DROP = re.compile(r"[\s\-\u00ad\ufffe\u0002\u2010\u2011\u2012\u2013\u2014]+")
_LEAD_NUMBER = re.compile(r"^\s*(\d+)\s*[.)]?\s*")
_SUPERSCRIPTS = re.compile("[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+")  # other calls printed in a context


def fold(s: object) -> str:
    """Comparison key of a text: NFKC, one quote character, no whitespace, no hyphens or dashes."""
    if s is None or (isinstance(s, float) and pd.isna(s)):
        return ""
    t = unicodedata.normalize("NFKC", str(s)).translate(_QUOTES)
    return _DROP.sub("", t)


def _int(value: Any, default: int | None = None) -> int | None:
    try:
        return int(float(str(value).strip()))
    except ValueError:
        return default


def _notes(value: Any) -> list[int]:
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except json.JSONDecodeError:
            value = [v for v in re.split(r"[^\d]+", value) if v]
    if isinstance(value, int | float):
        value = [value]
    out: list[int] = []
    for v in value or []:
        n = _int(v)
        if n is not None:
            out.append(n)
    return out


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """Every ``*.json`` gold file in ``gold_dir`` that has ``file``, ``notes`` and ``calls``."""
    out = []
    for p in sorted(gold_dir.glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        if isinstance(data, dict) and {"file", "notes", "calls"} <= set(data):
            out.append(data)
    return out


def is_whole(raw: object, n: int, first_words: str, last_words: str) -> bool:
    """Does a found note's raw text start and end as the gold note does (leading number optional)?"""
    text = "" if raw is None or (isinstance(raw, float) and pd.isna(raw)) else str(raw)
    first, last = fold(first_words), fold(last_words)
    candidates = [text]
    m = _LEAD_NUMBER.match(text)
    if m and int(m.group(1)) == n:
        candidates.append(text[m.end():])
    elif text.lstrip().startswith(str(n)):  # number glued to a text that starts with digits: 52007 Report…
        candidates.append(text.lstrip()[len(str(n)):])
    return any(fold(c).startswith(first) and fold(c).endswith(last) for c in candidates)


def _score_notes(gold: list[dict[str, Any]], rows: list[dict[str, Any]]) -> Score:
    rows = [r for r in rows if r.get("kind") != "bibliography"]  # a reference list's entries are not notes
    found: dict[tuple[int, int], list[Any]] = {}
    for r in rows:
        n = _int(r.get("n"))
        if n is not None:
            found.setdefault((_int(r.get("series"), 1) or 1, n), []).append(r.get("raw"))
    whole = sum(1 for g in gold if any(is_whole(raw, int(g["n"]), g["first_words"], g["last_words"])
                                       for raw in found.get((int(g.get("series", 1)), int(g["n"])), [])))
    keyed = sum(1 for g in gold if (int(g.get("series", 1)), int(g["n"])) in found)
    s = Score("realpdf_notes", whole, len(rows) - whole, len(gold) - whole)
    s.extra = {"true": str(len(gold)), "found": str(len(rows)), "numbered": str(keyed), "whole": str(whole),
               "whole_share": f"{whole / len(gold):.3f}" if gold else "1.000"}
    return s


def found_calls(rows: Iterable[dict[str, Any]]) -> list[tuple[int, int, int | None, str]]:
    """(series, note, page, folded context) of every note a found marker row calls."""
    out: list[tuple[int, int, int | None, str]] = []
    for r in rows:
        series = _int(r.get("series"), 1) or 1
        page, ctx = _int(r.get("page")), fold(_SUPERSCRIPTS.sub("", str(r.get("context") or "")))
        out.extend((series, n, page, ctx) for n in _notes(r.get("notes")))
    return out


def _ctx_key(context: str) -> str:
    """The folded last three words of a gold call's context."""
    return fold(" ".join(str(context).split()[-3:]))


def _score_calls(gold: list[dict[str, Any]], rows: list[dict[str, Any]]) -> Score:
    found = found_calls(rows)
    used = [False] * len(found)
    linked = ctx_ok = 0
    for g in gold:
        key, page, want = (int(g.get("series", 1)), int(g["note"])), int(g["page"]), _ctx_key(g.get("context", ""))
        best: tuple[int, int, int] | None = None  # (context mismatch, page distance, index)
        for i, (sr, n, p, ctx) in enumerate(found):
            if used[i] or (sr, n) != key or p is None or abs(p - page) > PAGE_SLACK:
                continue
            cand = (0 if want and want in ctx else 1, abs(p - page), i)
            if best is None or cand < best:
                best = cand
        if best is not None:
            used[best[2]] = True
            linked += 1
            ctx_ok += best[0] == 0
    s = Score("realpdf_calls", linked, len(found) - linked, len(gold) - linked)
    s.extra = {"true": str(len(gold)), "found": str(len(found)), "linked": str(linked),
               "linked_share": f"{linked / len(gold):.3f}" if gold else "1.000", "context_ok": str(ctx_ok)}
    return s


def score_document(gold: dict[str, Any], endnotes: pd.DataFrame, markers: pd.DataFrame) -> list[Score]:
    """Notes and calls scores of one PDF from its own rows of ``endnotes`` and ``markers``."""
    notes = _score_notes(gold["notes"], endnotes.to_dict("records") if not endnotes.empty else [])
    calls = _score_calls(gold["calls"], markers.to_dict("records") if not markers.empty else [])
    for s in (notes, calls):
        s.doc_id = str(gold["file"])
    return [notes, calls]


def _rows_of(df: pd.DataFrame, file: str) -> pd.DataFrame:
    if df.empty or "doc_id" not in df.columns:
        return pd.DataFrame()
    names = df["doc_id"].map(lambda d: Path(str(d)).name)
    return df[(names == file) | (names == Path(file).stem)]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame()


def score_realpdf(outputs_dir: Path, gold_dir: Path) -> list[Score]:
    """Score a ``briefparse run`` output folder against every real-PDF gold file (two scores per PDF)."""
    endnotes, markers = _read(outputs_dir / "endnotes.csv"), _read(outputs_dir / "markers.csv")
    scores: list[Score] = []
    for gold in load_gold(gold_dir):
        scores += score_document(gold, _rows_of(endnotes, gold["file"]), _rows_of(markers, gold["file"]))
    return scores


def format_realpdf(scores: list[Score]) -> str:
    """One line per PDF: notes true/found/whole, calls true/found/linked and the shares."""
    by_doc: dict[str, dict[str, Score]] = {}
    for s in scores:
        by_doc.setdefault(s.doc_id, {})[s.area] = s
    lines = [f"{'document':34} {'notes true/found/whole':>22} {'share':>6}  {'calls true/found/linked':>23} "
             f"{'share':>6} {'ctx ok':>6}"]
    for doc, d in by_doc.items():
        n, c = d["realpdf_notes"].extra, d["realpdf_calls"].extra
        lines.append(f"{doc[:34]:34} {n['true'] + '/' + n['found'] + '/' + n['whole']:>22} {n['whole_share']:>6}  "
                     f"{c['true'] + '/' + c['found'] + '/' + c['linked']:>23} {c['linked_share']:>6} "
                     f"{c['context_ok']:>6}")
    return "\n".join(lines)


def score(pred: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    """Area hook for ``briefparse evaluate``: scores the document when ``gold_dir`` holds its real-PDF gold."""
    docs = {str(d) for t in ("endnotes", "markers") for d in pred.get(t, pd.DataFrame()).get("doc_id", [])}
    for gold in load_gold(gold_dir):
        if any(Path(d).name in (gold["file"], Path(gold["file"]).stem) for d in docs):
            return score_document(gold, pred.get("endnotes", pd.DataFrame()), pred.get("markers", pd.DataFrame()))
    return []


if __name__ == "__main__":
    import sys

    print(format_realpdf(score_realpdf(Path(sys.argv[1]), Path(sys.argv[2]))))
