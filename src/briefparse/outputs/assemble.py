"""The corpus outputs assembled from the per-document files, in bounded memory.

Each document's rows are written once, one Parquet file per table (``OUT/tables/<table>/doc_id=<id>.parquet``,
see :func:`briefparse.outputs.tables.write_document_table`), with its references (``tables/references/…json``)
and, when sources were fetched, its captures (``tables/warc/…warc.gz``). ``assemble`` turns those files into
the output contract: every table as CSV + Parquet (rows in ``doc_id`` order, then each document's own order;
Parquet row groups of ``BATCH_ROWS`` rows, the CSV each document's CSV rows byte for byte),
``briefparse.duckdb`` (loaded by DuckDB from those Parquet files), the sources table (one row per URL,
``cited_by`` merged across documents), the WARC store of the sources used, references, glossary, report and
README. The files of documents unchanged since the last assembly into the folder are not read again: their rows
are copied from the last corpus files (:mod:`briefparse.outputs.reuse`), so adding one document to a corpus
costs that document's stages, one DuckDB read of its files, and copies (the outputs are the bytes a fresh run
writes).
"""

from __future__ import annotations

import json
import os
import typing
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from briefparse.outputs.reuse import (
    BATCH_ROWS,
    CACHE_DIR,
    MANIFEST,
    Manifest,
    RowGroups,
    Stream,
    cache_dir,
    copy_file,
    copy_range,
    ident,
    keep,
    load_manifest,
    package_digest,
    parquet_stream,
    plan_segments,
    save_manifest,
)
from briefparse.outputs.schema import PRIMARY_KEYS, TABLE_TYPES, arrow_schema, columns_of
from briefparse.outputs.tables import TABLES_DIR, csv_header, csv_safe, frame, write_duckdb_from_parquet
from briefparse.terms.glossary import NOT_GLOSSARY
from briefparse.text.files import atomic_path, write_text_atomic

DUCKDB_MEMORY = "128MB"  # DuckDB spills to disk past this (sorting a large table)
REFERENCES_DIR = "references"  # OUT/tables/references/<doc_key>.json: a document's CSL-JSON, BibTeX and RIS
FETCHED_DIR = "warc"


@dataclass
class Assembled:
    """What the assembly wrote: rows per table, and anything it could not do."""

    rows: dict[str, int] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- reading the per-document files

def document_files(out: Path, table: str, suffix: str = ".parquet") -> list[Path]:
    """The per-document files of one table (sorted by name; temporary files left out)."""
    folder = out / TABLES_DIR / table
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith(suffix) and not p.name.startswith("."))


def _connect() -> Any:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    con.execute("SET threads = 2")
    return con


