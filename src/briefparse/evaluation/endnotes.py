"""Endnotes area: field-level P/R/F1 of the parsed notes against the gold, keyed by note number.

Each non-empty field value of a note is one item ``(n, field, value)``; list fields (authors,
urls) give one item per element. An item counts when the same note has the same value after
reader normalisation (quotes, spaces, ``\\$``; dashes folded in page ranges).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from briefparse.evaluation import Score, norm_text, prf

FIELDS = ["title_en", "title_zh", "container_en", "container_zh", "date_iso", "doi", "volume", "issue", "pages",
          "authors", "urls"]
LIST_FIELDS = {"authors", "urls"}


def _values(field: str, value: Any) -> list[str]:
    """The comparable items of one cell (a JSON list cell gives one item per element)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if field in LIST_FIELDS:
        if isinstance(value, str):
            try:
                value = json.loads(value) if value.strip() else []
            except json.JSONDecodeError:
                value = [value]
        return [norm_text(v) for v in value if norm_text(v)]
    t = norm_text(value)
    if field == "pages":
        t = t.replace("–", "-").replace("—", "-").replace(" ", "")
    if field == "doi":
        t = t.lower()
    return [t] if t else []


def items(rows: list[dict[str, Any]], field: str) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    for r in rows:
        try:
            n = int(str(r.get("n")).strip())
        except ValueError:
            continue
        out.extend((n, field, v) for v in _values(field, r.get(field)))
    return out


def score(pred: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    path = gold_dir / "endnotes.json"
    if not path.exists():
        return []
    gold_rows = json.loads(path.read_text(encoding="utf-8"))
    df = pred.get("endnotes", pd.DataFrame())
    if "placement" in df.columns and (df["placement"] == "endnote").any():
        df = df[df["placement"].isin(["endnote", ""])]
    pred_rows = df.to_dict("records") if not df.empty else []
    all_p: list[tuple[int, str, str]] = []
    all_g: list[tuple[int, str, str]] = []
    extra: dict[str, str] = {}
    for f in FIELDS:
        p, g = items(pred_rows, f), items(gold_rows, f)
        all_p += p
        all_g += g
        s = prf(p, g, f)
        if s.fp or s.fn:
            extra[f] = f"{s.f1:.2f}"
    total = prf(all_p, all_g, "endnotes")
    gk = {int(r["n"]): r.get("kind") for r in gold_rows}
    pk = {int(r["n"]): r.get("kind") for r in pred_rows if str(r.get("n", "")).strip().isdigit()}
    extra["notes"] = f"{len(pk)}/{len(gk)}"
    extra["kind_acc"] = f"{sum(pk.get(n) == k for n, k in gk.items()) / max(1, len(gk)):.2f}"
    gd = {int(r["n"]): str(r.get("duplicate_of") or "") for r in gold_rows}
    pdup = {int(r["n"]): str(r.get("duplicate_of") or "").replace(".0", "") for r in pred_rows
            if str(r.get("n", "")).strip().isdigit()}
    extra["dup_ok"] = str(all(pdup.get(n, "") == v for n, v in gd.items()))
    total.extra = extra
    return [total]
