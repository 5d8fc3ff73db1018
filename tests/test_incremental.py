"""Incremental assembly: a run into an earlier output reads only the per-document files that changed (the rest
is copied from the last corpus files), gives the bytes a fresh run gives, and trusts nothing edited in place;
``--no-incremental`` computes every document again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_scale import _brief, _corpus, _fresh, _inode, _run
from typer.testing import CliRunner

from bench.diff_outputs import differences
from briefparse.cli import app
from briefparse.outputs import assemble
from briefparse.outputs.reuse import Manifest, RowGroups, plan_segments


def _files_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the per-document files each assembly reads afresh (the rest it copies)."""
    read: list[str] = []
    real = assemble._fresh_rows

    def spy(con: Any, files: list[tuple[Path, int]], cols: list[str], with_row: bool) -> Any:
        read.extend(f"{f.parent.name}/{f.name}" for f, _ in files)
        return real(con, files, cols, with_row)

    monkeypatch.setattr(assemble, "_fresh_rows", spy)
    return read


def test_adding_a_document_reads_only_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    _run(corpus, out)
    read = _files_read(monkeypatch)
    (corpus / "delta.txt").write_text(_brief("Rare Earths", "superscript", "about 70 percent",
                                             ("rare earth", "稀土"), "https://www.miit.gov.cn/a/b.html"),
                                      encoding="utf-8")
    _run(corpus, out)
    assert read and all(r.endswith("doc_id=delta.txt.parquet") for r in read), read
    assert "endnotes/doc_id=delta.txt.parquet" in read
    monkeypatch.undo()
    assert differences(_fresh(corpus, tmp_path, "fresh"), out) == []


def test_changing_and_removing_documents_equal_a_fresh_run(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    _run(corpus, out)
    (corpus / "alpha.txt").write_text(_brief("Export Controls Brief, revised", "superscript", "5.1 billion yuan",
                                             ("export control list", "出口管制清单"),
                                             "https://www.mofcom.gov.cn/new.html"), encoding="utf-8")
    (corpus / "beta.txt").unlink()
    (corpus / "omega.txt").write_text(_brief("Last Word", "bracket", "$9 million", ("data security", "数据安全"),
                                             "https://www.cac.gov.cn/x.html"), encoding="utf-8")
    _run(corpus, out)
    assert "5.1 billion yuan" in (out / "quantities.csv").read_text(encoding="utf-8")
    assert "beta.txt" not in (out / "documents.csv").read_text(encoding="utf-8")
    assert differences(_fresh(corpus, tmp_path, "fresh"), out) == []


def test_a_corpus_file_edited_in_place_is_not_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    _run(corpus, out)
    with (out / "endnotes.csv").open("a", encoding="utf-8") as fh:  # the cache holds a link to this very file
        fh.write("tampered\n")
    read = _files_read(monkeypatch)
    (corpus / "delta.txt").write_text(_brief("Rare Earths", "superscript", "about 70 percent",
                                             ("rare earth", "稀土"), "https://www.miit.gov.cn/a/b.html"),
                                      encoding="utf-8")
    _run(corpus, out)
    assert any("alpha.txt" in r for r in read)  # everything read again
    assert "tampered" not in (out / "endnotes.csv").read_text(encoding="utf-8")
    monkeypatch.undo()
    assert differences(_fresh(corpus, tmp_path, "fresh"), out) == []


def test_no_incremental_flag_computes_every_document_again(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    runner = CliRunner()
    args = ["run", str(corpus), "--out", str(out), "--quiet"]
    assert runner.invoke(app, args).exit_code == 0
    first = _inode(out, "endnotes", "alpha.txt")
    assert runner.invoke(app, args).exit_code == 0
    assert _inode(out, "endnotes", "alpha.txt") == first  # reused by default
    res = runner.invoke(app, [*args, "--no-incremental"])
    assert res.exit_code == 0, res.output
    assert _inode(out, "endnotes", "alpha.txt") != first


def test_row_groups_do_not_depend_on_how_rows_arrive(tmp_path: Path) -> None:
    schema = pa.schema([("n", pa.int64())])
    layouts = []
    for pieces in ([7, 1, 12], [20], [3, 3, 3, 3, 3, 5]):
        path = tmp_path / f"{len(pieces)}.parquet"
        start = 0
        with pq.ParquetWriter(path, schema) as w:
            groups = RowGroups(w, schema, size=6)
            for n in pieces:
                groups.add(pa.table({"n": list(range(start, start + n))}, schema=schema))
                start += n
            groups.close()
        meta = pq.ParquetFile(path).metadata
        layouts.append([meta.row_group(i).num_rows for i in range(meta.num_row_groups)])
        assert pq.read_table(path).column("n").to_pylist() == list(range(20))
    assert layouts == [[6, 6, 6, 2]] * 3


def test_segments_join_runs_of_reused_documents() -> None:
    # last assembly: a (2 rows), b (3), c (1); now: a unchanged, b changed, c unchanged, d new
    prev = Manifest(docs=[["a", "a"], ["b", "b"], ["c", "c"]],
                    parts={"t": [[2, 10, 1, 1, 1], [3, 30, 2, 2, 2], [1, 5, 3, 3, 3]]})
    segs = plan_segments([[1, 1, 1], [9, 9, 9], [3, 3, 3], [4, 4, 4]], prev, "t", ["a", "b", "c", "d"], 1)
    assert [(s.reused, s.first, s.last) for s in segs] == [(True, 0, 0), (False, 1, 1), (True, 2, 2), (False, 3, 3)]
    assert (segs[2].start, segs[2].rows, segs[2].offsets, segs[2].sizes) == (5, 1, (40,), (5,))
    both = plan_segments([[1, 1, 1], [2, 2, 2]], prev, "t", ["a", "b"], 1)
    assert [(s.reused, s.start, s.rows, s.sizes) for s in both] == [(True, 0, 5, (40,))]


def test_stored_documents_from_the_assembled_table_equal_the_per_document_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefparse import pipeline

    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    _run(corpus, out)
    fast = pipeline.stored_documents(out)
    assert pipeline.assembled_rows(out, "documents", ["doc_id"]) is not None  # the one-file read was used
    monkeypatch.setattr(pipeline, "assembled_rows", lambda *a: None)
    slow = pipeline.stored_documents(out)
    assert sorted(fast, key=lambda r: r["doc_id"]) == sorted(slow, key=lambda r: r["doc_id"]) and len(fast) == 3
    monkeypatch.undo()
    (corpus / "delta.txt").write_text("Delta\n\nA short note.\n", encoding="utf-8")
    _run(corpus, out)
    (out / "tables" / "documents" / "doc_id=delta.txt.parquet").unlink()  # a file the assembly did not read
    assert pipeline.assembled_rows(out, "documents", ["doc_id"]) is None


def test_without_hard_links_nothing_is_reused_and_outputs_stay_right(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"

    def no_links(src: Any, dst: Any) -> None:
        raise OSError("links not allowed here")

    monkeypatch.setattr(os, "link", no_links)
    _run(corpus, out)  # the corpus files cannot be kept: the manifest records no table
    monkeypatch.undo()
    read = _files_read(monkeypatch)
    (corpus / "delta.txt").write_text(_brief("Rare Earths", "superscript", "about 70 percent",
                                             ("rare earth", "稀土"), "https://www.miit.gov.cn/a/b.html"),
                                      encoding="utf-8")
    _run(corpus, out)
    assert "endnotes/doc_id=alpha.txt.parquet" in read  # read again, not copied from a file it cannot check
    monkeypatch.undo()
    assert differences(_fresh(corpus, tmp_path, "fresh"), out) == []
