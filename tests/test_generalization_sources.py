"""Generalization of the URL inventory and of source text extraction to other briefs and real pages.

Every fixture is built here: note styles other than the dev brief's, URLs damaged in the ways
printed notes damage them, and the shapes of real Chinese government pages (mislabelled
charsets, CMS content containers inside navigation, labelled dates, 文号, traditional mirrors).
"""

from __future__ import annotations

import io

import pytest
from conftest import doc_and_seg
from hypothesis import given, settings
from hypothesis import strategies as hs

from briefparse.records import UrlRecord
from briefparse.sources.inventory import inventory_urls
from briefparse.sources.source_text import decode, doc_number, extract, pub_date
from briefparse.text.urls import find_urls

# ---------------------------------------------------------------- helpers


def _inv(notes: str, body: str = "Body text.") -> list[UrlRecord]:
    text = f"A Brief\n\n{body}\n\nNotes\n\n{notes}\n\nAbout the authors\n\nBack matter.\n"
    doc, seg = doc_and_seg(text)
    return inventory_urls(doc, seg, [])


def _one(note: str) -> UrlRecord:
    urls = _inv(note)
    assert len(urls) == 1, [u.url for u in urls]
    return urls[0]


# ---------------------------------------------------------------- note styles: the URL as printed

STYLES = [
    ('1. MERICS, "Report," 2022. Available at: <https://www.merics.org/en/report/chain>.',
     "https://www.merics.org/en/report/chain"),
    ("1. MERICS, Report, 2022. URL: https://www.merics.org/en/report/chain",
     "https://www.merics.org/en/report/chain"),
    ("1. MERICS, Report, 2022, https://www.merics.org/en/report/chain (accessed 3 May 2023).",
     "https://www.merics.org/en/report/chain"),
    ("1. MERICS (2022) Report. Retrieved from https://www.merics.org/en/report/chain",
     "https://www.merics.org/en/report/chain"),
    ("1. A. Author, “Title,” Research Policy 49, no. 3 (2020). https://doi.org/10.1016/j.respol.2020.103923.",
     "https://doi.org/10.1016/j.respol.2020.103923"),
    ("1. Report (https://www.merics.org/en/report/chain).", "https://www.merics.org/en/report/chain"),
    ("1. Report [https://www.merics.org/en/report/chain], 2022.", "https://www.merics.org/en/report/chain"),
    ("1. 报告，“https://www.merics.org/en/report/chain”.", "https://www.merics.org/en/report/chain"),
    ("1. 科技部，《通知》，https://www.most.gov.cn/kjbgz/202109/t20210902_176717.html。",
     "https://www.most.gov.cn/kjbgz/202109/t20210902_176717.html"),
    ("1. 科技部通知（https://www.most.gov.cn/kjbgz/202109/t20210902_176717.html）",
     "https://www.most.gov.cn/kjbgz/202109/t20210902_176717.html"),
    ("1. Search page, https://www.example.org/search?q=%E7%A7%91%E6%8A%80&page=2.",
     "https://www.example.org/search?q=%E7%A7%91%E6%8A%80&page=2"),
    ("1. 百度百科, https://baike.baidu.com/item/国家技术创新中心.",
     "https://baike.baidu.com/item/国家技术创新中心"),
    ("1. Wikipedia, https://zh.wikipedia.org/wiki/中华人民共和国科学技术部，访问于2023年5月3日。",
     "https://zh.wikipedia.org/wiki/中华人民共和国科学技术部"),
]


@pytest.mark.parametrize(("note", "url"), STYLES)
def test_note_styles_give_the_printed_url_without_flags(note: str, url: str) -> None:
    u = _one(note)
    assert u.url == url
    assert u.issue is None, u.issue


def test_url_with_chinese_characters_is_normalised_with_percent_encoding() -> None:
    u = _one("1. 百度百科, https://baike.baidu.com/item/科技.")
    assert u.host == "baike.baidu.com"
    assert u.normalized == "https://baike.baidu.com/item/%E7%A7%91%E6%8A%80"


