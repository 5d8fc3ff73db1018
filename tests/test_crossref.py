"""The claims table end to end: a small brief, its sources saved as a GBK HTML page (declared
UTF-8) and a PDF, imported into a WARC store and replayed; each claim's status is what a reader
checking the source by hand would say."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from briefparse.claims import SourceFigure, SourceText, check_date, check_quantity, source_dates, source_figures
from briefparse.options import RunOptions
from briefparse.pipeline import run
from briefparse.records import DateExpr, Quantity
from briefparse.sources.archive import import_manifest

BRIEF = """\
The Guidance Fund

Growth of the fund

By the end of 2022, the National Guidance Fund had established 36 subsidiary funds with a total capacity of 62.4 billion yuan.¹

The 2021 measures set the fund's equity contribution at 10-30 percent of each sub-fund.²

The fund also invested 5 billion yuan in 40 startups.³

By 2023, the sub-funds had a total capacity of 52.4 billion yuan.⁴

The fund supported 300 billion yuan of projects.⁵

The measures were issued on October 24, 2021.⁶

Endnotes

1. National Bureau of Statistics (NBS), “Statistical Communiqué 统计公报,” February 28, 2023, https://src.example.cn/a.html.
2. MOF and MOST, “Measures on the Guidance Fund 引导基金管理办法,” October 24, 2021, https://src.example.cn/b.pdf.
3. MOF, “Annual Report 年度报告,” 2022, https://src.example.cn/c.html.
4. MOF, “Sub-fund Notice 子基金通知,” 2023, https://src.example.cn/d.html.
5. MOF, “Fund Report 引导基金报告,” 2023, https://src.example.cn/e.html.
6. MOF, “Notice 通知,” 2021, https://src.example.cn/f.html.
"""

PAGES = {
    # present: the same figures in Chinese form (624亿元 = 62.4 billion), and the year end
    "a.html": "<p>截至2022年底，国家科技成果转化引导基金共设立36支子基金，子基金总规模624亿元。</p>",
    # absent: about the fund, but no figure at all
    "c.html": "<p>引导基金支持科技成果转化，带动社会资本投入。</p>",
    # contradicted: a different amount beside the same term
    "d.html": "<p>截至2023年底，子基金总规模624亿元。</p>",
    # present only in an unrelated sentence: 3000亿元 = 300 billion, but about roads
    "e.html": "<p>引导基金支持科技成果转化。</p><p>某省高速公路建设完成投资3000亿元。</p>",
    # a date in Chinese numerals
    "f.html": "<p>财政部 科技部 二〇二一年十月二十四日</p>",
}
# present in another form: 10-30 percent = 百分之十至百分之三十, in a PDF
PDF_LINE = "转化基金对子基金的出资比例为子基金总额的百分之十至百分之三十。"


def _gbk_page(body: str) -> bytes:
    """A Chinese government page as they often are: GBK bytes under a UTF-8 declaration."""
    html = f'<html><head><meta charset="utf-8"><title>通知</title></head><body>{body}</body></html>'
    return html.encode("gbk")


def _pdf(path: Path, line: str) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 11)
    c.drawString(50, 760, "引导基金管理办法")
    c.drawString(50, 730, line)
    c.save()


@pytest.fixture(scope="module")
def claims(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    tmp = tmp_path_factory.mktemp("crossref")
    saved = tmp / "saved"
    saved.mkdir()
    manifest = []
    for name, body in PAGES.items():
        (saved / name).write_bytes(_gbk_page(body))
        manifest.append({"cited_url": f"https://src.example.cn/{name}", "file": name,
                         "content_type": "text/html; charset=utf-8"})
    _pdf(saved / "b.pdf", PDF_LINE)
    manifest.append({"cited_url": "https://src.example.cn/b.pdf", "file": "b.pdf", "content_type": "application/pdf"})
    (saved / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    warc = tmp / "sources.warc.gz"
    import_manifest(saved / "manifest.json", warc, date="2026-11-01")
    brief = tmp / "brief.txt"
    brief.write_text(BRIEF, encoding="utf-8")
    out = tmp / "out"
    result = run([brief], RunOptions(out=out, sources_warc=warc, progress=False))
    assert not result.failed
    table = pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)
    table.attrs["out"] = out
    return table


def _status(claims: pd.DataFrame, text: str) -> pd.Series:
    rows = claims[claims["quantity_text"].str.contains(text, regex=False)]
    assert len(rows) == 1, (text, claims["quantity_text"].tolist())
    return rows.iloc[0]


def test_figure_present_in_chinese_form_is_supported(claims: pd.DataFrame) -> None:
    for text in ("36 subsidiary funds", "62.4 billion yuan"):
        row = _status(claims, text)
        assert row["status"] == "supported", (text, row["reason"])
        assert row["notes"] == "[1]" and row["note_basis"] == "sentence"
        assert "624亿元" in row["evidence"] and row["evidence_url"] == "https://src.example.cn/a.html"


def test_evidence_offsets_point_into_the_saved_source_text(claims: pd.DataFrame) -> None:
    out: Path = claims.attrs["out"]
    sources = pd.read_csv(out / "sources.csv", dtype=str, keep_default_na=False).set_index("url")
    row = _status(claims, "62.4 billion yuan")
    src = sources.loc[row["evidence_url"]]
    text = (out / src["text_path"]).read_text(encoding="utf-8")
    assert text[int(row["evidence_start"]):int(row["evidence_end"])].strip() == row["evidence"]
    assert row["source_sha256"] == src["sha256"]


def test_year_end_date_is_supported_by_niandi(claims: pd.DataFrame) -> None:
    row = _status(claims, "end of 2022")
    assert row["status"] == "supported", row["reason"]
    assert "2022年底" in row["evidence"]


def test_range_in_another_form_in_a_pdf_is_supported(claims: pd.DataFrame) -> None:
    row = _status(claims, "10-30 percent")
    assert row["status"] == "supported", row["reason"]
    assert row["evidence_url"] == "https://src.example.cn/b.pdf"
    assert "百分之十至百分之三十" in row["evidence"]


def test_absent_figure_is_not_found(claims: pd.DataFrame) -> None:
    for text in ("5 billion yuan", "40 startups"):
        assert _status(claims, text)["status"] == "not_found_in_source"


def test_different_figure_beside_the_same_term_contradicts(claims: pd.DataFrame) -> None:
    row = _status(claims, "52.4 billion yuan")
    assert row["status"] == "contradicted"
    assert "624亿元" in row["reason"]


def test_figure_only_in_an_unrelated_sentence_does_not_count(claims: pd.DataFrame) -> None:
    row = _status(claims, "300 billion yuan")
    assert row["status"] == "not_found_in_source", row["evidence"]


def test_date_in_chinese_numerals_is_supported(claims: pd.DataFrame) -> None:
    row = _status(claims, "October 24, 2021")
    assert row["status"] == "supported", row["reason"]
    assert "二〇二一年十月二十四日" in row["evidence"]


def test_claims_table_in_duckdb_joins_to_notes(claims: pd.DataFrame) -> None:
    import duckdb

    out: Path = claims.attrs["out"]
    con = duckdb.connect(str(out / "briefparse.duckdb"), read_only=True)
    joined = con.execute(
        "select c.claim_id, e.n from claims c, endnotes e "
        "where e.doc_id = c.doc_id and list_contains(cast(c.notes as integer[]), e.n) order by c.claim_id").fetchall()
    con.close()
    assert len(joined) == len(claims)


# ---------- unit level: qualifiers and sources without key terms ----------

def _q(text: str, value: float | None, unit: str, qualifier: str | None = None,
       low: float | None = None, high: float | None = None) -> Quantity:
    return Quantity(doc_id="d", id="q1", sentence=text, quantity_text=text, value=value, low=low, high=high,
                    unit=unit, kind="", qualifier=qualifier, lang="en", year=None, notes=[1], paragraph_notes=[1],
                    usd_equivalent_of=None, section=None, start=0, end=len(text))


def _src(text: str) -> list[SourceText]:
    st = SourceText("u", text, text, "sha", None)
    st.figures = source_figures(text)
    st.dates = source_dates(text)
    return [st]


def test_qualifier_difference_is_partly_supported_with_a_reason() -> None:
    v = check_quantity(_q("more than 50 percent", 50, "percent", "more than"),
                       _src("子基金中社会资本出资不低于子基金总额50%。"), {"子基金"}, [])
    assert v.status == "partly_supported"
    assert "more than" in (v.reason or "") and "at least" in (v.reason or "")


def test_same_qualifier_is_supported() -> None:
    v = check_quantity(_q("at least three times", 3, "ratio", "at least"),
                       _src("子基金规模不低于转化基金出资额三倍。"), {"子基金"}, [])
    assert v.status == "supported"


def test_a_sibling_figure_of_the_same_sentence_is_not_a_contradiction() -> None:
    old = _q("20-30 percent", None, "percent", low=20, high=30)
    new = _q("10-30 percent", None, "percent", low=10, high=30)
    v = check_quantity(old, _src("对子基金的出资比例为子基金总额的10%-30%。"), {"子基金"}, [new])
    assert v.status == "not_found_in_source"


def test_a_point_does_not_contradict_a_range() -> None:
    v = check_quantity(_q("20.9 percent", 20.9, "percent"), _src("出资比例为子基金总额的10%-30%。"), {"子基金"}, [])
    assert v.status == "not_found_in_source"


def test_document_number_year_does_not_date_an_event() -> None:
    d = DateExpr(doc_id="d", text="2020", iso="2020", lang="en", where="body", note=None, section=None,
                 start=0, end=4)
    assert check_date(d, _src("财教〔2020〕176号 关于印发办法的通知")).status == "not_found_in_source"
    assert check_date(d, _src("2020年3月1日起施行")).status == "supported"


def test_source_figures_have_spans_that_slice_back() -> None:
    text = "总规模6,240,000万元，比例10%-30%，不低于三倍。"
    figs: list[SourceFigure] = source_figures(text)
    assert figs
    for f in figs:
        assert text[f.start:f.end] == f.text
    assert any(f.unit == "CNY" and f.value == 62_400_000_000 for f in figs)


CHAPTERS = """\
A Report in Two Chapters

