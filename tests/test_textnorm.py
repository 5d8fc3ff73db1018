"""Chinese normalisation for matching: radicals, traditional characters, pinyin, match keys."""

from __future__ import annotations

import unicodedata

from briefparse.text.normalize import (
    RADICALS_SUPPLEMENT,
    has_han,
    pinyin,
    to_simplified,
    unify_radicals,
    zh_match_key,
    zh_norm,
)


def test_kangxi_radicals_map_to_unified_ideographs() -> None:
    # U+2F8F KANGXI RADICAL WALK → 行, U+2F00 KANGXI RADICAL ONE → 一
    assert unify_radicals("\u2f8f政") == "行政"
    assert unify_radicals("\u2f00") == "一"


def test_radicals_supplement_needs_the_table() -> None:
    # NFKC leaves most of U+2E80–U+2EFF alone; the table maps them
    assert unicodedata.normalize("NFKC", "\u2ed3") == "\u2ed3"
    assert unify_radicals("\u2ed3江") == "长江"
    assert unify_radicals("\u2ed4户") == "门户"
    assert all(0x2E80 <= ord(k) <= 0x2EFF for k in RADICALS_SUPPLEMENT)
    assert all(not (0x2E80 <= ord(v[0]) <= 0x2FDF) for v in RADICALS_SUPPLEMENT.values())


def test_compatibility_ideographs_are_unified() -> None:
    assert unify_radicals("\uf900") == unicodedata.normalize("NFKC", "\uf900") != "\uf900"


def test_traditional_to_simplified() -> None:
    assert to_simplified("國家技術創新中心") == "国家技术创新中心"
    assert to_simplified("English only") == "English only"


def test_match_key_folds_variants_spacing_and_punctuation() -> None:
    a = zh_match_key('"十四五" 国家重点研发计划')
    b = zh_match_key("“十四五”國家重點研發計劃")
    assert a == b == "十四五国家重点研发计划"
    assert zh_match_key("（暂行）") == zh_match_key("(暂行)")
    assert zh_match_key("\u2f8f政") == zh_match_key("行政")
    assert zh_match_key("部省联动") != zh_match_key("部省合作")


def test_norm_keeps_punctuation_for_display() -> None:
    assert zh_norm("关于印发《办法》的通知") == "关于印发《办法》的通知"
    assert zh_norm(" \u2f8f政  许可 ") == "行政 许可"


def test_pinyin() -> None:
    assert pinyin("新型举国体制") == "xīn xíng jǔ guó tǐ zhì"
    assert pinyin("部省联动", tones=False) == "bu sheng lian dong"
    assert pinyin('"十四五" 2022 年') == "shí sì wǔ 2022 nián"
    assert pinyin("English") == ""


def test_has_han() -> None:
    assert has_han("abc 中") and not has_han("abc") and has_han("\u2f8f")
