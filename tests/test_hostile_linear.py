"""Linear time on hostile text: every scanning step, fed 4× the input, does about 4× the work.

Each doubling test times the same step on n and on 4n characters (CPU time of this process, best of
three) and compares the two: linear work gives a ratio near 4, quadratic near 16. The smaller run is
the baseline, measured in the same test, so no absolute time threshold is involved. Hypothesis then
throws generated pathological strings (one character class repeated, nesting, long tokens) at the
text stages: nothing may raise, and every span must lie inside its text.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefparse.extract.figures import find_zh_dates, find_zh_figures
from briefparse.extract.quantities import find_quantities_zh
from briefparse.notes.find import join_lines
from briefparse.segments import split_sentences, tokenizer_view
from briefparse.sources.inventory import flag_near_duplicates, flag_typos
from briefparse.terms.abbreviations import _URL, url_spans
from briefparse.text.tokens import tokenize
from briefparse.text.urls import Found

GROWTH_LIMIT = 8.0  # 4× the input: linear ≈ 4, n log n ≈ 4.5, quadratic ≈ 16


def _cpu(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return max(best, 1e-4)


def growth(step: Callable[[object], object], make: Callable[[int], object], n: int) -> float:
    """How much more CPU ``step`` takes on ``make(4n)`` than on ``make(n)``."""
    small, large = make(n), make(4 * n)
    step(small)  # warm-up: imports, caches, compiled patterns
    return _cpu(lambda: step(large)) / _cpu(lambda: step(small))


def _urls(n: int) -> list[Found]:
    out = []
    for i in range(n):
        u = f"http://www.example.gov.cn/zwgk/c{i}/art{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}x.htm"
        out.append(Found(url=u, raw=u, start=i, end=i + 1, scheme="http", normalized=u, host="www.example.gov.cn",
                         note=i + 1))
    return out


CASES: dict[str, tuple[Callable[[object], object], Callable[[int], object], int]] = {
    # a note wrapped over many lines (was: the whole note re-split for every line)
    "note over many lines": (lambda parts: join_lines(parts),  # type: ignore[arg-type]
                             lambda n: [f"wrapped piece {i} http://x.org/a/" for i in range(n)], 20_000),
    "note of one glued token": (lambda parts: join_lines(parts),  # type: ignore[arg-type]
                                lambda n: ["http://example.org/"] + ["a/"] * n, 20_000),
    # long space-free tokens (was: backtracking in the abbreviations' URL pattern)
    "glued numbers, URL spans": (lambda t: url_spans(t), lambda n: "....com," + "1,000," * n, 20_000),  # type: ignore[arg-type]
    "glued numbers, tokens": (lambda t: tokenize(t), lambda n: "1," + "000," * n, 20_000),  # type: ignore[arg-type]
    # runs of Chinese numerals (was: roughly cubic)
    "Chinese numerals, figures": (lambda t: find_zh_figures(t), lambda n: "一二三四五六七八九十百千万亿" * (n // 14), 40_000),  # type: ignore[arg-type]
    "Chinese numerals, dates": (lambda t: find_zh_dates(t), lambda n: "二〇二一年十月" * (n // 7), 40_000),  # type: ignore[arg-type]
    "many Chinese figures, source": (lambda t: find_quantities_zh(t), lambda n: "增长百分之五，" * (n // 7), 8_000),  # type: ignore[arg-type]
    # runs of brackets (was: quadratic in spaCy's prefix loop)
    "brackets, sentences": (lambda t: split_sentences(t), lambda n: "(" * n + ")" * n, 20_000),  # type: ignore[arg-type]
    "mixed punctuation, sentences": (lambda t: split_sentences(t), lambda n: "(.a" * n, 10_000),  # type: ignore[arg-type]
    "e.g. after e.g., sentences": (lambda t: split_sentences(t), lambda n: "e.g. x " * n, 5_000),  # type: ignore[arg-type]
    # many URLs (was: typo and near-duplicate checks per pair of URLs)
    "many URLs, near-duplicates": (lambda items: flag_near_duplicates(items), _urls, 500),  # type: ignore[arg-type]
    "many URLs, typos": (lambda items: flag_typos(items), _urls, 500),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("name", list(CASES))
def test_work_grows_linearly(name: str) -> None:
    step, make, n = CASES[name]
    ratio = growth(step, make, n)
    assert ratio < GROWTH_LIMIT, f"{name}: 4× the input took {ratio:.1f}× the time"


def test_a_block_over_a_million_characters_is_split_not_refused() -> None:
    text = ("Sentence number one of a very long block. " * 30_000)[:1_200_000]
    spans = split_sentences(text)  # spaCy alone refuses over 1,000,000 characters (E088)
    assert len(spans) > 25_000 and spans[-1][1] <= len(text)
    assert all(a < b for a, b in spans) and all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


def test_url_spans_same_as_the_regex() -> None:
    for t in ["see www.gov.cn/a and <https://x.org/b>.", "....com,1,000", "(www.most.gov.cn)", "a.b.c.org/x y.cn",
              "中文www.gov.cn/zhengce 和 http://x.cn", "https:// nothing", "x.com.cn.net"]:
        assert url_spans(t) == [(m.start(), m.end()) for m in _URL.finditer(t)], t


def test_tokenizer_view_keeps_length_and_sentence_stops() -> None:
    text = "A" * 100 + ". Next sentence here. " + "(" * 500 + " end."
    view = tokenizer_view(text)
    assert len(view) == len(text)
    assert [i for i, c in enumerate(text) if c in ".!?"] == [i for i, c in enumerate(view) if c in ".!?"]
    assert max(len(w) for w in view.split()) <= 32


# ---------------------------------------------------------------- fuzzing

_CLASSES = ["(", ")", "[", "《", "》", "“", ".", ",", "-", "/", "0", "1", ",000", "一", "十", "万", "亿", "%", "年",
            "http://", "www.", ".com", "a", "Z", " ", "\n", "¹", "^{", "}", "e.g.", "&", "<", ">", "。"]


@st.composite
def pathological(draw: st.DrawFn) -> str:
    """One character class repeated, nested brackets, or a long token of mixed classes."""
    kind = draw(st.sampled_from(["repeat", "nest", "token", "mix"]))
    if kind == "repeat":
        return draw(st.sampled_from(_CLASSES)) * draw(st.integers(1, 3000))
    if kind == "nest":
        depth = draw(st.integers(1, 1500))
        return draw(st.sampled_from(["(", "[", "《", "“"])) * depth + "x" + draw(st.sampled_from([")", "]", "》", "”"])) * depth
    if kind == "token":
        return "".join(draw(st.lists(st.sampled_from([c for c in _CLASSES if c.strip()]), min_size=1, max_size=400)))
    return "".join(draw(st.lists(st.sampled_from(_CLASSES), min_size=1, max_size=600)))


def _inside(spans: list[tuple[int, int]], text: str) -> bool:
    return all(0 <= a <= b <= len(text) for a, b in spans)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pathological())
def test_text_stages_survive_pathological_strings(text: str) -> None:
    assert _inside(split_sentences(text), text)
    assert _inside(url_spans(text), text)
    assert url_spans(text) == [(m.start(), m.end()) for m in _URL.finditer(text)] if len(text) < 400 else True
    assert _inside([(q.start, q.end) for q in find_zh_figures(text)], text)
    assert _inside([(d.start, d.end) for d in find_zh_dates(text)], text)
    toks = tokenize(text)
    assert _inside(list(zip(toks.starts, toks.ends, strict=True)), text)
    joined = join_lines(text.split("\n"))
    assert "\n" not in joined and len(joined) <= len(text) + text.count("\n")
