"""The one error type ingestion raises: it names the file and the problem in one line."""

from __future__ import annotations


class IngestError(Exception):
    """A document could not be read; ``str()`` gives ``path: problem``."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
