"""Keys that join: (doc_id, series, note) in every table, corpus-unique claim ids, one sources row per URL
with who cites it, real list columns, and the README's example queries run.

The fixture is a report with chapter endnotes: both chapters have a note 1 (and a note 2), so a join that
ignores ``series`` would give every claim the notes of both chapters.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from briefparse.outputs.readme import example_queries
from briefparse.pipeline import RunOptions, run
from briefparse.sources.archive import import_manifest

REPORT = """\
# Money and Mandates: Two Provincial Case Studies

## Chapter One: Jiangsu

Jiangsu's industrial fund committed 48 billion yuan to chip makers in 2019.[1] Officials called the outlay a \
pilot for other coastal provinces.[2]

### Notes to Chapter One

1. Jiangsu Finance Department (江苏省财政厅), "Notice on the Provincial Industrial Fund (关于省级产业基金的通知)," \
March 2, 2019, https://czt.example.gov.cn/notice/2019/48.html.
2. Interview with a provincial official, Nanjing, May 2021.

## Chapter Two: Sichuan

Sichuan's counterpart fund reached 12 billion yuan by 2022.[1] Its managers later cut the target for \
subsidiary funds to 15.[2]

### Notes to Chapter Two

1. Sichuan Finance Department (四川省财政厅), "Report on the Sichuan Industrial Fund (四川产业基金报告)," \
January 9, 2023, https://cz.example-sc.gov.cn/report/2023/12.html.
2. Sichuan Finance Department (四川省财政厅), "Sub-fund Plan (子基金方案)," 2023, \
https://cz.example-sc.gov.cn/plan/2023.html.
"""

SAVED = {
    "js.txt": ("https://czt.example.gov.cn/notice/2019/48.html",
               "关于省级产业基金的通知\n2019年3月2日\n省级产业基金向集成电路企业投资480亿元，作为沿海省份的试点。\n"),
    "sc.txt": ("https://cz.example-sc.gov.cn/report/2023/12.html",
               "四川产业基金报告\n2023年1月9日\n截至2022年底，四川产业基金规模达到120亿元。\n"),
}

# a second document citing the Sichuan report too, so one source is cited by two documents
SHORT = """\
A Note on Western Funds

The Sichuan fund held 12 billion yuan at the end of 2022 [1].

References

[1] Sichuan Finance Department, Report on the Sichuan Industrial Fund 四川产业基金报告, 2023, \
https://cz.example-sc.gov.cn/report/2023/12.html
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("joins")
    saved = root / "saved"
    saved.mkdir()
    for name, (_url, text) in SAVED.items():
        (saved / name).write_text(text, encoding="utf-8")
    (saved / "manifest.json").write_text(json.dumps(
        [{"cited_url": url, "file": name, "language": "zh"} for name, (url, _) in SAVED.items()]), encoding="utf-8")
    import_manifest(saved / "manifest.json", root / "store.warc.gz", date="2024-05-01")
    (root / "in").mkdir()
    (root / "in" / "provinces.md").write_text(REPORT, encoding="utf-8")
    (root / "in" / "western.txt").write_text(SHORT, encoding="utf-8")
    run([root / "in"], RunOptions(out=root / "out", progress=False, sources_warc=root / "store.warc.gz"))
    return root / "out"


def _con(out: Path):  # noqa: ANN202 - duckdb's connection type
    import duckdb

    return duckdb.connect(str(out / "briefparse.duckdb"), read_only=True)


