"""Shared fixtures: paths to the shipped corpus and gold, and small Document builders."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefparse.ingest import ingest_bytes
from briefparse.records import Document
from briefparse.segments import Segmentation, segment

ROOT = Path(__file__).resolve().parents[1]
BRIEFS = ROOT / "corpus" / "briefs"
# the shared gold when it is beside the repository, else the copy shipped with the tests
GOLD = ROOT.parent / "shared" / "gold" / "dev"
if not GOLD.is_dir():
    GOLD = ROOT / "tests" / "gold" / "dev"


def doc_from_text(text: str, name: str = "fixture.txt") -> Document:
    """A Document ingested from in-memory text (as if read from a file called ``name``)."""
    return ingest_bytes(text.encode("utf-8"), name, name)


def doc_and_seg(text: str, name: str = "fixture.txt") -> tuple[Document, Segmentation]:
    doc = doc_from_text(text, name)
    return doc, segment(doc)


@pytest.fixture(scope="session")
def briefs() -> Path:
    return BRIEFS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not GOLD.is_dir():
        pytest.skip("shared/gold/dev is not beside the repository")
    return GOLD
