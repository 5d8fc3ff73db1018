"""The citation features' fast paths give what the forms they replace give: the state features kept as tuples
between changes, a word's period and letter-digit flags read the short way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.citations import features as F
from briefparse.citations.tokens import Token, tokenize

_PIECES = ["(", ")", "[", "]", "《", "》", "“", "”", '"', "*", ":", "：", "2018", "2018).", "Smith,", "J.", "vol.",
           "pp.", "http://x.org/a", "中", "国", "Press.", "no.", "3(2):", "1-9.", "‘", "’", "«", "»", "「", "」", "et", "al.",
           "(2011).", "E.C.", "x²", "٣b", "a1", "1a"]


def _reference(tokens: list[Token], vocabulary: frozenset[str] | None = None) -> list[list[str]]:
    """:func:`F.sequence_features` as first written: every state feature worked out again for each token."""
    n = len(tokens)
    if n == 0:
        return []
    infos = [F._token_info(t.text, t.kind, vocabulary) for t in tokens]
    cjk = F._cjk_run_features(tokens) if any(i.cjk_char for i in infos) else None
    has_cjk = any(i.cjk for i in infos)
    feats: list[list[str]] = []
    depth: dict[str, int] = {}
    straight_dq = italic = seen_year = seen_colon = seen_quote = seen_url = False
    periods = segment = commas = 0
    prev_trail, prev_end = "^", -1
    for i, tok in enumerate(tokens):
        info = infos[i]
        f = ["bias", *info.own, *info.raw] if cjk is None else ["bias", *info.own, *cjk[i], *info.raw]
        if depth:
            f += ["in=" + k for k, v in depth.items() if v > 0]
        if straight_dq:
            f.append("in=dq")
        if italic:
            f.append("in=italic")
        f += (F._PERIODS[periods], F._SEGMENTS[segment], F._COMMAS[commas])
        for name, on in (("seen_year", seen_year), ("seen_colon", seen_colon), ("seen_quote", seen_quote),
                         ("seen_url", seen_url), ("seq_cjk", has_cjk)):
            if on:
                f.append(name)
        f.append(F._POS[10 * i // n])
        if i < 3:
            f.append(F._IDX[i])
        if i == n - 1:
            f.append("last")
        if prev_end == tok.start:
            f.append("glued")
        f += F._ptr(prev_trail, info.case, info.lead)
        f += infos[i - 2].windows[0] if i >= 2 else F._EDGE[-2]
        f += infos[i - 1].windows[1] if i >= 1 else F._EDGE[-1]
        f += infos[i + 1].windows[2] if i + 1 < n else F._EDGE[1]
        f += infos[i + 2].windows[3] if i + 2 < n else F._EDGE[2]
        feats.append(f)
        for ch in info.state_chars:
            if ch in F._OPEN:
                depth[F._OPEN[ch]] = depth.get(F._OPEN[ch], 0) + 1
                if F._OPEN[ch] in ("dq", "book", "corner"):
                    seen_quote = True
            elif ch in F._CLOSE:
                if depth.get(F._CLOSE[ch], 0) > 0:
                    depth[F._CLOSE[ch]] -= 1
            elif ch == '"':
                straight_dq, seen_quote = not straight_dq, True
            elif ch == "*":
                italic = not italic
            else:
                seen_colon = True
        periods += info.period and periods < 4
        segment += info.segment and segment < 8
        commas += info.comma and commas < 6
        seen_year = seen_year or info.year
        seen_url = seen_url or info.url
        prev_trail, prev_end = info.trail, tok.end
    return feats


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " "])), max_size=30))
def test_state_features_as_tuples_match_the_features_worked_out_per_token(parts: list[tuple[str, str]]) -> None:
    text = "".join(p + sep for p, sep in parts)
    tokens = tokenize(text)
    assert F.sequence_features(tokens) == _reference(tokens)
    vocab = frozenset(x for f in _reference(tokens) for x in f[::2])
    assert F.sequence_features(tokens, vocab) == _reference(tokens, vocab)


def test_state_features_open_and_close() -> None:
    tokens = tokenize('Smith, "Title: (a *b c*)," 2018 http://x.org/a end')  # the *b: italic until c*),"
    feats = F.sequence_features(tokens)
    assert feats == _reference(tokens)
    assert {"in=dq", "in=paren", "seen_colon"} <= set(feats[3]) and "in=italic" in feats[4]
    assert not {"in=dq", "in=paren", "in=italic"} & set(feats[5]) and "seen_url" in feats[-1]


_WORD_CHARS = st.sampled_from(list("aZ9.,;:!?()[]“”\"'*-_/…") + ["²", "٣", "中", "é", "Ⅳ", "。"])


@settings(max_examples=500, deadline=None)
@given(st.text(_WORD_CHARS, min_size=1, max_size=10), st.sampled_from(["", "url", "doi"]))
def test_period_and_alnum_read_the_short_way(w: str, kind: str) -> None:
    own, low, _ = F._word_features.__wrapped__(w, kind)
    info = F._token_info.__wrapped__(w, kind)
    assert info.period == (w in (".", "。") or any(x.startswith("trail=") and "." in x for x in own))
    if "w=" + low in own and "cjk" not in own:  # a word read in full (not a URL, DOI, type code or CJK character)
        assert ("alnum" in own) == (any(c.isdigit() for c in low) and any(c.isalpha() for c in low))


def test_alnum_is_set_for_letters_with_digits_only() -> None:
    assert "alnum" in F._word_features.__wrapped__("a1,", "")[0]
    assert "alnum" in F._word_features.__wrapped__("x²", "")[0]
    assert "alnum" not in F._word_features.__wrapped__("Security,", "")[0]
    assert "alnum" not in F._word_features.__wrapped__("2018).", "")[0]


def _filtered_windows(w: str, kind: str, vocabulary: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """The neighbour windows as first filtered: built in full by :func:`F._windows`, then each feature looked up."""
    own, low, shape = F._word_features.__wrapped__(w, kind)
    return tuple(tuple(x for x in win if x in vocabulary)
                 for win in F._windows(w, own, low, shape, F._edge_features.__wrapped__(w)))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(_WORD_CHARS, min_size=1, max_size=8), min_size=1, max_size=6),
       st.sampled_from(["", "url", "doi"]), st.integers(0, 2**32 - 1))
def test_known_windows_put_together_from_parts_are_the_filtered_windows(words: list[str], kind: str,
                                                                        seed: int) -> None:
    import random

    rng = random.Random(seed)
    every = {x for w in words for win in _filtered_windows(w, kind, frozenset(["\0all"]) | _everything(w, kind))
             for x in win}
    vocabulary = frozenset(x for x in sorted(every) if rng.random() < 0.6)
    for w in words:
        own, low, shape = F._word_features.__wrapped__(w, kind)
        edges = F._edge_features.__wrapped__(w)
        assert F._known_windows(w, own, low, shape, edges, vocabulary) == _filtered_windows(w, kind, vocabulary)
        assert F._token_info.__wrapped__(w, kind, vocabulary).windows == _filtered_windows(w, kind, vocabulary)


def _everything(w: str, kind: str) -> frozenset[str]:
    own, low, shape = F._word_features.__wrapped__(w, kind)
    return frozenset(x for win in F._windows(w, own, low, shape, F._edge_features.__wrapped__(w)) for x in win)


def test_flag_names_pick_what_the_flag_prefixes_pick() -> None:
    from briefparse.citations.labels import token_labels
    from briefparse.citations.train import training_items

    seen: set[str] = set()
    for item in training_items():
        for t in token_labels(item)[0]:
            seen.update(F._word_features(t.text, t.kind)[0])
    seen |= {x for w in _PIECES for k in ("", "url", "doi") for x in F._word_features(w, k)[0]}
    for x in seen:
        assert (x in F._FLAG_NAMES) == x.startswith(F._NEIGHBOUR_FLAGS), x
