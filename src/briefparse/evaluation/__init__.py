"""``briefparse evaluate``: precision, recall and F1 per area against hand-made gold.

Gold is in the format of ``shared/gold/dev/`` (one JSON file per area, see its README).
Each area lives in its own module with ``score(pred, gold_dir) -> list[Score]`` where
``pred`` holds the output rows of one document; the framework picks the documents, loads
the tables and prints one line per document and area.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# area name → module that scores it (and the output tables it reads)
AREAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "endnotes": ("briefparse.evaluation.endnotes", ("endnotes",)),
    "markers": ("briefparse.evaluation.markers", ("markers",)),
    "quantities": ("briefparse.evaluation.quantities", ("quantities",)),
    "dates": ("briefparse.evaluation.dates", ("dates",)),
    "terms": ("briefparse.evaluation.terms", ("terms", "abbreviations")),
    "urls": ("briefparse.evaluation.urls", ("urls",)),
    # scores only documents whose real-PDF gold (tests/gold/realpdf/<stem>.json) is in the gold folder
    "realpdf": ("briefparse.evaluation.realpdf", ("endnotes", "markers")),
}


@dataclass
class Score:
    """One area's figures for one document."""

    area: str
    tp: float
    fp: float
    fn: float
    extra: dict[str, str] = field(default_factory=dict)
    doc_id: str = ""

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def prf(pred: list, gold: list, area: str) -> Score:
    """Multiset P/R/F1 of two lists of hashable items."""

    cp, cg = Counter(pred), Counter(gold)
    tp = sum((cp & cg).values())
    return Score(area, tp, sum(cp.values()) - tp, sum(cg.values()) - tp)


_READER_FOLD = str.maketrans("“”‘’\u00a0", "\"\"'' ")


def norm_text(s: object) -> str:
    """Compare strings as a reader would: \\$ → $, curly quotes straight, spaces folded."""
    if s is None or (isinstance(s, float) and pd.isna(s)):
        return ""
    t = str(s).replace("\\$", "$")
    t = t.translate(_READER_FOLD)
    return re.sub(r"\s+", " ", t).strip()


def gold_document_sha1(gold_dir: Path) -> str | None:
    readme = gold_dir / "README.md"
    if readme.exists():
        m = re.search(r"sha1 `([0-9a-f]{40})`", readme.read_text(encoding="utf-8"))
        if m:
            return m.group(1)
    return None


def pick_documents(out: Path, gold_dir: Path, doc_id: str | None) -> list[str]:
    """The documents to score: the one given, else the gold's document and its renditions."""
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    if doc_id:
        return [doc_id]
    ok = docs[docs["status"] == "ok"]
    sha1 = gold_document_sha1(gold_dir)
    stems: set[str] = set()
    if sha1:

        for _, r in ok.iterrows():
            p = Path(r["path"])
            if p.exists() and hashlib.sha1(p.read_bytes()).hexdigest() == sha1:
                stems.add(Path(r["doc_id"]).stem)
    if stems:
        return [d for d in ok["doc_id"] if Path(d).stem in stems]
    return [d for d, n in zip(ok["doc_id"], ok["note_count"], strict=False) if n not in ("", "0")]


def evaluate(out: Path, gold_dir: Path, doc_id: str | None = None, areas: list[str] | None = None) -> list[Score]:
    """Score every picked document in every area that has gold and a scorer."""
    scores: list[Score] = []
    tables: dict[str, pd.DataFrame] = {}
    for d in pick_documents(out, gold_dir, doc_id):
        for area in areas or list(AREAS):
            module_name, needs = AREAS[area]
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            pred: dict[str, pd.DataFrame] = {}
            for t in needs:
                if t not in tables:
                    path = out / f"{t}.csv"
                    tables[t] = pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame()
                df = tables[t]
                pred[t] = df[df["doc_id"] == d] if "doc_id" in df.columns else df
            for s in module.score(pred, gold_dir):
                s.doc_id = d
                scores.append(s)
    return scores


def format_scores(scores: list[Score]) -> str:
    lines = [f"{'document':34} {'area':14} {'P':>6} {'R':>6} {'F1':>6}  {'tp/fp/fn':>12}  notes"]
    for s in scores:
        extra = "; ".join(f"{k}={v}" for k, v in s.extra.items())
        lines.append(f"{s.doc_id[:34]:34} {s.area:14} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  "
                     f"{f'{s.tp:g}/{s.fp:g}/{s.fn:g}':>12}  {extra}")
    return "\n".join(lines)
