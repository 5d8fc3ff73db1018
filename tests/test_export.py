"""Reference exports load back in citeproc-py, bibtexparser and rispy with Chinese intact."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from conftest import doc_and_seg

from briefparse.notes import parse_notes
from briefparse.outputs.references import write_references
from briefparse.records import Endnote

NOTES = """Title Of Brief

Intro

Text.¹ More.² Again.³ Last.⁴

Notes

1. Jun Zhang (张军), "Chinese Style Fiscal Federalism 地方竞争背后的中国式财政联邦主义." *The Paper* (澎湃新闻), October 11, 2015, https://www.thepaper.cn/newsDetail_forward_1383704.
2. Suisheng Zhao, "Xi Jinping's Maoist Revival," *Journal of Democracy* 27, no. 3 (2016): 83–97, <https://doi.org/10.1353/jod.2016.0051>.
3. Susan L. Shirk, "The Origins of Overreach," in *Overreach*, New York: Oxford Academic, 2022; MOST & MOF, "Measures for Centers 国家技术创新中心管理办法," MOST & MOF, February 10, 2021, https://www.most.gov.cn/a.html.
4. Jun Zhang (张军), "Chinese Style Fiscal Federalism 地方竞争背后的中国式财政联邦主义." *The Paper* (澎湃新闻), October 11, 2015, https://www.thepaper.cn/newsDetail_forward_1383704.
5. Occasionally prefectural governments were also included.
"""


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    doc, seg = doc_and_seg(NOTES, "brief.txt")
    notes: list[Endnote] = parse_notes(doc, seg).endnotes
    assert notes[3].duplicate_of == 1
    write_references(tmp_path, notes)
    return tmp_path


def test_csl_json_loads_in_citeproc(out: Path) -> None:
    items = json.loads((out / "references.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == ["brief-txt-n1", "brief-txt-n2", "brief-txt-n3-1", "brief-txt-n3-2"]
    first = items[0]
    assert first["title"] == "Chinese Style Fiscal Federalism"
    assert first["original-title"] == "地方竞争背后的中国式财政联邦主义" and "地方竞争" in first["note"]
    assert first["author"] == [{"family": "Zhang", "given": "Jun"}]
    assert first["issued"] == {"date-parts": [[2015, 10, 11]]}
    assert items[3]["author"] == [{"literal": "MOST"}, {"literal": "MOF"}]
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for i in items:
        bib.register(Citation([CitationItem(i["id"])]))
    text = "\n".join(str(x) for x in bib.bibliography())
    assert "Xi Jinping's Maoist Revival" in text and "Zhao, S." in text and "2016" in text
    assert "https://www.thepaper.cn/newsDetail_forward_1383704" in text


def test_bibtex_loads_in_bibtexparser(out: Path) -> None:
    lib = bibtexparser.parse_string((out / "references.bib").read_text(encoding="utf-8"))
    assert not lib.failed_blocks
    entries = {e.key: e for e in lib.entries}
    assert set(entries) == {"brief-txt-n1", "brief-txt-n2", "brief-txt-n3-1", "brief-txt-n3-2"}
    e1 = entries["brief-txt-n1"]
    assert e1["title"].strip("{}") == "Chinese Style Fiscal Federalism"
    assert e1["origtitle"] == "地方竞争背后的中国式财政联邦主义"
    assert e1["author"] == "Zhang, Jun" and e1["date"] == "2015-10-11"
    assert e1["url"] == "https://www.thepaper.cn/newsDetail_forward_1383704"
    e2 = entries["brief-txt-n2"]
    assert e2.entry_type == "article" and e2["journal"] == "Journal of Democracy" and e2["doi"] == "10.1353/jod.2016.0051"
    assert entries["brief-txt-n3-2"]["author"] == "{MOST} and {MOF}"
    assert entries["brief-txt-n3-1"].entry_type == "incollection"


def test_ris_loads_in_rispy(out: Path) -> None:
    refs = rispy.loads((out / "references.ris").read_text(encoding="utf-8"))
    assert len(refs) == 4
    r1 = refs[0]
    assert r1["type_of_reference"] == "NEWS" and r1["title"] == "Chinese Style Fiscal Federalism"
    assert r1["translated_title"] == "地方竞争背后的中国式财政联邦主义"
    assert r1["authors"] == ["Zhang, Jun"] and r1["date"] == "2015/10/11/"
    assert r1["urls"] == ["https://www.thepaper.cn/newsDetail_forward_1383704"]
    r2 = refs[1]
    assert r2["type_of_reference"] == "JOUR" and r2["start_page"] == "83" and r2["end_page"] == "97"
    assert refs[3]["type_of_reference"] == "GOVDOC" and refs[3]["authors"] == ["MOST", "MOF"]


def test_files_are_written_even_without_notes(tmp_path: Path) -> None:
    write_references(tmp_path, [])
    assert json.loads((tmp_path / "references.json").read_text()) == []
    assert (tmp_path / "references.bib").exists() and (tmp_path / "references.ris").exists()
