"""Operators' view: `dagster dev` serves the code location, a partition is materialized, and
the asset page in headless Chromium shows the partition, its row count and its checks."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import BRIEFS, ROOT

from briefparse.ingest import ingest
from pipelines.assets import PER_DOCUMENT

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
DOC_ID = "recentralization-brief.txt"
BAD_ID = "broken.pdf"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_http(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer in {seconds}s")


@pytest.fixture()
def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        pytest.skip("Debian chromium is not installed (make test installs it)")
    pytest.importorskip("playwright")
    return exe


def test_dagster_ui_shows_partition_rowcount_and_checks(tmp_path: Path, chromium: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(BRIEFS / DOC_ID, corpus)
    (corpus / BAD_ID).write_bytes(b"%PDF-1.4 cut short")  # an unreadable input: its partition must show red
    home = tmp_path / "dagster_home"
    home.mkdir()
    env = {**os.environ, "DAGSTER_HOME": str(home), "BRIEFPARSE_CORPUS": str(corpus),
           "BRIEFPARSE_OUT": str(tmp_path / "out"), "BRIEFPARSE_SOURCES_WARC": ""}
    # register the partition the sensor would add, then materialize it from the CLI
    subprocess.run([str(BIN / "python"), "-c",
                    "from dagster import DagsterInstance; "
                    f"DagsterInstance.get().add_dynamic_partitions('documents', ['{DOC_ID}', '{BAD_ID}'])"],
                   env=env, cwd=ROOT, check=True, timeout=120)
    for doc_id, ok in ((BAD_ID, False), (DOC_ID, True)):  # the good one last: its checks are the latest
        done = subprocess.run([str(BIN / "dagster"), "asset", "materialize", "-m", "pipelines.definitions",
                               "--select", ",".join(PER_DOCUMENT), "--partition", doc_id],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert (done.returncode == 0) == ok, done.stderr[-2000:]
    # the corpus-wide link health over that partition's URLs (from the snapshot store: no network)
    env["BRIEFPARSE_SOURCES_WARC"] = str(ROOT / "corpus" / "sources" / "sources.warc.gz")
    done = subprocess.run([str(BIN / "dagster"), "asset", "materialize", "-m", "pipelines.definitions",
                           "--select", "link_health"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    port = _free_port()
    server = subprocess.Popen([str(BIN / "dagster"), "dev", "-m", "pipelines.definitions", "-h", "127.0.0.1",
                               "-p", str(port)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_http(f"http://127.0.0.1:{port}/server_info", 120)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            # a fresh instance opens a "Join the community" pop-up at any moment: skip it whenever it shows
            page.add_locator_handler(page.get_by_text("Join the Dagster community"),
                                     lambda _: page.get_by_role("button", name="Skip").click())
            page.goto(f"http://127.0.0.1:{port}/assets/document?partition={DOC_ID}", timeout=60000)
            page.get_by_text(DOC_ID).first.wait_for(timeout=60000)
            page.get_by_text("Row count").first.wait_for(timeout=60000)
            body = page.inner_text("body")
            page.screenshot(path=str(tmp_path / "asset-document.png"), full_page=True)
            assert DOC_ID in body
            assert "sha256" in body
            # the row count shown is the number of blocks the document was ingested into
            blocks = len(ingest(corpus / DOC_ID).blocks)
            after = body.split("Row count", 1)[1].split()
            assert after and after[0].replace(",", "") == str(blocks)
            # the checks tab of `markers`: every_note_called fails as a warning naming note 8
            page.goto(f"http://127.0.0.1:{port}/assets/markers?view=checks", timeout=60000)
            page.get_by_text("every_note_called").first.wait_for(timeout=60000)
            page.get_by_text("no_call_to_missing_note").first.wait_for(timeout=60000)
            page.get_by_text("every_note_called").first.click()
            page.get_by_text("notes never called: 8").first.wait_for(timeout=60000)
            checks_text = page.inner_text("body")
            page.screenshot(path=str(tmp_path / "asset-markers-checks.png"), full_page=True)
            (tmp_path / "asset-markers-checks.txt").write_text(checks_text, encoding="utf-8")
            # (the unreadable partition has no result for these checks, so the list shows both as not passing)
            assert "Failed" in checks_text and "Evaluation result" in checks_text
            assert f"{DOC_ID}: notes never called: 8" in checks_text
            # WARN, not ERROR: non-blocking, and its row carries the yellow warning icon
            assert "non-blocking" in checks_text
            row = page.locator("div", has=page.get_by_text("every_note_called", exact=True)).filter(
                has_text="Failed").last
            assert row.locator("[aria-label=warning_outline]").count() >= 1
            page.get_by_text("[Show Markdown]").first.click()  # the uncalled notes as a table
            dialog = page.get_by_role("dialog")
            dialog.get_by_text("note", exact=True).first.wait_for(timeout=30000)
            assert dialog.locator("td").first.inner_text().strip() == "8"
            page.wait_for_timeout(800)  # let the dialog finish fading in before the picture
            page.screenshot(path=str(tmp_path / "asset-markers-uncalled-table.png"))
            page.keyboard.press("Escape")
            # the checks tab of `endnotes`: the numbering check passed
            page.goto(f"http://127.0.0.1:{port}/assets/endnotes?view=checks", timeout=60000)
            page.get_by_text("note_numbering").first.wait_for(timeout=60000)
            page.get_by_text("note_numbering").first.click()
            page.get_by_text("notes numbered 1..29").first.wait_for(timeout=60000)
            endnotes_text = page.inner_text("body")
            page.screenshot(path=str(tmp_path / "asset-endnotes-checks.png"), full_page=True)
            (tmp_path / "asset-endnotes-checks.txt").write_text(endnotes_text, encoding="utf-8")
            assert "duplicate_notes" in endnotes_text and "Evaluation result\nPassed" in endnotes_text
            # the unreadable input: its partition is red (Failed) and its `ingested` check failed, naming the file
            page.goto(f"http://127.0.0.1:{port}/assets/document?view=partitions", timeout=60000)
            page.get_by_text("Failed (1)").first.wait_for(timeout=60000)
            page.get_by_text(BAD_ID).first.click()
            page.get_by_text("failed, and did not materialize this asset").first.wait_for(timeout=60000)
            for _ in range(6):  # the community pop-up may still open: close it so the picture shows the page
                page.wait_for_timeout(500)
                if page.get_by_text("Join the Dagster community").is_visible():
                    with contextlib.suppress(Exception):  # the locator handler may close it first
                        page.get_by_role("button", name="Skip").click(timeout=2000)
            page.screenshot(path=str(tmp_path / "asset-document-partitions.png"), full_page=True)
            parts_text = page.inner_text("body")
            (tmp_path / "asset-document-partitions.txt").write_text(parts_text, encoding="utf-8")
            assert "Materialized (1)" in parts_text and "Failed (1)" in parts_text
            page.goto(f"http://127.0.0.1:{port}/assets/document?view=checks", timeout=60000)
            page.get_by_text("ingested", exact=True).first.wait_for(timeout=60000)
            page.get_by_text("ingested", exact=True).first.click()
            page.get_by_text("Execution history").first.click()
            page.get_by_text(f"{BAD_ID}:").first.wait_for(timeout=60000)
            ingested_text = page.inner_text("body")
            page.screenshot(path=str(tmp_path / "asset-document-ingested-check.png"), full_page=True)
            (tmp_path / "asset-document-ingested-check.txt").write_text(ingested_text, encoding="utf-8")
            assert "Failed" in ingested_text and "not a readable PDF" in ingested_text
            # link health: one row per distinct URL, the states counted, the check's verdict
            page.goto(f"http://127.0.0.1:{port}/assets/link_health", timeout=60000)
            page.get_by_text("broken_and_changed").first.wait_for(timeout=60000)
            page.get_by_text("Row count").first.wait_for(timeout=60000)
            health_text = page.inner_text("body")
            page.screenshot(path=str(tmp_path / "asset-link-health.png"), full_page=True)
            assert health_text.split("Row count", 1)[1].split()[0] == "21"
            # its check, on the checks tab (the overview loads the check panel last, so it is read there)
            page.goto(f"http://127.0.0.1:{port}/assets/link_health?view=checks", timeout=60000)
            page.get_by_text("links_healthy").first.wait_for(timeout=60000)
            page.get_by_text("changed links of 21").first.wait_for(timeout=60000)
            health_checks = page.inner_text("body")
            page.screenshot(path=str(tmp_path / "asset-link-health-checks.png"), full_page=True)
            assert "no broken or changed links of 21" in health_checks and "Evaluation result\nPassed" in health_checks
            browser.close()
        assert (tmp_path / "asset-document.png").stat().st_size > 10_000
    finally:
        os.killpg(server.pid, signal.SIGINT)  # dagster dev shuts its processes down on Ctrl-C
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def _pids_with(marker: str) -> list[int]:
    """Processes whose command line or environment mentions ``marker`` (a unique temp path)."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit() or int(d.name) == os.getpid():
            continue
        try:
            blob = (d / "cmdline").read_bytes() + (d / "environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in blob:
            found.append(int(d.name))
    return found


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_briefparse_ui_stops_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    """`briefparse ui` started from a script (no terminal, same session) stops on SIGTERM or Ctrl-C, children too."""
    home = tmp_path / "dagster_home"
    env = {**os.environ, "DAGSTER_HOME": str(home), "BRIEFPARSE_CORPUS": str(tmp_path)}
    port = _free_port()
    proc = subprocess.Popen([str(BIN / "briefparse"), "ui", "--port", str(port)], env=env, cwd=tmp_path,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_http(f"http://127.0.0.1:{port}/server_info", 180)
        assert (home / "dagster.yaml").read_text(encoding="utf-8").count("QueuedRunCoordinator") == 1
        assert len(_pids_with(str(home))) >= 2  # dagster dev and its webserver (and daemon)
        proc.send_signal(sig)
        assert proc.wait(timeout=60) is not None
        deadline = time.monotonic() + 30
        while _pids_with(str(home)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _pids_with(str(home)) == []
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in _pids_with(str(home)):
            os.kill(pid, signal.SIGKILL)
