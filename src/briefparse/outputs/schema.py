"""Table schemas derived from the records: Arrow types with column docs, DuckDB types, keys and views.

Everything here is computed from :mod:`briefparse.records` (field names, annotations, and the
``Columns:`` docstring sections), so a column added to a record gets its type, its Parquet field
metadata, its DuckDB comment and its README line without another edit.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from typing import Any, Union

import pyarrow as pa

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
    column_docs,
    table_doc,
)

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

# the columns that identify a row; DuckDB declares them PRIMARY KEY when this run's rows are unique on them
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "endnotes": ("doc_id", "series", "note"),
    "markers": ("doc_id", "start"),
    "quantities": ("doc_id", "id"),
    "sources": ("url",),
    "claims": ("claim_id",),
}


@dataclass(frozen=True)
class View:
    """A DuckDB view for a common join: its name, what one row is, and its SQL."""

    name: str
    doc: str
    sql: str


VIEWS: list[View] = [
    View("claim_notes", "one row per note backing a claim: the claims → endnotes link table",
         "SELECT claim_id, doc_id, series, unnest(notes) AS note FROM claims"),
    View("quantity_notes", "one row per note called in a quantity's sentence",
         "SELECT doc_id, id, series, unnest(notes) AS note FROM quantities"),
    View("marker_notes", "one row per note a call calls",
         "SELECT doc_id, start, series, unnest(notes) AS note FROM markers"),
    View("source_citations", "one row per (source, citing note): who cites each URL",
         "SELECT s.url, c.doc_id, c.series, c.note FROM sources s, unnest(s.cited_by) AS t(c)"),
    View("claim_evidence",
         "one row per claim × backing note × URL of that note: claim → note → URL → source snapshot; "
         "is_evidence marks the URL whose source gave the claim's evidence",
         """SELECT c.claim_id, c.doc_id, c.series, cn.note, c.quantity_text, c.status, c.note_basis,
       e.title_en AS note_title_en, e.title_zh AS note_title_zh, u.url, s.status AS source_status,
       s.final_url, s.fetched_at, s.sha256 AS source_sha256, s.text_path,
       coalesce(u.url = c.evidence_url, false) AS is_evidence,
       CASE WHEN u.url = c.evidence_url THEN c.evidence END AS evidence,
       CASE WHEN u.url = c.evidence_url THEN c.evidence_figure END AS evidence_figure
FROM claims c
JOIN claim_notes cn USING (claim_id)
LEFT JOIN endnotes e ON e.doc_id = cn.doc_id AND e.series = cn.series AND e.note = cn.note
LEFT JOIN urls u ON u.doc_id = cn.doc_id AND u.series = cn.series AND u.note = cn.note
LEFT JOIN sources s ON s.url = u.url
ORDER BY c.doc_id, c.start, c.claim_id, cn.series, cn.note, u.url  -- joins keep no order: the same rows each time"""),
    View("glossary", "one row per Chinese term across all documents (simplified Chinese groups spellings), cited "
                     "titles left out as in glossary.csv",
         """SELECT coalesce(zh_simplified, zh) AS zh_simplified, min(zh) AS zh, min(en) AS en,
       list(DISTINCT en ORDER BY en) AS en_variants, min(pinyin) AS pinyin, min(type) AS type,
       count(DISTINCT doc_id) AS documents, list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids,
       CAST(sum(occurrences) AS BIGINT) AS occurrences
FROM terms WHERE type <> 'title'  -- cited titles are in references.*, not in the glossary (as glossary.csv)
GROUP BY coalesce(zh_simplified, zh) ORDER BY zh_simplified"""),
]


def columns_of(table: str) -> list[str]:
    """The table's columns in order: the record's public fields."""
    return [f.name for f in fields(TABLE_TYPES[table]) if not f.name.startswith("_")]


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _members(tp: Any) -> list[Any] | None:
    """The members of ``X | Y`` (either spelling), else None."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        return list(typing.get_args(tp))
    return None


