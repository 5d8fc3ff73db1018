"""fast_url_normalize must give url_normalize's result (or its exception) for every input: generated URLs with
hosts in upper case, IDN, A-labels, empty and long labels, ports, userinfo, IPv6, percent-escapes, dot segments."""

from __future__ import annotations

import string
from importlib.metadata import version

from hypothesis import given, settings
from hypothesis import strategies as st
from url_normalize import url_normalize

from briefparse.text.urls import _fast_host, fast_url_normalize


def _outcome(fn, url):
    try:
        return "ok", fn(url)
    except Exception as exc:  # the same failure counts as the same outcome
        return "raised", type(exc).__name__


def test_pinned_version():
    # fast_url_normalize repeats this version's steps: a new version must be read again before it is trusted
    assert version("url-normalize") == "3.1.0"


_LDH = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
_ODD = "_~!$&'()*+,;=%@:é中ßİKΣ\u0301\u200d\u3002\uff0e\uff61ـ١א -"
_label = st.one_of(
    st.text(_LDH, min_size=0, max_size=12),
    st.text(_LDH, min_size=58, max_size=70),  # around the 63-octet limit
    st.builds(lambda a, b: a + "--" + b, st.text(_LDH, min_size=0, max_size=3), st.text(_LDH, max_size=6)),
    st.sampled_from(["xn--bcher-kva", "xn--", "xn--a", "XN--BCHER-KVA", "xn---bbk", "xn--55qx5d", "www", "com",
                     "gov", "cn", "1", "0x7f", "127", "b\u00fccher", "\u4e2d\u56fd", "ACME", "a-", "-a", "ab--c"]),
    st.text(_LDH + _ODD, min_size=0, max_size=10),
)
_host = st.one_of(
    st.lists(_label, min_size=0, max_size=5).map(".".join),
    st.builds(lambda h, d: h + d, st.lists(_label, min_size=1, max_size=4).map(".".join),
              st.sampled_from([".", "..", "\u3002", "\uff0e"])),
    st.builds(lambda h: "." + h, st.lists(_label, min_size=1, max_size=3).map(".".join)),
    st.sampled_from(["[::1]", "[2001:DB8::1]", "[fe80::1%25eth0]", "[FE80::A%25En0]", "[::ffff:10.0.0.1]",
                     "10.0.0.1", "127.0.0.1", "localhost", "LOCALHOST", ""]),
)
_part_chars = st.sampled_from(list("aZ09-._~/:?#[]@!$&'()*+,;= \"<>\\^`{|}é中ß\u0301\t") + ["%20", "%2F", "%2f", "%3A",
                                                                                       "%41", "%7E", "%25", "%zz",
                                                                                       "%", "%E4%B8%AD", "%C3"])
# mostly characters some part leaves alone, with at most one that another part escapes: each part's safe set is
# then tested character by character
_plain = st.text("aZ09-._~", max_size=6)
_one = st.sampled_from(list(string.punctuation) + [" ", "é", "中", "%20", "%41", "%7E", "%2F", "%3a", "%", "%zz"])
_chunk = st.one_of(st.lists(_part_chars, max_size=12).map("".join),
                   st.builds(lambda a, c, b, d: a + c + b + d, _plain, _one, _plain, st.one_of(st.just(""), _one)))
_path = st.one_of(
    st.lists(st.one_of(st.sampled_from(["", ".", "..", "a", "A", "b.html", "%2e", "%2E%2E"]), _chunk),
             max_size=6).map(lambda parts: "/" + "/".join(parts)),
    st.just(""),
)
_query = st.lists(st.one_of(_chunk, st.builds(lambda k, v: f"{k}={v}", _chunk, _chunk)), max_size=4).map("&".join)


@st.composite
def _urls(draw):
    scheme = draw(st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "file://", "//", "", "http:/",
                                   "mailto:", "tel:", "gopher://", "ws://", "x+y://", "http:\\\\"]))
    userinfo = draw(st.sampled_from(["", "", "user@", "User:Pass@", "@", ":@", "us%40er@", "a b@", "é@", "a@b@", "u!$&'()*+,;=:@", "u~.-_@", "u/x@", "u?@", "u[@"]))
    host = draw(_host)
    port = draw(st.sampled_from(["", "", ":80", ":443", ":0080", ":8080", ":", ":x1", ":21"]))
    path = draw(_path)
    query = draw(st.one_of(st.just(""), _query.map(lambda q: "?" + q)))
    fragment = draw(st.one_of(st.just(""), _chunk.map(lambda f: "#" + f), _chunk.map(lambda f: "#!" + f)))
    lead = draw(st.sampled_from(["", "", " ", "\t", "\n "]))
    return lead + scheme + userinfo + host + port + path + query + fragment


@settings(max_examples=3000, deadline=None)
@given(_urls())
def test_fast_url_normalize_matches_library(url):
    assert _outcome(fast_url_normalize, url) == _outcome(url_normalize, url)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=40))
def test_fast_url_normalize_any_text(url):
    assert _outcome(fast_url_normalize, url) == _outcome(url_normalize, url)


@settings(max_examples=3000, deadline=None)
@given(_host)
def test_fast_host_matches_library(host):
    from url_normalize.normalize_host import normalize_host

    assert _outcome(_fast_host, host) == _outcome(normalize_host, host)


def test_fast_url_normalize_examples():
    for url in ["http://www.Example.COM:80/a/./b/../c?x=1&&y=%7e#frag", "https://xn--bcher-kva.de/", "Bücher.de/ä",
                "https://ab--cd.com/", "https://" + "a" * 63 + ".com/", "https://" + "a" * 64 + ".com/",
                "https://a_b.example.org/x", "http://[::1]:8080/", "https://foo.com/#!x=1", "www.x.org/%7Euser/",
                "http://例子.测试/路径?q=中", "https://host.example./", "https://-bad.example/"]:
        assert _outcome(fast_url_normalize, url) == _outcome(url_normalize, url), url