Chapter 1

The fund invested 5 billion yuan in 2020.¹

ENDNOTES FOR CHAPTER 1

1. MOF, “Report A 报告甲,” 2020, https://a.example.cn/1.html.

Chapter 2

The fund invested 7 billion yuan in 2021.¹

ENDNOTES FOR CHAPTER 2

1. MOF, “Report B 报告乙,” 2021, https://b.example.cn/1.html.
"""


def test_chapter_endnotes_link_claims_and_references_to_their_own_chapter(tmp_path: Path) -> None:
    brief = tmp_path / "chapters.txt"
    brief.write_text(CHAPTERS, encoding="utf-8")
    out = tmp_path / "out"
    run([brief], RunOptions(out=out, progress=False))
    claims = pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)
    urls_of = dict(zip(claims["quantity_text"], claims["urls"], strict=False))
    assert urls_of["5 billion yuan"] == '["https://a.example.cn/1.html"]'
    assert urls_of["7 billion yuan"] == '["https://b.example.cn/1.html"]'
    urls = pd.read_csv(out / "urls.csv", dtype=str, keep_default_na=False)
    assert sorted(zip(urls["note"], urls["series"], strict=False)) == [("1", "1"), ("1", "2")]
    refs = json.loads((out / "references.json").read_text(encoding="utf-8"))
    ids = [r["id"] for r in refs]
    assert len(ids) == 2 and len(set(ids)) == 2