_SCALARS: dict[Any, pa.DataType] = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def arrow_type(tp: Any) -> pa.DataType:
    """The Arrow type of an annotation: lists stay lists, records become structs, ``int | str`` text."""
    members = _members(tp)
    if members is not None:
        real = [m for m in members if m is not type(None)]
        if len(real) == 1:
            return arrow_type(real[0])
        return pa.float64() if set(real) <= {int, float} else pa.string()
    origin = typing.get_origin(tp)
    if origin in (list, tuple):
        return pa.list_(arrow_type(typing.get_args(tp)[0]))
    if is_dataclass(tp) and isinstance(tp, type):
        return pa.struct([_arrow_field(tp, f.name) for f in fields(tp) if not f.name.startswith("_")])
    return _SCALARS.get(tp, pa.string())


def _arrow_field(cls: type, name: str) -> pa.Field:
    doc = column_docs(cls).get(name)
    meta = {"description": doc.meaning if doc else ""}
    if doc and doc.example is not None:
        meta["example"] = doc.example
    return pa.field(name, arrow_type(_hints(cls)[name]), metadata=meta)


@cache
def arrow_schema(table: str) -> pa.Schema:
    """The table's Arrow schema: every field with its description and example as field metadata."""
    cls = TABLE_TYPES[table]
    meta = {"table": table, "description": table_doc(cls)}
    if table in PRIMARY_KEYS:
        meta["primary_key"] = ",".join(PRIMARY_KEYS[table])
    return pa.schema([_arrow_field(cls, name) for name in columns_of(table)], metadata=meta)


def _value(tp: Any, v: Any) -> Any:
    """A field value shaped for its Arrow type (JSON text of a list cell parsed back into a list)."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    members = _members(tp)
    if members is not None:
        real = [m for m in members if m is not type(None)]
        if len(real) == 1:
            return _value(real[0], v)
        return float(v) if set(real) <= {int, float} else str(v)
    origin = typing.get_origin(tp)
    if origin in (list, tuple):
        if isinstance(v, str):
            v = json.loads(v) if v.strip() else []
        return [_value(typing.get_args(tp)[0], x) for x in v]
    if is_dataclass(tp) and isinstance(tp, type):
        hints = _hints(tp)
        get = v.get if isinstance(v, dict) else (lambda k, d=None: getattr(v, k, d))
        return {f.name: _value(hints[f.name], get(f.name)) for f in fields(tp) if not f.name.startswith("_")}
    if tp is float:
        return float(v)
    if tp is int:
        return int(v)
    if tp is str:
        return str(v)
    return v


def arrow_table(table: str, records: list[Any]) -> pa.Table:
    """Records (or dict rows) as an Arrow table of the table's schema, with real list and struct columns."""
    cls = TABLE_TYPES[table]
    hints = _hints(cls)
    cols = columns_of(table)
    data: dict[str, list[Any]] = {c: [] for c in cols}
    for r in records:
        get = r.get if isinstance(r, dict) else (lambda k, d=None, r=r: getattr(r, k, d))
        for c in cols:
            data[c].append(_value(hints[c], get(c)))
    schema = arrow_schema(table)
    return pa.Table.from_arrays([pa.array(data[c], type=schema.field(c).type) for c in cols], schema=schema)


def duckdb_type(t: pa.DataType) -> str:
    """The DuckDB type name of an Arrow type."""
    if pa.types.is_list(t):
        return duckdb_type(t.value_type) + "[]"
    if pa.types.is_struct(t):
        inner = ", ".join(f'"{t.field(i).name}" {duckdb_type(t.field(i).type)}' for i in range(t.num_fields))
        return f"STRUCT({inner})"
    return {"string": "VARCHAR", "int64": "BIGINT", "double": "DOUBLE", "bool": "BOOLEAN"}.get(str(t), "VARCHAR")
