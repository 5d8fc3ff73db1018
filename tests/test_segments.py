"""Sentences are call-aware and regions/sections come from the blocks."""

from conftest import doc_and_seg

from briefparse.segments import split_sentences


def _sents(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_call_stays_on_the_sentence_it_ends() -> None:
    t = "It pumped money into 69 projects.⁹ By 2022, its scope had widened.¹⁰ While this grew."
    assert _sents(t) == ["It pumped money into 69 projects.⁹", "By 2022, its scope had widened.¹⁰", "While this grew."]


def test_caret_call_list_is_kept_whole() -> None:
    t = "It aims at “self-reliance” (科技自立自强).^{4,5} Finally, a revamp."
    assert _sents(t)[0].endswith(".^{4,5}")


def test_abbreviations_do_not_split() -> None:
    t = "Susan L. Shirk wrote it. The U.S. government said so. Work in S&T. Since 2007, more."
    assert _sents(t) == ["Susan L. Shirk wrote it.", "The U.S. government said so.", "Work in S&T.", "Since 2007, more."]


def test_regions_and_sections() -> None:
    text = "Title Of Brief\n\nIntro\n\nBody text here.¹\n\nNotes\n\n1. A note.\n\nAbout Us\n\nWe are.\n"
    doc, seg = doc_and_seg(text)
    assert seg.regions.notes_heading == "Notes"
    assert seg.regions.where(text.index("Body")) == "body"
    assert seg.regions.where(text.index("1. A")) == "endnote"
    assert seg.regions.where(text.index("We are")) == "back_matter"
    assert seg.section_at(text.index("Body")) == "Intro"
