"""The glossary files of a run: ``glossary.csv``, ``glossary.tbx`` (TBX-Basic: ``martif`` with one
``termEntry`` per Chinese term and a ``langSet`` for ``en`` and ``zh``) and ``glossary.jieba.txt``.

One entry per Chinese term across the corpus: its preferred English (the rendering seen most often) and
every other rendering with how often and in which documents it was seen (``renderings`` in the CSV, one
``tig`` per rendering in the TBX); cited titles are not glossary terms and stay out.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from briefparse.records import GlossaryEntry, Term
from briefparse.terms.glossary import CSV_COLUMNS, PROPER_TYPES, XML_LANG, build_glossary, jieba_userdict
from briefparse.text.files import write_text_atomic


def glossary_csv(entries: Sequence[GlossaryEntry]) -> str:
    """The glossary as CSV text (list cells as JSON arrays, like every table)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in entries:
        renderings = [{"en": r.en, "count": r.count, "documents": r.documents} for r in e.renderings]
        w.writerow([e.en, e.zh, e.abbr or "", e.type, e.pinyin or "", e.zh_simplified or "", _json(e.documents),
                    e.occurrences, _json(e.where), _json(e.zh_variants), _json(e.en_variants), _json(renderings)])
    return buf.getvalue()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _tig(parent: ET.Element, term: str, term_type: str | None, pos: str | None, note: str | None = None) -> None:
    tig = ET.SubElement(parent, "tig")
    ET.SubElement(tig, "term").text = term
    if term_type:
        ET.SubElement(tig, "termNote", {"type": "termType"}).text = term_type
    if pos:
        ET.SubElement(tig, "termNote", {"type": "partOfSpeech"}).text = pos
    if note:
        ET.SubElement(tig, "note").text = note


def glossary_tbx(entries: Sequence[GlossaryEntry]) -> str:
    """The glossary as a TBX-Basic document: a termEntry per Chinese term, langSets ``en`` and ``zh``."""
    martif = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = ET.SubElement(martif, "martifHeader")
    fd = ET.SubElement(header, "fileDesc")
    ET.SubElement(ET.SubElement(fd, "titleStmt"), "title").text = "briefparse glossary"
    ET.SubElement(ET.SubElement(fd, "sourceDesc"), "p").text = "English–Chinese pairs glossed in policy briefs"
    ET.SubElement(ET.SubElement(header, "encodingDesc"), "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(martif, "text"), "body")
    for i, e in enumerate(entries, 1):
        te = ET.SubElement(body, "termEntry", {"id": f"c{i}"})
        ET.SubElement(te, "note").text = f"type: {e.type}"
        pos = "properNoun" if e.type in PROPER_TYPES else "noun"
        en = ET.SubElement(te, "langSet", {XML_LANG: "en"})
        for k, r in enumerate(e.renderings or []):
            seen = f"seen {r.count}× in {', '.join(r.documents)}" if r.documents else None
            _tig(en, r.en, "fullForm" if k == 0 else "variant", pos, seen)
        if not e.renderings:
            _tig(en, e.en, "fullForm", pos)
        if e.abbr:
            _tig(en, e.abbr, "acronym" if e.abbr.isupper() else "abbreviation", pos)
        zh = ET.SubElement(te, "langSet", {XML_LANG: "zh"})
        _tig(zh, e.zh, "fullForm", pos, f"pinyin: {e.pinyin}" if e.pinyin else None)
        for v in dict.fromkeys([e.zh_simplified or "", *e.zh_variants]):
            if v and v != e.zh:
                _tig(zh, v, "variant", pos)
    ET.indent(martif)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(martif, encoding="unicode") + "\n"


def write_glossary(out: Path, terms: list[Term]) -> None:
    """Write glossary.csv, glossary.tbx and glossary.jieba.txt under ``out`` (each atomically)."""
    entries = build_glossary(terms)
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out / "glossary.csv", glossary_csv(entries))
    write_text_atomic(out / "glossary.tbx", glossary_tbx(entries))
    write_text_atomic(out / "glossary.jieba.txt", jieba_userdict(entries))
