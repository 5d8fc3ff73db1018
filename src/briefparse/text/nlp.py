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

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