def test_percent_encoding_is_not_encoded_twice() -> None:
    u = _one("1. Page, https://www.example.org/a/%E7%A7%91%E6%8A%80.html.")
    assert u.normalized == "https://www.example.org/a/%E7%A7%91%E6%8A%80.html"


def test_chinese_text_after_a_file_url_is_not_part_of_it() -> None:
    u = _one("1. 科技部, https://www.most.gov.cn/kjbgz/202109/t20210902_176717.html访问日期2023年5月3日")
    assert u.url == "https://www.most.gov.cn/kjbgz/202109/t20210902_176717.html"


@pytest.mark.parametrize(("note", "url", "flagged"), [
    ("1. Report, 2022, https://www.merics.org/en/report/chain).", "https://www.merics.org/en/report/chain", True),
    ("1. Report, 2022, https://www.merics.org/en/report/chain],", "https://www.merics.org/en/report/chain", True),
    ("1. Report, 2022, https://www.merics.org/en/report/chain”.", "https://www.merics.org/en/report/chain", False),
    ("1. Report, 2022, https://www.merics.org/en/report/chain.", "https://www.merics.org/en/report/chain", False),
    ("1. 报告, https://www.merics.org/en/report/chain。", "https://www.merics.org/en/report/chain", False),
    ("1. 报告, https://www.merics.org/en/report/chain）", "https://www.merics.org/en/report/chain", False),
    ("1. Wiki, https://en.wikipedia.org/wiki/Torch_(program).", "https://en.wikipedia.org/wiki/Torch_(program)", False),
])
def test_trailing_characters(note: str, url: str, flagged: bool) -> None:
    """ASCII ) and ] can belong to a URL, so a stray one is flagged; quotes and full-width marks never can."""
    u = _one(note)
    assert u.url == url
    assert ("trailing_punctuation" in u.flags) is flagged


# ---------------------------------------------------------------- DOIs

def test_bare_doi_is_not_a_broken_url() -> None:
    text = "1. A. Author, “Title,” Research Policy 49 (2020), doi:10.1016/j.respol.2020.103923.\n"
    assert find_urls(text) == []
    assert _inv("1. A. Author, “Title,” Research Policy 49 (2020), DOI: 10.1016/j.respol.2020.103923.") == []


def test_bare_doi_is_recorded_by_the_note_parser() -> None:
    from briefparse.notes.fields import parse_note_text

    nf = parse_note_text("A. Author, “Title,” Research Policy 49 (2020), doi:10.1016/j.respol.2020.103923.")
    assert nf.work.doi == "10.1016/j.respol.2020.103923"


def test_doi_url_keeps_parentheses_of_the_doi() -> None:
    u = _one("1. Lancet, https://doi.org/10.1016/S0140-6736(20)30183-5.")
    assert u.url == "https://doi.org/10.1016/S0140-6736(20)30183-5" and u.host == "doi.org"
    assert u.flags == []


# ---------------------------------------------------------------- several URLs in a note

@pytest.mark.parametrize("joiner", [" and ", " and\n", "; ", ", ", " or "])
def test_two_urls_in_one_note(joiner: str) -> None:
    urls = _inv(f"1. See https://www.merics.org/en/report/ {joiner}https://www.gov.cn/xinwen/content_1.htm.".replace(
        "/ " + joiner, "/" + joiner))
    assert [u.url for u in urls] == ["https://www.merics.org/en/report/", "https://www.gov.cn/xinwen/content_1.htm"]
    assert [u.work for u in urls] == [1, 2]
    assert all("cut" not in u.flags for u in urls)


def test_word_after_a_folder_url_is_not_joined() -> None:
    urls = _inv("1. See https://www.merics.org/en/report/ and also the annex.")
    assert [u.url for u in urls] == ["https://www.merics.org/en/report/"]


# ---------------------------------------------------------------- archives, shorteners, WeChat

