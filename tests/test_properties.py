"""Property tests over the whole per-document analysis: any brief-like text is analysed without
an exception, every span slices back to the text it claims, and the rows come out in a stable
order (the same input twice gives identical rows)."""

from __future__ import annotations

from typing import Any

from conftest import doc_from_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefparse.records import to_row
from briefparse.results import DocResult
from briefparse.stages import analyse

# pieces a brief is made of, so that random texts exercise every stage, not just the tokenizer
WORDS = st.sampled_from([
    "the", "fund", "invested", "76 billion yuan", "($10.56 billion)", "in 2021", "20-30 percent", "至少", "624亿元",
    "10%-30%", "2021年10月24日", "十四五", "new-style whole-of-nation system (新型举国体制, NWNS)", "(S&T)",
    "March 2023", "at least three times", "one yuan for every two", "FIGURE 2", "Source:", "¹", "²⁰", "^{4,5}",
    "[3]", "http://www.gov.cn/a_1.html", "www.most.gov.cn/x.htm", "“Notice 关于印发的通知,”", "《办法》", "Ibid.",
    ".", ",", ";", "(", ")", "—", "\u00ad", "\t", "COVID-19", "Article 3", "13th Five-Year Plan", "2017 to 2020",
])
SENTENCE = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)
NOTE = st.tuples(st.integers(min_value=1, max_value=40), SENTENCE).map(lambda t: f"{t[0]}. {t[1]}")
BRIEF = st.tuples(
    st.lists(SENTENCE, min_size=0, max_size=6),
    st.sampled_from(["Endnotes", "Notes", "References", ""]),
    st.lists(NOTE, min_size=0, max_size=6),
).map(lambda t: "Title\n\n" + "\n\n".join(t[0]) + ("\n\n" + t[1] if t[1] else "") + "\n\n" + "\n".join(t[2]) + "\n")

# record type → the field whose text must equal text[start:end]
SLICED = {"markers": "raw", "quantities": "quantity_text", "dates": "text"}


def _rows(res: DocResult) -> dict[str, list[dict[str, Any]]]:
    return {name: [to_row(r) for r in getattr(res, name)]
            for name in ("endnotes", "markers", "terms", "abbreviations", "quantities", "dates", "urls")}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BRIEF)
def test_any_brief_text_is_analysed_with_spans_that_slice_back(text: str) -> None:
    doc = doc_from_text(text)
    res = analyse(doc)
    n = len(doc.text)
    for name, rows in _rows(res).items():
        for row in rows:
            start, end = row.get("start"), row.get("end")
            if start is None or end is None:
                continue
            assert 0 <= start <= end <= n, (name, row)
            field = SLICED.get(name)
            if field:
                assert doc.text[start:end] == row[field], (name, row)
    # rows in document order within each table
    for name in ("markers", "quantities", "dates"):
        starts = [r["start"] for r in _rows(res)[name]]
        assert starts == sorted(starts), name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BRIEF)
def test_same_text_gives_identical_rows(text: str) -> None:
    assert _rows(analyse(doc_from_text(text))) == _rows(analyse(doc_from_text(text)))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_text_never_raises(text: str) -> None:
    if not text.strip():
        return  # empty documents are refused at ingestion, with a clear error
    try:
        doc = doc_from_text(text)
    except Exception as e:  # only the documented refusal is allowed
        assert type(e).__name__ == "IngestError", e
        return
    analyse(doc)
