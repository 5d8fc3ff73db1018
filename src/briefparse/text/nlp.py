"""The shared NLP objects, built once per process: a blank spaCy ``en`` pipeline with the rule-based
sentencizer (no model download), its vocabulary for Matchers, and jieba quietened.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def sentencizer() -> Any:
    """A blank English spaCy pipeline with the rule-based sentencizer (no model download)."""
    import spacy  # imported on first use: ~1950 ms at start-up, not every run needs it
    from spacy.attrs import IDS

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    getters: dict[int, Any] = getattr(nlp.vocab, "lex_attr_getters")  # noqa: B009  # not in spaCy's stubs
    for attr in [a for a in getters if a not in {IDS[name] for name in LEXEME_ATTRS}]:
        del getters[attr]
    return nlp


# The word attributes anything here reads: Matcher patterns match on LOWER and NORM (besides ORTH, LENGTH and
# REGEX, which are not stored per word) and the sentencizer on IS_PUNCT. spaCy computes every attribute it has
# a getter for, in Python, for each new word it meets (about 28 µs a word; 6 µs for these four): a document
# full of words the process has not seen yet paid for shapes, stop words and URL tests nobody looks at.
LEXEME_ATTRS = ("LOWER", "NORM", "IS_PUNCT", "LANG")


