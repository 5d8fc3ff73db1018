"""report.html in Chromium at a laptop (1366×768) and a phone (390×844): no sideways scroll, the legend,
filters that survive Back and load from a shared link, note links and their back-links, snapshot pages.

Uses Debian's chromium through Playwright (never a downloaded browser). Screenshots are saved under the
test's tmp dir (``BRIEFPARSE_SHOTS`` names another folder to keep them).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefparse.pipeline import RunOptions, run
from briefparse.sources.archive import import_manifest

pytestmark = pytest.mark.slow

VIEWPORTS = {"laptop": (1366, 768), "phone": (390, 844)}

# a commission-style report with numbered chapter endnotes and footnote-like bracket calls
REPORT = """\
# Steel, Solar and Subsidies: Provincial Industrial Policy, 2016–2023

## Key findings

- Hebei cut crude steel capacity by 31.2 million tonnes between 2016 and 2020.[1]
- Anhui's solar subsidy pool reached 2.6 billion yuan ($360 million) by 2022.[2]

## Chapter 1. Hebei's steel cuts

Hebei's provincial plan promised to close 49 blast furnaces by the end of 2020, a target officials said was met in \
October 2020.[1] Independent researchers counted fewer closures, at most 40, in the same period.

### Notes to Chapter 1

1. Hebei Development and Reform Commission (河北省发展和改革委员会), "Steel Capacity Reduction Plan \
(钢铁去产能实施方案)," April 8, 2016, https://fgw.example-hb.gov.cn/plan/2016/steel.html.
2. Anhui Energy Bureau (安徽省能源局), "Solar Subsidy Notice (光伏补贴通知)," 2022, \
https://nyj.example-ah.gov.cn/notice/2022/pv.html.

## Chapter 2. Anhui's solar pool

Anhui's solar subsidy pool reached 2.6 billion yuan by 2022, spread over 1,200 village projects.[1]

### Notes to Chapter 2

1. Anhui Energy Bureau (安徽省能源局), "Solar Subsidy Notice (光伏补贴通知)," 2022, \
https://nyj.example-ah.gov.cn/notice/2022/pv.html.
"""

SAVED = {
    "hb.txt": ("https://fgw.example-hb.gov.cn/plan/2016/steel.html",
               "钢铁去产能实施方案\n2016年4月8日\n到2020年底，全省关停高炉49座，压减粗钢产能3120万吨。\n"),
    "ah.txt": ("https://nyj.example-ah.gov.cn/notice/2022/pv.html",
               "光伏补贴通知\n截至2022年，全省光伏补贴资金池达到26亿元，覆盖1200个村级项目。\n"),
}

SHORT = """\
Memo: Solar Money in Anhui

The provincial solar subsidy pool stood at 2.6 billion yuan in 2022 [1].

References

[1] Anhui Energy Bureau, Solar Subsidy Notice 光伏补贴通知, 2022, https://nyj.example-ah.gov.cn/notice/2022/pv.html
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report_browser")
    saved = root / "saved"
    saved.mkdir()
    for name, (_url, text) in SAVED.items():
        (saved / name).write_text(text, encoding="utf-8")
    (saved / "manifest.json").write_text(json.dumps(
        [{"cited_url": url, "file": name, "language": "zh"} for name, (url, _) in SAVED.items()]), encoding="utf-8")
    import_manifest(saved / "manifest.json", root / "store.warc.gz", date="2024-05-01")
    (root / "in").mkdir()
    (root / "in" / "provinces.md").write_text(REPORT, encoding="utf-8")
    (root / "in" / "memo.txt").write_text(SHORT, encoding="utf-8")
    run([root / "in"], RunOptions(out=root / "out", progress=False, sources_warc=root / "store.warc.gz"))
    return root / "out"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = shutil.which("chromium")
    if not exe:
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu",
                                                         "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    where = Path(os.environ.get("BRIEFPARSE_SHOTS") or tmp_path)
    where.mkdir(parents=True, exist_ok=True)
    return where


def _open(browser: Any, out: Path, size: str, hash_: str = "") -> Any:
    w, h = VIEWPORTS[size]
    page = browser.new_page(viewport={"width": w, "height": h})
    page.route("http*://**/*", lambda route: route.abort())  # no network, ever
    page.goto((out / "report.html").as_uri() + hash_)
    return page


