"""What the last assembly wrote and from which per-document files, so the next one copies instead of re-reading.

A corpus table is its documents' rows in ``doc_id`` order. Each assembly keeps, under ``OUT/tables/corpus/``, hard
links to the corpus files it wrote (``<table>.parquet``, ``<table>.csv``, the sources rows before merging, the
reference streams) and ``manifest.json``: the documents in order and, per document and table, the identity
(inode, size, mtime) of the per-document files it read and how many rows they gave. A per-document file is written
once and never changed in place (a document run again gets new files), so a document whose files still have the
recorded identity gives the very rows it gave last time: they are copied from the last corpus file (runs of rows,
byte ranges of the CSV) and only new or changed documents' files are read. Row groups are cut every
``BATCH_ROWS`` rows of the whole table, so the bytes written do not depend on what was reused.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from briefparse.outputs.tables import TABLES_DIR
from briefparse.text.files import atomic_path, write_text_atomic

BATCH_ROWS = 5_000  # rows per Parquet row group and per step of the assembly: what it holds of a table at once
CACHE_DIR = "corpus"  # OUT/tables/corpus/: the last assembly's corpus files (hard links) and its manifest
MANIFEST = "manifest.json"
COPY_CHUNK = 1 << 20

Ident = list[int]  # [inode, size, mtime_ns] of a file


def ident(path: Path) -> Ident | None:
    """A file's identity (inode, size, mtime in ns), None when it is missing."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


