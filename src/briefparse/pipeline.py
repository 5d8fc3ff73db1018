"""The CLI's run: find the inputs, run the per-document stages over processes, the corpus stages, and write.

A run never destroys a good output: everything is written into a fresh folder beside ``--out`` and swapped
in only when the run has finished (the previous output kept as ``OUT.previous`` until the next success); a
lock file keeps two runs off one ``--out``; an ``--out`` that cannot be used is refused before any work.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import logging
import multiprocessing
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

from briefparse import stages
from briefparse.corpus import Finished, finish_document
from briefparse.errors import OutputError
from briefparse.options import PdfEngine, RunOptions
from briefparse.outputs.assemble import REFERENCES_DIR, REPORT_PART, assemble, document_files, document_report_chunks
from briefparse.outputs.references import bib_entry, csl_item, references, ris_entry
from briefparse.outputs.reuse import assembled_rows, package_digest
from briefparse.outputs.tables import (
    TABLES_DIR,
    document_table_path,
    frame,
    remove_document_files,
    write_document_table,
)
from briefparse.records import DocumentRow
from briefparse.results import CorpusResult, DocResult
from briefparse.stages import process_document
from briefparse.text.files import write_chunks_atomic, write_text_atomic

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

class DocumentTimeout(BaseException):
    """A document took longer than the run's per-document budget.

    A BaseException, so the broad ``except Exception`` that keeps one odd note or figure from stopping a
    stage cannot swallow it: the document stops, whatever stage it is in.
    """


def _process_args(args: tuple[str, str, PdfEngine, float]) -> DocResult:
    path, doc_id, engine, budget = args
    return _with_budget(path, doc_id, engine, budget)


def _with_budget(path: str, doc_id: str, engine: PdfEngine, budget: float) -> DocResult:
    """``process_document`` stopped after ``budget`` seconds (an error row then), where signals allow it."""
    if budget <= 0 or not hasattr(signal, "SIGALRM") or signal.getsignal(signal.SIGALRM) not in (
            signal.SIG_DFL, signal.SIG_IGN, None):
        return process_document(path, doc_id, engine)

    def _alarm(signum: int, frame: Any) -> None:
        raise DocumentTimeout(f"took longer than the per-document budget of {budget:g} s "
                              f"(stopped in stage {stages.current_stage[0]})")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        return process_document(path, doc_id, engine)
    except DocumentTimeout as e:
        return DocResult(row=DocumentRow(doc_id=doc_id, path=path, status="error", error=str(e)))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a fresh single-threaded server that has imported the stages once (``forkserver``).

    A plain ``fork`` of a process that runs threads (the Dagster instance, a progress bar, an embedding
    application or test runner) can copy a lock another thread held and hang the worker for ever; the
    forkserver is started clean, and preloading the stages keeps each worker's start-up cheap.
    """
    ctx = multiprocessing.get_context("forkserver")
    # the server runs one small document through every stage before forking (briefparse.worker_warmup): the
    # word lists, pipelines and model are loaded once and shared by the workers instead of loaded in each
    ctx.set_forkserver_preload(["briefparse.worker_warmup"])
    return ctx


def _start_workers() -> None:
    """Start the workers' server now (it imports the stages in its own process) so that the first documents do
    not wait for it; the pool forks its workers from it later."""
    from multiprocessing import forkserver

    _worker_context()
    forkserver.ensure_running()


