"""The tagger's label set and the character-span form all training data is kept in before tokenizing."""

from __future__ import annotations

from dataclasses import dataclass, field

from .tokens import Token, tokenize

__all__ = ["LABELS", "LabeledText", "token_labels", "from_token_labels"]

LABELS: tuple[str, ...] = (
    "author", "editor", "translator", "title", "container", "publisher", "location", "date", "volume", "issue",
    "pages", "url", "doi", "genre", "note", "edition", "isbn", "citation-number", "other",
)


@dataclass(frozen=True)
class LabeledText:
    """A citation string with labelled character spans (start, end, label); uncovered text is 'other'."""

    text: str
    spans: tuple[tuple[int, int, str], ...]
    style: str = ""
    meta: dict[str, str] = field(default_factory=dict, compare=False)


def token_labels(item: LabeledText) -> tuple[list[Token], list[str]]:
    """Tokenize the text and give each token the label of the span holding its first letter or digit."""
    tokens = tokenize(item.text)
    spans = sorted(item.spans)
    labels: list[str] = []
    k = 0
    for t in tokens:
        # the token's first letter or digit decides (punctuation stays on its word, e.g. "“Made")
        pos = next((t.start + i for i, ch in enumerate(t.text) if ch.isalnum()), t.start)
        while k < len(spans) and spans[k][1] <= pos:
            k += 1
        if k < len(spans) and spans[k][0] <= pos < spans[k][1]:
            labels.append(spans[k][2])
        else:
            labels.append("other")
    return tokens, labels


def from_token_labels(text: str, tokens: list[Token], labels: list[str]) -> LabeledText:
    """Merge runs of equally labelled tokens back into character spans."""
    spans: list[tuple[int, int, str]] = []
    for t, lab in zip(tokens, labels, strict=True):
        if spans and spans[-1][2] == lab:
            spans[-1] = (spans[-1][0], t.end, lab)
        else:
            spans.append((t.start, t.end, lab))
    return LabeledText(text, tuple(spans))