@pytest.mark.parametrize(("printed", "host", "original"), [
    ("https://web.archive.org/web/20210315083000/https://www.gov.cn/zhengce/content_5593440.htm",
     "www.gov.cn", "https://www.gov.cn/zhengce/content_5593440.htm"),
    ("http://web.archive.org/web/2021/http://www.most.gov.cn/kjbgz/202109/t20210902_176717.html",
     "www.most.gov.cn", "http://www.most.gov.cn/kjbgz/202109/t20210902_176717.html"),
    ("https://web.archive.org/web/20210315083000id_/www.gov.cn/zhengce/content_5593440.htm",
     "www.gov.cn", "https://www.gov.cn/zhengce/content_5593440.htm"),
])
def test_archived_copy_records_the_original_host(printed: str, host: str, original: str) -> None:
    u = _one(f"1. State Council, “Notice,” March 2021, {printed}.")
    assert u.url == printed
    assert u.host == host
    assert "archived_copy" in u.flags
    assert original in (u.issue or "")
    assert u.normalized is not None and u.normalized.startswith(("https://web.archive.org/", "http://web.archive.org/"))
    assert "http" not in u.flags or printed.startswith("http:")


def test_archived_copy_is_compared_by_its_original() -> None:
    urls = _inv("1. A, 2021, https://www.gov.cn/zhengce/content_5593440.htm.\n"
                "2. A, 2021, https://web.archive.org/web/20210315083000/https://www.gov.cn/zhengce/content_5593440.htm.")
    assert "repeated" in urls[1].flags and "near_duplicate" not in urls[1].flags


@pytest.mark.parametrize("printed", ["https://t.cn/A6x7YzQb", "http://bit.ly/3abcXYZ", "t.cn/A6x7YzQb",
                                     "bit.ly/3abcXYZ", "https://tinyurl.com/y6abcd7e", "https://dwz.cn/AbCd1234"])
def test_shorteners_are_flagged(printed: str) -> None:
    u = _one(f"1. Weibo post, 2021, {printed}.")
    assert u.url == printed
    assert "shortener" in u.flags and "shortened" in (u.issue or "")


def test_wechat_articles_are_flagged_as_decaying() -> None:
    u = _one("1. 科技日报, 2021, https://mp.weixin.qq.com/s/AbCdEf123-_xyz.")
    assert u.url == "https://mp.weixin.qq.com/s/AbCdEf123-_xyz"
    assert "ephemeral" in u.flags and "WeChat" in (u.issue or "")
    long = _one("1. 公众号, https://mp.weixin.qq.com/s?__biz=MzA3&mid=2650&idx=1&sn=abc#rd")
    assert long.url.endswith("sn=abc#rd") and "ephemeral" in long.flags


# ---------------------------------------------------------------- damaged URLs

def test_url_cut_after_www_across_a_line_break() -> None:
    u = _one("1. State Council, “Notice,” 2021, https://www.\ngov.cn/zhengce/content/2021-03/15/content_5593440.htm.")
    assert u.url == "https://www.gov.cn/zhengce/content/2021-03/15/content_5593440.htm"
    assert "cut" in u.flags and u.host == "www.gov.cn"


def test_url_cut_after_the_scheme_across_a_line_break() -> None:
    u = _one("1. State Council, “Notice,” 2021, https://\nwww.gov.cn/zhengce/content_5593440.htm.")
    assert u.url == "https://www.gov.cn/zhengce/content_5593440.htm"
    assert "cut" in u.flags and "no_scheme" not in u.flags


def test_url_cut_inside_the_host() -> None:
    u = _one("1. Notice, 2021, https://www.most.gov.\ncn/kjbgz/202109/t20210902_176717.html.")
    assert u.url == "https://www.most.gov.cn/kjbgz/202109/t20210902_176717.html" and "cut" in u.flags


