"""A run never destroys a good output: bad paths, bad --out, name clashes, concurrent and killed runs."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.diff_outputs import differences
from briefparse.cli import app
from briefparse.pipeline import MAX_NAME_BYTES, discover, file_name_for

BRIEF = "A Brief on Funds\n\nThe fund invested 76 billion yuan in 69 projects.[1]\n\nNotes\n\n" \
        "1. Ministry of Finance, “Fund Report,” March 5, 2021, http://www.mof.gov.cn/a.html.\n"


def _corpus(root: Path, names: tuple[str, ...] = ("a.txt", "b.txt")) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for n in names:
        (root / n).write_text(BRIEF.replace("76", str(len(n))), encoding="utf-8")
    return root


def _cli(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(app, ["run", "--quiet", *args])
    return res.exit_code, res.output


@pytest.fixture()
def good(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus and a finished output of it, plus a copy of that output to compare against."""
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    code, said = _cli(str(corpus), "--out", str(out))
    assert code == 0, said
    shutil.copytree(out, tmp_path / "before")
    return corpus, out


def _intact(out: Path) -> None:
    assert differences(out.parent / "before", out) == []
    assert not list(out.parent.glob(f".{out.name}.partial-*"))


@pytest.mark.parametrize("what", ["typo", "empty", "unsupported"])
def test_no_inputs_is_exit_2_and_out_untouched(good: tuple[Path, Path], tmp_path: Path, what: str) -> None:
    _, out = good
    target = tmp_path / "nosuchdir"
    if what != "typo":
        target.mkdir()
    if what == "unsupported":
        (target / "data.csv").write_text("a,b\n", encoding="utf-8")
        (target / "image.png").write_bytes(b"\x89PNG")
    code, said = _cli(str(target), "--out", str(out))
    assert code == 2
    lines = [ln for ln in said.splitlines() if ln.strip()]
    assert len(lines) == 1 and "nothing to process" in lines[0] and "left as it was" in lines[0]
    _intact(out)


def test_out_that_is_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out.txt"
    out.write_text("keep me", encoding="utf-8")
    code, said = _cli(str(corpus), "--out", str(out))
    assert code == 2 and said.strip().count("\n") == 0 and "is a file" in said
    assert out.read_text(encoding="utf-8") == "keep me"


SETPRIV = shutil.which("setpriv")


@pytest.mark.skipif(SETPRIV is None or os.geteuid() != 0, reason="needs util-linux setpriv, as root")
def test_read_only_out_is_refused(tmp_path: Path) -> None:
    # root writes anywhere, so the run is made without the capability to override file permissions
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.csv").write_text("previous\n", encoding="utf-8")
    out.chmod(0o555)
    try:
        proc = subprocess.run([str(SETPRIV), "--bounding-set", "-dac_override,-dac_read_search", "--",
                               sys.executable, "-m", "briefparse.cli", "run", "--quiet", str(corpus), "--out", str(out)],
                              capture_output=True, text=True, timeout=300)
    finally:
        out.chmod(0o755)
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "not writable" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["documents.csv"]
    assert (out / "documents.csv").read_text(encoding="utf-8") == "previous\n"


