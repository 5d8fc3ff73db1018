"""Writing the output contract: tables as CSV + Parquet + DuckDB, always atomically.

Every file goes to a temporary name in the same folder and is renamed into place, so a
crash or a kill never leaves a half-written file where a reader expects a whole one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from briefparse.records import (
    Abbreviation,
    Claim,
    DateExpr,
    DocumentRow,
    Endnote,
    Marker,
    Quantity,
    SourceRecord,
    Term,
    UrlRecord,
    to_row,
)
from briefparse.text.files import atomic_path

# table name → record type; the record's fields are the table's columns, in order
TABLE_TYPES: dict[str, type] = {
    "documents": DocumentRow,
    "endnotes": Endnote,
    "markers": Marker,
    "terms": Term,
    "abbreviations": Abbreviation,
    "quantities": Quantity,
    "dates": DateExpr,
    "urls": UrlRecord,
    "sources": SourceRecord,
    "claims": Claim,
}


def columns_of(table: str) -> list[str]:
    return [f.name for f in fields(TABLE_TYPES[table]) if not f.name.startswith("_")]


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


def write_table(out_dir: Path, table: str, records: Iterable[Any]) -> pd.DataFrame:
    """Write ``<table>.csv`` and ``<table>.parquet``; return the frame written."""
    df = frame(table, records)
    with atomic_path(out_dir / f"{table}.csv") as tmp:
        df.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    with atomic_path(out_dir / f"{table}.parquet") as tmp:
        _to_parquet(df, tmp)
    return df


def _to_parquet(df: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    safe = df.copy()
    for c in safe.columns:
        if safe[c].dtype == object and safe[c].isna().all():
            safe[c] = safe[c].astype("string")
    pq.write_table(pa.Table.from_pandas(safe, preserve_index=False), path)


def write_duckdb(out_dir: Path, frames: dict[str, pd.DataFrame], name: str = "briefparse.duckdb") -> Path:
    """All tables in one DuckDB file, written to a temp file and renamed into place."""
    import duckdb

    target = out_dir / name
    with atomic_path(target) as tmp:
        tmp.unlink()  # duckdb wants to create the file itself
        con = duckdb.connect(str(tmp))
        try:
            for table, df in frames.items():
                safe = df.copy()
                for c in safe.columns:
                    if safe[c].dtype == object and safe[c].isna().all():
                        safe[c] = safe[c].astype("string")
                con.register("_frame", safe)
                con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM _frame')
                con.unregister("_frame")
        finally:
            con.close()
    return target
