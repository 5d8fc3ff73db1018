"""URL inventory: finding, repairing and flagging cited URLs."""

from __future__ import annotations

import json

import pytest
from conftest import BRIEFS, doc_and_seg

from briefparse.records import Endnote, UrlRecord, Work
from briefparse.sources.inventory import cited_date, inventory_urls, path_date
from briefparse.text.urls import find_urls


def _inv(notes: str, body: str = "Body text.") -> list[UrlRecord]:
    text = f"A Brief\n\n{body}\n\nNotes\n\n{notes}\n\nAbout the authors\n\nBack matter.\n"
    doc, seg = doc_and_seg(text)
    return inventory_urls(doc, seg, [])


def _one(notes: str) -> UrlRecord:
    urls = _inv(notes)
    assert len(urls) == 1, [u.url for u in urls]
    return urls[0]


def test_plain_http_flagged_https_not() -> None:
    urls = _inv('1. A, "T," May 1, 2020, http://www.example.cn/a/b.html.\n'
                '2. B, "U," May 2, 2020, https://www.example.cn/a/c.html.')
    assert [(u.note, u.scheme, u.flags) for u in urls] == [(1, "http", ["http"]), (2, "https", [])]
    assert urls[0].issue and "http" in urls[0].issue and urls[1].issue is None
    assert urls[0].url == "http://www.example.cn/a/b.html"  # trailing period is not part of the URL


def test_no_scheme_is_flagged_and_normalised() -> None:
    u = _one('1. A, "T," Xinhua, 2019. www.xinhuanet.com/politics/2019-11/05/c_1125195786.htm.')
    assert u.url == "www.xinhuanet.com/politics/2019-11/05/c_1125195786.htm"
    assert u.scheme is None and "no_scheme" in u.flags
    assert u.normalized == "https://www.xinhuanet.com/politics/2019-11/05/c_1125195786.htm"
    assert u.host == "www.xinhuanet.com"


@pytest.mark.parametrize("printed", ["http:/www.gov.cn/xinwen/a/content_1.htm", "http//www.gov.cn/xinwen/a/content_1.htm",
                                     "http:www.gov.cn/xinwen/a/content_1.htm"])
def test_malformed_scheme_is_repaired(printed: str) -> None:
    u = _one(f'1. A, "T," 2020, {printed}.')
    assert u.url == printed and "malformed" in u.flags
    assert u.normalized == "http://www.gov.cn/xinwen/a/content_1.htm"


def test_cut_by_space_is_rejoined() -> None:
    u = _one('1. A, "T," May 5, 2021, https://www.gov.cn/xinwen/2021-05/05/ content_5614060.htm.')
    assert u.url == "https://www.gov.cn/xinwen/2021-05/05/content_5614060.htm"
    assert "cut" in u.flags and "space" in (u.issue or "")


def test_cut_by_line_break_is_rejoined() -> None:
    u = _one('1. A, "T," June 1, 2021, https://www.gov.cn/zhengce/2021-06/01/\ncontent_999.htm.')
    assert u.url == "https://www.gov.cn/zhengce/2021-06/01/content_999.htm"
    assert "cut" in u.flags and "line break" in (u.issue or "")


def test_url_followed_by_next_note_is_not_joined() -> None:
    urls = _inv("1. A, 2020, http://gdstc.gd.gov.cn/zwgk_n/zwdt/content/post_3161155.html\n"
                "2. B, 2021, https://www.most.gov.cn/kjbgz/202109/t20210902_176717.html.")
    assert [u.url for u in urls] == ["http://gdstc.gd.gov.cn/zwgk_n/zwdt/content/post_3161155.html",
                                     "https://www.most.gov.cn/kjbgz/202109/t20210902_176717.html"]
    assert all("cut" not in u.flags for u in urls)


def test_glued_to_following_text() -> None:
    u = _one('1. A, "T," 2022, https://www.most.gov.cn/kjbgz/202010/t20201014_159159.html.See also the report.')
    assert u.url == "https://www.most.gov.cn/kjbgz/202010/t20201014_159159.html"
    assert "glued" in u.flags


def test_trailing_punctuation() -> None:
    ordinary = _inv('1. A, "T," 2022, <https://www.merics.org/en/report/chain>.\n'
                    "2. B (see https://www.merics.org/en/report/other).\n"
                    "3. C, 2022, https://www.merics.org/en/report/third).")
    assert [u.url for u in ordinary] == ["https://www.merics.org/en/report/chain",
                                         "https://www.merics.org/en/report/other",
                                         "https://www.merics.org/en/report/third"]
    assert ordinary[0].flags == [] and ordinary[1].flags == []
    assert "trailing_punctuation" in ordinary[2].flags  # an unbalanced ) was cut off


def test_near_duplicates_say_which_is_the_typo() -> None:
    urls = _inv('1. "Title," Office, January 18, 2022, http://gdstc.gd.gov.cn/zwgk_n/zwdt/content/post_3766671.html.\n'
                '2. "Other," Office, December 28, 2020. http://gdstc.gd.gov.cn/zwgk_n/zwdt/content/post_3161155.html.\n'
                '3. "Title," Office, January 18, 2022, http://gdstc.gd.gov.cn/zwgk_n/zwtdt/content/post_3766671.html.')
    by_note = {u.note: u for u in urls}
    assert "near_duplicate" in by_note[1].flags and "likely_typo" not in by_note[1].flags
    assert {"near_duplicate", "likely_typo"} <= set(by_note[3].flags)
    assert "zwtdt" in (by_note[3].issue or "") and "note 1" in (by_note[3].issue or "")
    assert "near_duplicate" not in by_note[2].flags  # another post id is another document