def test_chapters_restart_numbering_as_series(out: Path) -> None:
    notes = pd.read_csv(out / "endnotes.csv")
    mine = notes[notes["doc_id"] == "provinces.md"]
    assert sorted(zip(mine["series"], mine["note"], strict=True)) == [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert (mine["note"] == mine["n"]).all()


def test_each_claim_joins_to_exactly_its_own_notes(out: Path) -> None:
    con = _con(out)
    try:
        rows = con.execute(
            "SELECT c.claim_id, c.quantity_text, c.series, len(c.notes), count(e.note), "
            "list(DISTINCT e.series), list(e.title_en ORDER BY e.note) "
            "FROM claims c JOIN claim_notes n USING (claim_id, doc_id, series) "
            "LEFT JOIN endnotes e USING (doc_id, series, note) "
            "WHERE c.doc_id = 'provinces.md' GROUP BY ALL ORDER BY c.claim_id").fetchall()
    finally:
        con.close()
    by_text = {r[1]: r for r in rows}
    for _, _, series, n_notes, n_joined, joined_series, _ in rows:
        assert n_joined == n_notes and joined_series == [series]
    assert by_text["48 billion yuan"][2] == 1
    assert "Notice on the Provincial Industrial Fund" in by_text["48 billion yuan"][6]
    assert by_text["12 billion yuan"][2] == 2
    assert "Report on the Sichuan Industrial Fund" in by_text["12 billion yuan"][6]
    assert not any("Jiangsu" in str(t) or "Provincial" in str(t) for t in by_text["12 billion yuan"][6])


def test_evidence_comes_from_the_claims_own_chapter(out: Path) -> None:
    con = _con(out)
    try:
        got = dict(con.execute("SELECT quantity_text, url FROM claim_evidence WHERE is_evidence "
                               "AND doc_id = 'provinces.md'").fetchall())
    finally:
        con.close()
    assert got["48 billion yuan"] == SAVED["js.txt"][0]
    assert got["12 billion yuan"] == SAVED["sc.txt"][0]


def test_claim_ids_are_unique_across_documents(out: Path) -> None:
    claims = pd.read_csv(out / "claims.csv")
    assert set(claims["doc_id"]) == {"provinces.md", "western.txt"}
    assert claims["claim_id"].is_unique
    assert all(cid.startswith(doc + "#") for cid, doc in zip(claims["claim_id"], claims["doc_id"], strict=True))


def test_sources_one_row_per_url_with_who_cites_it(out: Path) -> None:
    con = _con(out)
    try:
        urls = [r[0] for r in con.execute("SELECT url FROM sources").fetchall()]
        cited = con.execute("SELECT doc_id, series, note FROM source_citations WHERE url = ? ORDER BY ALL",
                            [SAVED["sc.txt"][0]]).fetchall()
        finals = con.execute("SELECT final_url FROM sources WHERE final_url IS NOT NULL").fetchall()
    finally:
        con.close()
    assert len(urls) == len(set(urls))
    assert cited == [("provinces.md", 2, 1), ("western.txt", 1, 1)]
    assert all("," not in f[0] for f in finals)


def test_list_columns_are_lists_in_duckdb_and_json_in_csv(out: Path) -> None:
    con = _con(out)
    try:
        types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() "
                                 "WHERE table_name = 'claims'").fetchall())
        first = con.execute("SELECT notes[1] FROM claims WHERE quantity_text = '12 billion yuan' "
                            "AND doc_id = 'provinces.md'").fetchone()
    finally:
        con.close()
    assert types["notes"] == "BIGINT[]" and types["urls"] == "VARCHAR[]"
    assert first == (1,)
    csv = pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)
    assert all(json.loads(v) is not None for v in csv["notes"])


def test_duckdb_declares_primary_keys(out: Path) -> None:
    con = _con(out)
    try:
        keys = dict(con.execute("SELECT table_name, constraint_column_names FROM duckdb_constraints() "
                                "WHERE constraint_type = 'PRIMARY KEY'").fetchall())
    finally:
        con.close()
    assert keys["claims"] == ["claim_id"] and keys["endnotes"] == ["doc_id", "series", "note"]
    assert keys["sources"] == ["url"]


def test_readme_example_queries_run_and_answer(out: Path) -> None:
    text = (out / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, re.S)
    assert len(blocks) == len(example_queries()) >= 3
    con = _con(out)
    try:
        for sql in blocks:
            assert con.execute(sql).fetchall(), sql
    finally:
        con.close()


def test_a_key_this_run_repeats_is_documented_not_enforced(tmp_path: Path) -> None:
    """A messy input can give two notes the same (series, n): the database is still written, without that key."""
    import duckdb

    from briefparse.outputs.tables import write_duckdb, write_table
    from briefparse.records import Endnote

    notes = [Endnote("messy.pdf", 3, "First note three."), Endnote("messy.pdf", 3, "Second note three.")]
    frames = {"endnotes": write_table(tmp_path, "endnotes", notes)}
    write_duckdb(tmp_path, frames)
    con = duckdb.connect(str(tmp_path / "briefparse.duckdb"), read_only=True)
    try:
        keys = con.execute("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'").fetchone()
        comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'endnotes'").fetchone()
        rows = con.execute("SELECT count(*) FROM endnotes").fetchone()
    finally:
        con.close()
    assert keys == (0,) and rows == (2,)
    assert comment is not None and "1 rows of this run repeat or lack it" in comment[0]