def _stop_workers() -> None:
    """Stop the workers' server once the documents are done: it holds the warmed-up stages (a few hundred MB)
    that the corpus assembly never needs. The next pool starts a new one."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # CPython's own (used by its tests); absent elsewhere
    if stop is not None:
        stop()


def process_all(items: list[tuple[Path, str]], jobs: int = 1, pdf_engine: PdfEngine = "pypdfium2",
                on_done: Callable[[DocResult], None] | None = None, budget: float = 0) -> list[DocResult]:
    """Process documents, in parallel when ``jobs > 1``; results keep the input order."""
    args = [(str(p), d, pdf_engine, budget) for p, d in items]
    results: list[DocResult] = []
    if jobs > 1 and len(args) > 1:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_worker_context()) as ex:
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

def document_tables(res: DocResult) -> dict[str, list[Any]]:
    """A finished document's rows, by table (the ``documents`` row carries the document's warnings)."""
    return {
        "documents": [replace(res.row, warnings=res.warnings)],
        "endnotes": res.endnotes, "markers": res.markers, "terms": res.terms, "abbreviations": res.abbreviations,
        "quantities": res.quantities, "dates": res.dates, "urls": res.urls, "sources": res.sources,
        "claims": res.claims,
    }


def references_part(endnotes: list[Any]) -> str:
    """A document's entries of references.json/.bib/.ris, as one JSON file the assembly streams."""
    return references_part_of(references(endnotes))


def references_part_of(refs: list[Any]) -> str:
    """The references part of a document from its reference entries (see :func:`references_part`)."""
    return json.dumps({"csl": [csl_item(r) for r in refs], "bib": [bib_entry(r) for r in refs],
                       "ris": [ris_entry(r) for r in refs]}, ensure_ascii=False)


def write_document_files(out: Path, res: DocResult) -> None:
    """Everything one finished document contributes to ``out``, written once: its text, one Parquet file per
    table (``tables/<table>/doc_id=<id>.parquet``) and its references (``tables/references/…json``)."""
    doc_id = res.row.doc_id
    if res.text is not None:
        write_text_atomic(out / "text" / file_name_for(doc_id), res.text)
    tables = document_tables(res)
    for table, rows in tables.items():
        write_document_table(out, table, doc_id, rows)
    write_text_atomic(document_table_path(out, REFERENCES_DIR, doc_id, ".json"), references_part(res.endnotes))
    write_document_report(out, res, tables)


def write_document_report(out: Path, res: DocResult, tables: dict[str, list[Any]] | None = None) -> None:
    """The document's report page (``tables/report/<doc_key>.html``; shown from ``reports/`` for large corpora);
    ``tables``: the document's rows when the caller has them already."""
    frames = {t: frame(t, rows) for t, rows in (tables if tables is not None else document_tables(res)).items()}
    write_chunks_atomic(document_table_path(out, REPORT_PART, res.row.doc_id, ".html"),
                        document_report_chunks(out, frames))


def remove_document(out: Path, doc_id: str) -> None:
    """Drop a document's files from ``out`` (its tables, references, captures and text)."""
    remove_document_files(out, doc_id)
    (out / "text" / file_name_for(doc_id)).unlink(missing_ok=True)


def finish_one(res: DocResult, opts: RunOptions) -> Finished:
    """Sources and claims of one processed document, its files written under ``opts.out``; returns only what
    the run reports about it (row, warnings), so the caller never holds a corpus of records."""
    done = finish_document(res, opts)
    write_document_files(Path(opts.out), done.doc)
    return Finished(DocResult(row=done.doc.row, warnings=done.doc.warnings), done.warnings)


def _finish_args(args: tuple[str, str, RunOptions]) -> Finished:
    path, doc_id, opts = args
    return finish_one(_with_budget(path, doc_id, opts.pdf_engine, opts.time_budget), opts)


