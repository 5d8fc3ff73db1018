"""Claims a scholar can trust, checked end to end on a brief of our own and a WARC of its cited pages.

The brief (a different house style from the development brief: bracketed calls, "Notes" at the end) cites
pages stored the way the web serves them: GB18030 bytes under a wrong ``charset=utf-8`` header, a 301 to a
GBK page that declares its charset only in a ``<meta>`` tag, a page in traditional characters with full-width
digits, and one page that was never archived. Its claims are supported, contradicted, a trap (the number is
on the page but counts something else), a year found only in a byline, and one with no citation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from briefparse.claims import SourceText, check_date, check_quantity
from briefparse.claims.counted import DIFFERENT, SAME, english_side, relation
from briefparse.options import RunOptions
from briefparse.pipeline import run
from briefparse.records import DateExpr, Quantity
from briefparse.sources.archive import open_store
from briefparse.sources.fetch import Exchange
from briefparse.sources.source_text import page_lines

BRIEF = """\
Provincial Science Budgets Under Scrutiny

Findings

Zhejiang's science department spent 4.5 billion yuan on provincial key laboratories in 2022 [1].

The Hubei innovation fund reached a total size of 62 billion yuan [2].

Taiwan's science council now runs 45 provincial key laboratories [3].

The Anhui incubator program employed 120 engineers [4].

The Sichuan talent plan opened its first training base in 2019 [5].

Guangdong's pilot zone attracted 300 companies [6].

Outlook

Analysts expect the total to double to 9 billion yuan by 2025.

Notes

