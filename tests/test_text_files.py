"""Atomic writes: a file appears whole or not at all, streamed pieces included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefparse.outputs.report import render_report, report_chunks
from briefparse.text.files import write_chunks_atomic


def test_streamed_pieces_are_written_whole_and_a_failure_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    write_chunks_atomic(target, iter(["<p>", "二〇二一年", "</p>\n"]))
    assert target.read_text(encoding="utf-8") == "<p>二〇二一年</p>\n"

    def broken() -> Iterator[str]:
        yield "<p>half"
        raise RuntimeError("template failed")

    with pytest.raises(RuntimeError):
        write_chunks_atomic(target, broken())
    assert target.read_text(encoding="utf-8") == "<p>二〇二一年</p>\n"  # the old file, untouched
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left behind


def test_report_in_pieces_is_the_report() -> None:
    import pandas as pd

    frames = {"documents": pd.DataFrame([{"doc_id": "a.txt", "path": "a.txt", "status": "ok"}])}
    chunks = list(report_chunks(frames))
    assert len(chunks) > 1 and "".join(chunks) == render_report(frames)
