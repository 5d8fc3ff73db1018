"""Score the ``dates`` table: a date matches gold on its ISO value and where it stands.

Where is ``body`` or the note number (``endnote 9``), so a right value in the wrong place does
not count. Extra figures: F1 on the ISO value alone and on the exact text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from briefparse.evaluation import Score, norm_text, prf


def where_key(where: Any, note: Any = None) -> str:
    """``body`` or ``endnote N`` from a gold ``where`` or a predicted (where, note) pair."""
    w = str(where or "").strip()
    m = re.match(r"(?:end|foot)?notes?\s*(\d+)", w)
    if m:
        return f"endnote {int(m.group(1))}"
    if w in ("endnote", "footnote", "note"):
        try:
            return f"endnote {int(float(note))}"
        except (TypeError, ValueError):
            return "endnote"
    return w or "body"


def score(pred: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    """P/R/F1 of predicted dates against ``dates.json``."""
    path = gold_dir / "dates.json"
    if not path.exists():
        return []
    gold = json.loads(path.read_text(encoding="utf-8"))
    df = pred.get("dates", pd.DataFrame())
    rows = df.to_dict("records") if len(df) else []
    pk = [(str(r.get("iso")), where_key(r.get("where"), r.get("note"))) for r in rows]
    gk = [(str(g.get("iso")), where_key(g.get("where"))) for g in gold]
    main = prf(pk, gk, "dates")
    iso = prf([k[0] for k in pk], [k[0] for k in gk], "dates")
    text = prf([norm_text(r.get("text")) for r in rows], [norm_text(g.get("text")) for g in gold], "dates")
    main.extra = {"iso_only_f1": f"{iso.f1:.3f}", "text_f1": f"{text.f1:.3f}"}
    missed = [f"{i}@{w}" for i, w in sorted(set(gk) - set(pk))][:4]
    extra = [f"{i}@{w}" for i, w in sorted(set(pk) - set(gk))][:4]
    if missed:
        main.extra["missed"] = ", ".join(missed)
    if extra:
        main.extra["extra"] = ", ".join(extra)
    return [main]
