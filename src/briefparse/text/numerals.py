"""Written numbers to values: Chinese numerals (二十点九, 六百二十四亿, 二〇二一), Arabic numerals with
Chinese multipliers (624亿) and English number words (twenty-one, 1.5 million).

cn2an reads most Chinese numerals but not 百分之…, 三倍, 十四五 or thousands separators, so the reader
here is our own and the tests compare it with cn2an where cn2an is right.
"""

from __future__ import annotations

import re

# ---------- values ----------

ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
             "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7,
             "八": 8, "捌": 8, "九": 9, "玖": 9}
ZH_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
ZH_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
ZH_POINT = {"点", "點"}
ZH_NUMERAL_CHARS = "".join(ZH_DIGITS) + "".join(ZH_UNITS) + "".join(ZH_BIG) + "点點"

EN_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
            "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
           "ninety": 90}
EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "tn": 1e12,
             "k": 1e3}
EN_NUMBER_WORDS = set(EN_UNITS) | set(EN_TENS) | {"hundred", "dozen"}


def clean_number(x: float) -> float:
    """Round away binary noise (62.4 × 10⁹ → 62400000000.0) so equal figures compare equal."""
    r = round(x, 6) if abs(x) < 1e12 else round(x, 2)
    return float(r)


def parse_zh_integer(s: str) -> int | None:
    """Integer value of a Chinese numeral (六百二十四亿, 一万零五, 十四, 二〇二一, 两千)."""
    if not s:
        return None
    if all(ch in ZH_DIGITS for ch in s):
        if len(s) == 1:
            return ZH_DIGITS[s]
        return int("".join(str(ZH_DIGITS[ch]) for ch in s))  # digit by digit: 二〇二一 → 2021
    total = section = 0
    number: int | None = None
    for ch in s:
        if ch in ZH_DIGITS:
            number = ZH_DIGITS[ch]
        elif ch in ZH_UNITS:
            section += (1 if number is None else number) * ZH_UNITS[ch]
            number = None
        elif ch in ZH_BIG:
            big = ZH_BIG[ch]
            if big == 100_000_000:
                total = (total + section + (number or 0)) * big
                section = 0
            else:
                section = (section + (number or 0)) * big
                if section == 0:
                    section = big
            number = None
        else:
            return None
    return total + section + (number or 0)


def parse_zh_number(s: str) -> float | None:
    """Value of a Chinese or mixed numeral: 二十点九, 六百二十四亿, 624亿, 6,240,000万, 1.5万, 百分之十."""
    s = s.strip().replace(",", "").replace("，", "").replace(" ", "")
    if not s:
        return None
    percent = s.startswith("百分之")
    if percent:
        s = s[3:]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿萬億]*)", s)
    if m:
        v = float(m.group(1))
        for ch in m.group(2):
            v *= ZH_UNITS.get(ch) or ZH_BIG[ch]
        return clean_number(v)
    if not s or any(ch not in ZH_NUMERAL_CHARS for ch in s):
        return None
    point = next((i for i, ch in enumerate(s) if ch in ZH_POINT), -1)
    if point >= 0:
        int_part, frac = s[:point], s[point + 1:]
        # 一点五亿: the multiplier after the decimals applies to the whole number
        mult = 1
        while frac and frac[-1] in ZH_BIG or frac and frac[-1] in ZH_UNITS:
            mult *= ZH_BIG.get(frac[-1]) or ZH_UNITS[frac[-1]]
            frac = frac[:-1]
        if not frac or any(ch not in ZH_DIGITS for ch in frac):
            return None
        whole = parse_zh_integer(int_part) if int_part else 0
        if whole is None:
            return None
        v = float(f"{whole}.{''.join(str(ZH_DIGITS[c]) for c in frac)}") * mult
        return clean_number(v)
    n = parse_zh_integer(s)
    return None if n is None else float(n)


def parse_en_number(s: str) -> float | None:
    """Value of an English number: 1,234.5, twenty-one, one hundred and five, 1.5 million, a dozen."""
    t = s.strip().lower().replace("\u2011", "-")
    if not t:
        return None
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    words = [w for w in re.split(r"[\s-]+", t) if w and w != "and"]
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    i = 0
    while i < len(words):
        w = words[i]
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            current += float(w)
        elif w in EN_UNITS:
            current += EN_UNITS[w]
        elif w in EN_TENS:
            current += EN_TENS[w]
        elif w == "a" and i + 1 < len(words) and words[i + 1] in ("hundred", "thousand", "million", "billion",
                                                                   "trillion", "dozen"):
            current += 1
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "dozen":
            current = (current or 1) * 12
        elif w in EN_SCALES:
            total += (current or 1) * EN_SCALES[w]
            current = 0
        elif w == "point" and i + 1 < len(words):
            digits = []
            for d in words[i + 1:]:
                if d in EN_UNITS and EN_UNITS[d] < 10:
                    digits.append(str(EN_UNITS[d]))
                else:
                    return None
            current += float("0." + "".join(digits))
            seen = True
            break
        else:
            return None
        seen = True
        i += 1
    return clean_number(total + current) if seen else None


