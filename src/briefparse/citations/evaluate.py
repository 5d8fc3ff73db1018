"""Field accuracy of the citation tagger: on AnyStyle XML, in k-fold CV, and per generated style.

Field accuracy (one field, one reference set): among references where the gold OR the predicted text has the
field, the share where both are equal after normalisation. A field's text is its labelled spans joined by a
space; normalisation collapses whitespace and trims leading/trailing punctuation and spaces (so ``(2011).``
equals ``2011``). Predicted ``issue`` is folded into ``volume`` (AnyStyle writes ``27(3)`` as one volume).
The headline number is the mean over the eight fields title, author, date, container, volume, pages, url, doi.

Entry point: ``python -m briefparse.citations.evaluate --cv 5`` or ``--xml FILE`` (uses the built model).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from .anystyle import read_anystyle
from .labels import LabeledText, from_token_labels, token_labels
from .model import TrainParams, predict_labels, train_model

__all__ = ["EVAL_FIELDS", "field_texts", "field_accuracy", "predict_item", "cross_validate", "evaluate_xml", "main"]

EVAL_FIELDS: tuple[str, ...] = ("title", "author", "date", "container", "volume", "pages", "url", "doi")
_FOLD = {"issue": "volume"}
ANYSTYLE_CORE = Path("/work/shared/citations/anystyle-core.xml")


def _norm(s: str) -> str:
    s = " ".join(s.split())
    i, j = 0, len(s)
    while i < j and not _keep(s[i]):
        i += 1
    while j > i and not _keep(s[j - 1]):
        j -= 1
    return s[i:j]


def _keep(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] in "LN"


def field_texts(item: LabeledText, fold: dict[str, str] | None = None) -> dict[str, str]:
    """Normalised text per label: spans with the same label joined by a space."""
    fold = _FOLD if fold is None else fold
    parts: dict[str, list[str]] = defaultdict(list)
    for s, e, lab in sorted(item.spans):
        parts[fold.get(lab, lab)].append(item.text[s:e])
    return {k: _norm(" ".join(v)) for k, v in parts.items() if _norm(" ".join(v))}


def predict_item(item: LabeledText, model: str | Path | None = None) -> LabeledText:
    """The same text with predicted spans."""
    tokens, _ = token_labels(item)
    labels = predict_labels(tokens, model)
    return LabeledText(item.text, from_token_labels(item.text, tokens, labels).spans, item.style)


def field_accuracy(
    gold: Sequence[LabeledText], pred: Sequence[LabeledText], fields: Sequence[str] = EVAL_FIELDS
) -> dict[str, tuple[int, int]]:
    """Per field: (correct, counted) over references where gold or prediction has the field."""
    out: dict[str, list[int]] = {f: [0, 0] for f in fields}
    for g, p in zip(gold, pred, strict=True):
        gf, pf = field_texts(g), field_texts(p)
        for f in fields:
            a, b = gf.get(f), pf.get(f)
            if a is None and b is None:
                continue
            out[f][1] += 1
            out[f][0] += int(a == b)
    return {f: (c, n) for f, (c, n) in out.items()}


def _mean(acc: dict[str, tuple[int, int]]) -> float:
    vals = [c / n for c, n in acc.values() if n]
    return sum(vals) / len(vals) if vals else 0.0


def _merge(a: dict[str, tuple[int, int]], b: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    return {f: (a.get(f, (0, 0))[0] + b.get(f, (0, 0))[0], a.get(f, (0, 0))[1] + b.get(f, (0, 0))[1]) for f in {*a, *b}}


def cross_validate(
    items: Sequence[LabeledText],
    k: int = 5,
    extra: Callable[[], Sequence[LabeledText]] | None = None,
    params: TrainParams | None = None,
    seed: int = 13,
) -> tuple[dict[str, tuple[int, int]], list[float], float]:
    """k-fold CV: pooled per-field counts, per-fold mean accuracies, seconds per fold training."""
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    extra_items = list(extra()) if extra else []
    pooled: dict[str, tuple[int, int]] = {}
    fold_means: list[float] = []
    train_secs: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(k):
            test_idx = set(order[fold::k])
            train = [it for i, it in enumerate(items) if i not in test_idx] + extra_items
            test = [items[i] for i in sorted(test_idx)]
            path = Path(tmp) / f"fold{fold}.crfsuite"
            t0 = time.perf_counter()
            train_model(train, path, params)
            train_secs.append(time.perf_counter() - t0)
            preds = [predict_item(it, path) for it in test]
            acc = field_accuracy(test, preds)
            fold_means.append(_mean(acc))
            pooled = _merge(pooled, acc)
            print(f"fold {fold}: mean field accuracy {fold_means[-1]:.4f} (train {train_secs[-1]:.0f}s)", file=sys.stderr)
    return pooled, fold_means, statistics.mean(train_secs)


def evaluate_xml(path: str | Path, model: str | Path | None = None) -> dict[str, tuple[int, int]]:
    """Per-field accuracy of the built (or given) model on an AnyStyle-format XML file."""
    gold = read_anystyle(path)
    return field_accuracy(gold, [predict_item(g, model) for g in gold])


def _table(acc: dict[str, tuple[int, int]], fields: Sequence[str] = EVAL_FIELDS) -> str:
    rows = [f"| {f} | {acc[f][0] / acc[f][1]:.3f} | {acc[f][1]} |" for f in fields if acc.get(f, (0, 0))[1]]
    return "\n".join(["| field | accuracy | n |", "|---|---|---|", *rows, f"| **mean** | **{_mean(acc):.3f}** | |"])


def style_accuracy(model: str | Path | None = None, n_records: int = 1200) -> dict[str, dict[str, tuple[int, int]]]:
    """Per-style field accuracy on generated notes built from held-out records."""
    from .generate import generate_notes

    test = generate_notes(split="test", n_records=n_records)
    by_style: dict[str, list[LabeledText]] = defaultdict(list)
    for it in test:
        by_style[it.style].append(it)
    fields = ("title", "author", "editor", "date", "container", "publisher", "location", "volume", "issue", "pages",
              "url", "doi", "genre", "note")
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for style, items in sorted(by_style.items()):
        preds = [predict_item(it, model) for it in items]
        gold_nf = [LabeledText(g.text, g.spans) for g in items]
        out[style] = _field_accuracy_nofold(gold_nf, preds, fields)
    return out


def _field_accuracy_nofold(
    gold: Sequence[LabeledText], pred: Sequence[LabeledText], fields: Sequence[str]
) -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = {f: [0, 0] for f in fields}
    for g, p in zip(gold, pred, strict=True):
        gf, pf = field_texts(g, {}), field_texts(p, {})
        for f in fields:
            a, b = gf.get(f), pf.get(f)
            if a is None and b is None:
                continue
            out[f][1] += 1
            out[f][0] += int(a == b)
    return {f: (c, n) for f, (c, n) in out.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: ``--cv K`` (k-fold CV on AnyStyle core, alone and with generated data), ``--xml FILE``, ``--styles``."""
    ap = argparse.ArgumentParser(prog="python -m briefparse.citations.evaluate", description=__doc__.splitlines()[0])
    ap.add_argument("--cv", type=int, default=0, help="k for k-fold cross-validation on --data")
    ap.add_argument("--data", type=Path, default=ANYSTYLE_CORE, help="AnyStyle XML for CV")
    ap.add_argument("--xml", type=Path, help="evaluate the built model on this AnyStyle-format XML file")
    ap.add_argument("--styles", action="store_true", help="per-style accuracy on held-out generated notes")
    ap.add_argument("--model", type=Path, default=None, help="model file (default: the built model)")
    ap.add_argument("--iterations", type=int, default=None, help="L-BFGS iterations per CV fold")
    ap.add_argument("--no-generated", action="store_true", help="CV on AnyStyle alone only")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args(argv)
    report: dict[str, object] = {}
    if args.xml:
        acc = evaluate_xml(args.xml, args.model)
        print(f"## {args.xml}\n\n{_table(acc)}\n")
        report["xml"] = {f: list(v) for f, v in acc.items()}
    if args.cv:
        from .train import training_extra

        items = read_anystyle(args.data)
        params: TrainParams = {"max_iterations": args.iterations} if args.iterations else {}
        configs: list[tuple[str, Callable[[], Sequence[LabeledText]] | None]] = [("anystyle only", None)]
        if not args.no_generated:
            configs.append(("anystyle + generated + dev notes", training_extra))
        for name, extra in configs:
            pooled, folds, secs = cross_validate(items, args.cv, extra, params)
            print(f"## {args.cv}-fold CV on {args.data.name}: {name}\n\n{_table(pooled)}\n")
            print(f"fold means: {', '.join(f'{m:.4f}' for m in folds)}; training {secs:.0f}s per fold\n")
            report[f"cv:{name}"] = {"fields": {f: list(v) for f, v in pooled.items()}, "folds": folds, "train_s": secs}
    if args.styles:
        res = style_accuracy(args.model)
        print("## Per-style field accuracy on held-out generated notes\n")
        print("micro = all (note, field) pairs pooled; macro = mean over fields present\n")
        print("| style | micro | macro | n notes | weakest field |\n|---|---|---|---|---|")
        for style, acc in res.items():
            worst = min((f for f in acc if acc[f][1]), key=lambda f: acc[f][0] / acc[f][1])
            n = max(v[1] for v in acc.values())
            micro = sum(c for c, _ in acc.values()) / max(1, sum(k for _, k in acc.values()))
            print(f"| {style} | {micro:.3f} | {_mean(acc):.3f} | {n} | {worst} {acc[worst][0]}/{acc[worst][1]} |")
        report["styles"] = {s: {f: list(v) for f, v in a.items()} for s, a in res.items()}
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    if not (args.xml or args.cv or args.styles):
        ap.print_help()
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