@functools.cache
def package_digest() -> str:
    """A digest of the installed briefparse (code, data files, templates, model): what made the files (read once
    per process: the run, its assembly and the incremental planning all ask for it)."""
    import briefparse

    h = hashlib.sha256()
    root = Path(briefparse.__file__).parent
    for f in sorted(root.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def cache_dir(out: Path) -> Path:
    """``OUT/tables/corpus``."""
    return out / TABLES_DIR / CACHE_DIR


# ---------------------------------------------------------------- the manifest

@dataclass
class Manifest:
    """The documents of the last assembly (``[key, doc_id]`` in order) and what each gave per table."""

    version: str = ""
    docs: list[list[str]] = field(default_factory=list)
    cache: dict[str, Ident] = field(default_factory=dict)  # cache file name → identity when written
    parts: dict[str, list[list[int]]] = field(default_factory=dict)  # part → per document: [rows, *idents]


def load_manifest(out: Path, version: str) -> Manifest | None:
    """The last assembly's manifest, when it was made by this code and its cache files are as it left them."""
    try:
        got = json.loads((cache_dir(out) / MANIFEST).read_text(encoding="utf-8"))
        m = Manifest(version=str(got["version"]), docs=got["docs"], cache=got["cache"], parts=got["parts"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if m.version != version or any(ident(cache_dir(out) / name) != i for name, i in m.cache.items()):
        return None
    if any(len(rows) != len(m.docs) for rows in m.parts.values()):
        return None
    return m


def keep(out: Path, target: Path, name: str, manifest: Manifest) -> bool:
    """Hard-link a corpus file just written into the cache as ``name``; False where links are not allowed (an
    older link of that name is removed: the next assembly reads those documents' files again)."""
    link = cache_dir(out) / name
    link.parent.mkdir(parents=True, exist_ok=True)
    try:
        with atomic_path(link) as tmp:
            tmp.unlink()
            os.link(target, tmp)
    except OSError:
        link.unlink(missing_ok=True)
        return False
    got = ident(link)
    if got is not None:
        manifest.cache[name] = got
    return got is not None


def save_manifest(out: Path, manifest: Manifest) -> None:
    """Write ``manifest.json`` (last, after every cache file it names)."""
    write_text_atomic(cache_dir(out) / MANIFEST, json.dumps(
        {"version": manifest.version, "docs": manifest.docs, "cache": manifest.cache, "parts": manifest.parts},
        separators=(",", ":")) + "\n")


# ---------------------------------------------------------------- which documents are reused

@dataclass(frozen=True)
class Segment:
    """A run of documents in output order: reused (rows ``start`` … of the last file, bytes ``offsets`` …) or read
    afresh (positions ``first`` … ``last`` in the order)."""

    reused: bool
    first: int
    last: int
    start: int = 0
    rows: int = 0
    offsets: tuple[int, ...] = ()
    sizes: tuple[int, ...] = ()


def plan_segments(entries: list[list[int] | None], previous: Manifest | None, part: str,
                  keys: list[str], n_sizes: int) -> list[Segment]:
    """The output order cut into segments; ``entries[i]`` is what document ``i``'s files are now (``[*idents]``),
    compared with what the last assembly recorded for it (``[rows, *sizes, *idents]``); ``n_sizes`` byte counts
    per document (CSV, or the reference streams) are kept beside the rows."""
    where: dict[str, tuple[int, list[int]]] = {}
    if previous is not None and part in previous.parts:
        for (key, _), rec in zip(previous.docs, previous.parts[part], strict=True):
            where[key] = (len(where), rec)
    starts: dict[str, tuple[int, tuple[int, ...]]] = {}
    row, offs = 0, [0] * n_sizes
    for key, _ in previous.docs if previous is not None and part in previous.parts else []:
        rec = where[key][1]
        starts[key] = (row, tuple(offs))
        row += rec[0]
        offs = [o + s for o, s in zip(offs, rec[1:1 + n_sizes], strict=True)]
    segs: list[Segment] = []
    prev_index = -2
    for i, (key, now) in enumerate(zip(keys, entries, strict=True)):
        old = where.get(key)
        if now is not None and old is not None and old[1][1 + n_sizes:] == now:
            rec = old[1]
            start, off = starts[key]
            last = segs[-1] if segs else None
            if last is not None and last.reused and old[0] == prev_index + 1:
                segs[-1] = Segment(True, last.first, i, last.start, last.rows + rec[0], last.offsets,
                                   tuple(a + b for a, b in zip(last.sizes, rec[1:1 + n_sizes], strict=True)))
            else:
                segs.append(Segment(True, i, i, start, rec[0], off, tuple(rec[1:1 + n_sizes])))
            prev_index = old[0]
            continue
        prev_index = -2
        if segs and not segs[-1].reused:
            segs[-1] = Segment(False, segs[-1].first, i)
        else:
            segs.append(Segment(False, i, i))
    return segs


# ---------------------------------------------------------------- Arrow streams and row groups

class Stream:
    """Arrow tables from an iterator, consumed in order: skip rows, take rows, or take while a column is ≤ a value."""

    def __init__(self, tables: Iterator[Any]) -> None:
        self._it = tables
        self._head: Any = None

    def _fill(self) -> bool:
        while self._head is None or self._head.num_rows == 0:
            nxt = next(self._it, None)
            if nxt is None:
                return False
            self._head = nxt
        return True

    def _cut(self, n: int) -> Any:
        got, self._head = self._head.slice(0, n), self._head.slice(n)
        return got

    def take(self, n: int) -> Iterator[Any]:
        """The next ``n`` rows (in pieces)."""
        while n > 0:
            if not self._fill():
                raise ValueError(f"a corpus file ended {n} rows early")
            piece = self._cut(min(n, self._head.num_rows))
            n -= piece.num_rows
            yield piece

    def skip(self, n: int) -> None:
        """Drop the next ``n`` rows."""
        for _ in self.take(n):
            pass

    def take_upto(self, column: str, last: int) -> Iterator[Any]:
        """The rows from here whose ``column`` (sorted ascending) is at most ``last``."""
        import numpy as np

        while self._fill():
            values = self._head.column(column).to_numpy()
            n = int(np.searchsorted(values, last, side="right"))
            if n == 0:
                return
            yield self._cut(n)


class RowGroups:
    """Arrow tables written as Parquet row groups of exactly ``size`` rows (the last one shorter), each group also
    handed to ``each`` (the CSV of a merged table); the cut does not depend on how the rows arrived."""

    def __init__(self, writer: Any, schema: Any, size: int = BATCH_ROWS,
                 each: Callable[[Any], None] | None = None) -> None:
        self.writer, self.schema, self.size, self.each = writer, schema, size, each
        self._buf: list[Any] = []
        self._n = 0
        self.rows = 0

    def add(self, table: Any) -> None:
        """Queue rows (cast to the schema), writing every full group."""
        if table.num_rows == 0:
            return
        self._buf.append(table if table.schema.equals(self.schema, check_metadata=True) else table.cast(self.schema))
        self._n += table.num_rows
        while self._n >= self.size:
            self._write(self.size)

    def _write(self, n: int) -> None:
        import pyarrow as pa

        whole = pa.concat_tables(self._buf)
        group = whole.slice(0, n).combine_chunks()
        self.writer.write_table(group)
        if self.each is not None:
            self.each(group)
        rest = whole.slice(n)
        self._buf, self._n = ([rest] if rest.num_rows else []), rest.num_rows
        self.rows += n

    def close(self) -> None:
        """Write what is left (an empty table when nothing was written, so the file has the schema)."""
        if self._n:
            self._write(self._n)
        if self.rows == 0:
            self.writer.write_table(self.schema.empty_table())


def parquet_stream(path: Path) -> Stream:
    """A corpus Parquet file as a stream of tables."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    return Stream(pa.Table.from_batches([b]) for b in pf.iter_batches(batch_size=BATCH_ROWS))


# ---------------------------------------------------------------- byte streams (CSV, references)

def copy_range(src: BinaryIO, dst: BinaryIO, start: int, n: int) -> None:
    """Copy ``n`` bytes of ``src`` from ``start`` to ``dst``."""
    src.seek(start)
    while n > 0:
        chunk = src.read(min(n, COPY_CHUNK))
        if not chunk:
            raise ValueError("a corpus file ended early")
        dst.write(chunk)
        n -= len(chunk)


def copy_file(path: Path, dst: BinaryIO) -> int:
    """Append a whole file to ``dst``; returns its size."""
    n = 0
    with path.open("rb") as src:
        while chunk := src.read(COPY_CHUNK):
            dst.write(chunk)
            n += len(chunk)
    return n


def assembled_rows(out: Path, table: str, columns: list[str]) -> list[dict[str, Any]] | None:
    """``columns`` of ``table`` as the last assembly into ``out`` wrote it (one file read), when the per-document
    files of that table are exactly the ones it read; None otherwise (read the per-document files then)."""
    import pyarrow.parquet as pq

    previous = load_manifest(out, package_digest())
    cached = cache_dir(out) / f"{table}.parquet"
    if previous is None or table not in previous.parts or not cached.is_file():
        return None
    folder = out / TABLES_DIR / table
    try:
        present = {e.name for e in os.scandir(folder) if e.name.endswith(".parquet") and not e.name.startswith(".")}
    except OSError:
        return None
    keys = [k for k, _ in previous.docs]
    if present != {f"{k}.parquet" for k in keys}:
        return None
    for key, rec in zip(keys, previous.parts[table], strict=True):
        if rec[2:5] != ident(folder / f"{key}.parquet"):
            return None
    got: list[dict[str, Any]] = pq.read_table(cached, columns=columns).to_pylist()
    return got
