"""Quality checks on a document's results, as plain functions.

The Dagster code location turns each :class:`CheckOutcome` into an asset check result; the
CLI and tests call the same functions. ``severity`` is ``error`` for results that are wrong
(a call to a note that does not exist) and ``warn`` for what a person should look at (a
note never called, a flagged URL, a claim with no evidence).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from briefparse.records import Claim, Endnote, Marker, UrlRecord


@dataclass
class CheckOutcome:
    """One check's verdict with what a person needs to act on it."""

    name: str
    passed: bool
    severity: str  # warn | error
    description: str
    metadata: dict[str, Any] = field(default_factory=dict)


def note_numbering(endnotes: list[Endnote]) -> CheckOutcome:
    """Notes are numbered 1..N with no gap or repeat (per placement: endnotes, footnotes)."""
    nums = [e.n for e in endnotes]
    repeats = sorted(n for n, c in Counter(nums).items() if c > 1)
    gaps = sorted(set(range(1, max(nums) + 1)) - set(nums)) if nums else []
    passed = not repeats and not gaps
    desc = "notes numbered 1.." + str(max(nums)) if nums and passed else (
        f"gaps {gaps[:20]} repeats {repeats[:20]}" if nums else "no notes found")
    return CheckOutcome("note_numbering", passed, "warn", desc,
                        {"notes": len(nums), "gaps": gaps[:50], "repeats": repeats[:50]})


def notes_called(endnotes: list[Endnote], markers: list[Marker]) -> CheckOutcome:
    """Every note is called at least once in the text."""
    called = {n for m in markers for n in m.notes}
    uncalled = sorted({e.n for e in endnotes} - called)
    desc = "every note is called" if not uncalled else f"notes never called: {', '.join(map(str, uncalled[:30]))}"
    return CheckOutcome("every_note_called", not uncalled, "warn", desc, {"uncalled": uncalled[:100]})


def calls_resolve(endnotes: list[Endnote], markers: list[Marker]) -> CheckOutcome:
    """No call points to a note that does not exist."""
    have = {e.n for e in endnotes}
    missing = sorted({n for m in markers for n in m.notes} - have)
    desc = "every call has its note" if not missing else f"calls to missing notes: {', '.join(map(str, missing[:30]))}"
    return CheckOutcome("no_call_to_missing_note", not missing, "error", desc, {"missing": missing[:100]})


def duplicate_notes(endnotes: list[Endnote]) -> CheckOutcome:
    """Lists notes that repeat an earlier note (passes: it is information, not a fault)."""
    dups = [(e.n, e.duplicate_of) for e in endnotes if e.duplicate_of]
    desc = "no repeated notes" if not dups else "; ".join(f"note {a} repeats note {b}" for a, b in dups[:20])
    return CheckOutcome("duplicate_notes", True, "warn", desc, {"duplicates": [list(d) for d in dups]})


def flagged_urls(urls: list[UrlRecord]) -> CheckOutcome:
    """URLs with an issue (typo, near-duplicate, http, date mismatch...) are listed for a person."""
    flagged = [u for u in urls if u.issue]
    desc = "no URL issues" if not flagged else f"{len(flagged)} of {len(urls)} URLs flagged"
    return CheckOutcome("flagged_urls", not flagged, "warn", desc,
                        {"flagged": [f"note {u.note}: {u.url} — {u.issue}" for u in flagged[:50]]})


def claims_evidence(claims: list[Claim]) -> CheckOutcome:
    """Claims with no citation, or whose cited sources could not be retrieved."""
    counts = Counter(c.status for c in claims)
    weak = [c for c in claims if c.status in ("no_citation", "source_unavailable")]
    desc = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no claims"
    return CheckOutcome("claims_have_evidence", not weak, "warn", desc,
                        {"status_counts": dict(counts), "without_evidence": [c.claim_id for c in weak[:100]]})


def document_checks(endnotes: list[Endnote], markers: list[Marker]) -> list[CheckOutcome]:
    """The note and call checks of one document."""
    return [note_numbering(endnotes), notes_called(endnotes, markers), calls_resolve(endnotes, markers),
            duplicate_notes(endnotes)]
