"""report.html: self-contained, and in headless Chromium the claim rows, the status filter and
the note links work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from briefparse.outputs.report import render_report, write_report
from briefparse.outputs.tables import frame
from briefparse.records import Claim, Endnote


def _frames() -> dict[str, pd.DataFrame]:
    claims = [
        Claim("b.txt", f"c{i:03d}", f"Sentence {i}.", f"{i} funds", float(i), None, None, "count", [i % 3 + 1],
              "sentence", [f"https://example.org/{i}"], status, f"证据 {i}", f"https://example.org/{i}", 0, 5,
              "ab" * 32, i, i + 3)
        for i, status in enumerate(["supported", "partly_supported", "not_found_in_source", "source_unavailable",
                                    "no_citation", "supported", "contradicted"])
    ]
    notes = [Endnote("b.txt", n, f"Note {n} text.", title_en=f"Title {n}", title_zh=f"标题{n}") for n in range(1, 40)]
    return {"claims": frame("claims", claims), "endnotes": frame("endnotes", notes), "documents": pd.DataFrame(),
            "urls": frame("urls", []), "terms": frame("terms", [])}


def test_report_is_self_contained() -> None:
    page = render_report(_frames())
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert page.count('data-status="supported"') == 2
    assert 'id="note-b-txt-2"' in page and 'href="#note-b-txt-2"' in page
    assert "标题3" in page


def test_document_filter_and_readable_values() -> None:
    frames = _frames()
    two = frames["claims"].copy()
    two.loc[two.index[:2], "doc_id"] = "a.pdf"
    two.loc[two.index[0], "value"] = 62_400_000_000.0
    two.loc[two.index[0], "quantity_text"] = "62.4 billion yuan"
    two.loc[two.index[0], "sentence"] = "A total of 62.4 billion yuan ($8.67 billion) went in."
    page = render_report({**frames, "claims": two})
    assert 'id="doc-filter"' in page and '<option value="a.pdf">' in page
    assert page.count('data-doc="a.pdf"') == 2
    assert "62,400,000,000" in page and "62400000000.0" not in page
    assert "<mark>62.4 billion yuan</mark>" in page
    # a single-document report needs no document filter
    assert 'id="doc-filter"' not in render_report(frames)


@pytest.mark.slow
def test_report_in_headless_chromium(tmp_path: Path) -> None:
    exe = shutil.which("chromium")
    if not exe:
        pytest.skip("Debian chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    frames = _frames()
    write_report(tmp_path, frames)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu",
                                                               "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto((tmp_path / "report.html").as_uri())
        rows = page.locator("#claims tbody tr")
        assert rows.count() == len(frames["claims"])
        # status filter: untick everything but "supported"
        for status in ["partly_supported", "not_found_in_source", "source_unavailable", "no_citation",
                       "contradicted"]:
            page.locator(f'.filters input[value="{status}"]').uncheck()
        visible = [r for r in range(rows.count()) if rows.nth(r).is_visible()]
        assert len(visible) == 2
        assert page.locator("#shown").inner_text() == "2"
        page.locator('.filters input[value="no_citation"]').check()
        assert page.locator("#shown").inner_text() == "3"
        # a note link scrolls the note into view
        page.locator('.filters input[value="partly_supported"]').check()
        page.evaluate("window.scrollTo(0, 0)")
        page.locator('#claims a[href="#note-b-txt-3"]:visible').first.click()
        page.wait_for_timeout(300)
        assert page.evaluate("window.scrollY") > 0
        box = page.locator("#note-b-txt-3").bounding_box()
        assert box is not None and 0 <= box["y"] < 768
        page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
        browser.close()
    assert (tmp_path / "report.png").stat().st_size > 5000
