"""Writing the output contract: tables as CSV + Parquet + DuckDB, always atomically.

Every file goes to a temporary name in the same folder and is renamed into place, so a
crash or a kill never leaves a half-written file where a reader expects a whole one.
List cells are JSON text only in CSV; Parquet and DuckDB have real LIST/STRUCT columns, each
column carrying its description (Parquet field metadata, DuckDB ``COMMENT ON``), DuckDB has
primary keys and views for the common joins (:mod:`briefparse.outputs.schema`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import is_dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from briefparse.outputs.schema import (
    PRIMARY_KEYS,
    TABLE_TYPES,
    VIEWS,
    arrow_schema,
    arrow_table,
    columns_of,
    duckdb_type,
)
from briefparse.records import column_docs, table_doc, to_row
from briefparse.text.files import atomic_path

__all__ = ["TABLE_TYPES", "columns_of", "frame", "write_table", "write_duckdb", "duplicate_keys"]


def frame(table: str, records: Iterable[Any]) -> pd.DataFrame:
    """A DataFrame with the contract's columns in order (list cells as JSON strings)."""
    cols = columns_of(table)
    rows = [to_row(r) if is_dataclass(r) else r for r in records]
    df = pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame({c: pd.Series([], dtype="object") for c in cols})
    for c in df.columns:
        raw = [r.get(c) for r in rows]
        if raw and {type(v) for v in raw if v is not None} == {int}:
            df[c] = pd.array(raw, dtype="Int64")  # keep 7 as 7, not 7.0, beside missing cells
            continue
        kinds = {type(v) for v in df[c] if v is not None and not (isinstance(v, float) and pd.isna(v))}
        if len(kinds) > 1 and not kinds <= {int, float}:
            df[c] = [None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in df[c]]
    return df


# a cell a spreadsheet would run (OWASP CSV injection): =SUM(…), +cmd|…, -2+3, @IMPORT…, or a tab/CR first
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?%?|[+-]?\.\d+%?")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def csv_cell(value: Any) -> Any:
    """A text cell safe to open in a spreadsheet: control characters become spaces, and a cell that
    would be read as a formula gets OWASP's ``'`` prefix (plain numbers such as ``-5`` stay as they are)."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARS.sub(" ", value)
    if value[:1] in _FORMULA_START and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as written to CSV (see :func:`csv_cell`); Parquet and DuckDB keep the exact values."""
    out = df.copy()
    for c in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[c]) or pd.api.types.is_bool_dtype(out[c])):  # text: object or str
            out[c] = out[c].map(csv_cell)
    return out


def write_table(out_dir: Path, table: str, records: Iterable[Any]) -> pd.DataFrame:
    """Write ``<table>.csv`` and ``<table>.parquet``; return the frame written (list cells as JSON text)."""
    records = list(records)
    df = frame(table, records)
    with atomic_path(out_dir / f"{table}.csv") as tmp:
        csv_safe(df).to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    with atomic_path(out_dir / f"{table}.parquet") as tmp:
        _to_parquet(table, records, tmp)
    return df


def _to_parquet(table: str, records: list[Any], path: Path) -> None:
    """Parquet with the table's schema: real list/struct columns, each field's description as metadata."""
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(table, records), path)


def _arrow_of(out_dir: Path, table: str, df: pd.DataFrame) -> Any:
    """The table as written to Parquet (or, when there is no Parquet file, rebuilt from the frame)."""
    import pyarrow.parquet as pq

    path = out_dir / f"{table}.parquet"
    if path.is_file():
        got = pq.read_table(path)
        if got.schema.names == columns_of(table):
            return got.cast(arrow_schema(table))
    return arrow_table(table, df.to_dict("records"))


def duplicate_keys(table: str, df: pd.DataFrame) -> int:
    """Rows whose primary key (see ``PRIMARY_KEYS``) repeats an earlier row's or is missing; 0 when usable."""
    key = list(PRIMARY_KEYS.get(table, ()))
    if not key or df.empty:
        return 0
    return int(df.duplicated(subset=key).sum() + df[key].isna().any(axis=1).sum())


def _sql_text(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def write_duckdb(out_dir: Path, frames: dict[str, pd.DataFrame], name: str = "briefparse.duckdb") -> Path:
    """All tables in one DuckDB file (real LIST/STRUCT columns, primary keys, column comments, join views),
    written to a temp file and renamed into place."""
    import duckdb

    target = out_dir / name
    with atomic_path(target) as tmp:
        tmp.unlink()  # duckdb wants to create the file itself
        con = duckdb.connect(str(tmp))
        try:
            for table, df in frames.items():
                if table not in TABLE_TYPES:
                    continue
                _create_table(con, table, _arrow_of(out_dir, table, df), duplicate_keys(table, df))
            if all(t in frames for t in TABLE_TYPES):
                for view in VIEWS:
                    con.execute(f'CREATE VIEW "{view.name}" AS {view.sql}')
                    con.execute(f'COMMENT ON VIEW "{view.name}" IS {_sql_text(view.doc)}')
        finally:
            con.close()
    return target


def _create_table(con: Any, table: str, data: Any, duplicates: int) -> None:
    """CREATE TABLE with types, NOT NULL/PRIMARY KEY where the rows allow it, comments, then the rows."""
    cls = TABLE_TYPES[table]
    docs = column_docs(cls)
    key = PRIMARY_KEYS.get(table, ())
    schema = arrow_schema(table) if isinstance(data, Path) else data.schema  # a Parquet file, or Arrow rows
    cols = [f'"{f.name}" {duckdb_type(f.type)}' for f in schema]
    comment = table_doc(cls)
    if key and not duplicates:
        cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in key) + ")")
        comment += f" Primary key: ({', '.join(key)})."
    elif key:
        comment += f" ({', '.join(key)}) identifies a row, but {duplicates} rows of this run repeat or lack it."
    con.execute(f'CREATE TABLE "{table}" ({", ".join(cols)})')
    if isinstance(data, Path):
        con.execute(f'INSERT INTO "{table}" SELECT * FROM read_parquet({_sql_text(str(data))})')
    else:
        con.register("_rows", data)
        con.execute(f'INSERT INTO "{table}" SELECT * FROM _rows')
        con.unregister("_rows")
    con.execute(f'COMMENT ON TABLE "{table}" IS {_sql_text(comment)}')
    for f in schema:
        doc = docs.get(f.name)
        if doc is not None:
            text = doc.meaning + (f" Example: {doc.example}" if doc.example else "")
            con.execute(f'COMMENT ON COLUMN "{table}"."{f.name}" IS {_sql_text(text)}')


