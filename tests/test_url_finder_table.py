"""The URL finder on real-looking addresses of the kinds briefs cite, in a note and in the body.

A URL with a scheme is never cut inside its host (``www.douban.com`` is not ``www.do`` + "uban"), hosts are
checked against the Public Suffix List (tldextract's bundled snapshot; nothing is fetched), the glued-extension
rule applies only at the end of a path, and reserved suffixes (.example, .local, .internal, .test) are kept whole.
"""

from __future__ import annotations

import socket

import pytest

from briefparse.text import urls as urls_mod
from briefparse.text.urls import find_urls, known_host

# (address as cited, what the finder must return) — government, news, social, university, archives, shorteners
URLS: list[str] = [
    "https://www.douban.com/note/123/",
    "https://book.douban.com/subject/35029327/",
    "http://www.dongguan.gov.cn/zwgk/a.html",
    "https://www.php.net/manual/",
    "https://www.gov.cn/zhengce/content/2021-03/13/content_5592681.htm",
    "http://www.gov.cn/xinwen/2016-08/08/content_5098072.htm",
    "https://www.most.gov.cn/xxgk/xinxifenlei/fdzdgnr/fgzc/gfxwj/gfxwj2022/202208/t20220815_181874.html",
    "http://www.mof.gov.cn/gp/xxgkml/jkwhs/202111/t20211124_3768959.htm",
    "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202303/t20230317_1351327.html",
    "http://www.stats.gov.cn/sj/zxfb/202302/t20230228_1919011.html",
    "https://www.miit.gov.cn/jgsj/kjs/wjfb/art/2023/art_5b8a4c.html",
    "http://kjt.zj.gov.cn/art/2022/6/9/art_1229225203_2406731.html",
    "https://fgw.sh.gov.cn/fgw_zcwj/20230105/abc123.html",
    "http://www.szkj.gov.cn/xxgk/zcfg/content/post_10433000.html",
    "https://www.cac.gov.cn/2021-01/08/c_1611676476075132.htm",
    "http://www.moe.gov.cn/srcsite/A16/moe_784/202104/t20210401_524229.html",
    "https://www.safe.gov.cn/safe/2023/0331/22651.html",
    "http://www.npc.gov.cn/npc/c30834/202106/7c9af12f51334a73b56d7938f99a788a.shtml",
    "https://flk.npc.gov.cn/detail2.html?ZmY4MDgwODE2ZjEzNWY0NjAxNmYyMTE0ODc2ZDA2ZTc",
    "http://www.xinhuanet.com/politics/2021-03/13/c_1127205564.htm",
    "https://www.news.cn/politics/leaders/2023-03/10/c_1129424562.htm",
    "http://paper.people.com.cn/rmrb/html/2022-10/26/nw.D110000renmrb_20221026_1-01.htm",
    "https://finance.sina.com.cn/china/2021-11-25/doc-ikyamrmy4855373.shtml",
    "https://www.thepaper.cn/newsDetail_forward_12345678",
    "https://www.caixin.com/2022-05-11/101883007.html",
    "https://www.sohu.com/a/512345678_121123456",
    "https://new.qq.com/rain/a/20230301A01ABC00",
    "https://www.163.com/dy/article/HABCDEF0512D3VJ.html",
    "https://zhuanlan.zhihu.com/p/385512345",
    "https://www.zhihu.com/question/41234567/answer/987654321",
    "https://baike.baidu.com/item/%E5%9B%BD%E5%AE%B6/12345",
    "https://mp.weixin.qq.com/s/Ab3dEfGhIjKlMnOpQr_StU",
    "https://mp.weixin.qq.com/s?__biz=MzA3NjEzNzYxMQ==&mid=2650012345&idx=1&sn=abcdef0123",
    "https://weibo.com/1234567890/LmNoPqRsT",
    "https://www.tsinghua.edu.cn/info/1182/98765.htm",
    "https://www.pku.edu.cn/detail/2345.html",
    "http://www.cas.cn/yw/202301/t20230105_4861234.shtml",
    "https://kns.cnki.net/kcms/detail/detail.aspx?dbname=CJFDLAST2022&filename=KXXG202201003",
    "https://www.ox.ac.uk/news/2023-01-10-report",
    "https://dash.harvard.edu/handle/1/37366421",
    "https://web.archive.org/web/20210315083000/http://www.most.gov.cn/kjbgz/202103/t20210315_173333.html",
    "https://archive.ph/2021.03.15-083000/https://www.gov.cn/",
    "https://bit.ly/3xYzAbC",
    "https://t.cn/A6abcDEF",
    "https://tinyurl.com/2p8abcd9",
    "https://merics.org/en/report/china-science-and-technology",
    "https://www.csis.org/analysis/chinas-new-science-and-technology-plans",
    "https://cset.georgetown.edu/publication/china-ai-talent/",
    "https://www.rand.org/pubs/research_reports/RRA1234-1.html",
    "https://www.brookings.edu/articles/china-s-innovation-push/",
    "https://carnegieendowment.org/2023/02/14/china-tech-pub-89012",
    "https://docs.example/guide/report.html",
    "http://intranet.local/files/plan.doc",
    "https://api.internal/v1/sources?id=7",
    "https://svc.test/page.php?id=3",
    "https://www.nic.xyz/whois/",
    "https://research.google/pubs/pub12345/",
    "https://www.dojo.do/reports/2022.pdf",
    "https://www.chinadaily.com.cn/a/202301/05/WS63b6.html",
    "https://www.scmp.com/news/china/politics/article/3123456/china-plan",
    "http://www.locpg.gov.cn/jsdt/2021-03/12/c_1211062345.htm",
    "https://www.gov.hk/en/residents/government/policy.htm",
    "https://www.ey.gov.tw/Page/9277F759E41CCD91/abc",
    "https://www.nstc.gov.tw/folksonomy/list?l=ch",
    "https://www.korea.kr/news/policyNewsView.do?newsId=148912345",
    "https://www.meti.go.jp/press/2022/06/20220607002/20220607002.html",
    "https://www.bundesregierung.de/breg-de/aktuelles/china-strategie-2203256",
]
CONTEXTS = [
    "14. Ministry of Science and Technology (MOST), “Notice on the Plan 关于印发规划的通知,” March 3, 2021, {u}.",
    "[7] Li Wei 李伟, “Funds and Finance,” Caixin, 2022, available at {u} (accessed May 1, 2023).",
    "The ministry posted the list online ({u}) in the spring.",
    "Readers can find the full text at {u}; a summary follows.",
    "如需全文，请访问 {u} 查看。",
]


