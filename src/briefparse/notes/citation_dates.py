"""Citation dates: the first date a note gives (``May 31, 2021``, ``31 May 2021``, ``2021年5月31日``, ``(2016)``) as ISO.

One helper for every note parser (the rules, the tagger's fields, GB/T 7714), so they read dates alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_MON_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
             "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DATE_PATTERNS = [
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b"),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<nmon>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日)?"),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<nmon>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b"),
    re.compile(r"\((?P<year>(?:19|20)\d{2})\)"),
    re.compile(r"(?:^|[,.;:]\s*)(?P<year>(?:19|20)\d{2})(?=[.,;:]?\s*$|[.,;:]\s|\))"),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*年"),
]


def month_num(s: str) -> int:
    s = s.lower().rstrip(".")
    return MONTHS.get(s) or _MON_ABBR.get(s[:4], 0) or _MON_ABBR.get(s[:3], 0)


@lru_cache(maxsize=4096)  # the rule parser, the tagger's reader and the GB/T reader ask about the same texts
def find_date(text: str) -> tuple[str, int, int] | None:
    """The first citation date in ``text`` as ISO (``2021-05-31``, ``2023-02``, ``2016``) with its span."""
    best: tuple[str, int, int] | None = None
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text):
            gd = m.groupdict()
            y = gd["year"]
            mon = month_num(gd["mon"]) if gd.get("mon") else int(gd["nmon"]) if gd.get("nmon") else 0
            day = int(gd["day"]) if gd.get("day") else 0
            iso = y + (f"-{mon:02d}" if mon else "") + (f"-{day:02d}" if mon and day else "")
            if best is None or m.start() < best[1] or (m.start() == best[1] and len(iso) > len(best[0])):
                best = (iso, m.start(), m.end())
            break
    return best


__all__ = ["MONTHS", "find_date", "month_num"]