def test_different_ids_are_not_near_duplicates() -> None:
    urls = _inv("1. A, 2020, https://www.gov.cn/xinwen/2020-01/01/content_5000001.htm.\n"
                "2. B, 2020, https://www.gov.cn/xinwen/2020-01/01/content_5000002.htm.")
    assert all(u.flags == [] for u in urls)


def test_same_address_with_http_and_https() -> None:
    urls = _inv("1. A, 2020, http://www.example.org/report/one.\n2. B, 2020, https://www.example.org/report/one.")
    assert all("near_duplicate" in u.flags for u in urls)


def test_mistyped_known_section() -> None:
    u = _one('1. MOST, "Notice," August 08, 2014, https://www.gov.cn/zhuant/2015-12/14/content_5023541.htm.')
    assert "likely_typo" in u.flags and "zhuanti" in (u.issue or "")


def test_path_date_against_note_date() -> None:
    urls = _inv('1. MOST, "Conference," MOST, December 10, 2014, https://www.gov.cn/zhengce/zhengceku/2021-11/23/content_5652789.htm.\n'
                '2. X, "Decision," Xinhua, October 31, 2019. https://www.xinhuanet.com/politics/2019-11/05/c_1125195786.htm.\n'
                '3. Y, "Early," March 1, 2020, https://www.gov.cn/xinwen/2019-01/05/content_1.htm.\n'
                '4. MOF, "Notice," July 04, 2011, <https://www.nfttc.org.cn/www/nfttc/201705/501.html>.')
    by_note = {u.note: u for u in urls}
    assert "date_mismatch" in by_note[1].flags and "2014-12-10" in (by_note[1].issue or "")
    assert by_note[2].flags == []  # posted five days after: ordinary
    assert "date_mismatch" in by_note[3].flags  # a page dated before the cited item
    assert by_note[4].flags == []  # a later month folder: ordinary re-posting


def test_index_page() -> None:
    u = _one("1. Center, \"Overview,\" January 10, 2024, <https://www.htrdc.com/gjszx/xxwl/index.shtml>;")
    assert u.flags == ["index_page"]


def test_body_urls_have_no_note() -> None:
    urls = _inv("1. A, 2020, https://www.example.org/a/b.", body="See https://www.example.org/body/page.html for more.")
    assert [(u.note, u.url) for u in urls] == [(None, "https://www.example.org/body/page.html"),
                                               (1, "https://www.example.org/a/b")]


def test_works_of_a_note() -> None:
    urls = _inv('1. A, "One," 2020, <https://www.a.org/x/1>; "Two," 2021, http://www.b.cn/y/2.html. '
                '"Three," 2022. http://www.b.cn/y/3.html')
    assert [(u.note, u.work) for u in urls] == [(1, 1), (1, 2), (1, 3)]


def test_endnote_spans_and_works_are_used() -> None:
    text = "A Brief\n\nBody.\n\nNotes\n\n7. Two works: https://www.a.org/x and https://www.a.org/y\n"
    doc, seg = doc_and_seg(text)
    start = text.index("7.")
    note = Endnote(doc_id=doc.doc_id, n=7, raw="", start=start, end=len(text) - 1,
                   works=[Work(urls=["https://www.a.org/x", "https://www.a.org/y"])])
    urls = inventory_urls(doc, seg, [note])
    assert [(u.note, u.work) for u in urls] == [(7, 1), (7, 1)]


def test_helpers() -> None:
    assert cited_date("Xinhua, October 31, 2019.") is not None
    assert cited_date("新华社，2021年2月10日")[0].isoformat() == "2021-02-10"  # type: ignore[index]
    pd = path_date("https://www.most.gov.cn/xxgk/202102/t20210223_172904.html")
    assert pd is not None and pd[0].isoformat() == "2021-02-23" and pd[1] == "day"
    assert [f.url for f in find_urls("no urls here, e.g. S&T. and 3.5 percent")] == []


@pytest.mark.parametrize("name", ["recentralization-brief.txt", "recentralization-brief.html"])
def test_dev_brief_against_gold(name: str, gold_dir) -> None:  # type: ignore[no-untyped-def]
    from briefparse.segments import segment
    from briefparse.stages import ingest_one

    ing = ingest_one(BRIEFS / name, name)
    assert ing.doc is not None
    urls = inventory_urls(ing.doc, segment(ing.doc), [])
    gold = json.loads((gold_dir / "urls.json").read_text(encoding="utf-8"))
    assert [(u.note, u.url) for u in urls] == [(g["note"], g["url"]) for g in gold]
    assert [u.work for u in urls] == [g["work"] for g in gold]
    assert [bool(u.issue) for u in urls] == [bool(g["issue"]) for g in gold]
    for u, g in zip(urls, gold, strict=True):
        assert set(g["flags"]) <= set(u.flags), (u.note, u.flags, g["flags"])
