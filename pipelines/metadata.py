"""Metadata every materialization carries: row count, column schema, a Markdown preview."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

import pandas as pd
from dagster import MetadataValue, TableColumn, TableSchema

from briefparse.checks import md_cell
from briefparse.outputs.tables import columns_of, frame
from briefparse.records import to_row


def md_table(df: pd.DataFrame, cols: list[str] | None = None, rows: int = 10, empty: str = "_no rows_") -> str:
    """The first ``rows`` rows of ``df`` as a Markdown table (GitHub pipe syntax)."""
    cols = [c for c in (cols or list(df.columns)[:6]) if c in df.columns]
    if not len(df) or not cols:
        return empty
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for rec in df[cols].head(rows).itertuples(index=False):
        lines.append("| " + " | ".join(md_cell(v, 80) for v in rec) + " |")
    if len(df) > rows:
        lines.append(f"\n_{rows} of {len(df)} rows_")
    return "\n".join(lines)


def _schema(df: pd.DataFrame, columns: list[str]) -> TableSchema:
    """A TableSchema of ``columns`` with the dtype each has in ``df``."""
    return TableSchema(columns=[TableColumn(name=c, type=str(df[c].dtype) if c in df.columns else "object")
                                for c in columns])


def frame_metadata(df: pd.DataFrame, columns: list[str], preview_cols: list[str] | None = None,
                   rows: int = 10) -> dict[str, Any]:
    """``dagster/row_count``, ``dagster/column_schema`` and a Markdown preview of a DataFrame."""
    return {
        "dagster/row_count": len(df),
        "dagster/column_schema": _schema(df, columns),
        "preview": MetadataValue.md(md_table(df, preview_cols or columns[:6], rows)),
    }


def table_metadata(table: str, records: list[Any], preview_cols: list[str] | None = None,
                   rows: int = 10) -> dict[str, Any]:
    """Row count, column schema and preview of records of one output-contract table."""
    return frame_metadata(frame(table, records), columns_of(table), preview_cols, rows)


def records_metadata(cls: type, records: list[Any], preview_cols: list[str] | None = None,
                     rows: int = 10) -> dict[str, Any]:
    """Row count, column schema and preview of dataclass records outside the output contract."""
    assert is_dataclass(cls)
    columns = [f.name for f in fields(cls) if not f.name.startswith("_")]
    data = [to_row(r) for r in records]
    df = pd.DataFrame(data, columns=columns) if data else pd.DataFrame({c: pd.Series([], dtype="object")
                                                                       for c in columns})
    return frame_metadata(df, columns, preview_cols, rows)