@pytest.mark.parametrize(("printed", "fixed"), [
    ("http:/www.gov.cn/xinwen/content_1.htm", "http://www.gov.cn/xinwen/content_1.htm"),
    ("htps://www.gov.cn/xinwen/content_1.htm", "https://www.gov.cn/xinwen/content_1.htm"),
    ("htp://www.gov.cn/xinwen/content_1.htm", "http://www.gov.cn/xinwen/content_1.htm"),
    ("ttps://www.gov.cn/xinwen/content_1.htm", "https://www.gov.cn/xinwen/content_1.htm"),
    ("https;//www.gov.cn/xinwen/content_1.htm", "https://www.gov.cn/xinwen/content_1.htm"),
    ("https:\\\\www.gov.cn/xinwen/content_1.htm", "https://www.gov.cn/xinwen/content_1.htm"),
])
def test_malformed_schemes(printed: str, fixed: str) -> None:
    u = _one(f"1. Notice, 2021, {printed}.")
    assert u.url == printed and u.normalized == fixed
    assert "malformed" in u.flags and u.host == "www.gov.cn"


def test_no_scheme_gov_cn() -> None:
    u = _one("1. 国务院, 2021, www.gov.cn/zhengce/content/2021-03/15/content_5593440.htm")
    assert u.url == "www.gov.cn/zhengce/content/2021-03/15/content_5593440.htm"
    assert u.flags == ["no_scheme"] and u.normalized == "https://www.gov.cn/zhengce/content/2021-03/15/content_5593440.htm"


@pytest.mark.parametrize(("note", "url"), [
    ("1. Notice, https://www.gov.cn/xinwen/2021-05/31/content_5614060.htmAccessed May 3, 2023.",
     "https://www.gov.cn/xinwen/2021-05/31/content_5614060.htm"),
    ("1. Report, https://www.merics.org/en/report/chainAccessed May 3, 2023.",
     "https://www.merics.org/en/report/chain"),
    ("1. Report, https://www.merics.org/en/report/chain.Retrieved May 3, 2023.",
     "https://www.merics.org/en/report/chain"),
    ("1. Report, https://www.merics.org/en/report/chainRetrieved May 3, 2023.",
     "https://www.merics.org/en/report/chain"),
])
def test_url_glued_to_the_next_word(note: str, url: str) -> None:
    u = _one(note)
    assert u.url == url and "glued" in u.flags


def test_camel_case_path_is_not_cut() -> None:
    u = _one("1. Page, https://www.example.org/pages/ReportAvailableNow.")
    assert u.url == "https://www.example.org/pages/ReportAvailableNow" and "glued" not in u.flags


# ---------------------------------------------------------------- near duplicates and repeats

def test_identical_urls_in_two_notes_are_repeated_not_near_duplicates() -> None:
    urls = _inv("1. A, 2021, https://www.gov.cn/xinwen/2021-05/31/content_5614060.htm.\n"
                "2. Ibid., https://www.gov.cn/xinwen/2021-05/31/content_5614060.htm.")
    assert all("near_duplicate" not in u.flags for u in urls)
    assert "repeated" in urls[1].flags
    assert all(u.issue is None for u in urls)  # citing a page twice is not a problem


def test_near_duplicates_only_across_notes() -> None:
    same_note = _inv("1. A, https://www.merics.org/en/report/controlling-chain and "
                     "https://www.merics.org/en/report/controling-chain.")
    assert all("near_duplicate" not in u.flags for u in same_note)
    across = _inv("1. A, https://www.merics.org/en/report/controlling-chain.\n"
                  "2. B, https://www.merics.org/en/report/controling-chain.")
    assert all("near_duplicate" in u.flags for u in across)


def test_large_edits_are_not_near_duplicates() -> None:
    urls = _inv("1. A, https://www.merics.org/en/report/controlling-innovation.\n"
                "2. B, https://www.merics.org/en/report/financing-innovation.")
    assert all(u.flags == [] for u in urls)


# ---------------------------------------------------------------- source text: Chinese government pages

NAV = ("<div class='nav'><ul><li><a href='/'>首页</a></li><li><a href='/jgzn'>机构职能</a></li>"
       "<li><a href='/zwgk'>政务公开</a></li><li><a href='/bsfw'>办事服务</a></li><li><a href='/hdjl'>互动交流</a></li>"
       "</ul></div><div class='crumb'>当前位置：<a href='/'>首页</a> &gt; <a href='/zwgk'>政务公开</a></div>")
