"""spaCy computes only the word attributes briefparse reads: every attribute a Matcher pattern in the
library names is either kept on each word or not stored per word, and the kept ones still hold values."""

from __future__ import annotations

import re
from pathlib import Path

from briefparse.text.nlp import LEXEME_ATTRS, sentencizer

SRC = Path(__file__).resolve().parents[1] / "src" / "briefparse"
# pattern keys spaCy works out from the text itself or that are operators, not stored word attributes
NOT_PER_WORD = {"ORTH", "TEXT", "LENGTH", "REGEX", "OP", "IN", "NOT_IN", "FUZZY"}
SPACY_KEYS = re.compile(r"""["'](LOWER|NORM|SHAPE|PREFIX|SUFFIX|LEMMA|POS|TAG|DEP|ENT_TYPE|IS_[A-Z_]+|LIKE_[A-Z_]+|"""
                        r"""ORTH|TEXT|LENGTH|REGEX)["']\s*:""")


def test_every_attribute_a_pattern_names_is_kept_or_not_per_word() -> None:
    named = {m.group(1) for p in SRC.rglob("*.py") for m in SPACY_KEYS.finditer(p.read_text(encoding="utf-8"))}
    assert {"LOWER", "NORM"} <= named  # the scan does find the library's patterns
    assert named <= set(LEXEME_ATTRS) | NOT_PER_WORD, named - set(LEXEME_ATTRS) - NOT_PER_WORD


def test_kept_attributes_have_values_and_the_others_are_not_computed() -> None:
    nlp = sentencizer()
    doc = nlp.tokenizer("Beijing’s Ministry spent 62.4 billion yuan, see https://www.gov.cn/ .")
    words = {t.text: t for t in doc}
    assert words["Ministry"].lower_ == "ministry"
    assert words["’s"].norm_ == "'s"  # English norm exceptions still apply
    assert words[","].is_punct and not words["Ministry"].is_punct
    assert not words["Ministry"].is_title  # not computed: nothing reads it
    from spacy.attrs import IDS
    assert {IDS[a] for a in LEXEME_ATTRS} == set(nlp.vocab.lex_attr_getters)
