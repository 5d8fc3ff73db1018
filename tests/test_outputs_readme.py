"""Self-describing outputs: every column documented once (in records), and the docs reach README.md,
DuckDB comments and Parquet field metadata of every run."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from briefparse.outputs.readme import render_readme
from briefparse.outputs.schema import TABLE_TYPES, arrow_schema, columns_of
from briefparse.pipeline import RunOptions, run
from briefparse.records import NoteRef, Work, column_docs

BRIEF = """\
Grants and Guarantees in Zhejiang

Zhejiang's science bureau granted 3.5 billion yuan to 210 laboratories in 2021 (浙江省科技厅).^{1}

Notes

1. Zhejiang Science Bureau (浙江省科学技术厅), "Annual Grants Bulletin (年度资助公报)," 2022, https://kjt.example.zj.cn/bulletin/2022.html.
"""


def _documented_types() -> list[type]:
    """Every record written as a table, plus the records nested inside list cells."""
    return [*TABLE_TYPES.values(), Work, NoteRef]


@pytest.mark.parametrize("cls", _documented_types(), ids=lambda c: c.__name__)
def test_every_column_has_a_description_and_an_example(cls: type) -> None:
    docs = column_docs(cls)
    names = [f.name for f in fields(cls) if not f.name.startswith("_")]
    undocumented = [n for n in names if n not in docs or len(docs[n].meaning) < 8]
    assert not undocumented, f"{cls.__name__}: columns without a description: {undocumented}"
    stale = [n for n in docs if n not in names]
    assert not stale, f"{cls.__name__}: documented columns that do not exist: {stale}"
    no_example = [n for n in names if not docs[n].example and n != "part"]
    assert not no_example, f"{cls.__name__}: columns without an example: {no_example}"


def test_nested_records_are_documented_too() -> None:
    nested = {t for cls in TABLE_TYPES.values() for f in fields(cls)
              for t in getattr(f.type, "__args__", ()) if is_dataclass(t)}
    assert nested <= {Work, NoteRef}


def test_readme_lists_every_table_and_column() -> None:
    text = render_readme()
    for table in TABLE_TYPES:
        assert f"### `{table}`" in text
        for col in columns_of(table):
            assert f"| `{col}` |" in text or f"| `{col}`⁺ |" in text, (table, col)
    for status in ("supported", "partly_supported", "contradicted", "not_found_in_source", "source_unavailable",
                   "no_citation", "nearby"):
        assert f"| `{status}` |" in text


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("readme")
    (root / "in").mkdir()
    (root / "in" / "zhejiang.txt").write_text(BRIEF, encoding="utf-8")
    run([root / "in"], RunOptions(out=root / "out", progress=False))
    return root / "out"


def test_each_run_writes_its_readme(out: Path) -> None:
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "This run: 1 document(s)" in text
    assert "### `claims` (" in text and "rows in this run)" in text
    # the files the run wrote are the files the README lists
    for name in ("briefparse.duckdb", "report.html", "references.json", "glossary.csv"):
        assert (out / name).exists() and f"`{name}" in text


def test_parquet_fields_carry_descriptions_and_list_types(out: Path) -> None:
    for table in TABLE_TYPES:
        schema = pq.read_schema(out / f"{table}.parquet")
        assert schema.names == columns_of(table)
        for f in schema:
            assert f.metadata and f.metadata[b"description"], (table, f.name)
        assert schema.metadata[b"description"]
    claims = pq.read_schema(out / "claims.parquet")
    assert pa.types.is_list(claims.field("notes").type) and claims.field("notes").type.value_type == pa.int64()
    assert str(arrow_schema("sources").field("cited_by").type).startswith("list<item: struct<doc_id")


def test_duckdb_has_comments_on_every_column_and_table(out: Path) -> None:
    import duckdb

    con = duckdb.connect(str(out / "briefparse.duckdb"), read_only=True)
    try:
        missing = con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                              "WHERE NOT internal AND (comment IS NULL OR comment = '') "
                              "AND table_name IN (SELECT table_name FROM duckdb_tables())").fetchall()
        assert missing == []
        tables = dict(con.execute("SELECT table_name, comment FROM duckdb_tables()").fetchall())
        assert set(tables) == set(TABLE_TYPES) and all(tables.values())
        kinds = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() "
                                 "WHERE table_name = 'endnotes'").fetchall())
        assert kinds["authors"] == "VARCHAR[]" and kinds["works"].startswith("STRUCT(")
    finally:
        con.close()


def test_contract_columns_are_all_there_and_extensions_are_marked() -> None:
    from briefparse.outputs.readme import CONTRACT

    assert set(CONTRACT) == set(TABLE_TYPES)
    for table, cols in CONTRACT.items():
        assert set(cols) <= set(columns_of(table)), table
    text = render_readme()
    assert "| `claim_id` |" in text and "| `series`⁺ |" in text and "| `cited_by`⁺ |" in text


def test_docs_outputs_md_is_the_generated_readme() -> None:
    docs = Path(__file__).resolve().parents[1] / "docs" / "outputs.md"
    assert docs.read_text(encoding="utf-8") == render_readme(), (
        "docs/outputs.md is stale: .venv/bin/python -m briefparse.outputs.readme > docs/outputs.md")