def test_same_named_inputs_both_run(tmp_path: Path) -> None:
    _corpus(tmp_path / "a", ("lp.txt",))
    _corpus(tmp_path / "b", ("lp.txt",))
    found = discover([tmp_path / "a" / "lp.txt", tmp_path / "b" / "lp.txt"])
    assert [d for _, d in found.items] == ["a/lp.txt", "b/lp.txt"]
    out = tmp_path / "out"
    code, said = _cli(str(tmp_path / "a" / "lp.txt"), str(tmp_path / "b" / "lp.txt"), "--out", str(out))
    assert code == 0, said
    rows = (out / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3 and (out / "text" / "a" / "lp.txt.txt").is_file() and (out / "text" / "b" / "lp.txt.txt").is_file()


def test_one_file_given_twice_and_one_doc_id_collision_are_told_apart(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c", ("x.txt",))
    twice = discover([corpus / "x.txt", corpus / "x.txt"])
    assert len(twice.items) == 1  # the same file is one document
    link = tmp_path / "c2"
    link.mkdir()
    (link / "x.txt").write_text(BRIEF, encoding="utf-8")
    both = discover([corpus, link])  # two folders: ids relative to their common root
    assert [d for _, d in both.items] == ["c/x.txt", "c2/x.txt"] and not both.notes


def test_very_long_file_name(tmp_path: Path) -> None:
    name = "b" * 246 + ".txt"  # 250 bytes: over the limit once `.txt` and temporary suffixes are added
    corpus = _corpus(tmp_path / "corpus", (name,))
    out = tmp_path / "out"
    code, said = _cli(str(corpus), "--out", str(out))
    assert code == 0, said
    texts = list((out / "text").iterdir())
    assert len(texts) == 1 and len(texts[0].name.encode()) <= MAX_NAME_BYTES
    assert texts[0].name == file_name_for(name)
    assert name in (out / "documents.csv").read_text(encoding="utf-8")  # the doc_id is kept whole


def _spawn(corpus: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "briefparse.cli", "run", "--quiet", str(corpus), "--out", str(out),
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_partial(out: Path, proc: subprocess.Popen[str], seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if list(out.parent.glob(f".{out.name}.partial-*")):
            return True
        time.sleep(0.02)
    return False


def test_second_concurrent_run_is_refused(good: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, out = good
    big = _corpus(tmp_path / "big", tuple(f"d{i:03d}.txt" for i in range(60)))
    first = _spawn(big, out, "--jobs", "1")
    try:
        assert _wait_for_partial(out, first), "the first run never started writing"
        code, said = _cli(str(corpus), "--out", str(out))
        assert code == 2 and "another briefparse run" in said
    finally:
        first.wait(timeout=600)
    assert first.returncode == 0, first.stderr
    assert (out / "documents.csv").read_text(encoding="utf-8").count("\n") == 61  # the first run's output, whole


def test_killed_run_leaves_the_previous_output(good: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = good
    big = _corpus(tmp_path / "big", tuple(f"d{i:03d}.txt" for i in range(30)))
    for delay in (0.0, 0.5, 1.5):
        proc = _spawn(big, out, "--jobs", "1")
        assert _wait_for_partial(out, proc), "the run never started"
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if proc.returncode == 0:  # finished before the kill: the new output is complete
            assert (out / "documents.csv").read_text(encoding="utf-8").count("\n") == 31
            return
        assert differences(tmp_path / "before", out) == []
    # the next run cleans the killed runs' partial folders and publishes
    code, said = _cli(str(big), "--out", str(out))
    assert code == 0, said
    assert not list(out.parent.glob(f".{out.name}.partial-*"))
    assert differences(tmp_path / "before", out.parent / "out.previous") == []


def test_a_document_over_its_time_budget_becomes_an_error_row_naming_the_stage(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-document budget stops a document in whatever stage it is (even one that catches Exception)."""
    from briefparse import stages
    from briefparse.pipeline import process_all

    def stuck(s: stages.DocState) -> stages.DocState:
        while True:  # a stage that never ends, and swallows ordinary exceptions
            with contextlib.suppress(Exception):  # the point: the budget must get through this
                time.sleep(0.05)

    corpus = _corpus(tmp_path / "corpus", ("slow.txt",))
    # the ordinary stages finish well within the budget (and load spaCy and jieba for the run below)
    (ok,) = [r.row for r in process_all([(corpus / "slow.txt", "slow.txt")], jobs=1, budget=1000.0)]
    assert ok.status == "ok"
    monkeypatch.setattr(stages, "STAGES", (*stages.STAGES[:2], ("terms", stuck), *stages.STAGES[3:]))
    (row,) = [r.row for r in process_all([(corpus / "slow.txt", "slow.txt")], jobs=1, budget=3.0)]
    assert row.status == "error" and row.error is not None
    assert "per-document budget of 3 s" in row.error and "stage terms" in row.error
