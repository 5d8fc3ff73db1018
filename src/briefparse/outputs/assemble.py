"""The corpus outputs assembled by DuckDB from the per-document files, in bounded memory.

Each document's rows are written once, one Parquet file per table (``OUT/tables/<table>/doc_id=<id>.parquet``,
see :func:`briefparse.outputs.tables.write_document_table`), with its references (``tables/references/…json``)
and, when sources were fetched, its captures (``tables/warc/…warc.gz``). ``assemble`` turns those files into
the output contract: every table as CSV + Parquet (streamed in record batches from one DuckDB query per
table: rows in ``doc_id`` order, then each document's own order), ``briefparse.duckdb`` (loaded by DuckDB
from those Parquet files), the sources table (one row per URL, ``cited_by`` merged across documents), the WARC
store of the sources used, references, glossary, report and README. Its cost grows with the corpus only
through DuckDB reads and the files it writes; adding one document to a corpus needs only that document's
stages and this step.
"""

from __future__ import annotations

import json
import os
import shutil
import typing
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from briefparse.outputs.schema import PRIMARY_KEYS, TABLE_TYPES, arrow_schema, columns_of
from briefparse.outputs.tables import TABLES_DIR, csv_header, csv_safe, frame, write_duckdb_from_parquet
from briefparse.terms.glossary import NOT_GLOSSARY
from briefparse.text.files import atomic_path, write_text_atomic

BATCH_ROWS = 5_000  # rows per record batch: what one step of the assembly holds of a table
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


def table_query(out: Path, table: str) -> str | None:
    """The DuckDB query giving the corpus table from its per-document files (None when there are none).

    Rows come in ``doc_id`` order, each document's rows in the order its stages gave them. ``sources`` has one
    row per cited URL: the first citing document's row, with ``cited_by`` gathered from every document."""
    files = document_files(out, table)
    if not files:
        return None
    src = f"read_parquet({_files_sql(files)}, file_row_number = true)"
    cols = columns_of(table)
    if table != "sources":
        order = "doc_id, file_row_number" if "doc_id" in cols else "file_row_number"
        return f"SELECT {', '.join(_q(c) for c in cols)} FROM {src} ORDER BY {order}"
    picked = ", ".join("c.cited_by" if c == "cited_by" else f"f.{_q(c)}" for c in cols)
    return f"""
WITH s AS (SELECT *, cited_by[1].doc_id AS _doc, file_row_number AS _row FROM {src}),
f AS (SELECT * FROM s QUALIFY row_number() OVER (PARTITION BY url ORDER BY _doc, _row) = 1),
c AS (SELECT url, flatten(list(cited_by ORDER BY _doc, _row)) AS cited_by FROM s GROUP BY url)
SELECT {picked} FROM f JOIN c USING (url) ORDER BY f._doc, f._row"""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def record_batches(con: Any, out: Path, table: str) -> Iterator[Any]:
    """The corpus table as Arrow record batches of the table's schema (column descriptions included)."""
    import pyarrow as pa

    schema = arrow_schema(table)
    query = table_query(out, table)
    if query is None:
        return
    reader = con.sql(query).to_arrow_reader(BATCH_ROWS)
    for batch in reader:
        yield pa.Table.from_batches([batch]).cast(schema)


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

def document_order(con: Any, out: Path) -> list[str]:
    """The file keys of the documents (``doc_id=…``) in ``doc_id`` order: the order of every corpus table."""
    files = document_files(out, "documents")
    if not files:
        return []
    got = con.sql(f"SELECT doc_id, filename FROM read_parquet({_files_sql(files)}, filename = true) "
                  "ORDER BY doc_id").fetchall()
    return [Path(str(name)).name.removesuffix(".parquet") for _, name in got]