def _sql_text(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _files_sql(files: list[Path]) -> str:
    return "[" + ", ".join(_sql_text(str(f)) for f in files) + "]"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sources_query(rows_file: Path) -> str:
    """The sources table from every document's sources rows (``rows_file``, in document order, each row with its
    row number ``_row`` in its document's file): one row per cited URL, the first citing document's, with
    ``cited_by`` gathered from every document."""
    src = f"read_parquet({_sql_text(str(rows_file))}, file_row_number = true)"
    picked = ", ".join("c.cited_by" if c == "cited_by" else f"f.{_q(c)}" for c in columns_of("sources"))
    return f"""
WITH s AS (SELECT *, cited_by[1].doc_id AS _doc, file_row_number AS _at FROM {src}),
f AS (SELECT * FROM s QUALIFY row_number() OVER (PARTITION BY url ORDER BY _doc, _row, _at) = 1),
c AS (SELECT url, flatten(list(cited_by ORDER BY _doc, _row, _at)) AS cited_by FROM s GROUP BY url)
SELECT {picked} FROM f JOIN c USING (url) ORDER BY f._doc, f._row, f._at"""


def _fresh_rows(con: Any, files: list[tuple[Path, int]], cols: list[str], with_row: bool) -> Iterator[Any]:
    """The rows of the given per-document files (each with its position in the order) as Arrow tables, in that
    order and each file's own order, with the position as ``_pos`` (and the file's row number as ``_row``)."""
    import pyarrow as pa

    if not files:
        return
    con.register("_order", pa.table({"_file": [str(f) for f, _ in files], "_pos": [p for _, p in files]}))
    try:
        listed = ", ".join(f"r.{_q(c)}" for c in cols) + (", r.file_row_number AS _row" if with_row else "")
        reader = con.sql(f"SELECT {listed}, o._pos FROM read_parquet({_files_sql([f for f, _ in files])}, "
                         "filename = true, file_row_number = true) r JOIN _order o ON r.filename = o._file "
                         "ORDER BY o._pos, r.file_row_number").to_arrow_reader(BATCH_ROWS)
        for batch in reader:
            yield pa.Table.from_batches([batch])
    finally:
        con.unregister("_order")


# ---------------------------------------------------------------- cells as the CSV writes them

def _plain(value: Any) -> Any:
    """An Arrow value as records.to_cell sees a record's: structs without their empty fields."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v not in (None, [], "")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(_plain(value), ensure_ascii=False)
    return value


def csv_frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows read back from Parquet as the frame ``write_table`` writes (list cells as JSON text)."""
    return frame(table, [{k: _cell(v) for k, v in r.items()} for r in rows])


# ---------------------------------------------------------------- writing the tables

Docs = list[list[str]]  # [doc key, doc_id] in doc_id order: the order of every corpus table


def documents_in_order(con: Any, out: Path, previous: Manifest | None) -> Docs:
    """The documents (``[key, doc_id]``) in ``doc_id`` order: doc_ids from the last manifest for documents whose
    ``documents`` file is the one it read, from the files (one DuckDB read) for the others."""
    files = document_files(out, "documents")
    known: dict[str, str] = {}
    if previous is not None and "documents" in previous.parts:
        for (key, doc_id), rec in zip(previous.docs, previous.parts["documents"], strict=True):
            known[key] = doc_id if rec[2:5] == ident(out / TABLES_DIR / "documents" / f"{key}.parquet") else ""
    unknown = [f for f in files if not known.get(f.name.removesuffix(".parquet"))]
    if unknown:
        got = con.sql(f"SELECT doc_id, filename FROM read_parquet({_files_sql(unknown)}, filename = true)").fetchall()
        known.update({Path(str(name)).name.removesuffix(".parquet"): str(doc_id) for doc_id, name in got})
    docs = [[key, known[key]] for key in (f.name.removesuffix(".parquet") for f in files) if known.get(key)]
    return sorted(docs, key=lambda d: d[1])


def _merge_table(con: Any, out: Path, table: str, docs: Docs, previous: Manifest | None, manifest: Manifest,
                 target: Path, csv_target: Path | None, cached: str) -> int:
    """``target`` (Parquet) and ``csv_target`` (header + each document's CSV rows) as the documents' rows of
    ``table`` in order: documents whose files the last assembly read are copied from its files (cached as
    ``cached``), the others read by DuckDB; returns rows and records what each document gave."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    keys = [k for k, _ in docs]
    folder = out / TABLES_DIR / table
    pfiles = [folder / f"{k}.parquet" for k in keys]
    with_csv = csv_target is not None
    missing = [-1, -1, -1]  # a file that is not there: never matches a recorded identity
    found = [(ident(f), ident(f.with_suffix(".csv")) if with_csv else []) for f in pfiles]
    idents = [pi + (ci if ci is not None else missing) if pi is not None else None for pi, ci in found]
    n_sizes = 1 if with_csv else 0
    segs = plan_segments(idents, previous, cached, keys, n_sizes)
    old = dict(zip((k for k, _ in previous.docs), previous.parts[cached], strict=True)) \
        if previous is not None and cached in previous.parts else {}
    schema = arrow_schema(table)
    if table == "sources":
        schema = schema.append(pa.field("_row", pa.int64()))
    fresh = Stream(_fresh_rows(con, [(pfiles[i], i) for s in segs if not s.reused for i in range(s.first, s.last + 1)
                                     if idents[i] is not None], columns_of(table), table == "sources"))
    reused = any(s.reused for s in segs)
    prev_dir = cache_dir(out)
    records: list[list[int]] = []
    header = csv_header(table).encode("utf-8") if with_csv else b""
    with ExitStack() as stack:
        ptmp = stack.enter_context(atomic_path(target))
        groups = RowGroups(stack.enter_context(pq.ParquetWriter(ptmp, schema)), schema)
        fh = stack.enter_context(stack.enter_context(atomic_path(csv_target)).open("wb")) if csv_target else None
        prev_rows = parquet_stream(prev_dir / f"{cached}.parquet") if reused else None
        prev_csv = stack.enter_context((prev_dir / f"{cached}.csv").open("rb")) if reused and fh else None
        if fh is not None:
            fh.write(header)
        consumed = 0
        for s in segs:
            if s.reused and prev_rows is not None:
                prev_rows.skip(s.start - consumed)
                for t in prev_rows.take(s.rows):
                    groups.add(t)
                consumed = s.start + s.rows
                if fh is not None and prev_csv is not None:
                    copy_range(prev_csv, fh, len(header) + s.offsets[0], s.sizes[0])
                records += [old[keys[i]] for i in range(s.first, s.last + 1)]
                continue
            counts: dict[int, int] = {}
            for t in fresh.take_upto("_pos", s.last):
                pos, n = np.unique(t.column("_pos").to_numpy(), return_counts=True)
                for p, c in zip(pos.tolist(), n.tolist(), strict=True):
                    counts[p] = counts.get(p, 0) + c
                groups.add(t.drop_columns(["_pos"]))
            for i in range(s.first, s.last + 1):
                csv_part = pfiles[i].with_suffix(".csv")
                size = copy_file(csv_part, fh) if fh is not None and found[i][1] is not None else 0
                records.append([counts.get(i, 0), *([size] if with_csv else []),
                                *(idents[i] or missing * (2 if with_csv else 1))])
        groups.close()
    if target.parent == prev_dir:
        got = ident(target)
        kept = got is not None
        if got is not None:
            manifest.cache[target.name] = got
    else:
        kept = keep(out, target, f"{cached}.parquet", manifest)
        kept = (keep(out, csv_target, f"{cached}.csv", manifest) if csv_target is not None else True) and kept
    if kept:  # a part is recorded only with its files: the next assembly never reads rows it cannot check
        manifest.parts[cached] = records
    return groups.rows


def write_corpus_table(con: Any, out: Path, table: str, docs: Docs, previous: Manifest | None,
                       manifest: Manifest) -> int:
    """``<table>.parquet`` and ``<table>.csv`` (rows in ``doc_id`` order, each document's in its own order; the CSV
    its documents' CSV rows, byte for byte); ``sources`` merges the documents' rows into one row per URL."""
    if table != "sources":
        return _merge_table(con, out, table, docs, previous, manifest, out / f"{table}.parquet",
                            out / f"{table}.csv", table)
    rows_file = cache_dir(out) / SOURCE_ROWS
    _merge_table(con, out, table, docs, previous, manifest, rows_file, None, SOURCE_ROWS.removesuffix(".parquet"))
    return write_sources_table(con, out, rows_file)


SOURCE_ROWS = "sources.rows.parquet"  # OUT/tables/corpus/: every document's sources rows, before merging


def write_sources_table(con: Any, out: Path, rows_file: Path) -> int:
    """``sources.parquet`` and ``sources.csv`` from the documents' sources rows (see :func:`sources_query`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema("sources")
    with ExitStack() as stack:
        ptmp = stack.enter_context(atomic_path(out / "sources.parquet"))
        fh = stack.enter_context(stack.enter_context(atomic_path(out / "sources.csv")).open(
            "w", encoding="utf-8", newline=""))
        fh.write(csv_header("sources"))

        def as_csv(group: Any) -> None:
            csv_safe(csv_frame("sources", group.to_pylist())).to_csv(fh, index=False, header=False, lineterminator="\n")

        groups = RowGroups(stack.enter_context(pq.ParquetWriter(ptmp, schema)), schema, each=as_csv)
        if rows_file.is_file():
            for batch in con.sql(sources_query(rows_file)).to_arrow_reader(BATCH_ROWS):
                groups.add(pa.Table.from_batches([batch]))
        groups.close()
    return groups.rows


def key_frame(out: Path, table: str, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """The key columns (and ``extra``) of an assembled table: what the README counts and checks."""
    import pyarrow.parquet as pq

    cols = [c for c in (*PRIMARY_KEYS.get(table, ("doc_id",) if "doc_id" in columns_of(table) else ()), *extra)
            if c in columns_of(table)]
    path = out / f"{table}.parquet"
    if not cols:
        n = pq.ParquetFile(path).metadata.num_rows if path.is_file() else 0
        return pd.DataFrame(index=range(n))
    return pq.read_table(path, columns=cols).to_pandas() if path.is_file() else pd.DataFrame(columns=cols)


def read_frame(out: Path, table: str) -> pd.DataFrame:
    """A whole assembled table as the frame ``write_table`` returns (for the report of a small corpus)."""
    import pyarrow.parquet as pq

    path = out / f"{table}.parquet"
    rows = pq.read_table(path).to_pylist() if path.is_file() else []
    return csv_frame(table, rows)


# ---------------------------------------------------------------- references, glossary, sources store

REFERENCE_STREAMS = ("json", "bib", "ris")  # OUT/tables/corpus/references.<ext>.parts: every entry with its separator


def _reference_pieces(part: Path) -> tuple[int, list[bytes]]:
    """A document's references part as its entries' text in each stream, each entry after its separator (as
    ``json.dumps(all, indent=1)`` and ``"\\n".join(entries)`` would write them); returns (entries, texts)."""
    got = json.loads(part.read_text(encoding="utf-8"))
    js = "".join(",\n " + json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n ") for item in got["csl"])
    return len(got["csl"]), [js.encode(), "".join("\n" + b for b in got["bib"]).encode(),
                             "".join("\n" + r for r in got["ris"]).encode()]


def write_corpus_references(out: Path, docs: Docs, previous: Manifest | None, manifest: Manifest) -> int:
    """references.json / .bib / .ris: each document's entries (``tables/references``), in document order; the
    entries of documents whose part the last assembly read are copied from its streams."""
    keys = [k for k, _ in docs]
    parts = [out / TABLES_DIR / REFERENCES_DIR / f"{k}.json" for k in keys]
    idents = [ident(f) for f in parts]
    segs = plan_segments(idents, previous, REFERENCES_DIR, keys, len(REFERENCE_STREAMS))
    old = dict(zip((k for k, _ in previous.docs), previous.parts[REFERENCES_DIR], strict=True)) \
        if previous is not None and REFERENCES_DIR in previous.parts else {}
    cache = cache_dir(out)
    names = [f"references.{ext}.parts" for ext in REFERENCE_STREAMS]
    records: list[list[int]] = []
    with ExitStack() as stack:
        dst = [stack.enter_context(stack.enter_context(atomic_path(cache / n)).open("wb")) for n in names]
        src = [stack.enter_context((cache / n).open("rb")) for n in names] if any(s.reused for s in segs) else []
        for s in segs:
            if s.reused and src:
                for a, b, start, size in zip(src, dst, s.offsets, s.sizes, strict=True):
                    copy_range(a, b, start, size)
                records += [old[keys[i]] for i in range(s.first, s.last + 1)]
                continue
            for i in range(s.first, s.last + 1):
                n, texts = _reference_pieces(parts[i]) if idents[i] is not None else (0, [b"", b"", b""])
                for fh, text in zip(dst, texts, strict=True):
                    fh.write(text)
                records.append([n, *(len(t) for t in texts), *(idents[i] or [-1, -1, -1])])
    manifest.parts[REFERENCES_DIR] = records
    for name in names:
        got = ident(cache / name)
        if got is not None:
            manifest.cache[name] = got
    total = sum(r[0] for r in records)
    for ext, name in zip(REFERENCE_STREAMS, names, strict=True):
        with atomic_path(out / f"references.{ext}") as tmp, tmp.open("wb") as fh, (cache / name).open("rb") as stream:
            if ext == "json":
                fh.write(b"[")
            stream.seek(1)  # the first entry's separator: "," of ",\n " or the "\n" between entries
            while chunk := stream.read(1 << 20):
                fh.write(chunk)
            if ext == "json":
                fh.write(b"\n]\n" if total else b"]\n")
    return total


def terms_records(con: Any, out: Path) -> list[Any]:
    """The corpus's term rows that can be glossary entries, as Term records (read by DuckDB from terms.parquet)."""
    from briefparse.records import Term

    path = out / "terms.parquet"
    if not path.is_file():
        return []
    skip = ", ".join(_sql_text(t) for t in sorted(NOT_GLOSSARY))
    cols = ", ".join(_q(c) for c in GLOSSARY_TERM_COLUMNS)
    reader = con.sql(f"SELECT {cols} FROM read_parquet({_sql_text(str(path))}, file_row_number = true) "
                     "WHERE en IS NOT NULL AND zh IS NOT NULL AND en <> '' AND zh <> '' "
                     f"AND type NOT IN ({skip}) ORDER BY file_row_number").to_arrow_reader(BATCH_ROWS)
    return [Term(**r) for batch in reader for r in batch.to_pylist()]  # flat fields only: no nested records


# the Term fields the glossary reads (and those without a default): the other columns are not loaded
GLOSSARY_TERM_COLUMNS = ("doc_id", "en", "zh", "abbr", "type", "where", "occurrences", "pinyin", "start", "end",
                         "zh_norm", "zh_simplified")


def record_from_row(cls: type, row: dict[str, Any]) -> Any:
    """A record rebuilt from a Parquet row (nested records from their structs)."""
    flat, nested = _init_fields(cls)
    kwargs = {name: row[name] for name in flat if name in row}
    if nested:
        hints = _hints(cls)
        kwargs.update({name: _typed(hints[name], row[name]) for name in nested if name in row})
    return cls(**kwargs)


@cache
def _init_fields(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A record's init fields: those taken as read (scalars, lists of scalars) and those holding records."""
    hints = _hints(cls)

    def holds_record(tp: Any) -> bool:
        return (is_dataclass(tp) and isinstance(tp, type)) or any(holds_record(a) for a in typing.get_args(tp))

    init = [f.name for f in fields(cls) if f.init]
    return (tuple(n for n in init if not holds_record(hints[n])), tuple(n for n in init if holds_record(hints[n])))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _typed(tp: Any, v: Any) -> Any:
    if v is None:
        return None
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (list, tuple) and args and is_dataclass(args[0]) and isinstance(args[0], type):
        return [record_from_row(args[0], x) for x in v]
    if is_dataclass(tp) and isinstance(tp, type) and isinstance(v, dict):
        return record_from_row(tp, v)
    if len(args) == 1 and args[0] is not tp:
        return _typed(args[0], v)
    return v


def write_sources_store(con: Any, out: Path, warc_in: Path | None) -> list[str]:
    """``OUT/sources.warc.gz`` (+ CDXJ): the store's records for every cited URL (redirects followed), then
    the captures fetched per document that the store did not hold; each record once. Returns warnings."""
    from briefparse.sources.archive import iter_records, open_store, read_members
    from briefparse.sources.retrieval import cached_store, lookup

    fetched = document_files(out, FETCHED_DIR, ".warc.gz")
    store = {}
    if warc_in is not None:
        try:
            store = cached_store(Path(warc_in))
        except Exception as e:
            return [f"cannot read the source store {warc_in}: {type(e).__name__}: {e}"]
    if not store and not fetched:
        return []
    members: list[tuple[int, int]] = []
    urls = out / "urls.parquet"
    if urls.is_file() and store:
        cited = con.execute(f"SELECT url, first(normalized) FROM read_parquet({_sql_text(str(urls))}) GROUP BY url "
                            "ORDER BY min(doc_id), min(start)").fetchall()
        seen: set[tuple[int, int]] = set()
        for url, normalized in cited:
            _, chain = lookup(store, url, normalized)
            for rec in chain:
                for m in rec.members:
                    if m not in seen:
                        seen.add(m)
                        members.append(m)
    try:
        with open_store(out / "sources.warc.gz") as writer:
            seen_records: set[tuple[str, ...]] = set()
            if members and warc_in is not None:
                writer.copy_raw(read_members(Path(warc_in), members))
                copied = set(members)
                seen_records = {_record_key(r) for r, _, offset, length in iter_records(Path(warc_in))
                                if (offset, length) in copied}
            for f in fetched:  # a capture several documents' runs reused is in each of their files: kept once
                for rec, _, offset, length in iter_records(f):
                    key = _record_key(rec)
                    if key not in seen_records:
                        seen_records.add(key)
                        writer.copy_raw(read_members(f, [(offset, length)]))
    except Exception as e:
        return [f"could not write {out / 'sources.warc.gz'}: {type(e).__name__}: {e}"]
    return []


# ---------------------------------------------------------------- report

REPORT_FULL_MAX_DOCUMENTS = 100  # past this, report.html is an index of per-document pages (one page would be
# ~130 kB of HTML per document: 260 MB for 2,000 documents, more than a browser or this step should hold)
DOC_REPORTS_DIR = "reports"  # OUT/reports/<doc_key>.html, linked from the index
REPORT_PART = "report"  # OUT/tables/report/<doc_key>.html: each document's page, rendered with its stages

_INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>briefparse report: {{ docs|length }} documents</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;line-height:1.4}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}
td.n,th.n{text-align:right}.err{color:#a00}</style></head>
<body><h1>briefparse report</h1>
<p>{{ docs|length }} documents, {{ n_claims }} claims{% if totals %} ({% for s, n in totals %}{{ s }}: {{ n }}{{ ", " if not loop.last }}{% endfor %}){% endif %}.
Each document has its own page (claims with evidence, notes, URLs, glossary); the tables hold the whole corpus
(<code>briefparse.duckdb</code>).</p>
<table><thead><tr><th>document</th><th>status</th>{% for s in statuses %}<th class="n">{{ s }}</th>{% endfor %}</tr></thead>
<tbody>{% for d in docs %}<tr><td>{% if d.href %}<a href="{{ d.href }}">{{ d.doc_id }}</a>{% else %}{{ d.doc_id }}{% endif %}</td>
<td{% if d.status != "ok" %} class="err" title="{{ d.error }}"{% endif %}>{{ d.status }}</td>{% for s in statuses %}<td class="n">{{ d.counts.get(s, 0) }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></body></html>
"""


def render_document_report(out: Path, frames: dict[str, pd.DataFrame]) -> str:
    """One document's page (``reports/<doc_key>.html``): the report of its own rows, snapshot links one up."""
    return "".join(document_report_chunks(out, frames))


def document_report_chunks(out: Path, frames: dict[str, pd.DataFrame]) -> Iterator[str]:
    """:func:`render_document_report` in the pieces the template produces (written as they come)."""
    from dataclasses import replace

    from briefparse.outputs import report

    sources = frames.get("sources")
    rows = [] if sources is None or sources.empty else sources.to_dict("records")
    snaps = {tp: replace(snap, href=f"../{snap.href}") for tp, snap in report._snapshots(rows).items()
             if (out / tp).is_file()}
    return report.report_chunks(frames, snaps)


def write_large_report(con: Any, out: Path, order: list[str]) -> None:
    """report.html as an index of the per-document pages (each linked into ``reports/``), and the snapshot
    pages of every source text with the claims of every document whose evidence is in it."""
    from jinja2 import Environment, select_autoescape

    from briefparse.outputs import report
    from briefparse.text.files import write_bytes_atomic

    pages = out / DOC_REPORTS_DIR
    pages.mkdir(exist_ok=True)
    linked: set[str] = set()
    for key in order:
        part = out / TABLES_DIR / REPORT_PART / f"{key}.html"
        if part.is_file():
            try:
                (pages / part.name).unlink(missing_ok=True)
                os.link(part, pages / part.name)
            except OSError:
                write_bytes_atomic(pages / part.name, part.read_bytes())
            linked.add(key)
    docs = con.sql(f"SELECT doc_id, status, error FROM read_parquet({_sql_text(str(out / 'documents.parquet'))}) "
                   "ORDER BY doc_id").fetchall()
    counts: dict[str, dict[str, int]] = {}
    for doc_id, status, n in con.sql(f"SELECT doc_id, status, count(*) FROM read_parquet("
                                     f"{_sql_text(str(out / 'claims.parquet'))}) GROUP BY ALL").fetchall():
        counts.setdefault(str(doc_id), {})[str(status)] = int(n)
    from urllib.parse import quote

    from briefparse.outputs.tables import doc_key

    rows = [{"doc_id": d, "status": st, "error": err or "", "counts": counts.get(d, {}),  # the file name, as a URL
             "href": f"{DOC_REPORTS_DIR}/{quote(doc_key(d))}.html" if doc_key(d) in linked else ""}
            for d, st, err in docs]
    totals: dict[str, int] = {}
    for c in counts.values():
        for k, v in c.items():
            totals[k] = totals.get(k, 0) + v
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    write_text_atomic(out / "report.html", env.from_string(_INDEX).render(
        docs=rows, statuses=[s for s in report.STATUSES if s in totals] or list(report.STATUSES),
        totals=[(s, totals[s]) for s in report.STATUSES if s in totals], n_claims=sum(totals.values())))
    write_corpus_snapshots(con, out)


def write_corpus_snapshots(con: Any, out: Path) -> int:
    """``snapshots/<sha256>.html`` for every retrieved source text, marking the evidence of every claim found
    in it (read by DuckDB: only claims with evidence, only the columns the page shows); returns pages."""
    from briefparse.outputs import report

    src = con.sql(f"SELECT * FROM read_parquet({_sql_text(str(out / 'sources.parquet'))}) "
                  "WHERE text_path IS NOT NULL").to_arrow_table().to_pylist()
    snaps = {tp: snap for tp, snap in report._snapshots(src).items() if (out / tp).is_file()}
    by_url = {str(s["url"]): s for s in src}
    cols = ["claim_id", "doc_id", "quantity_text", "status", "evidence", "evidence_url", "evidence_text_path",
            "evidence_start", "evidence_end", "evidence_figure_start", "evidence_figure_end", "evidence_source"]
    claims = con.sql(f"SELECT {', '.join(cols)} FROM read_parquet({_sql_text(str(out / 'claims.parquet'))}) "
                     "WHERE evidence IS NOT NULL AND evidence <> '' ORDER BY doc_id, claim_id")
    for c in claims.to_arrow_table().to_pylist():
        tp = c["evidence_text_path"] or (by_url.get(str(c["evidence_url"])) or {}).get("text_path")
        if tp in snaps:
            snaps[tp].claims.append(c)
    for snap in snaps.values():
        text = (out / snap.text_path).read_text(encoding="utf-8")
        write_text_atomic(out / snap.href, report.render_snapshot(snap, text))
    return len(snaps)


def _record_key(rec: Any) -> tuple[str, ...]:
    """What makes two WARC records the same capture (their ids differ when one fetch was written twice)."""
    h = rec.rec_headers
    return tuple(str(h.get_header(k) or "") for k in ("WARC-Type", "WARC-Target-URI", "WARC-Date",
                                                      "WARC-Payload-Digest", "Content-Length"))


# ---------------------------------------------------------------- the whole assembly

def assemble(out: Path, warc_in: Path | None = None) -> Assembled:
    """Every corpus output under ``out`` from the per-document files under ``out/tables`` (copying what the last
    assembly into this folder made from files that have not changed since: :mod:`briefparse.outputs.reuse`)."""
    from briefparse.outputs import report
    from briefparse.outputs.glossary_files import write_glossary
    from briefparse.outputs.readme import write_readme

    done = Assembled()
    version = package_digest()
    previous = load_manifest(out, version)
    con = _connect()
    try:
        docs = documents_in_order(con, out, previous)
        manifest = Manifest(version=version, docs=docs)
        (out / TABLES_DIR / CACHE_DIR).mkdir(parents=True, exist_ok=True)
        (cache_dir(out) / MANIFEST).unlink(missing_ok=True)  # until the files it names are written again
        for table in TABLE_TYPES:
            done.rows[table] = write_corpus_table(con, out, table, docs, previous, manifest)
        write_duckdb_from_parquet(out, {t: out / f"{t}.parquet" for t in TABLE_TYPES})
        write_corpus_references(out, docs, previous, manifest)
        write_glossary(out, terms_records(con, out))
        done.warnings += write_sources_store(con, out, warc_in)
        if len(docs) > REPORT_FULL_MAX_DOCUMENTS:
            write_large_report(con, out, [k for k, _ in docs])
        save_manifest(out, manifest)
    finally:
        con.close()
    docs_frame = key_frame(out, "documents", ("status",))
    done.documents = [str(d) for d in docs_frame["doc_id"]] if "doc_id" in docs_frame else []
    done.failed = [str(d) for d, s in zip(docs_frame.get("doc_id", []), docs_frame.get("status", []), strict=False)
                   if s != "ok"]
    small = {t: key_frame(out, t, ("evidence_url",) if t == "claims" else ()) for t in TABLE_TYPES}
    write_readme(out, small)
    if len(docs) <= REPORT_FULL_MAX_DOCUMENTS:
        report.write_report(out, {t: read_frame(out, t) for t in TABLE_TYPES})
    return done
