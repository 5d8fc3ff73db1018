"""One form of a source's text for matching in every script, the same length as the text.

Traditional characters become simplified (國家 → 国家, 實驗室 → 实验室), full-width digits and
points ASCII (４２ → 42), radical code points ideographs; every offset stays valid in the text as
printed, so figures and dates found in the folded form are quoted from the original.
"""

from __future__ import annotations

from briefparse.text.normalize import to_simplified

_WIDE = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"．": ".", "，": "，"})


def fold(text: str) -> str:
    """``text`` in simplified script with ASCII digits, character for character (same length)."""
    wide = text.translate(_WIDE)
    simple = to_simplified(wide)
    if len(simple) == len(wide):
        return simple
    out = []
    for ch in wide:  # a phrase conversion changed the length: convert character by character instead
        s = to_simplified(ch)
        out.append(s if len(s) == 1 else ch)
    return "".join(out)