def write_corpus_table(con: Any, out: Path, table: str, order: list[str]) -> int:
    """``<table>.parquet`` streamed from DuckDB's query over the per-document files, and ``<table>.csv`` as the
    header and each document's CSV rows in ``order`` (byte copies: no row goes through Python); returns rows.
    ``sources`` merges rows across documents, so its CSV is written from the merged rows."""
    import pyarrow.parquet as pq

    schema = arrow_schema(table)
    rows = 0
    with ExitStack() as stack:
        ptmp = stack.enter_context(atomic_path(out / f"{table}.parquet"))
        ctmp = stack.enter_context(atomic_path(out / f"{table}.csv"))
        writer = stack.enter_context(pq.ParquetWriter(ptmp, schema))
        fh = stack.enter_context(ctmp.open("w", encoding="utf-8", newline=""))
        fh.write(csv_header(table))
        for batch in record_batches(con, out, table):
            writer.write_table(batch)
            if table == "sources":
                csv_safe(csv_frame(table, batch.to_pylist())).to_csv(fh, index=False, header=False,
                                                                     lineterminator="\n")
            rows += batch.num_rows
        if rows == 0:
            writer.write_table(schema.empty_table())
        if table != "sources":
            folder = out / TABLES_DIR / table
            for key in order:
                part = folder / f"{key}.csv"
                if part.is_file():
                    with part.open(encoding="utf-8", newline="") as src:
                        shutil.copyfileobj(src, fh, 1 << 20)
    return rows


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

def write_corpus_references(out: Path, order: list[str]) -> int:
    """references.json / .bib / .ris: each document's entries (``tables/references``), in document order."""
    files = [f for f in (out / TABLES_DIR / REFERENCES_DIR / f"{key}.json" for key in order) if f.is_file()]
    n = 0
    with ExitStack() as stack:
        jf, bf, rf = (stack.enter_context(stack.enter_context(atomic_path(out / f"references.{ext}")).open(
            "w", encoding="utf-8")) for ext in ("json", "bib", "ris"))
        jf.write("[")
        for f in files:  # as json.dumps(all, indent=1) and "\n".join(entries) would write them
            part = json.loads(f.read_text(encoding="utf-8"))
            for item, bib, ris in zip(part["csl"], part["bib"], part["ris"], strict=True):
                body = json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n ")
                jf.write(("\n " if n == 0 else ",\n ") + body)
                bf.write(("" if n == 0 else "\n") + bib)
                rf.write(("" if n == 0 else "\n") + ris)
                n += 1
        jf.write("\n]\n" if n else "]\n")
    return n


def terms_records(con: Any, out: Path) -> list[Any]:
    """The corpus's term rows that can be glossary entries, as Term records (columns read by DuckDB)."""
    from briefparse.records import Term

    query = table_query(out, "terms")
    if query is None:
        return []
    skip = ", ".join(_sql_text(t) for t in sorted(NOT_GLOSSARY))
    rows = con.sql(f"SELECT * FROM ({query}) WHERE en IS NOT NULL AND zh IS NOT NULL AND en <> '' AND zh <> '' "
                   f"AND type NOT IN ({skip})").to_arrow_table()
    return [record_from_row(Term, r) for r in rows.to_pylist()]


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
    query = table_query(out, "urls")
    if query is not None and store:
        cited = con.execute(f"SELECT url, first(normalized) FROM ({query}) GROUP BY url "
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
    from dataclasses import replace

    from briefparse.outputs import report

    sources = frames.get("sources")
    rows = [] if sources is None or sources.empty else sources.to_dict("records")
    snaps = {tp: replace(snap, href=f"../{snap.href}") for tp, snap in report._snapshots(rows).items()
             if (out / tp).is_file()}
    return report.render_report(frames, snaps)


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
    """Every corpus output under ``out`` from the per-document files under ``out/tables``."""
    from briefparse.outputs import report
    from briefparse.outputs.glossary_files import write_glossary
    from briefparse.outputs.readme import write_readme

    done = Assembled()
    con = _connect()
    try:
        order = document_order(con, out)
        for table in TABLE_TYPES:
            done.rows[table] = write_corpus_table(con, out, table, order)
        write_duckdb_from_parquet(out, {t: out / f"{t}.parquet" for t in TABLE_TYPES})
        write_corpus_references(out, order)
        write_glossary(out, terms_records(con, out))
        done.warnings += write_sources_store(con, out, warc_in)
        if len(order) > REPORT_FULL_MAX_DOCUMENTS:
            write_large_report(con, out, order)
    finally:
        con.close()
    docs = key_frame(out, "documents", ("status",))
    done.documents = [str(d) for d in docs["doc_id"]] if "doc_id" in docs else []
    done.failed = [str(d) for d, s in zip(docs.get("doc_id", []), docs.get("status", []), strict=False) if s != "ok"]
    small = {t: key_frame(out, t, ("evidence_url",) if t == "claims" else ()) for t in TABLE_TYPES}
    write_readme(out, small)
    if len(order) <= REPORT_FULL_MAX_DOCUMENTS:
        report.write_report(out, {t: read_frame(out, t) for t in TABLE_TYPES})
    return done
