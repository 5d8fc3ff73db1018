"""Note calls: every printed style found, plain digits decided by the note sequence, linked to notes."""

from __future__ import annotations

import json

from conftest import BRIEFS, doc_and_seg

from briefparse.ingest import ingest
from briefparse.notes import parse_notes
from briefparse.notes.markers import call_checks, expand, find_markers
from briefparse.segments import segment


def _markers(text: str) -> list:
    doc, seg = doc_and_seg(text)
    res = parse_notes(doc, seg)
    if res.regions is not None:
        seg = segment(doc, res.regions)
    return find_markers(doc, seg, res.endnotes)


def _notes_block(n: int, heading: str = "Notes") -> str:
    return f"{heading}\n\n" + "\n".join(f"{i}. Author {i}, \"Title {i},\" Outlet, 2020." for i in range(1, n + 1)) + "\n"


def test_dev_brief_txt_markers_match_gold(gold_dir) -> None:
    doc = ingest(BRIEFS / "recentralization-brief.txt")
    seg = segment(doc)
    res = parse_notes(doc, seg)
    markers = find_markers(doc, seg, res.endnotes)
    gold = json.loads((gold_dir / "markers.json").read_text(encoding="utf-8"))
    got = [(m.notes, m.raw, m.context, m.kind, m.label) for m in markers]
    want = [(g["notes"], g["raw"], g["context"], g["kind"], g["label"]) for g in gold["markers"]]
    assert got == want
    assert [m.start for m in markers] == [g["char_offset"] for g in gold["markers"]]
    assert call_checks(res.endnotes, markers) == ["notes never called in the text: " + ", ".join(
        map(str, gold["notes_never_called"]))]


def test_expand_lists_and_ranges() -> None:
    assert expand("4,5") == [4, 5]
    assert expand("4–6") == [4, 5, 6]
    assert expand("⁴,⁵") == [4, 5]


def test_bracket_and_markdown_calls() -> None:
    text = ("Title Of Brief\n\nIntro\n\nFirst claim here.[1] Second claim, with two sources.[2, 3] "
            "A third one.[^4] Not a call [2019] nor [sic].\n\n" + _notes_block(4, "References"))
    ms = _markers(text)
    assert [(m.notes, m.style) for m in ms] == [([1], "bracket"), ([2, 3], "bracket"), ([4], "bracket")]
    assert ms[1].context == "Second claim, with two sources.[2, 3]"


def test_caret_calls_and_kinds() -> None:
    text = ("Title Of Brief\n\nIntro\n\nIt grew fast.^1 Then it slowed.^{2–3}\n\nFIGURE 1\n\nSpending by Level^4\n\n"
            + _notes_block(4))
    ms = _markers(text)
    assert [m.notes for m in ms] == [[1], [2, 3], [4]]
    assert ms[2].kind == "caption" and ms[2].label == "FIGURE 1" and ms[2].context == "Spending by Level^4"
    assert ms[0].context == "It grew fast.^1" and ms[0].section == "Intro"


def test_plain_digit_calls_decided_by_sequence() -> None:
    body = ("Title Of Brief\n\nIntro\n\n"
            "The sub-sector.1 In 2019 6 firms held 3.5 percent of 1,000 plants. "
            "Demand from the chip market2 rose; the G20 met. "
            "See the Institute of Technology, 19873 and the Plan.4 Prices rose 20.9 percent.5 "
            "The CO2 target stood.\n\n")
    ms = _markers(body + _notes_block(5))
    assert [(m.notes, m.raw) for m in ms] == [([1], "1"), ([2], "2"), ([3], "3"), ([4], "4"), ([5], "5")]
    assert ms[0].context == "The sub-sector.1"
    assert all(m.style == "plain_digits" for m in ms)


def test_plain_digits_off_sequence_are_not_calls() -> None:
    body = "Title Of Brief\n\nIntro\n\nOne claim.1 The F-35 and model A380. Another claim.2 Page.7 of it.\n\n"
    ms = _markers(body + _notes_block(3))
    assert [m.notes for m in ms] == [[1], [2]]


def test_calls_in_notes_and_back_matter_are_ignored_and_checks_warn() -> None:
    text = ("Title Of Brief\n\nIntro\n\nA claim.¹ A claim to nothing.⁹\n\n" + _notes_block(2)
            + "\nAbout Us\n\nWe are a group.³\n")
    doc, seg = doc_and_seg(text)
    res = parse_notes(doc, seg)
    ms = find_markers(doc, seg, res.endnotes)
    assert [m.notes for m in ms] == [[1], [9]]
    warns = call_checks(res.endnotes, ms)
    assert "notes never called in the text: 2" in warns
    assert "calls to notes that do not exist: 9" in warns


def test_table_and_heading_calls() -> None:
    text = ("Title Of Brief\n\nIntro\n\nA claim.¹\n\nTABLE 1\n\nStart Year\t2017²\t2011\n\nFunding Rises Fast³\n\n"
            "More text here.\n\n" + _notes_block(3))
    ms = _markers(text)
    assert [(m.notes, m.kind) for m in ms] == [([1], "sentence"), ([2], "table"), ([3], "heading")]


def test_reference_list_entries_are_never_reported_uncalled() -> None:
    import dataclasses

    text = "Title Of Brief\n\nIntro\n\nA claim.¹ Another.²\n\n" + _notes_block(2)
    doc, seg = doc_and_seg(text)
    res = parse_notes(doc, seg)
    ms = find_markers(doc, seg, res.endnotes)
    refs = [dataclasses.replace(e, series=0, kind="bibliography") for e in res.endnotes]
    assert call_checks(res.endnotes + refs, ms) == []
    # the same entries as notes of another series would be named
    loose = [dataclasses.replace(e, series=0) for e in res.endnotes]
    assert any(w.startswith("notes never called") for w in call_checks(res.endnotes + loose, ms))
