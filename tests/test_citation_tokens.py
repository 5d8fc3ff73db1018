"""The citation tokenizer and feature builder: the fast paths (one regex over a stretch, per-word caches) give
what a plain character-by-character reading gives."""

from __future__ import annotations

import random

from briefparse.citations import features as F
from briefparse.citations.tokens import Token, _chunk, is_cjk, tokenize, url_spans
from briefparse.text.urls import find_urls

_CJK_MARKS = "，。：；、（）《》〈〉〔〕【】「」『』“”‘’！？…·"


def _reference_chunks(text: str) -> list[tuple[str, int]]:
    """Tokens read one character at a time: a CJK character or mark alone, else a run up to whitespace or CJK;
    a run is cut before ``(`` after a digit and before ``[`` after ``)``."""
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif is_cjk(ch) or ch in _CJK_MARKS:
            out.append((ch, i))
            i += 1
        else:
            j = i
            while j < len(text) and not (text[j].isspace() or is_cjk(text[j]) or text[j] in _CJK_MARKS):
                j += 1
            a = i
            for k in range(i + 1, j):
                if (text[k] == "(" and text[k - 1].isdigit()) or (text[k] == "[" and text[k - 1] == ")"):
                    out.append((text[a:k], a))
                    a = k
            out.append((text[a:j], a))
            i = j
    return out


def test_chunks_match_a_character_by_character_reading() -> None:
    rng = random.Random(7)
    alphabet = list("ab Z9()[].,;:-\u3000\xa0\t\n") + list("中国政策《》，。、") + ["カ", "한"]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        got: list[Token] = []
        _chunk(text, 0, len(text), got)
        assert [(t.text, t.start) for t in got] == _reference_chunks(text), text


def test_volume_issue_and_cjk_tokens() -> None:
    toks = tokenize("王磊. 新型举国体制[J]. 中国软科学, 2021, 37(4): 1–9.")
    texts = [t.text for t in toks]
    assert texts[:2] == ["王", "磊"]
    assert "[J]." in texts or "[J]" in texts
    assert "37" in texts and "(4):" in texts


def test_url_spans_agree_with_the_url_finder() -> None:
    text = "Kennedy, Scott, “Made in China,” CSIS, 2015, https://www.csis.org/analysis/made-china-2025 and www.gov.cn/x"
    assert url_spans(text) == tuple((f.start, f.end, f.url) for f in find_urls(text))
    assert url_spans(text) is url_spans(text)  # read once per text


def test_features_do_not_depend_on_what_was_cached_before() -> None:
    seqs = [tokenize('Smith, J. (2018). "Title: A (study)," Journal 3(2): 1-9.'),
            tokenize("陈劲, 阳镇. 新型举国体制的理论逻辑[J]. 中国软科学, 2021(5)."),
            tokenize("See Smith (2018), Title, https://doi.org/10.1000/xyz")]
    first = [F.sequence_features(s) for s in seqs]
    F._token_info.cache_clear()
    again = [F.sequence_features(s) for s in reversed(seqs)][::-1]
    assert first == again
    # the quote and colon state belongs to the sequence, not to the cached word
    words = [t.text for t in seqs[0]]
    inside = first[0][words.index('"Title:') + 1]
    assert "in=dq" in inside and "seen_colon" in inside and "seen_year" in inside
    assert not {"in=dq", "seen_colon", "seen_year"} & set(first[0][0])


def test_a_work_cited_twice_is_read_once_and_handed_out_as_copies() -> None:
    from briefparse.notes.works import _parse_piece, parse_piece

    piece = 'Ada Lovelace, "Notes on the Engine," Scientific Memoirs 3 (1843): 666-731, https://example.org/notes'
    first = parse_piece(piece)
    first.authors.append("Someone Else")
    first.urls.clear()
    first.title_en = "changed"
    hits = _parse_piece.cache_info().hits
    again = parse_piece(piece)
    assert _parse_piece.cache_info().hits == hits + 1
    assert "Someone Else" not in again.authors and again.urls and again.title_en != "changed"


def test_word_shapes_match_a_character_by_character_reading() -> None:
    rng = random.Random(11)
    alphabet = list("aZ09..,-()“”") + ["é", "中", "Ⅳ", "²"]
    words = ["Economy", "2018", "pp.", "(2011).", "...", "AAA-bb", "x" * 30, "Zhōngguó", "中国2021年"]
    words += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20))) for _ in range(500)]
    for w in words:
        F._shape.cache_clear()
        assert F._shape(w) == F.shape_by_char(w[:16]), w  # a shape reads the first 16 characters


_WORDS = ["(2011).", "Press,", "Economy", "http://x.org/a", "中", "pp.", "J.", "vol.", "《中国》", "[J]", "10.1000/xyz",
          "1999", "May", "—", "Beijing:", "“Made", "III.", "2015-06-01", "pp.1-9", "E.C.", "https://doi.org/10.1/x"]


def test_the_four_windows_built_at_once_are_the_windows_built_one_offset_at_a_time() -> None:
    rnd = random.Random(7)
    words = _WORDS + ["".join(rnd.choice("aZ9.,;:()[]《》“”中-") for _ in range(rnd.randint(1, 8))) for _ in range(300)]
    for w in words:
        for kind in ("", "url", "doi"):
            own, low, shape = F._word_features(w, kind)
            assert F._windows(w, own, low, shape, F._edge_features(w)) == tuple(
                F._window(w, kind, off) for off in (-2, -1, 1, 2))


def test_a_vocabulary_leaves_out_only_the_per_word_features_it_lacks() -> None:
    seq = tokenize('Smith, J. (2018). "Title: A (study)," Journal 3(2): 1-9. 陈劲, 阳镇. 中国软科学[J].')
    full = F.sequence_features(seq)
    vocab = frozenset(x for f in full for i, x in enumerate(f) if i % 3)  # an arbitrary part of them
    known = F.sequence_features(seq, vocab)
    per_word = {x for t in seq for x in (*F._token_info(t.text, t.kind).own, *F._token_info(t.text, t.kind).raw,
                                         *(y for win in F._token_info(t.text, t.kind).windows for y in win))}
    for got, want in zip(known, full, strict=True):
        assert got == [x for x in want if x in vocab or x not in per_word]
