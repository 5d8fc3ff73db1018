"""Load the hand-written notes of ``tests/fixtures/notes/*.notes`` and score parsed notes against them.

Shared by tests/test_notes_styles.py and ``bench/run_bench.py`` (see tests/fixtures/notes/README.md for the format).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "notes"
SCALARS = ("title_en", "title_zh", "container_en", "container_zh", "date_iso", "doi", "volume", "issue", "pages")
LISTS = ("authors", "authors_zh", "urls")
FIELDS = LISTS + SCALARS
INHERITED = ("authors", "authors_zh") + SCALARS  # URLs count only where printed in the note itself
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class FixtureNote:
    """One note of the fixture: its text and the expected columns."""

    n: int
    text: str
    expected: dict[str, Any] = field(default_factory=dict)


@dataclass
class FixtureDoc:
    """A run of notes as one document prints them (Ibid. and short forms point inside it)."""

    doc_id: str
    notes: list[FixtureNote] = field(default_factory=list)


def _value(key: str, raw: str) -> Any:
    if key in LISTS:
        return [v.strip() for v in raw.split(" | ") if v.strip()]
    if key in ("refers_to", "refers_work", "works"):
        return int(raw)
    return raw.strip()


def load(paths: Iterable[Path] | None = None) -> list[FixtureDoc]:
    """Every document of the fixture files, expected values resolved (Ibid. and short forms inherit)."""
    docs: list[FixtureDoc] = []
    for path in sorted(paths or FIXTURES.glob("*.notes")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("== "):
                docs.append(FixtureDoc(line[3:].strip()))
            elif m := re.match(r"(\d+)\. (.+)$", line):
                docs[-1].notes.append(FixtureNote(int(m.group(1)), m.group(2).strip()))
            elif m := re.match(r"\s+(\w+): (.*)$", line):
                docs[-1].notes[-1].expected[m.group(1)] = _value(m.group(1), m.group(2))
            else:
                raise ValueError(f"{path.name}: cannot read line {line!r}")
    for d in docs:
        by_n = {x.n: x for x in d.notes}
        for x in d.notes:
            _resolve(x, by_n)
    return docs


def _resolve(x: FixtureNote, by_n: dict[int, FixtureNote]) -> None:
    """A Chinese-only author is also listed in ``authors``; a back-reference inherits what it does not print."""
    e = x.expected
    if e.get("authors_zh") and "authors" not in e and all(_CJK.search(a) for a in e["authors_zh"]):
        e["authors"] = list(e["authors_zh"])
    ref = e.get("refers_to")
    if ref is None:
        return
    target = by_n[ref]
    _resolve(target, by_n)
    if e.get("refers_work", 1) > 1:
        return  # a later work of a note: the fixture lists its fields itself
    for k in INHERITED:
        if k not in e and target.expected.get(k):
            e[k] = target.expected[k]


def _items(rows: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    """The endnotes scorer's items of every field (a list cell gives one item per element)."""
    from briefparse.evaluation.endnotes import items

    out = [it for f in FIELDS if f not in LISTS for it in items(rows, f)]
    for f in LISTS:
        out += [(r["n"], f, v.strip()) for r in rows for v in (r.get(f) or []) if v.strip()]
    return out


def expected_items(doc: FixtureDoc) -> list[tuple[int, str, str]]:
    """(note, field, value) items as the endnotes scorer counts them, plus refers_to and works."""
    rows = [{"n": x.n, **{k: v for k, v in x.expected.items() if k in FIELDS}} for x in doc.notes]
    out = _items(rows)
    out += [(x.n, "refers_to", str(x.expected["refers_to"])) for x in doc.notes if "refers_to" in x.expected]
    out += [(x.n, "works", str(x.expected["works"])) for x in doc.notes if "works" in x.expected]
    return out


def predicted_items(endnotes: list[Any]) -> list[tuple[int, str, str]]:
    """The same items from parsed ``Endnote`` records."""
    rows = [{"n": e.n, **{f: getattr(e, f) for f in FIELDS}} for e in endnotes if e.kind != "bibliography"]
    out = _items(rows)
    out += [(e.n, "refers_to", str(e.refers_to)) for e in endnotes if getattr(e, "refers_to", None)]
    out += [(e.n, "works", str(len(e.works))) for e in endnotes if len(e.works) > 1]
    return out


def score(pairs: Iterable[tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]]) -> dict[str, tuple[int, int, int]]:
    """Per field (and ``all``): (true positives, false positives, false negatives) over (expected, predicted)."""
    from collections import Counter

    out: dict[str, list[int]] = {}
    for gold, pred in pairs:
        g, p = Counter(gold), Counter(pred)
        for it in set(g) | set(p):
            tp = min(g[it], p[it])
            for key in (it[1], "all"):
                row = out.setdefault(key, [0, 0, 0])
                row[0] += tp
                row[1] += p[it] - tp
                row[2] += g[it] - tp
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 of a (tp, fp, fn) triple (1.0 when there is nothing to find and nothing found)."""
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def brief_text(doc: FixtureDoc, heading: str = "Notes") -> str:
    """A plain-text brief whose body calls every note and whose notes section prints the fixture's notes."""
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    body = " ".join(f"Finding number {x.n} is reported here.{str(x.n).translate(sup)}" for x in doc.notes)
    notes = "\n".join(f"{x.n}. {x.text}" for x in doc.notes)
    return f"A Brief in the {doc.doc_id} Style\n\n{body}\n\n{heading}\n\n{notes}\n"
