"""Typed settings of a run and of the fetcher: what ``briefparse run`` was asked to do.

Both the CLI and the Dagster code location build a ``RunOptions``; every stage reads these typed fields
(no ``getattr`` on loose objects), so an option that is not declared here does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Literal

PdfEngine = Literal["pypdfium2", "pdfplumber"]
PDF_ENGINES: tuple[PdfEngine, ...] = ("pypdfium2", "pdfplumber")


def _version() -> str:
    try:
        return version("briefparse")
    except PackageNotFoundError:
        return "0"


_VERSION = _version()
USER_AGENT = (f"briefparse/{_VERSION} (archiving sources cited in policy briefs; "
              "+https://github.com/briefparse/briefparse)")
@dataclass(frozen=True)
class FetchSettings:
    """Limits and manners of the fetcher."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # wall-clock cap for one response, however slowly it drips
    max_bytes: int = 25 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2  # extra attempts after a 429/5xx or a network error
    backoff: float = 1.0  # seconds, doubled per attempt
    max_backoff: float = 30.0
    concurrency: int = 4
    per_host_concurrency: int = 1
    politeness_delay: float = 1.0  # seconds between two requests to the same host
    allow_private: bool = False
    trusted_origins: frozenset[str] = frozenset()  # "host:port" reachable even if private (test servers)
    respect_robots: bool = True
    user_agent: str = USER_AGENT
    verify_tls: bool = True



@dataclass(frozen=True)
class RunOptions:
    """What ``briefparse run`` was asked to do."""

    out: Path = Path("outputs")
    jobs: int = 1
    pdf_engine: PdfEngine = "pypdfium2"
    sources_warc: Path | None = None
    fetch: bool = False
    allow_private: bool = False
    respect_robots: bool = True
    progress: bool = True
    fetch_settings: FetchSettings | None = None  # overrides timeouts, caps and delays of the fetcher
    write_store: bool = True  # retrieval writes OUT/sources.warc.gz, sources.cdxj and source texts
    time_budget: float = 600.0  # seconds one document may take before it becomes an error row (0: no limit)
    write_source_texts: bool | None = None  # retrieval writes OUT/sources/<sha256>.txt (None: as write_store)
    incremental: bool = True  # reuse the per-document files of an earlier run on unchanged inputs (OUT/tables)
    share_fetches: bool = False  # retrieval reuses what this process already fetched (per-document runs)
