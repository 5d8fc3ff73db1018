"""The CLI's run: find the inputs, run the per-document stages over processes, the corpus stages, and write.

A run never destroys a good output: everything is written into a fresh folder beside ``--out`` and swapped
in only when the run has finished (the previous output kept as ``OUT.previous`` until the next success); a
lock file keeps two runs off one ``--out``; an ``--out`` that cannot be used is refused before any work.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import logging
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from briefparse.corpus import finish_corpus
from briefparse.errors import OutputError
from briefparse.options import PdfEngine, RunOptions
from briefparse.outputs import report
from briefparse.outputs.glossary_files import write_glossary
from briefparse.outputs.readme import write_readme
from briefparse.outputs.references import write_references
from briefparse.outputs.tables import write_duckdb, write_table
from briefparse.records import DocumentRow
from briefparse.results import CorpusResult, DocResult
from briefparse.stages import process_document
from briefparse.text.files import write_text_atomic

log = logging.getLogger("briefparse")

SUPPORTED_SUFFIXES = {".pdf", ".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".markdown"}
MAX_NAME_BYTES = 200  # a per-document file name longer than this is shortened with a hash


# ---------------------------------------------------------------- inputs

@dataclass(frozen=True)
class Discovered:
    """The inputs of a run as ``(path, doc_id)`` pairs, and what was said about them."""

    items: list[tuple[Path, str]]
    notes: list[str]


def _common_root(paths: list[Path]) -> Path:
    """The deepest folder holding every given path (a folder counts as itself, a file as its folder)."""
    dirs = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
    return Path(os.path.commonpath([str(d) for d in dirs])) if dirs else Path(".")


def _in_folder(f: Path, folder: Path) -> bool:
    """Is ``f``, links resolved, inside ``folder`` (resolved)?"""
    try:
        f.resolve().relative_to(folder)
        return True
    except (ValueError, OSError):
        return False


def _folder_files(p: Path, exclude: list[Path], notes: list[str]) -> list[Path]:
    """Supported regular files under folder ``p``: links leading outside it are not followed, and
    folders in ``exclude`` (the run's own ``--out``) are left out; each file left out is said so."""
    root = p.resolve()
    out: list[Path] = []
    for f in sorted(p.rglob("*")):
        if f.name.startswith(".") or f.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        if any(_in_folder(f, x) for x in exclude):
            continue
        if not _in_folder(f, root):
            notes.append(f"{f}: a link to {os.path.realpath(f)}, outside {p}; not followed")
            continue
        if f.is_file():
            out.append(f)
    return out


def discover(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> Discovered:
    """Expand files and folders into ``(path, doc_id)`` pairs in a stable order.

    doc_id is the path relative to the common root of the inputs (one folder given: relative to it; one
    file given: its name). Unsupported files inside folders are skipped; given directly they are kept so
    that they fail with a clear error. Two inputs that would get one doc_id are told apart (``~2``) and
    said so.
    """
    given = [Path(p) for p in paths]
    skip = [Path(x).resolve() for x in exclude]
    existing = [p for p in given if p.exists()]
    root = _common_root(existing)
    found: list[Path] = []
    notes: list[str] = []
    for p in given:
        if not p.exists():
            notes.append(f"{p}: no such file or folder")
        elif p.is_dir():
            found += _folder_files(p, skip, notes)
        else:
            found.append(p)
    items: list[tuple[Path, str]] = []
    seen_files: set[Path] = set()
    seen_ids: set[str] = set()
    for f in found:
        real = f.resolve()
        if real in seen_files:
            continue
        seen_files.add(real)
        try:
            doc_id = real.relative_to(root).as_posix()
        except ValueError:
            doc_id = f.name
        base, k = doc_id, 2
        while doc_id in seen_ids:
            doc_id = f"{base}~{k}"
            k += 1
        if doc_id != base:
            notes.append(f"{f}: same name as another input; its doc_id is {doc_id}")
        seen_ids.add(doc_id)
        items.append((f, doc_id))
    return Discovered(items, notes)


def file_name_for(doc_id: str, suffix: str = ".txt") -> str:
    """``<doc_id><suffix>`` (subfolders kept), or a name shortened with a hash where a part is too long for a file system."""
    name = doc_id + suffix
    if all(len(part.encode("utf-8")) <= MAX_NAME_BYTES for part in name.split("/")):
        return name
    digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:16]
    keep = doc_id.replace("/", "__").encode("utf-8")[: MAX_NAME_BYTES - 40].decode("utf-8", "ignore")
    return f"{keep}-{digest}{suffix}"


# ---------------------------------------------------------------- per-document work

class DocumentTimeout(Exception):
    """A document took longer than the run's per-document budget."""


def _process_args(args: tuple[str, str, PdfEngine, float]) -> DocResult:
    path, doc_id, engine, budget = args
    return _with_budget(path, doc_id, engine, budget)


def _with_budget(path: str, doc_id: str, engine: PdfEngine, budget: float) -> DocResult:
    """``process_document`` stopped after ``budget`` seconds (an error row then), where signals allow it."""
    if budget <= 0 or not hasattr(signal, "SIGALRM") or signal.getsignal(signal.SIGALRM) not in (
            signal.SIG_DFL, signal.SIG_IGN, None):
        return process_document(path, doc_id, engine)

    def _alarm(signum: int, frame: Any) -> None:
        raise DocumentTimeout(f"took longer than the per-document budget of {budget:g} s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        return process_document(path, doc_id, engine)
    except DocumentTimeout as e:
        return DocResult(row=DocumentRow(doc_id=doc_id, path=path, status="error", error=str(e)))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def process_all(items: list[tuple[Path, str]], jobs: int = 1, pdf_engine: PdfEngine = "pypdfium2",
                on_done: Callable[[DocResult], None] | None = None, budget: float = 0) -> list[DocResult]:
    """Process documents, in parallel when ``jobs > 1``; results keep the input order."""
    args = [(str(p), d, pdf_engine, budget) for p, d in items]
    results: list[DocResult] = []
    if jobs > 1 and len(args) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as ex:
            for r in ex.map(_process_args, args, chunksize=max(1, len(args) // (jobs * 8) or 1)):
                results.append(r)
                if on_done:
                    on_done(r)
    else:
        for a in args:
            r = _process_args(a)
            results.append(r)
            if on_done:
                on_done(r)
    return results


# ---------------------------------------------------------------- writing

def write_outputs(result: CorpusResult, out: Path) -> dict[str, pd.DataFrame]:
    """Write every file of the output contract under ``out``; return the table frames."""
    out.mkdir(parents=True, exist_ok=True)
    docs = result.docs
    for d in docs:
        if d.text is not None:
            write_text_atomic(out / "text" / file_name_for(d.row.doc_id), d.text)
    tables: dict[str, list[Any]] = {
        "documents": [replace(d.row, warnings=d.warnings) for d in docs],
        "endnotes": [x for d in docs for x in d.endnotes],
        "markers": [x for d in docs for x in d.markers],
        "terms": [x for d in docs for x in d.terms],
        "abbreviations": [x for d in docs for x in d.abbreviations],
        "quantities": [x for d in docs for x in d.quantities],
        "dates": [x for d in docs for x in d.dates],
        "urls": [x for d in docs for x in d.urls],
        "sources": result.sources,
        "claims": result.claims,
    }
    frames = {name: write_table(out, name, rows) for name, rows in tables.items()}
    write_duckdb(out, frames)
    write_references(out, tables["endnotes"])
    write_glossary(out, tables["terms"])
    report.write_report(out, frames)
    write_readme(out, frames)
    return frames


def check_out(out: Path) -> None:
    """Refuse an ``--out`` that cannot be used, before any work (one line naming it and the problem)."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: --out is a file, not a folder")
    parent = out.parent if out.parent != Path("") else Path(".")
    probe = out if out.is_dir() else parent
    if not probe.exists():
        try:
            probe.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(f"{out}: cannot create the folder ({e.strerror})") from None
    if not os.access(parent.resolve(), os.W_OK | os.X_OK):
        raise OutputError(f"{out}: the folder it is in ({parent}) is not writable")
    if out.is_dir() and not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: not writable")


@contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """Hold ``OUT.lock`` for the run; a second run on the same ``--out`` is refused with one line."""
    lock_path = out.parent / f".{out.name}.lock"
    try:
        fh = open(lock_path, "a+")  # noqa: SIM115 (held open for the whole run)
    except OSError as e:
        raise OutputError(f"{out}: cannot write beside it ({e.strerror})") from None
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        fh.close()
        if e.errno in (errno.EAGAIN, errno.EACCES):
            raise OutputError(f"{out}: another briefparse run is writing to this folder") from None
        raise
    try:
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def swap_in(staging: Path, out: Path) -> None:
    """Put the finished ``staging`` folder at ``out``; the old output becomes ``OUT.previous``."""
    previous = out.parent / f"{out.name}.previous"
    if out.exists():
        if previous.exists():
            shutil.rmtree(previous)
        out.rename(previous)
    staging.rename(out)


# ---------------------------------------------------------------- the run

class NoInputs(Exception):
    """Nothing to process: every path is missing, or the folders hold no supported file."""


def _progress(opts: RunOptions, n: int) -> Any:
    """A rich progress bar on a terminal (or for long runs), else None."""
    if not opts.progress or not (sys.stderr.isatty() or n > 20):
        return None
    from rich.console import Console  # imported only when a bar is shown (start-up cost)
    from rich.progress import Progress

    return Progress(transient=False, console=Console(stderr=True))


def _say(opts: RunOptions, bar: Any, msg: str) -> None:
    """One progress line: on the bar's console when there is one, else a log line when progress is on."""
    if bar is not None:
        bar.console.log(msg)
    elif opts.progress and not sys.stderr.isatty():
        print(msg, file=sys.stderr)


def finish_and_write(docs: list[DocResult], opts: RunOptions) -> CorpusResult:
    """Corpus stages over ``docs`` (ordered by doc_id, whatever order they came in) and every file into ``opts.out``."""
    docs = sorted(docs, key=lambda d: d.row.doc_id)
    result = finish_corpus(docs, opts)
    write_outputs(result, opts.out)
    return result


def publish(opts: RunOptions, produce: Callable[[RunOptions], CorpusResult]) -> CorpusResult:
    """Run ``produce`` into a fresh folder beside ``opts.out`` and swap it in only when it has finished.

    ``OUT`` is checked before any work and locked for the run; whatever happens, ``OUT`` is either the
    previous complete output or the new complete one, never a mix. A partial folder left by a killed run
    is removed by the next run (it holds the lock, so no other run can be writing it).
    """
    out = Path(opts.out)
    check_out(out)
    with out_lock(out):
        for stale in out.parent.glob(f".{out.name}.partial-*"):
            shutil.rmtree(stale, ignore_errors=True)
        staging = out.parent / f".{out.name}.partial-{os.getpid()}"
        try:
            staging.mkdir()
        except OSError as e:
            raise OutputError(f"{out}: cannot write beside it ({e.strerror})") from None
        try:
            result = produce(replace(opts, out=staging))
            swap_in(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return result


def run(paths: Iterable[str | Path], opts: RunOptions) -> CorpusResult:
    """The main job: discover, process, finish, write into a fresh folder, swap it in. Returns what was done."""
    found = discover(paths, exclude=[opts.out])
    if not found.items:
        raise NoInputs("; ".join(found.notes) or "no supported input files (PDF, HTML, text, Markdown) found")
    result = publish(opts, lambda staged: _run_into(found.items, staged))
    return replace(result, warnings=[*found.notes, *result.warnings])


def _run_into(items: list[tuple[Path, str]], opts: RunOptions) -> CorpusResult:
    """Every document, then the corpus stages and the files, with progress on a bar or as log lines."""
    bar = _progress(opts, len(items))
    t0 = time.monotonic()
    if bar is not None:
        with bar:
            task = bar.add_task("documents", total=len(items))
            docs = process_all(items, opts.jobs, opts.pdf_engine, lambda r: bar.advance(task), opts.time_budget)
            bar.update(task, description="sources, claims and files")
            return finish_and_write(docs, opts)
    docs = process_all(items, opts.jobs, opts.pdf_engine, None, opts.time_budget)
    _say(opts, None, f"documents: {len(docs)} processed in {time.monotonic() - t0:.1f} s")
    result = finish_and_write(docs, opts)
    _say(opts, None, f"sources, claims and files: {len(result.sources)} sources, {len(result.claims)} claims; "
                     f"done in {time.monotonic() - t0:.1f} s")
    return result