FOOT = ("<div class='footer'><p>主办单位：中华人民共和国科学技术部 版权所有</p><p>网站标识码：bm06000001 "
        "京ICP备05022684号 京公网安备110402500013号</p><p><a href='/lxwm'>联系我们</a> | <a href='/wzdt'>网站地图</a></p></div>")
PARA = ("为深入实施创新驱动发展战略，加快建设国家技术创新中心，科技部、财政部制定了本办法。"
        "国家技术创新中心应当聚焦关键核心技术攻关，推动重大科技成果转化和产业化。")


def _page(main: str, title: str = "关于印发办法的通知", head: str = "") -> str:
    return (f"<html><head><meta charset='utf-8'>{head}<title>{title}_科学技术部</title></head><body>{NAV}"
            f"<div class='content'><h1>{title}</h1>{main}</div>{FOOT}</body></html>")


def test_gb2312_declared_with_gb18030_only_characters() -> None:
    text = f"<p>朱镕基、䶮与𠀀：{PARA}</p>"
    raw = (f"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><title>通知</title>"
           f"</head><body>{text}</body></html>").encode("gb18030")
    html, enc = decode(raw, "text/html", html=True)
    assert enc == "gb18030" and "朱镕基、䶮与𠀀" in html and "\ufffd" not in html
    st = extract(raw, "text/html; charset=gb2312", "https://www.most.gov.cn/a.htm")
    assert "朱镕基、䶮与𠀀" in st.text and st.encoding == "gb18030"


@pytest.mark.parametrize("container", ["<div class='TRS_Editor'>{}</div>", "<div id='UCAP-CONTENT'>{}</div>",
                                       "<div id='zoom'>{}</div>", "<div class='pages_content'>{}</div>"])
def test_cms_main_text_excludes_navigation(container: str) -> None:
    main = container.format(f"<p>{PARA}</p><p>{PARA}</p><p>第三条 本办法自印发之日起施行。</p>")
    st = extract(_page(main).encode("utf-8"), "text/html; charset=utf-8", "https://www.most.gov.cn/a.htm")
    assert st.error is None
    assert "本办法自印发之日起施行" in st.text and "加快建设国家技术创新中心" in st.text
    for nav_word in ("机构职能", "办事服务", "网站标识码", "京ICP备", "网站地图", "当前位置"):
        assert nav_word not in st.text, nav_word
    assert st.title == "关于印发办法的通知"


def test_cms_page_with_short_main_text_still_excludes_navigation() -> None:
    main = "<div class='TRS_Editor'><p>科技部召开会议，部署2021年重点工作。</p></div>"
    st = extract(_page(main).encode("utf-8"), "text/html; charset=utf-8", "https://www.most.gov.cn/b.htm")
    assert "部署2021年重点工作" in st.text
    assert "机构职能" not in st.text and "网站标识码" not in st.text


@pytest.mark.parametrize(("info", "iso"), [
    ("<div class='info'>发布时间：2021-10-24 10:15 来源：科技部</div>", "2021-10-24"),
    ("<div class='info'>2021年10月24日 来源：科技部</div>", "2021-10-24"),
    ("<div class='info'>来源：科技部 &nbsp; 发布日期：2021年10月24日</div>", "2021-10-24"),
    ("<div class='info'>【字体：大 中 小】 时间：2021-10-24</div>", "2021-10-24"),
])
def test_page_dates(info: str, iso: str) -> None:
    main = f"{info}<div class='TRS_Editor'><p>{PARA}</p><p>{PARA}</p></div>"
    st = extract(_page(main).encode("utf-8"), "text/html; charset=utf-8", "https://www.most.gov.cn/c.htm")
    assert st.pub_date == iso


@pytest.mark.parametrize(("text", "iso"), [
    ("标题\n发布时间：2021-10-24\n正文", "2021-10-24"),
    ("标题\n2021年10月24日 来源：科技部\n正文", "2021-10-24"),
    ("标题\n来源：科技部 发布时间：2021年10月24日 浏览次数：100\n正文", "2021-10-24"),
    ("标题\n成文日期：2021年10月20日 发布日期：2021年10月24日\n正文", "2021-10-24"),
])
def test_pub_date_lines(text: str, iso: str) -> None:
    assert pub_date(text) == iso


