"""Area ``urls``: URL precision/recall/F1 by (note, URL), and recall of the flagged URLs.

Gold is ``urls.json`` (one object per URL occurrence with ``url``, ``note``, ``issue`` and
``flags``). A URL is found when the same note has the same URL (compared as printed, minus
angle brackets and a trailing period). A flagged gold URL is recalled when the matching row
has an ``issue``; ``url_flags`` scores the set of flagged URLs (false flags count against
precision), and ``codes`` counts gold flag codes the row also carries.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from briefparse.evaluation import Score, norm_text, prf


def _key(url: object, note: object) -> tuple[str, str]:
    u = norm_text(url).strip("<>").rstrip(".")
    n = norm_text(note)
    if n.endswith(".0"):
        n = n[:-2]
    return n, u


def _flags(cell: object) -> list[str]:
    t = norm_text(cell)
    if not t:
        return []
    try:
        v = json.loads(t)
    except ValueError:
        return [x.strip() for x in t.strip("[]").split(",") if x.strip()]
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


def score(pred: dict[str, pd.DataFrame], gold_dir: Path) -> list[Score]:
    """URL P/R/F1 and flag recall for one document."""
    path = gold_dir / "urls.json"
    if not path.exists():
        return []
    gold = json.loads(path.read_text(encoding="utf-8"))
    df = pred.get("urls", pd.DataFrame())
    rows = [] if df.empty else df.to_dict("records")
    pkeys = [_key(r.get("url"), r.get("note")) for r in rows]
    gkeys = [_key(g["url"], g.get("note")) for g in gold]
    main = prf(pkeys, gkeys, "urls")
    pflag = {k: r for k, r in zip(pkeys, rows, strict=False) if norm_text(r.get("issue"))}
    gflag = {k: g for k, g in zip(gkeys, gold, strict=False) if g.get("issue")}
    flags = prf(list(pflag), list(gflag), "url_flags")
    codes_total = sum(len(g.get("flags") or []) for g in gflag.values())
    codes_hit = 0
    for k, g in gflag.items():
        mine = set(_flags(pflag[k].get("flags"))) if k in pflag else set()
        codes_hit += len(set(g.get("flags") or []) & mine)
    main.extra = {"flag_recall": f"{int(flags.tp)}/{len(gflag)}", "false_flags": str(int(flags.fp)),
                  "codes": f"{codes_hit}/{codes_total}"}
    flags.extra = {"codes": f"{codes_hit}/{codes_total}"}
    return [main, flags]
