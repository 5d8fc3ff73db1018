"""Decoding you can trust: a few bad bytes do not switch the codec, a declared charset is checked
against how the text reads, Big5 vs GB18030 by which reads as Chinese, UTF-16 without a BOM, and the
decision with its reason in ``documents.encoding``."""

from __future__ import annotations

import pytest

from briefparse.ingest import IngestError, ingest_bytes
from briefparse.ingest.sniff import decode_bytes, plausibility
from briefparse.sources.source_text import decode

# written for these tests (a provincial notice and a Taipei think-tank digest), not the shipped brief
SIMP = ("省财政厅关于下达二〇二二年度科技专项资金的通知。各市、县财政局：根据省政府常务会议精神，"
        "现将专项资金下达给你们，请按照规定用途使用，并于年底前报送执行情况。")
TRAD = ("本期摘要回顧兩岸科技政策的變化。大陸當局近年推動新型舉國體制，地方政府承擔更多出資責任，"
        "研究人員認為此舉將影響產業基金的運作方式與評估標準。")
EN = "Provincial budgets for science grew again in 2022, according to the finance bureau's notice.¹\n\n"


def test_one_stray_byte_keeps_utf8_and_says_so() -> None:
    raw = (EN + SIMP).encode() + b"\xfe" + (TRAD + "\n").encode()
    d = decode_bytes(raw)
    assert d.codec == "utf-8" and "1 invalid byte sequence replaced" in d.reason
    assert SIMP in d.text and TRAD in d.text and "¹" in d.text
    doc = ingest_bytes(raw, "stray.txt", "stray.txt")
    assert doc.encoding == "utf-8 (UTF-8 with 1 invalid byte sequence replaced)"
    assert any("replacement characters" in w for w in doc.warnings)


def test_latin1_file_is_not_forced_into_utf8() -> None:
    d = decode_bytes("Policy brief: the café in Zürich, a naïve résumé.\n".encode("latin-1"))
    assert d.codec == "cp1252" and "naïve" in d.text and "reads best" in d.reason


def test_big5_page_declaring_gb2312_reads_as_big5() -> None:
    page = f"<html><head><meta charset='gb2312'></head><body><p>{TRAD}</p></body></html>"
    text, codec = decode(page.encode("big5"), "text/html", html=True)
    assert codec.startswith("big5") and TRAD in text
    doc = ingest_bytes(page.encode("big5"), "digest.html", "digest.html")
    assert TRAD in doc.text and "declared gb2312 reads worse" in (doc.encoding or "")


def test_gbk_page_declaring_utf8() -> None:
    text, codec = decode(SIMP.encode("gbk"), "text/html; charset=utf-8")
    assert codec == "gb18030" and text == SIMP


def test_declared_charset_trusted_when_it_reads_well() -> None:
    d = decode_bytes(SIMP.encode("gb18030"), ["gb2312"])
    assert d.codec == "gb18030" and d.reason.startswith("declared gb2312") and d.text == SIMP


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [EN * 3, SIMP * 2, EN + TRAD])
def test_utf16_without_bom(codec: str, text: str) -> None:
    d = decode_bytes(text.encode(codec))
    assert d.codec == codec and d.text == text and "without a byte order mark" in d.reason


def test_utf32_bom_is_not_read_as_utf16() -> None:
    d = decode_bytes((EN + SIMP).encode("utf-32"))
    assert d.codec == "utf-32" and d.text == EN + SIMP


@pytest.mark.parametrize("junk", [b"\x00\xff\x10\x02" * 2048, bytes(range(256)) * 64, b"\x00\x01\x02\x03" * 500])
def test_binary_still_refused(junk: bytes) -> None:
    with pytest.raises(IngestError, match="binary"):
        ingest_bytes(junk, "junk.txt", "junk.txt")


def test_plausibility_prefers_the_right_reading() -> None:
    raw = TRAD.encode("big5")
    assert plausibility(raw.decode("big5")) > plausibility(raw.decode("gb18030", "replace")) + 0.3
    raw = SIMP.encode("gbk")
    assert plausibility(raw.decode("gb18030")) > plausibility(raw.decode("big5", "replace")) + 0.3


def test_every_decision_has_a_reason() -> None:
    for raw in [b"plain ascii", SIMP.encode("gbk"), TRAD.encode("big5"), "x".encode("utf-16"), EN.encode("utf-16-le")]:
        d = decode_bytes(raw)
        assert d.reason and d.label == f"{d.codec} ({d.reason})"
