"""Per-document table files and their DuckDB assembly: incremental runs (add, change, remove a document)
give exactly what a fresh run gives while reusing the unchanged documents' files; keys, merged sources,
glossary loading scoped per document."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from bench.diff_outputs import differences
from briefparse.options import RunOptions
from briefparse.outputs.tables import doc_key, document_table_path
from briefparse.pipeline import run


def _brief(title: str, style: str, amount: str, term: tuple[str, str], url: str) -> str:
    """A small brief in one house style, written for these tests."""
    en, zh = term
    claim = f"The ministry said {amount} had been set aside for the {en} ({zh}) in the first year."
    note = f"Ministry of Commerce, “Notice on the {en.title()},” 3 May 2022, {url}."
    if style == "superscript":
        return f"{title}\n\n{claim}¹ Observers were unconvinced.\n\nNotes\n\n1. {note}\n"
    if style == "bracket":
        return f"{title}\n\n{claim} [1]\n\nReferences\n\n[1] {note}\n"
    return (f"<html><body><h1>{title}</h1><p>{claim}<sup>1</sup></p><h2>Endnotes</h2>"
            f"<ol><li>{note}</li></ol></body></html>")


SHARED = "http://www.mofcom.gov.cn/article/b/c/202205/20220503312345.shtml"


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "alpha.txt").write_text(_brief("Export Controls Brief", "superscript", "4.2 billion yuan",
                                             ("export control list", "出口管制清单"), SHARED), encoding="utf-8")
    (folder / "beta.txt").write_text(_brief("Trade Remedies", "bracket", "$310 million",
                                            ("unreliable entity list", "不可靠实体清单"), SHARED), encoding="utf-8")
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "gamma.html").write_text(_brief("Outbound Investment", "html", "12 percent",
                                                      ("negative list", "负面清单"),
                                                      "https://www.ndrc.gov.cn/xxgk/zcfb/202212/t20221228.html"),
                                               encoding="utf-8")
    return folder


def _inode(out: Path, table: str, doc_id: str) -> int:
    return document_table_path(out, table, doc_id).stat().st_ino


def _run(corpus: Path, out: Path, **kw: object) -> None:
    run([corpus], RunOptions(out=out, jobs=1, progress=False, **kw))  # type: ignore[arg-type]


def _fresh(corpus: Path, tmp: Path, name: str) -> Path:
    out = tmp / name
    _run(corpus, out)
    return out


@pytest.fixture
def first_run(tmp_path: Path) -> tuple[Path, Path]:
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    _run(corpus, out)
    return corpus, out


def test_each_document_has_its_own_files_and_the_tables_assemble_them(first_run: tuple[Path, Path]) -> None:
    corpus, out = first_run
    ids = ["alpha.txt", "beta.txt", "sub/gamma.html"]
    for table in ("documents", "endnotes", "markers", "quantities", "urls", "sources", "claims"):
        for doc_id in ids:
            assert document_table_path(out, table, doc_id).is_file(), (table, doc_id)
            assert document_table_path(out, table, doc_id).with_suffix(".csv").is_file(), (table, doc_id)
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert [d["doc_id"] for d in docs] == ids  # doc_id order
    notes = pq.read_table(out / "endnotes.parquet", columns=["doc_id", "n"]).to_pylist()
    assert [n["doc_id"] for n in notes] == ids
    # one sources row per URL, cited by both documents in document order
    sources = {s["url"]: s for s in pq.read_table(out / "sources.parquet").to_pylist()}
    assert [c["doc_id"] for c in sources[SHARED]["cited_by"]] == ["alpha.txt", "beta.txt"]
    assert len(sources) == 2
    csv_lines = (out / "endnotes.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("doc_id,") and len(csv_lines) == 4
    # the field descriptions travel with the assembled Parquet file
    field = pq.read_schema(out / "endnotes.parquet").field("title_zh")
    assert field.metadata and b"description" in field.metadata


def test_adding_a_document_runs_only_it_and_equals_a_fresh_run(first_run: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, out = first_run
    before = {d: _inode(out, "endnotes", d) for d in ("alpha.txt", "beta.txt", "sub/gamma.html")}
    (corpus / "delta.txt").write_text(_brief("Rare Earths", "superscript", "about 70 percent",
                                             ("rare earth", "稀土"), "https://www.miit.gov.cn/a/b.html"),
                                      encoding="utf-8")
    _run(corpus, out)
    # the unchanged documents' files are the very same files (linked, not written again)
    assert {d: _inode(out, "endnotes", d) for d in before} == before
    assert document_table_path(out, "claims", "delta.txt").is_file()
    assert differences(_fresh(corpus, tmp_path, "fresh"), out) == []


def test_a_changed_document_replaces_only_its_files(first_run: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, out = first_run
    kept = _inode(out, "endnotes", "alpha.txt")
    old = _inode(out, "endnotes", "beta.txt")
    (corpus / "beta.txt").write_text(_brief("Trade Remedies, revised", "bracket", "$450 million",
                                            ("unreliable entity list", "不可靠实体清单"), SHARED), encoding="utf-8")
    _run(corpus, out)
    assert _inode(out, "endnotes", "alpha.txt") == kept
    assert _inode(out, "endnotes", "beta.txt") != old
    assert "$450 million" in (out / "quantities.csv").read_text(encoding="utf-8")
    assert differences(_fresh(corpus, tmp_path, "fresh"), out) == []


def test_a_removed_document_drops_its_files_and_rows(first_run: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, out = first_run
    shutil.rmtree(corpus / "sub")
    _run(corpus, out)
    assert not document_table_path(out, "endnotes", "sub/gamma.html").exists()
    assert not (out / "text" / "sub" / "gamma.html.txt").exists()
    docs = pq.read_table(out / "documents.parquet", columns=["doc_id"]).column(0).to_pylist()
    assert docs == ["alpha.txt", "beta.txt"]
    assert differences(_fresh(corpus, tmp_path, "fresh"), out) == []


def test_other_settings_run_every_document_again(first_run: tuple[Path, Path]) -> None:
    corpus, out = first_run
    before = _inode(out, "endnotes", "alpha.txt")
    _run(corpus, out, pdf_engine="pdfplumber")  # files computed with another engine are not reused
    assert _inode(out, "endnotes", "alpha.txt") != before
    again = _inode(out, "endnotes", "alpha.txt")
    _run(corpus, out, pdf_engine="pdfplumber", incremental=False)  # asked not to reuse
    assert _inode(out, "endnotes", "alpha.txt") != again


@pytest.mark.parametrize("doc_id", ["a/b/c.txt", "报告/第一.txt", "weird [1]*?.txt", "x" * 400 + ".txt"])
def test_document_keys_are_one_file_name_each(doc_id: str) -> None:
    key = doc_key(doc_id)
    assert "/" not in key and len(key.encode("utf-8")) <= 200 and key.startswith("doc_id=")
    assert not set("*?[]") & set(key)
    assert doc_key(doc_id + "2") != key


def test_glossary_is_in_jieba_only_while_claims_are_built() -> None:
    import jieba

    from briefparse.claims import glossary_in_jieba
    from briefparse.records import Term

    jieba.initialize()
    text = "新型举国体制推动了科技自立自强"
    before, total = jieba.lcut(text), jieba.dt.total
    term = Term(doc_id="d", en="new-style whole-nation system", zh="新型举国体制", abbr=None, type="term",
                where=["body"], occurrences=1, pinyin=None, start=0, end=1)
    with glossary_in_jieba([term]) as loaded:
        assert loaded and "新型举国体制" in jieba.lcut(text)
    assert jieba.lcut(text) == before and jieba.dt.total == total


def test_a_url_cited_by_two_documents_is_fetched_once_and_archived_once(tmp_path: Path, httpserver: Any) -> None:
    from briefparse.options import FetchSettings
    from briefparse.sources.archive import iter_records

    httpserver.expect_request("/notice.html").respond_with_data(
        "<html><head><title>通知</title></head><body><p>2022年安排资金42亿元。</p></body></html>",
        content_type="text/html; charset=utf-8")
    url = f"http://127.0.0.1:{httpserver.port}/notice.html"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, style in (("one.txt", "superscript"), ("two.txt", "bracket")):
        (corpus / name).write_text(_brief(f"Brief {name}", style, "4.2 billion yuan", ("special fund", "专项资金"), url),
                                   encoding="utf-8")
    settings = FetchSettings(politeness_delay=0, retries=0, respect_robots=False,
                             trusted_origins=frozenset({f"127.0.0.1:{httpserver.port}"}))
    out = tmp_path / "out"
    run([corpus], RunOptions(out=out, jobs=1, fetch=True, progress=False, fetch_settings=settings))
    assert [r.path for r, _ in httpserver.log].count("/notice.html") == 1
    responses = [r for r, *_ in iter_records(out / "sources.warc.gz") if r.rec_type == "response"]
    assert [r.rec_headers.get_header("WARC-Target-URI") for r in responses] == [url]
    sources = pq.read_table(out / "sources.parquet").to_pylist()
    assert len(sources) == 1 and [c["doc_id"] for c in sources[0]["cited_by"]] == ["one.txt", "two.txt"]
    assert sources[0]["status"] == 200 or str(sources[0]["status"]) == "200"


def test_a_large_corpus_report_is_an_index_of_document_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    from urllib.parse import unquote

    from conftest import BRIEFS, ROOT

    from briefparse.outputs import assemble

    monkeypatch.setattr(assemble, "REPORT_FULL_MAX_DOCUMENTS", 2)
    corpus = _corpus(tmp_path / "corpus")
    shutil.copy(corpus / "alpha.txt", corpus / "报告 一.txt")
    shutil.copy(BRIEFS / "recentralization-brief.txt", corpus)
    out = tmp_path / "out"
    _run(corpus, out, sources_warc=ROOT / "corpus" / "sources" / "sources.warc.gz")
    index = (out / "report.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', index)
    assert len(hrefs) == 5 and all((out / unquote(h)).is_file() for h in hrefs), hrefs
    page = (out / "reports" / (doc_key("recentralization-brief.txt") + ".html")).read_text(encoding="utf-8")
    snaps = set(re.findall(r'href="\.\./(snapshots/[^"#]+)', page))
    assert snaps and all((out / s).is_file() for s in snaps)
    snapshot = (out / sorted(snaps)[0]).read_text(encoding="utf-8")
    assert "recentralization-brief.txt" in snapshot  # the claims whose evidence is in it, across the corpus
