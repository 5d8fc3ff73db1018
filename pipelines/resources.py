"""Settings of the code location, as one configurable resource."""

from __future__ import annotations

import os
from pathlib import Path

from dagster import ConfigurableResource

ROOT = Path(__file__).resolve().parents[1]


class BriefparseSettings(ConfigurableResource):  # type: ignore[misc]
    """Where the corpus is, where outputs go, and how sources are retrieved."""

    corpus_dir: str = os.environ.get("BRIEFPARSE_CORPUS", str(ROOT / "corpus" / "briefs"))
    out_dir: str = os.environ.get("BRIEFPARSE_OUT", str(ROOT / "outputs"))
    sources_warc: str = os.environ.get("BRIEFPARSE_SOURCES_WARC", str(ROOT / "corpus" / "sources" / "sources.warc.gz"))
    fetch: bool = False
    allow_private: bool = False
    pdf_engine: str = "pypdfium2"

    def path_of(self, doc_id: str) -> Path:
        return Path(self.corpus_dir) / doc_id

    def run_options(self, write: bool = True):  # -> briefparse.pipeline.RunOptions
        """RunOptions for library calls; ``write=False`` keeps retrieval from writing OUT files."""
        from briefparse.pipeline import RunOptions

        warc = Path(self.sources_warc) if self.sources_warc and Path(self.sources_warc).exists() else None
        return RunOptions(out=Path(self.out_dir), jobs=1, pdf_engine=self.pdf_engine, sources_warc=warc,
                          fetch=self.fetch, allow_private=self.allow_private, progress=False, write_store=write)