def process_and_write(items: list[tuple[Path, str]], opts: RunOptions,
                      on_done: Callable[[Finished], None] | None = None) -> list[Finished]:
    """Process, finish and write each document (over ``opts.jobs`` processes, even for one document, so that
    the models the stages load never add to the memory of the process that assembles the corpus); returns
    their summaries in order."""
    args = [(str(p), d, opts) for p, d in items]
    results: list[Finished] = []
    if opts.jobs > 1 and args:
        with ProcessPoolExecutor(max_workers=opts.jobs, mp_context=_worker_context()) as ex:
            for r in ex.map(_finish_args, args, chunksize=max(1, len(args) // (opts.jobs * 8) or 1)):
                results.append(r)
                if on_done:
                    on_done(r)
        _stop_workers()
    else:
        for a in args:
            r = _finish_args(a)
            results.append(r)
            if on_done:
                on_done(r)
    return results


# ---------------------------------------------------------------- incremental runs

RUN_FILE = "run.json"  # OUT/tables/run.json: what the per-document files were computed with


def run_fingerprint(opts: RunOptions) -> dict[str, Any]:
    """What a document's files depend on besides its own bytes: the code, the PDF engine, the source store."""
    store = None
    if opts.sources_warc is not None and Path(opts.sources_warc).is_file():
        st = Path(opts.sources_warc).stat()
        store = [str(Path(opts.sources_warc).resolve()), st.st_size, st.st_mtime_ns]
    return {"code": package_digest(), "pdf_engine": opts.pdf_engine, "sources": store, "fetch": opts.fetch,
            "write_store": opts.write_store}


@dataclass(frozen=True)
class Plan:
    """Which inputs need their stages run, which earlier documents' files are kept, which are dropped."""

    todo: list[tuple[Path, str]]
    kept: list[DocResult]
    removed: list[str]


def file_sha256(path: Path) -> str | None:
    """The input's SHA-256, as ingestion records it (None when it cannot be read)."""
    try:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def stored_documents(out: Path) -> list[dict[str, Any]]:
    """The ``documents`` rows of the per-document files under ``out``: from the assembled table when its files are
    those the last assembly read (one file read), else one DuckDB read of them all."""
    import duckdb

    cols = ["doc_id", "path", "sha256", "status", "error", "warnings"]
    assembled = assembled_rows(out, "documents", cols)
    if assembled is not None:
        return assembled
    files = document_files(out, "documents")
    if not files:
        return []
    con = duckdb.connect()
    try:
        listed = "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in files) + "]"
        got = con.execute(f"SELECT doc_id, path, sha256, status, error, warnings FROM read_parquet({listed})")
        cols = [d[0] for d in got.description]
        return [dict(zip(cols, r, strict=True)) for r in got.fetchall()]
    finally:
        con.close()


def plan_run(items: list[tuple[Path, str]], out: Path, opts: RunOptions) -> Plan:
    """Compare the inputs with the files of the run in ``out``: an input whose bytes, path and settings are
    those of a document that succeeded there is kept; a changed or new one is run; a missing one dropped."""
    previous = read_run_file(out)
    stored = stored_documents(out) if opts.incremental and previous == run_fingerprint(opts) else []
    by_id = {r["doc_id"]: r for r in stored}
    todo: list[tuple[Path, str]] = []
    kept: list[DocResult] = []
    for path, doc_id in items:
        row = by_id.get(doc_id)
        if row is not None and row["status"] == "ok" and row["path"] == str(path) and \
                row["sha256"] == file_sha256(path):
            kept.append(DocResult(row=DocumentRow(doc_id=doc_id, path=str(path), status="ok"),
                                  warnings=list(row["warnings"] or [])))
        else:
            todo.append((path, doc_id))
    current = {d for _, d in items}
    removed = sorted(r["doc_id"] for r in stored if r["doc_id"] not in current)
    return Plan(todo, kept, removed)


def read_run_file(out: Path) -> dict[str, Any] | None:
    """The fingerprint of the run whose files are in ``out`` (None when there is none)."""
    try:
        got = json.loads((out / TABLES_DIR / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return got if isinstance(got, dict) else None


def seed_from(previous: Path, staging: Path) -> int:
    """Hard-link the per-document files (tables, texts, source texts) of ``previous`` into ``staging``.

    Every file is written once, by rename, and never changed in place, so a link shares nothing that can
    change: a document run again replaces its link in ``staging`` and leaves ``previous`` as it was.
    Falls back to copying where links are not allowed. Returns the number of files."""
    n = 0
    made: set[str] = set()
    for rel in seeded_files(previous):
        folder = os.path.dirname(rel)
        if folder not in made:
            os.makedirs(os.path.join(staging, folder), exist_ok=True)
            made.add(folder)
        src, target = os.path.join(previous, rel), os.path.join(staging, rel)
        try:
            os.link(src, target)
        except OSError:
            shutil.copy2(src, target)
        n += 1
    return n


def seeded_files(folder: Path) -> dict[str, int]:
    """The per-document files of an output folder (relative path → inode): what :func:`seed_from` links.

    Walked with ``os.scandir`` (names and inodes come with the folder listing: one call per folder, not per file)."""
    got: dict[str, int] = {}

    def walk(path: str, rel: str) -> None:
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            if e.is_dir(follow_symlinks=False):
                walk(e.path, f"{rel}/{e.name}")
            elif e.is_file(follow_symlinks=False):
                got[f"{rel}/{e.name}"] = e.inode()

    for sub in (TABLES_DIR, "text", "sources"):
        walk(os.path.join(folder, sub), sub)
    return got


def drop_unused_source_texts(out: Path) -> int:
    """Delete ``out/sources/*.txt`` that no row of the assembled sources table points to (a removed
    document's sources); returns how many."""
    import pyarrow.parquet as pq

    folder = out / "sources"
    if not folder.is_dir() or not (out / "sources.parquet").is_file():
        return 0
    used = {str(p) for p in pq.read_table(out / "sources.parquet", columns=["text_path"]).column(0).to_pylist() if p}
    used |= {p.removesuffix(".txt") + ".zh-Hans.txt" for p in used}
    gone = 0
    for f in folder.glob("*.txt"):
        if f"sources/{f.name}" not in used:
            f.unlink()
            gone += 1
    return gone


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


def assemble_outputs(docs: list[DocResult], opts: RunOptions, warnings: list[str] | None = None) -> CorpusResult:
    """The corpus outputs under ``opts.out`` from the per-document files there (DuckDB, bounded memory), and
    the run's fingerprint beside them (what the next incremental run compares with)."""
    out = Path(opts.out)
    got = assemble(out, opts.sources_warc)
    drop_unused_source_texts(out)
    write_text_atomic(out / TABLES_DIR / RUN_FILE, json.dumps(run_fingerprint(opts), sort_keys=True) + "\n")
    return CorpusResult(docs=sorted(docs, key=lambda d: d.row.doc_id), warnings=[*(warnings or []), *got.warnings])


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
    """The main job: discover, process what changed, assemble into a fresh folder, swap it in."""
    found = discover(paths, exclude=[opts.out])
    if not found.items:
        raise NoInputs("; ".join(found.notes) or "no supported input files (PDF, HTML, text, Markdown) found")
    previous = Path(opts.out)
    result = publish(opts, lambda staged: _run_into(found.items, staged, previous))
    return replace(result, warnings=[*found.notes, *result.warnings])


def _run_into(items: list[tuple[Path, str]], opts: RunOptions, previous: Path) -> CorpusResult:
    """The documents that changed since the run in ``previous`` (all of them the first time), then the corpus
    assembly, with progress on a bar or as log lines."""
    if opts.jobs > 1:
        _start_workers()  # the workers' server loads the stages while the inputs are compared and linked
    plan = plan_run(items, previous, opts)
    staged = Path(opts.out)
    if plan.kept or plan.removed:
        seed_from(previous, staged)
        for doc_id in [*plan.removed, *(d for _, d in plan.todo)]:
            remove_document(staged, doc_id)
    bar = _progress(opts, len(plan.todo))
    t0 = time.monotonic()
    if bar is not None:
        with bar:
            task = bar.add_task("documents", total=len(plan.todo))
            done = process_and_write(plan.todo, opts, lambda r: bar.advance(task))
            bar.update(task, description="assembling the corpus outputs")
            return assemble_outputs([*plan.kept, *(f.doc for f in done)], opts, [w for f in done for w in f.warnings])
    done = process_and_write(plan.todo, opts)
    _say(opts, None, f"documents: {len(done)} processed, {len(plan.kept)} unchanged, {len(plan.removed)} removed "
                     f"in {time.monotonic() - t0:.1f} s")
    result = assemble_outputs([*plan.kept, *(f.doc for f in done)], opts, [w for f in done for w in f.warnings])
    _say(opts, None, f"corpus outputs assembled; done in {time.monotonic() - t0:.1f} s")
    return result