def _sideways(page: Any) -> int:
    """How many pixels the page scrolls sideways (0 when it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def _visible_rows(page: Any) -> int:
    return int(page.evaluate("[...document.querySelectorAll('#claims tbody tr')].filter(r => !r.hidden).length"))


def _in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and -1 <= box["y"] < height


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_no_sideways_scroll_and_a_legend(browser: Any, out: Path, shots: Path, size: str) -> None:
    page = _open(browser, out, size)
    assert _sideways(page) == 0
    legend = page.locator("#legend")
    assert legend.is_visible()
    for term in ("supported", "not_found_in_source", "no_citation", "sentence", "paragraph", "nearby"):
        assert term in legend.inner_text()
    # the figure is highlighted in the brief's sentence and in the source's sentence
    assert page.locator("#claims tbody tr mark").count() >= len(page.locator("#claims tbody tr").all()) // 2
    assert page.locator("#claims .evidence mark.fig").count() >= 1
    row = page.locator('#claims tbody tr[data-status="supported"]').first
    row.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -60)")
    page.screenshot(path=str(shots / f"report-{size}.png"))
    # every status cell is on screen horizontally (on the phone the rows are cards)
    width = VIEWPORTS[size][0]
    for cell in page.locator("#claims tbody tr td:nth-child(3)").all()[:10]:
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    if size == "phone":
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
        assert page.locator("#claims thead").is_hidden()
    for section in ("#notes-section", "#urls-section", "#glossary-section"):
        page.locator(section).scroll_into_view_if_needed()
        assert _sideways(page) == 0, section
    page.close()


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_filters_survive_back_and_load_from_a_shared_link(browser: Any, out: Path, shots: Path, size: str) -> None:
    page = _open(browser, out, size)
    total = page.locator("#claims tbody tr").count()
    statuses = page.evaluate("[...document.querySelectorAll('.filters input')].map(i => i.value)")
    for s in statuses:
        if s != "supported":
            page.locator(f'.filters input[value="{s}"]').uncheck()
    supported = page.locator('#claims tbody tr[data-status="supported"]').count()
    assert 0 < supported < total
    assert _visible_rows(page) == supported and page.locator("#shown").inner_text() == str(supported)
    shared = page.url
    assert "#show=supported" in shared
    # leave for a snapshot page and come back
    link = page.locator('#claims tbody tr[data-status="supported"] .links a', has_text="snapshot").first
    link.click()
    page.wait_for_load_state()
    assert "snapshots/" in page.url
    header = page.locator("dl.meta").inner_text()
    assert "sha256" in header and "captured" in header and ".example-" in header
    assert page.locator("mark.ev").count() >= 1 and page.locator("mark.fig").count() >= 1
    page.screenshot(path=str(shots / f"snapshot-{size}.png"))
    page.go_back()
    page.wait_for_load_state()
    assert page.url == shared
    assert page.locator('.filters input[value="supported"]').is_checked()
    assert not page.locator('.filters input[value="no_citation"]').is_checked()
    assert _visible_rows(page) == supported
    page.close()
    # the same address opened fresh shows the same rows
    fresh = browser.new_page(viewport=dict(zip(("width", "height"), VIEWPORTS[size], strict=True)))
    fresh.goto(shared)
    assert _visible_rows(fresh) == supported
    assert not fresh.locator('.filters input[value="no_citation"]').is_checked()
    fresh.close()


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_note_link_and_back_link_to_its_claims(browser: Any, out: Path, size: str) -> None:
    page = _open(browser, out, size)
    # a claim of chapter 2 links to chapter 2's note 1, not chapter 1's
    row = page.locator("#claims tbody tr", has_text="1,200 village projects").first
    note_link = row.locator(".notes-links a").first
    href = note_link.get_attribute("href")
    assert href and href.startswith("#note-provinces-md-s2-")
    note_link.click()
    page.wait_for_timeout(100)
    assert _in_view(page, href)
    assert "Solar Subsidy Notice" in page.locator(href).inner_text()
    # the note lists the claims citing it; its back-link returns to the claim
    back = page.locator(f"{href} a.back").first
    claim_id = back.get_attribute("href")
    assert claim_id and claim_id.startswith("#claim-")
    back.click()
    page.wait_for_timeout(100)
    assert _in_view(page, claim_id)
    # a back-link to a claim the filters hide shows it anyway
    page.goto((out / "report.html").as_uri() + "#show=no_citation")
    assert page.locator(claim_id).is_hidden()
    page.goto((out / "report.html").as_uri() + "#show=no_citation")  # fresh history entry, then the note
    page.locator(href).scroll_into_view_if_needed()
    page.locator(f"{href} a.back").first.click()
    page.wait_for_timeout(100)
    assert page.locator(claim_id).is_visible() and _in_view(page, claim_id)
    page.close()


def test_links_out_open_in_a_new_tab_and_nothing_is_fetched(out: Path) -> None:
    from html.parser import HTMLParser

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.out: list[dict[str, str | None]] = []
            self.loads: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "a" and (a.get("href") or "").startswith("http"):
                self.out.append(a)
            if tag in ("script", "link", "img", "iframe") and (a.get("src") or a.get("href")):
                self.loads.append(tag)

    pages = [out / "report.html", *sorted((out / "snapshots").glob("*.html"))]
    assert len(pages) >= 3
    for p in pages:
        links = Links()
        links.feed(p.read_text(encoding="utf-8"))
        assert links.loads == [], p.name
        assert links.out and all(a.get("target") == "_blank" and "noopener" in (a.get("rel") or "")
                                 for a in links.out), p.name
