"""Outputs safe to open: spreadsheet formulas neutralised in CSV only, reference exports escaped and
validated (DOI grammar), no control characters, and the notes parser's URL placeholder never leaks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from briefparse.notes.parse import parse_work
from briefparse.outputs.references import DOI, Ref, bib_entry, csl_item, ris_entry, safe_ref, valid_doi
from briefparse.outputs.tables import csv_cell, write_table
from briefparse.records import DocumentRow


@pytest.mark.parametrize("cell,expected", [
    ("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1,2)", "'@SUM(1,2)"),
    ("\t=1+1", "'\t=1+1"),
    ("-5", "-5"),              # a plain number is not a formula
    ("+3.5%", "+3.5%"),
    ("-1,000", "-1,000"),
    ("Ministry of Finance", "Ministry of Finance"),
    ("nul\x00inside\x1b[31m", "nul inside [31m"),
])
def test_csv_cells_neutralised(cell: str, expected: str) -> None:
    assert csv_cell(cell) == expected


def test_csv_neutralised_parquet_exact(tmp_path: Path) -> None:
    rows = [DocumentRow(doc_id="=1+1.txt", path="@evil", status="error", error="-2+3 and\x00more")]
    df = write_table(tmp_path, "documents", rows)
    csv = pd.read_csv(tmp_path / "documents.csv", dtype=str, keep_default_na=False)
    assert csv.loc[0, "doc_id"] == "'=1+1.txt" and csv.loc[0, "path"] == "'@evil"
    assert csv.loc[0, "error"] == "'-2+3 and more"
    par = pd.read_parquet(tmp_path / "documents.parquet")
    assert par.loc[0, "doc_id"] == "=1+1.txt" and par.loc[0, "path"] == "@evil"  # exact values kept
    assert df.loc[0, "doc_id"] == "=1+1.txt"
    assert b"\x00" not in (tmp_path / "documents.csv").read_bytes()


@pytest.mark.parametrize("doi,ok", [
    ("10.1353/jod.2016.0051", True),
    ("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O", True),
    ("10.1080/14672715.2021.1943372", True),
    ("10.1/short", False),                          # registrant code of 4-9 digits
    ("10.1234/abc}, title = {pwned", False),        # a brace would close the BibTeX field
    ("10.1234/abc\n@misc{evil,", False),
    ("10.1234/a b", False),
    ("doi:10.1234/abc", False),
])
def test_doi_grammar(doi: str, ok: bool) -> None:
    assert (valid_doi(doi) == doi) is ok
    assert bool(DOI.fullmatch(doi)) is ok


def _hostile_ref() -> Ref:
    return Ref(id="brief-txt-n1", kind="journal_article", authors=["Jane } Roe", "Ministry of {Finance}"],
               title="A title}, note = {injected} } @misc{x, title={y", title_zh="标题\x00》",
               container="Journal of =cmd|calc", date="2021-03-04", urls=["http://x.org/a}b{c d\\e"],
               doi="10.1234/abc}\n@misc{evil,", volume="3", issue="2", pages="1-9", note="brief.txt, note 1\r\nER  - ")


def _balanced(s: str) -> bool:
    depth = 0
    for i, ch in enumerate(s):
        if ch in "{}" and i and s[i - 1] == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_entry_cannot_be_broken_out_of() -> None:
    entry = bib_entry(safe_ref(_hostile_ref()))
    assert entry.count("\n@") == 0 and entry.startswith("@article{")  # one entry, whatever the fields hold
    assert _balanced(entry)
    assert "doi =" not in entry  # the DOI failed the grammar, so it is left out
    assert "url = {http://x.org/a%7Db%7Bc%20d%5Ce}" in entry
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", entry)


def test_ris_entry_one_record_no_control_characters() -> None:
    ris = ris_entry(safe_ref(_hostile_ref()))
    lines = ris.splitlines()
    assert sum(1 for ln in lines if ln.startswith("ER  -")) == 1 and lines[-1].startswith("ER  -")
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", ln) for ln in lines)
    assert "\x00" not in ris and "\r" not in ris and not any(ln.startswith("DO  -") for ln in lines)


def test_csl_json_fields_clean() -> None:
    item = csl_item(safe_ref(_hostile_ref()))
    text = json.dumps(item, ensure_ascii=False)
    assert "DOI" not in item and "\\u0000" not in text and item["original-title"] == "标题 》"


@pytest.mark.parametrize("note", [
    'Jane Roe, "Reform in http://www.example.cn/a.html the provinces," Policy Review, March 3, 2021.',
    'Office, http://x.cn/a.htm, "Title here," Outlet, 2020.',
    '《关于 http://www.gov.cn/a.htm 的通知》, 国务院, 2019年5月.',
    '*Book with www.example.org/x in it*, Press, 2018.',
])
def test_url_placeholder_never_leaves_the_parser(note: str) -> None:
    w = parse_work(note)
    for value in (w.title_en, w.title_zh, w.container_en, w.container_zh, w.publisher, w.place, *w.authors,
                  *w.authors_zh):
        assert value is None or "\x00" not in value, (note, value)
    assert w.urls
