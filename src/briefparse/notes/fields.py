"""A note's fields: the entry point that reads one note with the rule parser and the tagger (``notes.works``).

Kept apart from ``notes.parse`` (the rules) so the rules never import the code that chooses between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from briefparse.notes.parse import NoteFields, explanatory_fields
from briefparse.notes.works import Cited, merged, parse_note


def parse_note_text(text: str, earlier: Sequence[Cited] = (), library: Sequence[Cited] = (),
                    entry: bool = False) -> NoteFields:
    """Parse one note's text (label removed) into its top-level fields and per-work fields.

    ``earlier``: the works cited by the notes before it (same series), and ``library`` those of the document's
    reference list, so that ``Ibid.`` and short forms take the fields of the full citation they point to;
    ``entry``: the text is a reference-list entry, a citation whatever its shape."""

    t = " ".join(text.split())
    pn = parse_note(t, earlier, library, entry)
    kept = [(w, o) for w, o in zip(pn.works, pn.origins, strict=True)
            if w.title_en or w.title_zh or w.urls or w.container_en or w.container_zh]
    works = [w for w, _ in kept]
    if not works:
        w = explanatory_fields(t)
        return NoteFields(w.freeze(), [], True, pn.commentary if pn.works else None)
    top = replace(merged(works), raw=t)
    return NoteFields(top, works if len(works) > 1 else [], False, pn.commentary, pn.refers_to, pn.inherited,
                      tuple(o for _, o in kept))
