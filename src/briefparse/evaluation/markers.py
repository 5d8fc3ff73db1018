"""Markers area: in-text calls matched on the notes they call and their context sentence.

An item is ``(notes, context)`` with the context normalised as a reader would compare it;
P/R/F1 is over the multisets of items. ``extra`` gives the share of matched calls whose kind
and raw form also agree, and the score on notes alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from briefparse.evaluation import Score, norm_text, prf


def _notes(value: Any) -> tuple[int, ...]:
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except json.JSONDecodeError:
            value = []
    return tuple(sorted(int(v) for v in (value or [])))


def _ctx(s: Any) -> str:
    return norm_text(s).replace("\u00ad", "").replace("\ufffe", "-")


def score(pred: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    path = gold_dir / "markers.json"
    if not path.exists():
        return []
    gold = json.loads(path.read_text(encoding="utf-8"))["markers"]
    df = pred.get("markers", pd.DataFrame())
    rows = df.to_dict("records") if not df.empty else []
    p = [(_notes(r.get("notes")), _ctx(r.get("context"))) for r in rows]
    g = [(_notes(r.get("notes")), _ctx(r.get("context"))) for r in gold]
    s = prf(p, g, "markers")
    on_notes = prf([x[0] for x in p], [x[0] for x in g], "notes")
    gk = {(_notes(r["notes"]), _ctx(r["context"])): (r.get("kind"), r.get("raw")) for r in gold}
    kind_ok = sum(1 for r in rows if gk.get((_notes(r.get("notes")), _ctx(r.get("context"))), ("",))[0] == r.get("kind"))
    raw_ok = sum(1 for r in rows if gk.get((_notes(r.get("notes")), _ctx(r.get("context"))), ("", ""))[1] == r.get("raw"))
    s.extra = {"notes_only_f1": f"{on_notes.f1:.3f}", "kind_ok": f"{kind_ok}/{len(gold)}", "raw_ok": f"{raw_ok}/{len(gold)}"}
    return [s]
