"""Ingestion raises :class:`briefparse.errors.IngestError`, re-exported here for the readers of this package."""

from __future__ import annotations

from briefparse.errors import IngestError

__all__ = ["IngestError"]
