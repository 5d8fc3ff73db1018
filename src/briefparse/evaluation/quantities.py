"""Score the ``quantities`` table: a quantity matches gold on value, low, high, unit and sentence.

Sentences are compared as a reader would (``norm_text``) with note calls removed, so a rendition
that prints calls differently (², ^{2}, [2]) still matches; list bullets are ignored. Extra
figures: F1 on the quantity text alone and the share of matched items whose ``notes`` agree.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from briefparse.evaluation import Score, norm_text, prf

_CALLS = re.compile(r"\^\{[^{}]*\}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d+(?:[,–-]\s*\d+)*\]")


def num_key(x: Any) -> str:
    """A number as a comparable string ('' when missing): 7.6e10 and '76000000000.0' agree."""
    if x is None or (isinstance(x, str) and not x.strip()):
        return ""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(v):
        return ""
    return f"{v:.6g}"


def sentence_key(s: Any) -> str:
    """A sentence without its note calls, bullets and spacing differences."""
    t = _CALLS.sub("", str(s or ""))
    t = norm_text(t)
    return re.sub(r"^[-•*▪]\s+", "", t).rstrip()


def _notes(x: Any) -> list[int]:
    if isinstance(x, list):
        return [int(n) for n in x]
    try:
        return [int(n) for n in json.loads(x or "[]")]
    except (ValueError, TypeError):
        return []


def score(pred: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    """P/R/F1 of predicted quantities against ``numeric_claims.json``."""
    path = gold_dir / "numeric_claims.json"
    if not path.exists():
        return []
    gold = json.loads(path.read_text(encoding="utf-8"))
    df = pred.get("quantities", pd.DataFrame())
    rows = df.to_dict("records") if len(df) else []

    def key(r: dict[str, Any]) -> tuple[str, ...]:
        return (num_key(r.get("value")), num_key(r.get("low")), num_key(r.get("high")), str(r.get("unit") or ""),
                sentence_key(r.get("sentence")))

    pk = [key(r) for r in rows]
    gk = [key(g) for g in gold]
    main = prf(pk, gk, "quantities")
    text = prf([norm_text(r.get("quantity_text")) for r in rows], [norm_text(g.get("quantity_text")) for g in gold],
               "quantities")
    gold_notes: dict[tuple[str, ...], list[list[int]]] = {}
    for g, k in zip(gold, gk, strict=True):
        gold_notes.setdefault(k, []).append(_notes(g.get("notes")))
    agree = total = 0
    for r, k in zip(rows, pk, strict=True):
        if gold_notes.get(k):
            total += 1
            agree += _notes(r.get("notes")) == gold_notes[k].pop(0)
    missed = sorted(set(gk) - set(pk))
    main.extra = {"text_f1": f"{text.f1:.3f}", "notes_agree": f"{agree}/{total}"}
    if missed:
        main.extra["missed"] = "; ".join(f"{m[3]} {m[0] or m[1] + '-' + m[2]}" for m in missed[:4])
    return [main]
