"""Build the citation model: AnyStyle core + generated notes (train split) + the development brief's notes.

``python -m briefparse.citations.train --out src/briefparse/citations/model/citations.crfsuite`` (``make model``).
Deterministic: the same data and parameters give a byte-identical model file. AnyStyle's ``gold.xml`` (the
test set) is never read here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .anystyle import read_anystyle
from .labels import LabeledText
from .model import DEFAULT_MODEL_PATH, DEFAULT_PARAMS, TrainParams, train_model
from .paths import CITATIONS, DEV_GOLD

__all__ = ["N_GENERATED_RECORDS", "dev_gold_notes", "training_extra", "training_items", "main"]

N_GENERATED_RECORDS = 1500


def dev_gold_notes(path: str | Path | None = None, dates_path: str | Path | None = None) -> list[LabeledText]:
    """The development brief's endnotes (gold JSON) as labelled text, by locating each gold value in ``raw``."""
    from .generate import _attach, _find

    path = Path(path) if path else DEV_GOLD / "endnotes.json"
    dates_path = Path(dates_path) if dates_path else path.with_name("dates.json")
    if not path.exists():
        return []
    notes: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    dates: dict[int, list[str]] = {}
    if dates_path.exists():
        for d in json.loads(dates_path.read_text(encoding="utf-8")):
            where = str(d.get("where", ""))
            if where.startswith("endnote ") and d.get("part") == "citation_date":
                dates.setdefault(int(where.split()[1]), []).append(d["text"])
    out: list[LabeledText] = []
    for note in notes:
        raw: str = note["raw"]
        taken = [False] * len(raw)
        spans: list[tuple[int, int, str]] = []

        def put(value: str | None, label: str, raw: str = raw, taken: list[bool] = taken,
                spans: list[tuple[int, int, str]] = spans) -> None:
            if not value:
                return
            hit = _find(raw, value, taken, ci=False, word=False)
            if hit:
                for k in range(*hit):
                    taken[k] = True
                spans.append((hit[0], hit[1], label))

        works = note.get("works") or [note]
        for w in works:  # authors first (they lead the note); one span from first to last name of a work
            hits = []
            for name in w.get("authors") or []:
                h = _find(raw, name, taken, ci=False, word=False)
                if h:
                    hits.append(h)
            if hits:
                a, b = min(h[0] for h in hits), max(h[1] for h in hits)
                m = re.match(r" ?[(（][^)）]*[\u4e00-\u9fff][^)）]*[)）]", raw[b:])
                b += m.end() if m else 0
                for k in range(a, b):
                    taken[k] = True
                spans.append((a, b, "author"))
        for w in works:
            for u in w.get("urls") or note.get("urls") or []:
                put(u, "url")  # doi.org links too (AnyStyle's convention); the DOI is read from them by rule
        for w in works:
            for en_key, zh_key, label in (("title_en", "title_zh", "title"), ("container_en", "container_zh", "container")):
                en, zh = w.get(en_key), w.get(zh_key)
                if en and zh:
                    h_en = _find(raw, en, taken, ci=False, word=False)
                    h_zh = _find(raw, zh, taken, ci=False, word=False)
                    if h_en and h_zh and 0 <= h_zh[0] - h_en[1] <= 3:
                        end = h_zh[1] + (1 if raw[h_zh[1]:h_zh[1] + 1] in ")]）" else 0)
                        for k in range(h_en[0], end):
                            taken[k] = True
                        spans.append((h_en[0], end, label))
                        continue
                put(en, label)
                put(zh, label)
            put(w.get("publisher"), "publisher")
            put(w.get("place"), "location")
        for key, label in (("volume", "volume"), ("issue", "issue"), ("pages", "pages")):
            put(note.get(key), label)
        for d in dates.get(int(note["n"]), []):
            put(d, "date")
        if not spans:
            spans.append((0, len(raw), "note"))
        item = _attach(LabeledText(raw, tuple(spans), "dev-brief"))
        if note.get("kind") == "explanatory_note":  # the prose around a reference is commentary
            item = LabeledText(raw, tuple((a, b, "note" if lab == "other" else lab) for a, b, lab in item.spans), item.style)
        out.append(item)
    return out


def training_extra(n_records: int = N_GENERATED_RECORDS) -> list[LabeledText]:
    """Everything trained on besides AnyStyle core: generated notes (train split) and the dev brief's notes."""
    from .generate import generate_notes

    return generate_notes("train", n_records, csl_per_record=2) + dev_gold_notes()


def training_items(anystyle_xml: str | Path | None = None, n_records: int = N_GENERATED_RECORDS) -> list[LabeledText]:
    """The full training set in a fixed order."""
    xml = Path(anystyle_xml) if anystyle_xml else CITATIONS / "anystyle-core.xml"
    if xml.name == "gold.xml":
        raise ValueError("AnyStyle's gold.xml is the test set; never train on it")
    return read_anystyle(xml) + training_extra(n_records)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: train and write the model file."""
    ap = argparse.ArgumentParser(prog="python -m briefparse.citations.train", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH, help="model file to write")
    ap.add_argument("--anystyle", type=Path, default=None, help="AnyStyle training XML (default: corpus/citations/anystyle-core.xml)")
    ap.add_argument("--records", type=int, default=N_GENERATED_RECORDS, help="generated records (train split)")
    ap.add_argument("--iterations", type=int, default=int(DEFAULT_PARAMS["max_iterations"]))
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    items = training_items(args.anystyle, args.records)
    t1 = time.perf_counter()
    params: TrainParams = {"max_iterations": args.iterations}
    train_model(items, args.out, params)
    t2 = time.perf_counter()
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.1f} MB) from {len(items)} sequences; data {t1 - t0:.0f}s, "
          f"training {t2 - t1:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