# ---------------------------------------------------------------- per-document table files

TABLES_DIR = "tables"  # OUT/tables/<table>/doc_id=<key>.parquet: one file per table per document
MAX_KEY_BYTES = 180


def doc_key(doc_id: str) -> str:
    """The file name (without suffix) of a document's files: ``doc_id=<doc_id, percent-encoded>``.

    Percent-encoding keeps one path component per document whatever its doc_id holds (``/``, ``*``, ``[``);
    a key too long for a file system is shortened and made unique with a hash of the doc_id."""
    import hashlib
    from urllib.parse import quote

    key = "doc_id=" + quote(doc_id, safe=" ~-_.,+@()")
    if len(key.encode("utf-8")) <= MAX_KEY_BYTES:
        return key
    return key[: MAX_KEY_BYTES - 17] + "-" + hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:16]


def document_table_path(out_dir: Path, table: str, doc_id: str, suffix: str = ".parquet") -> Path:
    """``OUT/tables/<table>/<doc_key>.parquet``."""
    return out_dir / TABLES_DIR / table / (doc_key(doc_id) + suffix)


def write_document_table(out_dir: Path, table: str, doc_id: str, records: Iterable[Any]) -> Path:
    """One document's rows of one table as Parquet (the table's full schema, even with no rows) and as CSV
    rows without a header (what the corpus CSV concatenates), each atomically."""
    records = list(records)
    path = document_table_path(out_dir, table, doc_id)
    with atomic_path(path) as tmp:
        _to_parquet(table, records, tmp)
    with atomic_path(path.with_suffix(".csv")) as tmp:
        csv_safe(frame(table, records)).to_csv(tmp, index=False, header=False, encoding="utf-8", lineterminator="\n")
    return path


def csv_header(table: str) -> str:
    """The header line of ``<table>.csv``."""
    return csv_safe(frame(table, [])).to_csv(index=False, lineterminator="\n")


def read_document_table(out_dir: Path, table: str, doc_id: str) -> list[dict[str, Any]]:
    """One document's rows of one table as dicts (lists and structs as Python values); [] when it has no file."""
    import pyarrow.parquet as pq

    path = document_table_path(out_dir, table, doc_id)
    return pq.read_table(path).to_pylist() if path.is_file() else []


DOCUMENT_FILE_SUFFIXES = (".parquet", ".csv", ".json", ".html", ".warc.gz")


def remove_document_files(out_dir: Path, doc_id: str) -> int:
    """Delete every per-document file of ``doc_id`` under ``OUT/tables``; return how many there were."""
    key = doc_key(doc_id)
    root = out_dir / TABLES_DIR
    gone = 0
    for folder in sorted(root.iterdir()) if root.is_dir() else ():
        for suffix in DOCUMENT_FILE_SUFFIXES:
            f = folder / (key + suffix)
            if f.is_file():
                f.unlink()
                gone += 1
    return gone


def _parquet_duplicate_keys(con: Any, table: str, path: Path) -> int:
    """As :func:`duplicate_keys`, counted by DuckDB over a Parquet file (rows never loaded into Python)."""
    key = list(PRIMARY_KEYS.get(table, ()))
    if not key:
        return 0
    cols = ", ".join(f'"{k}"' for k in key)
    missing = " OR ".join(f'"{k}" IS NULL' for k in key)
    src = f"read_parquet({_sql_text(str(path))})"
    got = con.execute(f"SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT {cols} FROM {src})), "
                      f"count(*) FILTER (WHERE {missing}) FROM {src}").fetchone()
    return int(got[0]) + int(got[1]) if got else 0


def write_duckdb_from_parquet(out_dir: Path, files: dict[str, Path], name: str = "briefparse.duckdb") -> Path:
    """``briefparse.duckdb`` loaded by DuckDB straight from the tables' Parquet files (streamed, not through
    Python): the same types, keys, comments and views as :func:`write_duckdb`."""
    import duckdb

    target = out_dir / name
    with atomic_path(target) as tmp:
        tmp.unlink()
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET memory_limit = '256MB'")
            con.execute("SET threads = 1")  # an ordered load: one thread is faster (~20% measured) and smaller
            for table, path in files.items():
                if table in TABLE_TYPES and path.is_file():
                    _create_table(con, table, path, _parquet_duplicate_keys(con, table, path))
            if all(t in files for t in TABLE_TYPES):
                for view in VIEWS:
                    con.execute(f'CREATE VIEW "{view.name}" AS {view.sql}')
                    con.execute(f'COMMENT ON VIEW "{view.name}" IS {_sql_text(view.doc)}')
        finally:
            con.close()
    return target
