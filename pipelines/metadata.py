"""Metadata every materialization carries: row count, column schema, a Markdown preview."""

from __future__ import annotations

from typing import Any

from dagster import MetadataValue, TableColumn, TableSchema

from briefparse.output import columns_of, frame


def table_metadata(table: str, records: list[Any], preview_cols: list[str] | None = None,
                   rows: int = 10) -> dict[str, Any]:
    """``dagster/row_count``, ``dagster/column_schema`` and a preview of the first rows."""
    df = frame(table, records)
    schema = TableSchema(columns=[TableColumn(name=c, type=str(df[c].dtype)) for c in columns_of(table)])
    cols = [c for c in (preview_cols or list(df.columns)[:6]) if c in df.columns]
    preview = df[cols].head(rows).map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v))
    preview = preview.map(lambda s: s if len(s) <= 80 else s[:77] + "…")
    md = preview.to_markdown(index=False) if len(preview) else "_no rows_"
    return {
        "dagster/row_count": len(df),
        "dagster/column_schema": schema,
        "preview": MetadataValue.md(md),
    }
