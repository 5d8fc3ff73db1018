"""Settings of the code location, as one configurable resource (each field settable from an env var)."""

from __future__ import annotations

import os
from pathlib import Path

from dagster import ConfigurableResource

from briefparse.checks import EVIDENCE_SHARE
from briefparse.options import PDF_ENGINES, PdfEngine, RunOptions

ROOT = Path(__file__).resolve().parents[1]


class BriefparseSettings(ConfigurableResource):  # type: ignore[misc]
    """Where the corpus is, where outputs go, and how sources are retrieved."""

    corpus_dir: str = os.environ.get("BRIEFPARSE_CORPUS", str(ROOT / "corpus" / "briefs"))
    out_dir: str = os.environ.get("BRIEFPARSE_OUT", str(ROOT / "outputs"))
    sources_warc: str = os.environ.get("BRIEFPARSE_SOURCES_WARC", str(ROOT / "corpus" / "sources" / "sources.warc.gz"))
    fetch: bool = False
    allow_private: bool = False
    pdf_engine: str = "pypdfium2"
    evidence_share: float = EVIDENCE_SHARE

    def path_of(self, doc_id: str) -> Path:
        return Path(self.corpus_dir) / doc_id

    def relative_input(self, path: str) -> str:
        """An input path relative to the corpus folder (as the operator knows it), else as given."""
        try:
            return Path(path).resolve().relative_to(Path(self.corpus_dir).resolve()).as_posix()
        except ValueError:
            return path

    def engine(self) -> PdfEngine:
        """The PDF engine, checked against the ones the library has."""
        for e in PDF_ENGINES:
            if e == self.pdf_engine:
                return e
        raise ValueError(f"pdf_engine must be one of {', '.join(PDF_ENGINES)}, not {self.pdf_engine!r}")

    def run_options(self, write: bool = True) -> RunOptions:
        """RunOptions for library calls; ``write=False`` keeps retrieval from writing OUT files."""
        warc = Path(self.sources_warc) if self.sources_warc and Path(self.sources_warc).exists() else None
        return RunOptions(out=Path(self.out_dir), jobs=1, pdf_engine=self.engine(), sources_warc=warc,
                          fetch=self.fetch, allow_private=self.allow_private, progress=False, write_store=write)
