"""The one-pass search for where a URL may start gives the positions the separator-by-separator walk gives, so
the URL finder tries the same places and finds the same URLs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.text.urls import _URL_RE, _url_starts, find_urls, url_starts_by_run

# host characters, the separators a run ends at, "www" in both cases, letters that match [a-z] only when case
# is ignored (long s, Kelvin sign), and characters that break a run
_CHARS = st.sampled_from(list("abwWxz019.-:/;?# ,()\n") + ["ſ", "K", "é", "中", "．", "／"])


@settings(max_examples=1500, deadline=None)
@given(st.text(_CHARS, max_size=40), st.data())
def test_one_pass_starts_are_the_starts_found_run_by_run(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _url_starts(text, start, end) == url_starts_by_run(text, start, end)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["www.", "WwW.", "http", "https", "://", "x.org", "-", "a-b", ".gov.cn", "/p",
                                 "bit.ly/", ";", ":", " ", "see ", "wwww", "doi.org/10.1/x", "(", ")", "ſ", "K"]),
                max_size=12).map("".join))
def test_every_match_starts_where_the_starts_say(text: str) -> None:
    starts = set(_url_starts(text, 0, len(text)) or range(len(text)))
    pos = 0
    while (m := _URL_RE.search(text, pos)) is not None:
        assert m.start() in starts, (text, m.start())
        pos = m.start() + 1
    find_urls(text)  # runs on whatever the pieces make


def test_known_texts() -> None:
    text = "Kennedy, “Made in China,” CSIS, 2015, https://www.csis.org/a-b/c and www.gov.cn/x; e-mail:x@y.org"
    assert _url_starts(text, 0, len(text)) == url_starts_by_run(text, 0, len(text))
    assert _url_starts(text, 10, 60) == url_starts_by_run(text, 10, 60)
    for t in ("wwwwW.x.org/a", "xWwWw-a.b/c wwwwwww", "a-b-c-:-/;-www"):  # www runs overlap; dashes
        for start in range(len(t) + 1):
            assert _url_starts(t, start, len(t)) == url_starts_by_run(t, start, len(t)), (t, start)
    assert [f.url for f in find_urls(text)]
