"""Area ``terms``: bilingual pairs (same Chinese, near-identical English) and abbreviations.

Pairs are compared as distinct (English, Chinese) pairs, the way the gold lists them. A predicted
pair matches a gold pair when the Chinese is the same once spacing, quotes and character variants
are folded (``zh_match_key``) and the English is near-identical (fuzzy ratio ≥ 90 after folding
quotes, case and spacing). An abbreviation matches when the abbreviation is the same and its
expansion is the gold's (or one of the gold's listed variants), or both have none. Extra columns
report how often the matched items also agree on ``type`` / ``where_defined``. Area ``glossary`` scores the
pairs the body prose glosses (where = body; cited titles, outlets and journals left out) the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from briefparse.evaluation import Score, norm_text
from briefparse.text.normalize import zh_match_key

EN_THRESHOLD = 90.0


def en_key(s: object) -> str:
    """English folded for comparison: reader-normalised, quotes and outer punctuation dropped, lower case."""
    t = norm_text(s).replace('"', "").replace("*", "")
    t = re.sub(r"\s+", " ", t).strip(" ,.;:").lower()
    return t


def en_similar(a: object, b: object) -> bool:
    """Near-identical English (rapidfuzz ratio on the folded strings)."""

    x, y = en_key(a), en_key(b)
    if x == y:
        return True
    return bool(x and y and fuzz.ratio(x, y) >= EN_THRESHOLD)


def _where_kind(s: object) -> str:
    t = norm_text(s).lower().replace("_", " ")
    if not t:
        return ""
    return "endnote" if t.startswith("endnote") else t


def load_gold(gold_dir: Path) -> dict[str, Any]:
    path = gold_dir / "terms.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def score_pairs(pred: pd.DataFrame, gold: list[dict[str, Any]]) -> Score:
    """P/R over distinct pairs: Chinese equal after folding, English near-identical (one-to-one)."""
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    if len(pred.columns):
        for _, r in pred.iterrows():
            k = (norm_text(r.get("en")), norm_text(r.get("zh")))
            if k in seen or not k[1]:
                continue
            seen.add(k)
            rows.append({"en": k[0], "zh": k[1], "type": str(r.get("type") or "")})
    used: set[int] = set()
    tp = 0
    type_ok = 0
    for g in gold:
        gz = zh_match_key(str(g.get("zh") or ""))
        for i, r in enumerate(rows):
            if i in used or zh_match_key(r["zh"]) != gz or not en_similar(r["en"], g.get("en")):
                continue
            used.add(i)
            tp += 1
            type_ok += r["type"] == (g.get("type") or "")
            break
    s = Score("terms", tp, len(rows) - tp, len(gold) - tp)
    s.extra["type_acc"] = f"{type_ok}/{tp}"
    return s


def score_abbreviations(pred: pd.DataFrame, gold: list[dict[str, Any]]) -> Score:
    """P/R over abbreviations: same abbreviation, and same expansion (or a gold variant) or none on both."""
    rows = [] if not len(pred.columns) else [r for _, r in pred.iterrows()]
    used: set[int] = set()
    tp = 0
    where_ok = 0
    for g in gold:
        accepted = [g.get("expansion")] + list(g.get("variants") or [])
        for i, r in enumerate(rows):
            if i in used or norm_text(r.get("abbr")) != norm_text(g.get("abbr")):
                continue
            pe = norm_text(r.get("expansion"))
            ok = (not pe and not g.get("expansion")) or any(a and en_similar(pe, a) for a in accepted)
            if ok:
                used.add(i)
                tp += 1
                where_ok += _where_kind(r.get("where_defined")) == _where_kind(g.get("where_defined"))
                break
    s = Score("abbreviations", tp, len(rows) - tp, len(gold) - tp)
    s.extra["where_acc"] = f"{where_ok}/{tp}"
    return s


CITED_TYPES = {"title", "outlet", "journal"}


def _in_body(where: object) -> bool:
    """A ``where`` cell (JSON list or list) that names the body."""
    if isinstance(where, str):
        try:
            where = json.loads(where)
        except ValueError:
            where = [where]
    return any(str(w).strip().lower() == "body" for w in (where if isinstance(where, (list, tuple)) else []))


def body_glossary(pred: pd.DataFrame, gold: list[dict[str, Any]]) -> Score:
    """Area ``glossary``: the pairs the body prose glosses (cited titles and outlets left out), as ``terms``."""
    rows = pred[[_in_body(w) and str(t) not in CITED_TYPES for w, t in zip(pred["where"], pred["type"],
                                                                          strict=True)]] \
        if len(pred.columns) and {"where", "type"} <= set(pred.columns) else pd.DataFrame()
    want = [g for g in gold if _in_body(g.get("where") or []) and (g.get("type") or "") not in CITED_TYPES]
    s = score_pairs(rows, want)
    return Score("glossary", s.tp, s.fp, s.fn, s.extra)


def score(pred: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    """Three Score rows: ``terms`` (pairs), ``abbreviations`` and ``glossary`` (pairs the body glosses)."""
    gold = load_gold(gold_dir)
    if not gold:
        return []
    terms = pred.get("terms", pd.DataFrame())
    return [score_pairs(terms, gold.get("pairs", [])),
            score_abbreviations(pred.get("abbreviations", pd.DataFrame()), gold.get("abbreviations", [])),
            body_glossary(terms, gold.get("pairs", []))]
