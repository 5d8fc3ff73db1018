"""Source text: decoding Chinese pages, main text, title, date, document number, script."""

from __future__ import annotations

import io

from briefparse.sources.source_text import decode, detect_lang, doc_number, extract, pub_date, to_simplified

ZH = "国家技术创新中心建设运行管理办法。科技部、财政部联合制定了本办法，现印发给你们，请结合实际推进实施。" * 3


def _html(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>页面标题</title></head><body>{body}</body></html>"


def test_gbk_declared_utf8_is_detected() -> None:
    raw = _html(f"<p>{ZH}</p>", '<meta charset="utf-8">').encode("gbk")
    text, enc = decode(raw, "text/html; charset=utf-8", html=True)
    assert enc == "gb18030" and "国家技术创新中心" in text


def test_meta_charset_used_without_header() -> None:
    raw = _html(f"<p>{ZH}</p>", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gb2312")
    text, enc = decode(raw, "text/html", html=True)
    assert enc == "gb18030" and "财政部" in text


def test_utf8_page_stays_utf8() -> None:
    text, enc = decode(ZH.encode("utf-8"), "text/plain; charset=utf-8")
    assert enc == "utf-8" and text == ZH


def test_html_extraction_title_date_number() -> None:
    head = '<meta name="ArticleTitle" content="关于印发办法的通知"><meta name="PubDate" content="2021-02-23 10:00">'
    body = (f"<div class='nav'>首页 &gt; 政策</div><h1>关于印发办法的通知</h1><p>国科发区〔2021〕17号</p>"
            f"<p>{ZH}</p><p>{ZH}</p>")
    st = extract(_html(body, head).encode("utf-8"), "text/html; charset=utf-8", "https://www.most.gov.cn/a.html")
    assert st.error is None and st.media_type == "text/html"
    assert st.title == "关于印发办法的通知"
    assert st.pub_date == "2021-02-23"
    assert st.doc_number == "国科发区〔2021〕17号"
    assert st.lang == "zh" and "财政部联合制定" in st.text


def test_traditional_mirror_gets_simplified_form() -> None:
    trad = "科技部 財政部印發《國家技術創新中心建設運行管理辦法(暫行)》的通知\n國科發區〔2021〕17號\n科技部 財政部\n2021年2月10日\n"
    st = extract(trad.encode("big5hkscs"), "text/plain")
    assert "財政部" in st.text
    assert st.simplified is not None and "财政部" in st.simplified and "国家技术创新中心" in st.simplified
    assert st.doc_number == "國科發區〔2021〕17號"
    assert st.pub_date == "2021-02-10"
    assert to_simplified("國家") == "国家"


def test_doc_numbers() -> None:
    text = "根据财教〔2011〕289号进行了修订。\n财教〔2021〕176号\n正文"
    assert doc_number(text) == "财教〔2021〕176号"  # the one standing on its own line
    assert doc_number("见国科发财〔2014〕229号文件") == "国科发财〔2014〕229号"
    assert doc_number("no number") is None


def test_pub_dates() -> None:
    assert pub_date("来源:财政部 发布时间:2021/11/24 9:13:34\n正文") == "2021-11-24"
    assert pub_date("标题\n2011-07-08  來源:中國聚合物網\n正文") == "2011-07-08"
    assert pub_date("标题\n正文里说2020年1月1日开始。") is None


def test_pdf_source() -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setTitle("Annual Report 2021")
    c.drawString(72, 720, "National Guidance Fund report, 36 sub-funds in 2022.")
    c.save()
    st = extract(buf.getvalue(), "application/pdf", "https://example.org/r.pdf")
    assert st.media_type == "application/pdf" and st.error is None
    assert "36 sub-funds" in st.text and st.title == "Annual Report 2021"


def test_pdf_sniffed_when_served_as_octet_stream() -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Sniffed text")
    c.save()
    assert "Sniffed text" in extract(buf.getvalue(), "application/octet-stream").text


def test_doc_and_xls_unsupported() -> None:
    st = extract(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "application/msword", "https://x.cn/a.doc")
    assert st.text == "" and st.error and st.error.startswith("unsupported") and "Word" in st.error
    st2 = extract(b"PK\x03\x04" + b"\0" * 50, "application/octet-stream", "https://x.cn/b.xlsx")
    assert st2.error and "Excel" in st2.error


def test_detect_lang() -> None:
    assert detect_lang(ZH) == "zh"
    assert detect_lang("The report says the fund grew.") == "en"
    assert detect_lang("12345") is None