[1] Zhejiang Science and Technology Department, “Budget Report 浙江省科技厅部门预算报告,” 2023, https://kjt.zhejiang.example/ys/2023.html.
[2] Hubei Finance Department, “Fund Notice 湖北省创新投资基金管理办法,” 2021, http://czt.hubei.example/zwgk/fund.html.
[3] Science Council, “Laboratory Statistics 重點實驗室統計,” 2023, https://www.nstc.example.tw/lab/stat.html.
[4] Anhui Science Department, “Incubator Program 孵化器计划项目通知,” 2022, https://kjt.anhui.example/fhq.html.
[5] Sichuan Talent Office, “Talent Plan 人才计划通知,” 2019, https://rc.sichuan.example/plan.html.
[6] Guangdong Commerce Department, “Pilot Zone 试验区建设方案,” 2021, https://swt.gd.example/zone.html.
"""

WHEN = "2024-05-02T08:00:00Z"


def _page(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"


def _ex(url: str, status: int, headers: list[tuple[str, str]], body: bytes) -> Exchange:
    return Exchange(url=url, request_headers=[("User-Agent", "test")], status=status,
                    reason={200: "OK", 301: "Moved Permanently"}[status], http_version="HTTP/1.1",
                    headers=headers + [("Content-Length", str(len(body)))], body=body, ip="127.0.0.1", date=WHEN)


def _warc(path: Path) -> None:
    gb = _page("浙江省科技厅2023年部门预算报告",
               "<p>2022年，省科技厅安排省级重点实验室建设经费45亿元，支持基础研究。</p>").encode("gb18030")
    moved_to = "http://czt.hubei.example/zwgk/2021/fund_new.html"
    gbk = ('<html><head><meta charset="gbk"><title>湖北省创新投资基金管理办法</title></head><body>'
           "<p>湖北省创新投资基金总规模680亿元，由省财政出资引导。</p></body></html>").encode("gbk")
    big5 = _page("重點實驗室統計", "<p>截至２０２３年底，本會共認定省級重點實驗室４２家，分布於各縣市。</p>")
    trap = _page("孵化器计划项目通知", "<p>孵化器计划共有120家企业参与，带动投资增长。</p>")
    byline = ('<html><head><title>人才计划通知</title></head><body><div class="TRS_Editor">'
              "<p>来源：四川省人才办 发布时间：2019-05-06 10:20</p><p>浏览次数：2019</p>"
              "<p>人才计划通知</p><p>各市人才工作部门要加强人才引进，完善激励机制。</p></div></body></html>")
    with open_store(path) as store:
        store.write_exchange(_ex("https://kjt.zhejiang.example/ys/2023.html", 200,
                                 [("Content-Type", "text/html; charset=utf-8")], gb))
        store.write_exchange(_ex("http://czt.hubei.example/zwgk/fund.html", 301, [("Location", moved_to)], b""))
        store.write_exchange(_ex(moved_to, 200, [("Content-Type", "text/html")], gbk))
        store.write_exchange(_ex("https://www.nstc.example.tw/lab/stat.html", 200,
                                 [("Content-Type", "text/html; charset=utf-8")], big5.encode("utf-8")))
        store.write_exchange(_ex("https://kjt.anhui.example/fhq.html", 200,
                                 [("Content-Type", "text/html; charset=utf-8")], trap.encode("utf-8")))
        store.write_exchange(_ex("https://rc.sichuan.example/plan.html", 200,
                                 [("Content-Type", "text/html; charset=utf-8")], byline.encode("utf-8")))
        # note 6 (swt.gd.example) was never archived


@pytest.fixture(scope="module")
def claims(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    root = tmp_path_factory.mktemp("trust")
    brief = root / "budgets.txt"
    brief.write_text(BRIEF, encoding="utf-8")
    warc = root / "cited.warc.gz"
    _warc(warc)
    out = root / "out"
    run([brief], RunOptions(out=out, sources_warc=warc, progress=False))
    return pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)


def _row(claims: pd.DataFrame, text: str) -> pd.Series:
    rows = claims[claims["quantity_text"] == text]
    assert len(rows) == 1, (text, claims[["quantity_text", "status"]].to_dict("records"))
    return rows.iloc[0]


def test_supported_from_gb18030_under_a_wrong_header(claims: pd.DataFrame) -> None:
    row = _row(claims, "4.5 billion yuan")
    assert row["status"] == "supported", row["reason"]
    assert "45亿元" in row["evidence"]
    assert row["evidence_source"] == "cited"
    assert row["evidence_read_from"] == "https://kjt.zhejiang.example/ys/2023.html"
    assert row["evidence_warc_record_id"].startswith("<urn:uuid:")
    assert row["evidence_captured_at"].startswith("2024-05-02")
    year = _row(claims, "2022")  # "in 2022" beside the same laboratories: the source's 2022年 sentence
    assert year["status"] == "supported" and "2022年" in year["evidence"]


def test_contradicted_after_a_redirect_to_a_gbk_page(claims: pd.DataFrame) -> None:
    row = _row(claims, "62 billion yuan")
    assert row["status"] == "contradicted", row["reason"]
    assert "680亿元" in row["reason"] and "680亿元" in row["evidence"]
    assert row["evidence_source"] == "redirect"
    assert row["evidence_read_from"] == "http://czt.hubei.example/zwgk/2021/fund_new.html"
    assert row["evidence_url"] == "http://czt.hubei.example/zwgk/fund.html"  # the cited URL stays the key


def test_contradicted_in_traditional_script_with_full_width_digits(claims: pd.DataFrame) -> None:
    row = _row(claims, "45 provincial key laboratories")
    assert row["status"] == "contradicted", row["reason"]
    assert "４２家" in row["evidence"]  # quoted as printed


def test_a_number_counting_something_else_is_not_evidence(claims: pd.DataFrame) -> None:
    row = _row(claims, "120 engineers")
    assert row["status"] == "not_found_in_source", row["evidence"]
    assert "counts something else" in row["reason"]
    assert row["evidence"] == ""


def test_a_year_only_in_the_byline_is_not_evidence(claims: pd.DataFrame) -> None:
    row = _row(claims, "2019")
    assert row["status"] == "not_found_in_source", row["evidence"]
    assert "byline" in row["reason"]


def test_a_source_never_archived_is_unavailable(claims: pd.DataFrame) -> None:
    row = _row(claims, "300 companies")
    assert row["status"] == "source_unavailable"


def test_a_figure_without_a_call_has_no_citation(claims: pd.DataFrame) -> None:
    assert _row(claims, "9 billion yuan")["status"] == "no_citation"


def test_no_supported_row_rests_on_a_page_line(claims: pd.DataFrame) -> None:
    ok = claims[claims["status"].isin(["supported", "partly_supported"])]
    assert len(ok) >= 1
    assert not any(re.search(r"来源|來源|发布时间|發布時間|浏览次数|Source:", e) for e in ok["evidence"])


# ---------- the development brief: no supported row rests on a byline, timestamp or source line ----------

def test_dev_brief_supported_evidence_is_never_a_page_line(tmp_path: Path) -> None:
    from conftest import BRIEFS, ROOT

    warc = ROOT / "corpus" / "sources" / "sources.warc.gz"
    if not warc.is_file():
        pytest.skip("the shipped source store is not built")
    out = tmp_path / "out"
    run([BRIEFS / "recentralization-brief.txt"], RunOptions(out=out, sources_warc=warc, progress=False))
    c = pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)
    ok = c[c["status"].isin(["supported", "partly_supported"])]
    assert len(ok) >= 5
    for _, r in ok.iterrows():
        text = (out / r["evidence_text_path"]).read_text(encoding="utf-8")
        a, b = int(r["evidence_start"]), int(r["evidence_end"])
        assert all(not (s < b and a < e) for s, e, _ in page_lines(text)), (r["quantity_text"], r["evidence"])
        assert r["evidence_source"] in ("cited", "redirect", "mirror", "excerpt", "mirror_excerpt")
        assert r["evidence_read_from"] and r["evidence_warc_record_id"]
    year = c[(c["quantity_text"] == "2021") & c["sentence"].str.contains("record low")]
    assert set(year["status"]) == {"not_found_in_source"}  # 发布时间:2021/11/24 is the page's, not the event's


# ---------- unit level ----------

def _src(text: str) -> list[SourceText]:
    from briefparse.claims import source_dates, source_figures
    from briefparse.claims.script import fold

    st = SourceText("u", text, text, "sha", None)
    st.figures = source_figures(fold(text))
    st.dates = source_dates(fold(text))
    return [st]


def _count(text: str, value: float) -> Quantity:
    return Quantity(doc_id="d", id="q1", sentence=text, quantity_text=text, value=value, low=None, high=None,
                    unit="count", kind="count", qualifier=None, lang="en", year=None, notes=[1], paragraph_notes=[1],
                    usd_equivalent_of=None, section=None, start=0, end=len(text))


@pytest.mark.parametrize(("claim", "source", "expected"), [
    ("120 engineers", "共有120家企业参与", DIFFERENT),
    ("120 engineers", "培养工程师120名", SAME),
    ("36 subsidiary funds", "共设立36支子基金", SAME),
    ("45 provincial key laboratories", "省級重點實驗室42家", SAME),
    ("12 universities", "新增12个项目", DIFFERENT),
    ("300 companies", "企业数量达到300家", SAME),
])
def test_what_a_count_counts(claim: str, source: str, expected: str) -> None:
    from briefparse.claims.script import fold

    folded = fold(source)
    fig = next(f for f in _src(source)[0].figures if f.unit == "count")
    assert relation(english_side(claim), source[fig.start:fig.end], folded, fig.start) == expected


def test_count_contradicted_only_for_the_same_counted_thing() -> None:
    same = check_quantity(_count("45 laboratories", 45), _src("本省共有重点实验室42家。"), {"重点实验室"}, [],
                          counted=english_side("45 laboratories"))
    other = check_quantity(_count("45 engineers", 45), _src("本省共有重点实验室42家。"), {"重点实验室"}, [],
                           counted=english_side("45 engineers"))
    assert same.status == "contradicted" and other.status == "not_found_in_source"


def _date(iso: str) -> DateExpr:
    return DateExpr(doc_id="d", text=iso, iso=iso, lang="en", where="body", note=None, section=None, start=0, end=4)


def test_a_byline_year_supports_only_a_claim_about_the_publication() -> None:
    page = "来源：财政部 发布时间：2021/11/24 9:13:34\n关于印发《引导基金管理办法》的通知\n各有关单位：现予印发，请遵照执行。"
    event = check_date(_date("2021"), _src(page), {"引导基金"}, "Contributions hit a record low in 2021.")
    issued = check_date(_date("2021"), _src(page), {"引导基金"}, "A new fund regulation was issued in 2021.")
    assert event.status == "not_found_in_source" and "byline" in (event.reason or "")
    assert issued.status == "supported"
    assert "byline" in (issued.reason or "") and "来源" not in (issued.evidence or "")


def test_a_year_in_a_sentence_of_the_same_event_supports_it() -> None:
    v = check_date(_date("2019"), _src("2019年，人才计划在成都设立首个培训基地。"), {"人才计划"},
                   "The talent plan opened its first base in 2019.")
    assert v.status == "supported" and "2019年" in (v.evidence or "")
    off_topic = check_date(_date("2019"), _src("2019年，全省粮食产量稳定增长。"), {"人才计划"},
                           "The talent plan opened its first base in 2019.")
    assert off_topic.status == "not_found_in_source"
