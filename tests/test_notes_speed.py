"""The notes stage's fast paths give what the plain forms give: quote positions read from each quote mark, the
regular expressions skipped when the text lacks the character they need, the IP check of a host name."""

from __future__ import annotations

import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.notes import find, parse, tagged
from briefparse.text.urls import _non_public_ip

_QUOTE_TEXT = st.text(st.sampled_from(list('"a .,;:!?\x00\n\t(\u3000[') + ["\u00a0"]), max_size=30)


@settings(max_examples=800, deadline=None)
@given(_QUOTE_TEXT)
def test_closing_quotes_are_where_the_pattern_finds_them(norm: str) -> None:
    assert parse._closing_quotes(norm) == [m.start("q") for m in parse._CLOSING_QUOTE.finditer(norm)]


@settings(max_examples=800, deadline=None)
@given(_QUOTE_TEXT, st.integers(min_value=0, max_value=32))
def test_opening_quote_is_the_first_the_pattern_finds(norm: str, before: int) -> None:
    first = next(iter(parse._OPENING_QUOTE.finditer(norm)), None)
    want = first.start() if first is not None and first.start() < before else None
    assert parse._opening_quote(norm, before) == want


def test_quotes_in_a_note() -> None:
    norm = 'Smith, "A Title," Journal, "Another." x"y "'
    assert parse._closing_quotes(norm) == [16, 36]
    assert parse._opening_quote(norm, 16) == 7 and parse._opening_quote(norm, 7) is None


_NOTE_TEXT = st.text(st.sampled_from(list("a1 \t]↩↑⤴[*_.\n\ufe0f\u3000")), max_size=25)


@settings(max_examples=800, deadline=None)
@given(_NOTE_TEXT)
def test_substitutions_skipped_only_where_they_change_nothing(text: str) -> None:
    if not ("]" in text or "↩" in text or "↑" in text or "⤴" in text):
        assert find._BACK_LINK.sub("", text) == text
    if not ("\t" in text or "  " in text):
        assert find._SPACES.sub(" ", text) == text
    if "*" not in text:
        assert parse._STARRED.sub(r"\1", text) == text
    if "*" not in text and "_" not in text:
        assert tagged._EMPHASIS.sub(r"\1", text) == text


def test_a_back_link_and_spaces_still_go() -> None:
    assert find._BACK_LINK.sub("", "Title, 2018. ↩") == "Title, 2018."
    assert tagged.strip_marks("*Foreign Affairs*") == "Foreign Affairs"
    assert parse.clean_en("The *Economist* view") == "The Economist view"


def _reference_non_public_ip(host: str) -> bool:
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


@settings(max_examples=1500, deadline=None)
@given(st.text(st.sampled_from(list("0123456789.:abcdefx%[]") + ["٣", "١", "²"]), max_size=20))
def test_non_public_ip_answers_as_ipaddress(host: str) -> None:
    assert _non_public_ip(host) == _reference_non_public_ip(host)


def test_non_public_ip_examples() -> None:
    for host in ("127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "fe80::1%eth0"):
        assert _non_public_ip(host)
    for host in ("8.8.8.8", "www.example.org", "2130706433", "1.2.3", "٣.٣.٣.٣"):
        assert not _non_public_ip(host), host