def test_the_table_is_large() -> None:
    assert len(URLS) >= 60 and len(set(URLS)) == len(URLS)


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("context", CONTEXTS)
def test_url_found_whole(url: str, context: str) -> None:
    text = context.format(u=url)
    found = find_urls(text)
    assert [f.url for f in found] == [url], (text, [(f.url, f.flags) for f in found])
    assert text[found[0].start:found[0].end] == url
    assert "glued" not in found[0].flags


@pytest.mark.parametrize(("printed", "expected"), [
    ("https://www.gov.cn/zhengce/content_5592681.htm.Accessed March 3", "https://www.gov.cn/zhengce/content_5592681.htm"),
    ("http://www.most.gov.cn/a.htmlSee also", "http://www.most.gov.cn/a.html"),
    ("https://www.mof.gov.cn/report.pdfRetrieved 2021", "https://www.mof.gov.cn/report.pdf"),
    ("https://example.com/file.doShows the rules", "https://example.com/file.do"),
    ("https://www.sohu.com/a/123_456Accessed 2022", "https://www.sohu.com/a/123_456"),
    ("https://www.gov.cn.Accessed on May 1", "https://www.gov.cn"),
])
def test_glued_word_cut_at_the_end_of_the_path(printed: str, expected: str) -> None:
    found = find_urls(printed)
    assert [f.url for f in found] == [expected]
    assert "glued" in found[0].flags


@pytest.mark.parametrize(("text", "expected"), [
    ("see gov.cn/zhengce/a.html for the text", ["gov.cn/zhengce/a.html"]),
    ("the site mysite.app/path has it", ["mysite.app/path"]),
    ("rows 2.ii/iii of the table", []),  # "ii" is no public suffix
    ("as in fig.ab/cd above", []),  # "ab" is no public suffix
])
def test_schemeless_hosts_are_checked_against_the_suffix_list(text: str, expected: list[str]) -> None:
    assert [f.url for f in find_urls(text)] == expected


def test_the_suffix_list_is_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every socket refused, a fresh suffix list still answers (bundled snapshot, no disk cache)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    urls_mod._psl.cache_clear()
    known_host.cache_clear()
    try:
        assert known_host("www.douban.com") and known_host("www.dongguan.gov.cn") and known_host("docs.example")
        assert not known_host("www.gov.cn.accessed")
        assert find_urls("https://www.php.net/manual/")[0].url == "https://www.php.net/manual/"
    finally:
        urls_mod._psl.cache_clear()
        known_host.cache_clear()