@pytest.mark.parametrize(("text", "number"), [
    ("国务院办公厅关于完善科技成果评价机制的指导意见\n国办发〔2021〕26号\n各省", "国办发〔2021〕26号"),
    ("国务院办公厅文件\n国办发〔2021〕5号\n正文", "国办发〔2021〕5号"),
    ("财政部 科技部关于印发办法的通知\n财教〔2021〕176号\n正文", "财教〔2021〕176号"),
    ("关于印发办法的通知（财教〔2021〕176号）", "财教〔2021〕176号"),
    ("国办发[2021]5号文件", "国办发[2021]5号"),
    ("国办发（2021）5号", "国办发（2021）5号"),
])
def test_document_numbers(text: str, number: str) -> None:
    assert doc_number(text) == number


def test_document_number_on_a_cms_page() -> None:
    main = f"<div class='TRS_Editor'><p style='text-align:center'>国办发〔2021〕5号</p><p>{PARA}</p></div>"
    st = extract(_page(main).encode("utf-8"), "text/html; charset=utf-8", "https://www.gov.cn/d.htm")
    assert st.doc_number == "国办发〔2021〕5号"


def test_traditional_html_page_keeps_a_simplified_copy() -> None:
    trad = "國家技術創新中心建設運行管理辦法。科技部、財政部聯合制定了本辦法，現印發給你們，請結合實際推進實施。" * 3
    raw = (f"<html><head><meta charset='big5'><title>通知</title></head><body>{NAV}"
           f"<div class='TRS_Editor'><p>{trad}</p></div></body></html>").encode("big5hkscs", "replace")
    st = extract(raw, "text/html", "https://www.mirror.hk/a.htm")
    assert "國家技術創新中心" in st.text
    assert st.simplified is not None and "国家技术创新中心" in st.simplified
    assert st.lang == "zh"


def test_chinese_pdf_source() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, "国科发区〔2021〕17号")
    c.drawString(72, 740, "2021年2月10日")
    c.drawString(72, 720, "国家技术创新中心建设运行管理办法")
    c.save()
    st = extract(buf.getvalue(), "application/pdf", "https://www.most.gov.cn/P020210223.pdf")
    assert st.media_type == "application/pdf" and st.error is None
    assert "国家技术创新中心" in st.text and st.doc_number == "国科发区〔2021〕17号"
    assert st.pub_date == "2021-02-10" and st.lang == "zh"


@pytest.mark.parametrize(("body", "ctype", "url", "kind"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "application/msword", "https://www.most.gov.cn/P020.doc", "Word"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "application/octet-stream", "https://www.most.gov.cn/P020.doc",
     "Word"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "application/x-download", "https://x.cn/f/P020.doc?v=2", "Word"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "application/octet-stream", "https://x.cn/f/P020.xls", "Excel"),
    (b"PK\x03\x04" + b"\0" * 60, "application/octet-stream", "https://x.cn/f/P020.docx", "Word"),
    (b"PK\x03\x04" + b"\0" * 60, "application/x-download", "https://x.cn/f/P020.docx", "Word"),
    (b"\0\1\2\3" * 20, "application/x-download", "https://x.cn/f/P020.wps", "WPS"),
])
def test_office_files_are_unsupported_with_a_clear_message(body: bytes, ctype: str, url: str, kind: str) -> None:
    st = extract(body, ctype, url)
    assert st.text == "" and st.error is not None
    assert st.error.startswith("unsupported") and kind in st.error


