"""Text and HTML ingestion: encodings, superscripts, blocks, bad input."""

from __future__ import annotations

import pytest
from conftest import BRIEFS

from briefparse.ingest import IngestError, ingest, ingest_bytes


def test_utf8_text_keeps_characters_and_finds_calls() -> None:
    doc = ingest_bytes("Ｆｕｌｌ width stays.¹ And ^{4,5} too.\n".encode(), "a.txt", "a.txt")
    assert "Ｆｕｌｌ" in doc.text  # no silent NFKC
    assert [doc.text[a:b] for a, b in doc.superscripts] == ["¹", "^{4,5}"]


@pytest.mark.parametrize("enc", ["gb18030", "gbk", "big5", "utf-16"])
def test_chinese_encodings_are_detected(enc: str) -> None:
    text = "国家科技成果转化引导基金管理暂行办法，出资比例为子基金总额的百分之十至百分之三十。" * 3
    if enc == "big5":
        text = "國家科技成果轉化引導基金管理暫行辦法，出資比例為子基金總額的百分之十至百分之三十。" * 3
    doc = ingest_bytes(text.encode(enc), "zh.txt", "zh.txt")
    assert doc.text.strip() == text


def test_html_sup_becomes_call_and_notes_list_is_kept() -> None:
    html = ("<html><body><h1>T</h1><p>Claim one.<sup>1</sup> Claim two.<sup>2,3</sup></p>"
            "<h2>Notes</h2><ol><li>First note.</li><li value='3'>Third note.</li></ol>"
            "<script>var x = 'not text';</script></body></html>")
    doc = ingest_bytes(html.encode(), "b.html", "b.html")
    assert "Claim one.¹ Claim two.^{2,3}" in doc.text
    assert "1. First note." in doc.text and "3. Third note." in doc.text
    assert "not text" not in doc.text
    assert [b.kind for b in doc.blocks].count("note") == 2


def test_html_gbk_declared_utf8_is_decoded() -> None:
    body = "<html><head><meta charset='utf-8'></head><body><p>转化基金出资比例为10%-30%。</p></body></html>"
    doc = ingest_bytes(body.encode("gbk"), "gbk.html", "gbk.html")
    assert "转化基金出资比例为10%-30%" in doc.text


def test_three_renditions_of_the_brief_share_their_calls() -> None:
    txt = ingest(BRIEFS / "recentralization-brief.txt")
    html = ingest(BRIEFS / "recentralization-brief.html")
    calls_txt = [txt.text[a:b] for a, b in txt.superscripts]
    calls_html = [html.text[a:b] for a, b in html.superscripts]
    assert len(calls_txt) == 27
    assert calls_html == calls_txt


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("junk.txt", bytes(range(256)) * 40, "binary"),
        ("junk.html", b"\x00\x01\x02\x03" * 500, "binary"),
        ("fake.pdf", b"hello, I am not a PDF", "not a PDF"),
        ("thing.docx", b"PK\x03\x04", "unsupported"),
        ("blank.txt", b"   \n\n  ", "no text"),
    ],
)
def test_bad_input_names_the_file_and_problem(name: str, data: bytes, problem: str) -> None:
    with pytest.raises(IngestError) as e:
        ingest_bytes(data, name, name)
    assert name in str(e.value) and problem in str(e.value)


def test_missing_path(tmp_path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        ingest(tmp_path / "nope.txt")
