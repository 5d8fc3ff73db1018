"""Chinese text normalisation for matching: radicals → ideographs, traditional → simplified, pinyin.

Text is always kept as printed for display; these functions build the *keys* used to match a
term against a cited source (a PDF may print 行 as the Kangxi radical ⾏ U+2F8F, a Hong Kong or
Taiwan source prints 國家 for 国家). ``zh_match_key`` folds all of these to one form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import opencc

# CJK Radicals Supplement (U+2E80–U+2EFF) → the unified ideograph each one stands for
# (after Unicode's EquivalentUnifiedIdeograph.txt); NFKC maps only two of them.
RADICALS_SUPPLEMENT: dict[str, str] = {
    "⺁": "厂", "⺂": "乛", "⺃": "乚", "⺄": "乙", "⺅": "亻", "⺆": "冂", "⺇": "几", "⺈": "𠂊",
    "⺉": "刂", "⺊": "卜", "⺋": "㔾", "⺌": "小", "⺍": "小", "⺎": "兀", "⺏": "尣", "⺐": "尢",
    "⺑": "𡯂", "⺒": "巳", "⺓": "幺", "⺔": "彑", "⺕": "彐", "⺖": "忄", "⺗": "㣺", "⺘": "扌",
    "⺙": "攵", "⺛": "旡", "⺜": "日", "⺝": "月", "⺞": "歺", "⺟": "母", "⺠": "民", "⺡": "氵",
    "⺢": "氺", "⺣": "灬", "⺤": "爫", "⺥": "爫", "⺦": "丬", "⺧": "牛", "⺨": "犭", "⺩": "王",
    "⺪": "疋", "⺫": "目", "⺬": "示", "⺭": "礻", "⺮": "竹", "⺯": "糸", "⺰": "纟", "⺱": "罓",
    "⺲": "罒", "⺳": "㓁", "⺴": "罓", "⺵": "网", "⺶": "羊", "⺷": "羊", "⺸": "𦍌", "⺹": "耂",
    "⺺": "肀", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虎",
    "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角", "⻇": "𧢲", "⻈": "讠", "⻉": "贝",
    "⻊": "𧾷", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "钅", "⻑": "長",
    "⻒": "镸", "⻓": "长", "⻔": "门", "⻕": "阜", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦",
    "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻞": "𩙿", "⻟": "飠", "⻠": "饣", "⻡": "首",
    "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄",
    "⻪": "黾", "⻫": "斉", "⻬": "齐", "⻭": "歯", "⻮": "齿", "⻯": "竜", "⻰": "龙", "⻱": "龜",
    "⻲": "亀", "⻳": "龟",
}

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u2e80-\u2eff\u2f00-\u2fdf"
_HAN_RE = re.compile(f"[{HAN}]")
# what a match key drops: spacing, quotes, brackets and punctuation (ASCII, CJK and full-width)
_KEY_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】,，.。、;；:：!！?？·・\-—–_*]+")


def has_han(s: str) -> bool:
    """True if ``s`` holds at least one Chinese character (radical code points included)."""
    return bool(_HAN_RE.search(s))


def is_han(ch: str) -> bool:
    """True for one Chinese character (unified, extension, compatibility or radical)."""
    return bool(_HAN_RE.fullmatch(ch))


def unify_radicals(s: str) -> str:
    """Map Kangxi radicals, CJK-radical-supplement and compatibility ideographs to unified ideographs."""
    out = []
    for ch in s:
        cp = ord(ch)
        if 0x2F00 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF:
            out.append(unicodedata.normalize("NFKC", ch))
        elif 0x2E80 <= cp <= 0x2EFF:
            out.append(RADICALS_SUPPLEMENT.get(ch, unicodedata.normalize("NFKC", ch)))
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1)
def _t2s() -> Any:

    return opencc.OpenCC("t2s")


def to_simplified(s: str) -> str:
    """Traditional → simplified characters (opencc ``t2s``), radicals unified first."""
    s = unify_radicals(s)
    return str(_t2s().convert(s)) if has_han(s) else s


def zh_norm(s: str) -> str:
    """The printed Chinese with radical code points unified and spacing folded (still displayable)."""
    return re.sub(r"\s+", " ", unify_radicals(s)).strip()


def zh_match_key(s: str) -> str:
    """A key for matching Chinese strings: unified, NFKC, simplified, no spaces or punctuation."""
    t = unicodedata.normalize("NFKC", unify_radicals(s))
    t = to_simplified(t)
    return _KEY_DROP.sub("", t).lower()


def pinyin(s: str, tones: bool = True) -> str:
    """Pinyin of the Chinese characters in ``s`` (syllables spaced; other text kept as is)."""
    from pypinyin import Style, lazy_pinyin  # imported on first use: ~460 ms at start-up, not every run needs it

    t = zh_norm(s)
    if not has_han(t):
        return ""
    style = Style.TONE if tones else Style.NORMAL
    parts = lazy_pinyin(t, style=style, errors=lambda x: re.sub(r"[^\w\s]", " ", x))
    out = " ".join(p.strip() for p in parts if any(c.isalnum() for c in p))
    out = re.sub(r"\s+", " ", out)
    return out.strip()


def syllables(s: str, heteronyms: bool = False) -> list[list[str]]:
    """Toneless pinyin readings of each Chinese character of ``s`` (others skipped)."""
    from pypinyin import Style  # imported on first use: ~460 ms at start-up, not every run needs it
    from pypinyin import pinyin as _pinyin  # imported on first use: ~460 ms at start-up, not every run needs it

    han = "".join(ch for ch in unify_radicals(s) if is_han(ch))
    if not han:
        return []
    return [list(dict.fromkeys(r)) for r in _pinyin(han, style=Style.NORMAL, heteronym=heteronyms)]