def test_policy_library_page_reads_number_and_dates_from_its_info_table() -> None:
    info = ("<div class='policyLibraryOverview_header'><table><tr><td><b>索 引 号：</b></td><td>000014349/2021-00015</td>"
            "<td><b>主题分类：</b></td><td>科技、教育</td></tr><tr><td><b>发文机关：</b></td><td>国务院办公厅</td>"
            "<td><b>成文日期：</b></td><td>2021年02月10日</td></tr><tr><td><b>发文字号：</b></td><td>国办发〔2021〕5号</td>"
            "<td><b>发布日期：</b></td><td>2021年02月23日</td></tr></table></div>")
    html = (f"<html><head><meta charset='utf-8'><title>国务院办公厅关于某事的意见_政策_中国政府网</title></head><body>{NAV}"
            f"{info}<div id='UCAP-CONTENT'><p>{PARA}</p><p>{PARA}</p></div>{FOOT}</body></html>")
    st = extract(html.encode("utf-8"), "text/html; charset=utf-8", "https://www.gov.cn/zhengce/content/x.htm")
    assert st.doc_number == "国办发〔2021〕5号" and st.pub_date == "2021-02-23"
    assert st.title == "国务院办公厅关于某事的意见"  # the site name after '_' is dropped
    assert "索 引 号" not in st.text and "机构职能" not in st.text and "加快建设国家技术创新中心" in st.text


def test_page_without_a_cms_container_drops_menus() -> None:
    html = (f"<html><head><meta charset='utf-8'><title>新闻</title></head><body>{NAV}<div class='main-box'>"
            f"<h1>科技部召开会议</h1><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div>{FOOT}</body></html>")
    st = extract(html.encode("utf-8"), "text/html; charset=utf-8", "https://www.example.gov.cn/n.htm")
    assert "加快建设国家技术创新中心" in st.text
    assert "机构职能" not in st.text and "网站标识码" not in st.text


def test_wechat_article() -> None:
    html = ("<html><head><meta charset='utf-8'><meta property='og:title' content='国家技术创新中心建设进展'></head><body>"
            "<div id='js_content'><p>" + PARA + "</p></div><div class='rich_media_tool'>阅读 1000 在看 10</div>"
            "<script>var ct = \"1635052800\";</script></body></html>")
    st = extract(html.encode("utf-8"), "text/html; charset=utf-8", "https://mp.weixin.qq.com/s/AbCdEf123")
    assert st.title == "国家技术创新中心建设进展" and st.pub_date == "2021-10-24"
    assert "加快建设" in st.text and "在看" not in st.text


def test_url_cut_before_its_extension() -> None:
    u = _one("1. Notice, 2021, https://www.gov.cn/xinwen/2021-05/31/content_5614060.\nhtm.")
    assert u.url == "https://www.gov.cn/xinwen/2021-05/31/content_5614060.htm" and "cut" in u.flags
    end = _one("1. Notice, 2021, https://www.gov.cn/xinwen/2021-05/31/content_5614060.htm.\nHtml is a format.")
    assert end.url == "https://www.gov.cn/xinwen/2021-05/31/content_5614060.htm" and "cut" not in end.flags


def test_spans_of_repaired_urls_cover_the_printed_text() -> None:
    text = "1. Notice, https://\nwww.gov.cn/xinwen/content_1.htmAccessed May 3, 2023.\n2. B, https://www.\ngov.cn/a/b.htm."
    found = find_urls(text)
    assert [f.url for f in found] == ["https://www.gov.cn/xinwen/content_1.htm", "https://www.gov.cn/a/b.htm"]
    assert {"cut", "glued"} <= set(found[0].flags) and "cut" in found[1].flags
    assert text[found[0].start:found[0].end] == "https://\nwww.gov.cn/xinwen/content_1.htm"
    assert text[found[1].start:found[1].end] == "https://www.\ngov.cn/a/b.htm"


@settings(max_examples=150, deadline=None)
@given(hs.text(alphabet=hs.sampled_from(list("htps:/w.gvcnoi-_?=&%# \n)]”。）国号1-9TAab")), max_size=120))
def test_find_urls_never_breaks_on_odd_text(text: str) -> None:
    for f in find_urls(text):
        assert 0 <= f.start < f.end <= len(text)
        assert f.host and "." in f.host and f.url.strip() == f.url
