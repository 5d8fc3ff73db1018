"""The corpus glossary: CSV, TBX-Basic (parsed back with xml.etree) and the jieba user dictionary."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jieba
import pytest

from briefparse.outputs.glossary_files import write_glossary
from briefparse.records import Term
from briefparse.terms.glossary import build_glossary, jieba_userdict, load_into_jieba

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _term(doc: str, en: str, zh: str, typ: str = "term", abbr: str | None = None, occ: int = 1) -> Term:
    return Term(doc_id=doc, en=en, zh=zh, abbr=abbr, type=typ, where=["body"], occurrences=occ, pinyin=None,
                start=0, end=1)


TERMS = [
    _term("a.txt", "new-style whole-of-nation system", "新型举国体制", abbr="NWNS"),
    _term("a.txt", "ministerial-provincial joint", "部省联动"),
    _term("a.pdf", "new-style whole-of-nation  system", "新型舉國體制"),  # same concept, traditional print
    _term("a.txt", "Jun Zhang", "张军", "person"),
    _term("a.txt", "Notice on the Issuance of Measures", "关于印发《办法》的通知", "title"),
]


@pytest.fixture(scope="module")
def fresh_jieba() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def test_build_glossary_merges_renditions_and_character_variants() -> None:
    entries = build_glossary(TERMS)
    assert len(entries) == 3  # the cited title is not a glossary term
    nwns = next(e for e in entries if e.zh == "新型举国体制")
    assert nwns.documents == ["a.txt", "a.pdf"]
    assert nwns.occurrences == 2 and nwns.abbr == "NWNS"
    assert nwns.zh_variants == ["新型舉國體制"]
    assert [(r.en, r.count) for r in nwns.renderings] == [("new-style whole-of-nation system", 2)]
    assert nwns.pinyin == "xīn xíng jǔ guó tǐ zhì"
    assert all(hasattr(e, a) for e in entries for a in ("en", "zh", "abbr", "type"))


def test_one_entry_per_chinese_term_with_every_rendering_counted() -> None:
    terms = [_term("a.pdf", "new-type whole-nation system", "新型举国体制"),
             _term("b.html", "new whole-of-nation system", "新型举国体制", occ=2),
             _term("c.txt", "New-Type Whole-Nation System", "新型舉國體制"),
             _term("d.txt", "new whole-of-nation system", "新型举国体制"),
             _term("d.txt", "Notice on the Measures", "关于印发《办法》的通知", "title")]
    entries = build_glossary(terms)
    assert len(entries) == 1
    e = entries[0]
    assert e.en == "new whole-of-nation system"  # seen most often (3 times in two documents)
    assert [(r.en, r.count, r.documents) for r in e.renderings] == [
        ("new whole-of-nation system", 3, ["b.html", "d.txt"]),
        ("new-type whole-nation system", 2, ["a.pdf", "c.txt"]),  # case folded, first printed form kept
    ]
    assert e.en_variants == ["new-type whole-nation system"]
    assert e.documents == ["a.pdf", "b.html", "c.txt", "d.txt"] and e.occurrences == 5
    assert build_glossary(terms, include_titles=True)[-1].zh == "关于印发《办法》的通知"


def test_write_glossary_csv_and_tbx(tmp_path: Path) -> None:
    write_glossary(tmp_path, TERMS + [_term("b.txt", "new whole-nation system", "新型举国体制")])
    rows = list(csv.DictReader((tmp_path / "glossary.csv").open(encoding="utf-8")))
    assert {r["zh"] for r in rows} == {"新型举国体制", "部省联动", "张军"}
    nwns_row = next(r for r in rows if r["zh"] == "新型举国体制")
    assert json.loads(nwns_row["en_variants"]) == ["new whole-nation system"]
    assert json.loads(nwns_row["renderings"])[1] == {"en": "new whole-nation system", "count": 1,
                                                     "documents": ["b.txt"]}
    root = ET.parse(tmp_path / "glossary.tbx").getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    entries = root.findall("./text/body/termEntry")
    assert len(entries) == 3
    for te in entries:
        langs = [ls.get(XML_LANG) for ls in te.findall("langSet")]
        assert langs == ["en", "zh"]
        assert all((term := ls.find("tig/term")) is not None and term.text for ls in te.findall("langSet"))
    def terms_of(te: ET.Element, lang: str) -> list[str]:
        return [t.text or "" for ls in te.findall("langSet") if ls.get(XML_LANG) == lang for t in ls.findall("tig/term")]

    nwns = next(te for te in entries if terms_of(te, "zh")[0] == "新型举国体制")
    assert terms_of(nwns, "en") == ["new-style whole-of-nation system", "new whole-nation system", "NWNS"]
    types = [n.text for n in nwns.findall("langSet/tig/termNote[@type='termType']")]
    assert types[:3] == ["fullForm", "variant", "acronym"]
    assert "新型舉國體制" in terms_of(nwns, "zh")
    assert not list(tmp_path.glob(".*.tmp"))
    assert "部省联动" in (tmp_path / "glossary.jieba.txt").read_text(encoding="utf-8")


def test_jieba_userdict_skips_titles_and_tags_people() -> None:
    text = jieba_userdict(build_glossary(TERMS))
    lines = dict(line.split() for line in text.splitlines())
    assert lines["新型举国体制"] == "nz" and lines["张军"] == "nr"
    assert "新型舉國體制" in lines
    assert not any("通知" in w for w in lines)


def test_jieba_segments_glossary_terms_as_one_token(fresh_jieba: jieba.Tokenizer) -> None:
    sentence = "我国坚持新型举国体制并推进部省联动项目"
    before = fresh_jieba.lcut(sentence)
    assert "新型举国体制" not in before and "部省联动" not in before
    assert load_into_jieba(build_glossary(TERMS), tokenizer=fresh_jieba) >= 2
    after = fresh_jieba.lcut(sentence)
    assert "新型举国体制" in after and "部省联动" in after


def test_load_into_jieba_from_files(tmp_path: Path) -> None:
    write_glossary(tmp_path, TERMS)
    for name in ("glossary.csv", "glossary.jieba.txt"):
        tk = jieba.Tokenizer()
        assert load_into_jieba(tmp_path / name, tokenizer=tk) >= 2
        assert "部省联动" in tk.lcut("推进部省联动项目")
