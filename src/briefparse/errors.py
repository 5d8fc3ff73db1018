"""The error types briefparse raises on purpose; each says in one line which file and what problem."""

from __future__ import annotations


class BriefparseError(Exception):
    """Base of the errors a user can act on (as opposed to bugs)."""


class IngestError(BriefparseError):
    """A document could not be read; ``str()`` gives ``path: problem``."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class OutputError(BriefparseError):
    """The output folder cannot be used (a file, not writable, locked by another run)."""
