"""Quality checks on a document's results, as plain functions.

The Dagster code location turns each :class:`CheckOutcome` into an asset check result; the
CLI and tests call the same functions. ``severity`` is ``error`` for results that are wrong
(a call to a note that does not exist, a note lost from the numbering) and ``warn`` for
what a person should look at (a note never called, a flagged URL, a claim with no
evidence, a broken link). ``details`` is a short Markdown table naming what to look at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from briefparse.records import Claim, DocumentRow, Endnote, Marker, UrlRecord

Severity = Literal["warn", "error"]
EVIDENCE_SHARE = 0.25  # claims_have_evidence warns when fewer checkable claims than this have a retrieved source

SHOWN = 30  # rows of a details table; the metadata lists keep more


@dataclass(frozen=True)
class CheckOutcome:
    """One check's verdict with what a person needs to act on it."""

    name: str
    passed: bool
    severity: Severity
    description: str
    metadata: dict[str, Any] = field(default_factory=dict)
    details: str = ""  # Markdown, shown in the UI


def md_cell(value: Any, width: int = 90) -> str:
    """A value as one Markdown table cell (one line, escaped pipes, shortened)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = " ".join(str(value).split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.replace("|", "\\|")


def md_rows(header: Sequence[str], rows: Iterable[Sequence[Any]], total: int | None = None) -> str:
    """A Markdown table of at most SHOWN rows, saying how many there are in all."""
    body = [list(r) for r in rows]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_cell(v) for v in r) + " |" for r in body[:SHOWN]]
    n = total if total is not None else len(body)
    if n > SHOWN:
        lines.append(f"\n_{SHOWN} of {n} shown_")
    return "\n".join(lines) if body else ""


def _names(nums: Sequence[int], limit: int = 30) -> str:
    """``1, 4, 9`` (and how many more)."""
    shown = ", ".join(map(str, nums[:limit]))
    return shown + (f" (+{len(nums) - limit} more)" if len(nums) > limit else "")


def numbering_series(nums: Sequence[int]) -> list[list[int]]:
    """Note numbers in document order split where the numbering starts again at 1."""
    series: list[list[int]] = []
    for n in nums:
        if not series or (n == 1 and series[-1]):
            series.append([])
        series[-1].append(n)
    return [s for s in series if s]


def note_numbering(endnotes: list[Endnote]) -> CheckOutcome:
    """Notes are numbered 1..N with no gap or repeat, per placement (endnotes, footnotes).

    A note lost from the sequence is an error; a repeat, or a numbering that starts again
    at 1 (per chapter or per page), is a warning: calls to those numbers are ambiguous.
    """
    gaps: list[str] = []
    repeats: list[str] = []
    restarts: list[str] = []
    counts: dict[str, int] = {}
    for placement in dict.fromkeys(e.placement for e in endnotes):
        nums = [e.n for e in endnotes if e.placement == placement]
        counts[placement] = len(nums)
        label = f"{placement} " if len({e.placement for e in endnotes}) > 1 else ""
        series = numbering_series(nums)
        if len(series) > 1 and all(sorted(s) == list(range(1, len(s) + 1)) for s in series):
            restarts.append(f"{label}numbering starts again at 1 {len(series) - 1} time(s)")
            continue
        gaps += [f"{label}{g}" for g in sorted(set(range(1, max(nums) + 1)) - set(nums))]
        repeats += [f"{label}{n}" for n, c in sorted(Counter(nums).items()) if c > 1]
    if not endnotes:
        return CheckOutcome("note_numbering", True, "warn", "no notes found", {"notes": 0})
    problems = ([f"missing notes {', '.join(gaps[:20])}"] if gaps else []) + (
        [f"repeated notes {', '.join(repeats[:20])}"] if repeats else []) + restarts
    desc = "; ".join(problems) or "notes numbered " + ", ".join(
        f"1..{max(e.n for e in endnotes if e.placement == p)}" + (f" ({p})" if len(counts) > 1 else "")
        for p in counts)
    return CheckOutcome("note_numbering", not problems, "error" if gaps else "warn", desc,
                        {"notes": len(endnotes), "by_placement": counts, "gaps": gaps[:50],
                         "repeats": repeats[:50], "restarts": restarts})


def notes_called(endnotes: list[Endnote], markers: list[Marker]) -> CheckOutcome:
    """Every note is called at least once in the text (warns naming the uncalled notes)."""
    called = {n for m in markers for n in m.notes}
    uncalled = sorted({e.n for e in endnotes} - called)
    desc = "every note is called" if not uncalled else f"notes never called: {_names(uncalled)}"
    first: dict[int, Endnote] = {}
    for e in endnotes:
        first.setdefault(e.n, e)
    details = md_rows(["note", "text"], ([n, first[n].raw] for n in uncalled))
    return CheckOutcome("every_note_called", not uncalled, "warn", desc, {"uncalled": uncalled[:100]}, details)


def calls_resolve(endnotes: list[Endnote], markers: list[Marker]) -> CheckOutcome:
    """No call points to a note that does not exist (an error: the call or the notes are wrong)."""
    have = {e.n for e in endnotes}
    bad = [m for m in markers if set(m.notes) - have]
    missing = sorted({n for m in bad for n in m.notes} - have)
    desc = "every call has its note" if not missing else f"calls to missing notes: {_names(missing)}"
    details = md_rows(["call", "notes missing", "context"],
                      ([m.raw, _names(sorted(set(m.notes) - have)), m.context] for m in bad))
    return CheckOutcome("no_call_to_missing_note", not missing, "error", desc, {"missing": missing[:100]}, details)


def duplicate_notes(endnotes: list[Endnote]) -> CheckOutcome:
    """Lists notes that repeat an earlier note (passes: it is information, not a fault)."""
    dups = [(e.n, e.duplicate_of) for e in endnotes if e.duplicate_of]
    desc = "no repeated notes" if not dups else "; ".join(f"note {a} repeats note {b}" for a, b in dups[:20])
    return CheckOutcome("duplicate_notes", True, "warn", desc, {"duplicates": [list(d) for d in dups]})


def flagged_urls(urls: list[UrlRecord]) -> CheckOutcome:
    """URLs with an issue (typo, near-duplicate, http, date mismatch...) are listed for a person."""
    flagged = [u for u in urls if u.issue]
    desc = "no URL issues" if not flagged else f"{len(flagged)} of {len(urls)} URLs flagged"
    details = md_rows(["note", "url", "issue"], ([u.note, u.url, u.issue] for u in flagged))
    return CheckOutcome("flagged_urls", not flagged, "warn", desc,
                        {"flagged": [f"note {u.note}: {u.url} — {u.issue}" for u in flagged[:50]]}, details)


def claims_evidence(claims: list[Claim], threshold: float = EVIDENCE_SHARE) -> CheckOutcome:
    """The share of checkable claims (those with a citation) whose cited source was retrieved.

    Warns only when the share is under ``threshold``: a claim whose source could not be retrieved is
    normal (pages move), a brief where most are is something to look at.
    """
    counts = Counter(c.status for c in claims)
    checkable = [c for c in claims if c.status != "no_citation"]
    with_evidence = [c for c in checkable if c.status != "source_unavailable"]
    share = len(with_evidence) / len(checkable) if checkable else 1.0
    weak = [c for c in claims if c.status in ("no_citation", "source_unavailable")]
    desc = (f"{len(with_evidence)} of {len(checkable)} checkable claims ({share:.0%}) have a retrieved source"
            f" (threshold {threshold:.0%}); " + (", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
                                                 or "no claims"))
    details = md_rows(["claim", "status", "quantity", "sentence"],
                      ([c.claim_id, c.status, c.quantity_text, c.sentence] for c in weak))
    return CheckOutcome("claims_have_evidence", share >= threshold, "warn", desc,
                        {"status_counts": dict(counts), "evidence_share": round(share, 3),
                         "without_evidence": [c.claim_id for c in weak[:100]]}, details)


def ingested(row: DocumentRow) -> CheckOutcome:
    """The file could be read; an error names the file and the problem."""
    ok = row.status == "ok"
    return CheckOutcome("ingested", ok, "error", "read" if ok else f"{row.path}: {row.error}",
                        {"error": row.error or ""})


LINK_PROBLEMS = ("broken", "changed")


def links_healthy(rows: Sequence[Any]) -> CheckOutcome:
    """Cited links that are broken, or whose content changed since the last snapshot.

    ``rows`` are :class:`briefparse.linkhealth.LinkRow`; unreachable and skipped links are
    counted but do not fail the check (the checker could not tell).
    """
    counts = Counter(r.state for r in rows)
    bad = [r for r in rows if r.state in LINK_PROBLEMS]
    desc = (f"{len(bad)} of {len(rows)} links broken or changed" if bad else
            f"no broken or changed links of {len(rows)}") + (
        " (" + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + ")" if rows else "")
    details = md_rows(["state", "url", "status", "notes", "documents", "error"],
                      ([r.state, r.url, r.status, _names(r.notes), ", ".join(r.doc_ids), r.error or ""]
                       for r in sorted(bad, key=lambda r: (r.state, r.url))))
    return CheckOutcome("links_healthy", not bad, "warn", desc,
                        {"states": dict(counts), "broken": [r.url for r in bad if r.state == "broken"][:100],
                         "changed": [r.url for r in bad if r.state == "changed"][:100]}, details)


def document_checks(endnotes: list[Endnote], markers: list[Marker]) -> list[CheckOutcome]:
    """The note and call checks of one document."""
    return [note_numbering(endnotes), notes_called(endnotes, markers), calls_resolve(endnotes, markers),
            duplicate_notes(endnotes)]
