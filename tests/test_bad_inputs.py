"""The bad-input suite: 30+ broken or hostile inputs generated here. Each gives a clear error or
warning naming the file, the other documents finish, and every output file is complete."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from conftest import BRIEFS

from briefparse.options import RunOptions
from briefparse.pipeline import run

BIN = Path(sys.executable).parent


def _pdf(draw: Callable, encrypt: str | None = None) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _text_pdf() -> bytes:
    return _pdf(lambda c: c.drawString(72, 700, "A sentence with a call.1"))


def _image_only_pdf() -> bytes:
    def draw(c):
        c.setFillColorRGB(0.2, 0.3, 0.4)
        c.rect(72, 72, 300, 400, fill=1)
    return _pdf(draw)


def _nested_html(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "deep text here." + "</div>" * depth + "</body></html>").encode()


def _notes_doc(notes: list[str], body: str = "A claim.¹ Another claim.²") -> bytes:
    return (f"Title Here\n\nIntro\n\n{body}\n\nEndnotes\n\n" + "\n".join(notes) + "\n").encode()


# name → (bytes, expected: "error" with a word of the message, or "ok")
BAD: dict[str, tuple[Callable[[], bytes], str]] = {
    "truncated.pdf": (lambda: _text_pdf()[:300], "error:PDF"),
    "encrypted.pdf": (lambda: _pdf(lambda c: c.drawString(72, 700, "secret"), encrypt="pw"), "error:encrypted"),
    "image-only.pdf": (_image_only_pdf, "error:no text"),
    "zero.txt": (lambda: b"", "error:empty"),
    "zero.pdf": (lambda: b"", "error:empty"),
    "zero.html": (lambda: b"", "error:empty"),
    "junk-named.pdf": (lambda: os.urandom(4096), "error:not a PDF"),
    "junk-named.txt": (lambda: bytes(range(256)) * 64, "error:binary"),
    "junk-named.html": (lambda: b"\x00\xff\x10\x02" * 2048, "error:binary"),
    "pdf-header-garbage.pdf": (lambda: b"%PDF-1.7\n" + os.urandom(2048), "error:PDF"),
    "nul-bytes.md": (lambda: b"# T\x00\x00\x00\x01\x02\x03" * 500, "error:binary"),
    "unsupported.docx": (lambda: b"PK\x03\x04 not really a docx", "skipped"),
    "deeply-nested.html": (lambda: _nested_html(5000), "ok"),
    "all-script.html": (lambda: b"<html><head><script>var a=1;</script></head><body><script>alert(1)</script>"
                        b"<style>p{}</style></body></html>", "error:no text"),
    "only-comments.html": (lambda: b"<html><body><!-- nothing here --></body></html>", "error:no text"),
    "empty-body.html": (lambda: b"<html></html>", "error:no text"),
    "whitespace.txt": (lambda: b"   \n\t\n   \n", "error:no text"),
    "gbk-declared-utf8.html": (lambda: "<html><head><meta charset='utf-8'></head><body><p>转化基金出资比例为"
                               "子基金总额的10%-30%。</p></body></html>".encode("gbk"), "ok"),
    "latin1.txt": (lambda: "Café résumé naïve - policy brief text.\n".encode("latin-1"), "ok"),
    "utf16-bom.txt": (lambda: "A UTF-16 brief with 中文.\n".encode("utf-16"), "ok"),
    "notes-without-numbers.txt": (lambda: _notes_doc(["A note without a number.", "Another one, unnumbered.",
                                                      "https://example.org/x.html"]), "ok"),
    "ten-thousand-notes.txt": (lambda: _notes_doc([f"{i}. Author {i}, \"Title {i},\" Outlet, 2021."
                                                   for i in range(1, 10001)]), "ok"),
    "calls-to-missing-notes.txt": (lambda: _notes_doc(["1. Only one note, 2020."], "Claim.¹ Claim.⁹⁹"), "ok"),
    "local-urls.txt": (lambda: _notes_doc(["1. Loopback, http://127.0.0.1/admin.", "2. Metadata, "
                                           "http://169.254.169.254/latest/meta-data/."]), "ok"),
    "file-ftp-urls.txt": (lambda: _notes_doc(["1. A file, file:///etc/passwd.", "2. FTP, ftp://ftp.example.org/a.txt."]),
                          "ok"),
    "long-line.txt": (lambda: ("word " * 200_000).encode(), "ok"),
    "only-heading.md": (lambda: b"# Just a heading\n", "ok"),
    "mixed-newlines.txt": (lambda: b"Title\r\n\r\nPara one.\rPara two.\n", "ok"),
    "big5.txt": (lambda: ("國家科技成果轉化引導基金管理暫行辦法，出資比例為子基金總額的百分之十至百分之三十。" * 3)
                 .encode("big5"), "ok"),
    "html-sup-only.html": (lambda: b"<html><body><p><sup>1</sup><sup>2</sup></p></body></html>", "ok"),
    "unclosed-tags.html": (lambda: b"<html><body><p>Unclosed <b>bold <i>italic <p>next para", "ok"),
    "notes-heading-only.txt": (lambda: b"Title\n\nBody text.\n\nNotes\n", "ok"),
}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    corpus = tmp_path_factory.mktemp("bad-corpus")
    for name, (make, _) in BAD.items():
        (corpus / name).write_bytes(make())
    (corpus / "good.txt").write_bytes((BRIEFS / "recentralization-brief.txt").read_bytes())
    huge = corpus / "huge.txt"  # a 200 MB file: refused by size before it is read (sparse, so cheap here)
    with huge.open("wb") as f:
        f.truncate(200 * 1024 * 1024)
    out = tmp_path_factory.mktemp("bad-out")
    result = run([corpus], RunOptions(out=out, jobs=1, progress=False))
    return corpus, out, result


def test_at_least_30_bad_inputs() -> None:
    assert len(BAD) + 1 >= 30


def test_each_bad_input_gets_a_clear_row(bad_run) -> None:
    _, out, _ = bad_run
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")
    for name, (_, expected) in BAD.items():
        if expected == "skipped":
            assert name not in docs.index  # unsupported types inside folders are not briefs
            continue
        row = docs.loc[name]
        if expected == "ok":
            assert row["status"] == "ok", (name, row["error"])
        else:
            word = expected.split(":", 1)[1]
            assert row["status"] == "error", name
            assert word.lower() in row["error"].lower(), (name, row["error"])
    assert docs.loc["huge.txt", "status"] == "error" and "limit" in docs.loc["huge.txt", "error"]
    assert docs.loc["good.txt", "status"] == "ok"


def test_the_good_document_is_fully_processed(bad_run) -> None:
    _, out, _ = bad_run
    assert "naïve" in (out / "text" / "latin1.txt.txt").read_text(encoding="utf-8")
    assert "轉化引導基金" in (out / "text" / "big5.txt.txt").read_text(encoding="utf-8")
    text = (out / "text" / "good.txt.txt").read_text(encoding="utf-8")
    assert text == (BRIEFS / "recentralization-brief.txt").read_text(encoding="utf-8")


def test_every_output_file_is_complete(bad_run) -> None:
    _, out, _ = bad_run
    from briefparse.outputs.tables import TABLE_TYPES

    for table in TABLE_TYPES:  # every contract table in both forms (glossary.csv is a file, not a table)
        pd.read_csv(out / f"{table}.csv")
        pd.read_parquet(out / f"{table}.parquet")
    for other in ("glossary.csv", "glossary.tbx", "references.json", "references.bib", "references.ris", "report.html"):
        assert (out / other).is_file(), other
    assert not list(out.rglob("*.tmp"))
    import duckdb

    con = duckdb.connect(str(out / "briefparse.duckdb"), read_only=True)
    assert con.execute("select count(*) from documents").fetchone() == (len(pd.read_csv(out / "documents.csv")),)
    con.close()


def test_cli_names_each_failed_file_and_exits_1(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Title\n\nA sentence.\n", encoding="utf-8")
    (corpus / "bad.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    done = subprocess.run([str(BIN / "briefparse"), "run", str(corpus), "--out", str(tmp_path / "o"), "-q"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = [x for x in done.stderr.splitlines() if x.startswith("error:")]
    assert len(lines) == 1 and "bad.pdf" in lines[0]
    docs = pd.read_csv(tmp_path / "o" / "documents.csv")
    assert set(docs["status"]) == {"ok", "error"}


def test_cli_usage_error_exits_2(tmp_path: Path) -> None:
    done = subprocess.run([str(BIN / "briefparse"), "run", "--jobs", "0", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2


def test_kill_half_way_leaves_no_half_written_file(tmp_path: Path) -> None:
    """Kill a run while it writes; every contract file present still parses whole."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    brief = (BRIEFS / "recentralization-brief.txt").read_text(encoding="utf-8")
    for i in range(60):
        (corpus / f"copy-{i:02d}.txt").write_text(brief, encoding="utf-8")
    out = tmp_path / "o"
    # a first complete run, so files exist; the second is killed while it overwrites them
    subprocess.run([str(BIN / "briefparse"), "run", str(corpus), "--out", str(out), "-q"], timeout=600, check=False)
    before = {p.name: p.stat().st_size for p in out.glob("*.csv")}
    assert before
    proc = subprocess.Popen([str(BIN / "briefparse"), "run", str(corpus), "--out", str(out), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.endswith(".tmp") for p in out.rglob("*")):
            break  # it is writing now
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    from briefparse.outputs.tables import TABLE_TYPES

    for table in TABLE_TYPES:
        df = pd.read_csv(out / f"{table}.csv")
        assert list(df.columns), table
        pd.read_parquet(out / f"{table}.parquet")
    docs = pd.read_csv(out / "documents.csv")
    assert len(docs) == 60
    json.dumps(before)


def test_sources_that_loop_hang_or_are_refused_warn_naming_the_document(tmp_path: Path) -> None:
    """--fetch on notes citing a redirect loop, a server that never answers, loopback/link-local/ftp:
    each source gets a row saying why it was not retrieved, a warning names the citing document and
    note, and the document itself is fine."""
    import time as _time

    from pytest_httpserver import HTTPServer
    from werkzeug import Response

    from briefparse.options import RunOptions
    from briefparse.pipeline import run
    from briefparse.sources.fetch import FetchSettings

    def hang(_request: object) -> Response:
        _time.sleep(3)
        return Response("late", status=200)

    with HTTPServer(host="127.0.0.1") as srv:
        srv.expect_request("/loop").respond_with_data("", status=302, headers={"Location": srv.url_for("/loop")})
        srv.expect_request("/hang").respond_with_handler(hang)
        brief = tmp_path / "cites.txt"
        brief.write_text(_notes_doc([f"1. Loop, {srv.url_for('/loop')}.", f"2. Hang, {srv.url_for('/hang')}.",
                                     "3. Metadata, http://169.254.169.254/latest/meta-data/.",
                                     "4. FTP, ftp://ftp.example.org/a.txt."], "One.¹ Two.² Three.³ Four.⁴")
                         .decode("utf-8"), encoding="utf-8")
        settings = FetchSettings(connect_timeout=1, read_timeout=1, total_timeout=2, retries=0, politeness_delay=0,
                                 allow_private=False, trusted_origins=frozenset({f"127.0.0.1:{srv.port}"}),
                                 respect_robots=False)
        result = run([brief], RunOptions(out=tmp_path / "out", fetch=True, progress=False, fetch_settings=settings))
    assert not result.failed
    by_note = {w.split(":", 1)[0]: w for w in result.warnings if w.startswith("cites.txt note")}
    assert set(by_note) == {"cites.txt note 1", "cites.txt note 2", "cites.txt note 3", "cites.txt note 4"}
    assert "loop" in by_note["cites.txt note 1"]
    assert "timeout" in by_note["cites.txt note 2"].lower() or "timed out" in by_note["cites.txt note 2"].lower()
    assert "link-local" in by_note["cites.txt note 3"]
    assert "ftp" in by_note["cites.txt note 4"]
    sources = pd.read_csv(tmp_path / "out" / "sources.csv", dtype=str, keep_default_na=False)
    assert len(sources) == 4 and all(sources["error"] != "")
