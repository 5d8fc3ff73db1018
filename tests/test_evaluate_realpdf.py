"""Real-PDF gold (tests/gold/realpdf) is complete, and its scorer gives 1.0 on the gold itself and less when a
note is dropped or a call points at the wrong note."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from briefparse.evaluation import evaluate
from briefparse.evaluation.realpdf import is_whole, load_gold, score, score_realpdf

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "realpdf"
PDFS = ROOT.parent / "shared" / "corpus" / "realpdf"
# notes per series, by file
COUNTS = {"ball-security-challenges-2011.pdf": [94], "muniz-cgsc-thesis-2009.pdf": [29, 65, 10],
          "tum-ai-policy-2021.pdf": [68]}


@pytest.fixture(scope="module")
def golds() -> list[dict[str, Any]]:
    return load_gold(GOLD)


def test_gold_files_load(golds: list[dict[str, Any]]) -> None:
    assert sorted(g["file"] for g in golds) == sorted(COUNTS)
    for g in golds:
        assert len(g["sha1"]) == 40 and g["pages"] > 0
        for n in g["notes"]:
            assert {"series", "n", "page", "first_words", "last_words"} <= set(n)
            assert 1 <= n["page"] <= g["pages"] and n["first_words"].strip() and n["last_words"].strip()
        for c in g["calls"]:
            assert {"series", "note", "page", "context"} <= set(c) and 1 <= c["page"] <= g["pages"]


def test_gold_matches_the_pdfs(golds: list[dict[str, Any]]) -> None:
    if not PDFS.is_dir():
        pytest.skip("shared/corpus/realpdf is not beside the repository")
    for g in golds:
        assert hashlib.sha1((PDFS / g["file"]).read_bytes()).hexdigest() == g["sha1"]


def test_sequences_complete(golds: list[dict[str, Any]]) -> None:
    for g in golds:
        per_series: dict[int, list[int]] = {}
        for n in g["notes"]:
            per_series.setdefault(n["series"], []).append(n["n"])
        assert sorted(per_series) == list(range(1, len(per_series) + 1))
        assert [len(v) for _, v in sorted(per_series.items())] == COUNTS[g["file"]]
        for v in per_series.values():
            assert v == list(range(1, len(v) + 1))
        notes = {(n["series"], n["n"]) for n in g["notes"]}
        called = Counter((c["series"], c["note"]) for c in g["calls"])
        assert set(called) == notes, g["file"]  # every note is called, every call has its note
        keys = [(c["series"], c["note"]) for c in g["calls"]]
        assert keys == sorted(keys)  # calls come in the order of their notes
        pages = [(n["series"], n["page"]) for n in g["notes"]]
        assert pages == sorted(pages)  # reading order


def _outputs(golds: list[dict[str, Any]], out: Path, drop: tuple[str, int] | None = None,
             mislink: tuple[str, int] | None = None) -> Path:
    """endnotes.csv / markers.csv / documents.csv as a perfect run would write them from the gold."""
    notes, calls, docs = [], [], []
    for g in golds:
        f = g["file"]
        for n in g["notes"]:
            if drop == (f, n["n"]):
                continue
            notes.append({"doc_id": f, "series": n["series"], "n": n["n"], "page": n["page"],
                          "raw": f"{n['n']}{n['first_words']} … {n['last_words']}"})
        for c in g["calls"]:
            k = c["note"] + 1 if mislink == (f, c["note"]) else c["note"]
            calls.append({"doc_id": f, "notes": json.dumps([k]), "raw": str(k), "context": f"… {c['context']}",
                          "page": c["page"], "series": c["series"]})
        docs.append({"doc_id": f, "path": f, "status": "ok", "note_count": len(g["notes"])})
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(notes).to_csv(out / "endnotes.csv", index=False)
    pd.DataFrame(calls).to_csv(out / "markers.csv", index=False)
    pd.DataFrame(docs).to_csv(out / "documents.csv", index=False)
    return out


def _by(scores: list[Any]) -> dict[tuple[str, str], Any]:
    return {(s.doc_id, s.area): s for s in scores}


def test_scorer_perfect_on_gold(golds: list[dict[str, Any]], tmp_path: Path) -> None:
    scores = score_realpdf(_outputs(golds, tmp_path / "out"), GOLD)
    assert len(scores) == 2 * len(golds)
    for s in scores:
        assert s.f1 == 1.0, (s.doc_id, s.area, s.extra)
    for g in golds:
        got = _by(scores)
        assert got[(g["file"], "realpdf_notes")].extra["whole"] == str(len(g["notes"]))
        assert got[(g["file"], "realpdf_calls")].extra["context_ok"] == str(len(g["calls"]))


def test_scorer_lower_when_note_dropped_or_call_mislinked(golds: list[dict[str, Any]], tmp_path: Path) -> None:
    f = "muniz-cgsc-thesis-2009.pdf"
    got = _by(score_realpdf(_outputs(golds, tmp_path / "drop", drop=(f, 7)), GOLD))
    notes = got[(f, "realpdf_notes")]
    assert notes.recall < 1.0 and notes.extra["whole"] == str(104 - 3)  # note 7 of each of the three chapters
    assert got[("tum-ai-policy-2021.pdf", "realpdf_notes")].f1 == 1.0
    got = _by(score_realpdf(_outputs(golds, tmp_path / "mislink", mislink=("tum-ai-policy-2021.pdf", 59)), GOLD))
    calls = got[("tum-ai-policy-2021.pdf", "realpdf_calls")]
    assert calls.f1 < 1.0 and calls.extra["linked"] == "67"


def test_reference_list_entries_are_not_found_notes(golds: list[dict[str, Any]], tmp_path: Path) -> None:
    out = _outputs(golds, tmp_path / "out")
    notes = pd.read_csv(out / "endnotes.csv")
    notes["kind"] = "news"
    f = "tum-ai-policy-2021.pdf"
    refs = pd.DataFrame([{"doc_id": f, "series": 0, "n": k, "page": 30, "raw": f"Author {k}. A book. 2020.",
                          "kind": "bibliography"} for k in range(1, 11)])
    pd.concat([notes, refs]).to_csv(out / "endnotes.csv", index=False)
    got = _by(score_realpdf(out, GOLD))[(f, "realpdf_notes")]
    assert got.f1 == 1.0 and got.extra["found"] == "68"
    # the same rows as notes would be false positives
    pd.concat([notes, refs.assign(kind="book")]).to_csv(out / "endnotes.csv", index=False)
    assert _by(score_realpdf(out, GOLD))[(f, "realpdf_notes")].precision < 1.0


def test_page_slack_and_whole_rules() -> None:
    assert is_whole("7“Three-Year Action Plan to Promote the Devel- opment … China,", 7,
                    "“Three-Year Action Plan to Promote the Development", "China,")
    assert is_whole("2007 Report to Congress, USCC, 97.", 14, "2007 Report to Congress, USCC,", "USCC, 97.")
    assert not is_whole("Mulvenon, pp. 175. Table 1: Selected …", 93, "Mulvenon,", "pp. 175.")


def test_evaluate_area(golds: list[dict[str, Any]], tmp_path: Path) -> None:
    out = _outputs(golds, tmp_path / "out")
    scores = evaluate(out, GOLD, areas=["realpdf"])
    assert {s.area for s in scores} == {"realpdf_notes", "realpdf_calls"}
    assert all(s.f1 == 1.0 for s in scores)
    # a gold folder without real-PDF gold scores nothing in this area
    pred = {"endnotes": pd.read_csv(out / "endnotes.csv", dtype=str, keep_default_na=False)}
    assert score(pred, ROOT / "tests" / "gold" / "dev") == []
