"""Every shipped vocabulary (``src/briefparse/data/*.tsv``) loads, is sorted and has no duplicate rows."""

from __future__ import annotations

from importlib import resources

import pytest

from briefparse.text import vocab

TSV = sorted(p.name for p in resources.files("briefparse").joinpath("data").iterdir() if p.name.endswith(".tsv"))


def test_there_are_vocabularies() -> None:
    assert TSV, "no data/*.tsv shipped"


@pytest.mark.parametrize("name", TSV)
def test_vocabulary_loads_sorted_without_duplicates(name: str) -> None:
    rows = vocab.rows(name)
    assert rows, f"{name} is empty"
    keys = [r for r in rows]
    assert keys == sorted(keys), f"{name}: rows are not sorted"
    assert len(set(keys)) == len(keys), f"{name}: duplicate rows"
    assert all(all(c for c in r[:1]) for r in rows), f"{name}: a row with an empty first cell"
