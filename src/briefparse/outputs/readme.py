"""OUT/README.md: what every file and column of a run is, generated from the records each run.

The column lines come from the ``Columns:`` docstring sections of :mod:`briefparse.records` (the
same text goes into DuckDB comments and Parquet field metadata), so the README cannot fall behind
the tables. ``python -m briefparse.outputs.readme`` prints the run-independent version
(``docs/outputs.md``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from briefparse.outputs.schema import PRIMARY_KEYS, TABLE_TYPES, VIEWS, arrow_schema, duckdb_type
from briefparse.outputs.tables import duplicate_keys
from briefparse.records import NoteRef, Work, column_docs, table_doc
from briefparse.text import vocab
from briefparse.text.files import write_text_atomic

# table → the columns shared/output-contract.md requires (outside scorers read them by name); others are extensions
CONTRACT: dict[str, tuple[str, ...]] = vocab.multimap("contract_columns.tsv")

FILES: list[tuple[str, str]] = [
    ("README.md", "this file"),
    ("<table>.csv", "each table below as CSV (UTF-8, header row; list cells as JSON arrays)"),
    ("<table>.parquet", "each table as Parquet: real list and struct columns, each column's description and example "
                        "in the field metadata (`description`, `example`)"),
    ("briefparse.duckdb", "every table, with primary keys, column comments (`COMMENT ON`) and the join views below"),
    ("text/<doc_id>.txt", "each document's text in reading order: every `start`/`end` is an offset into it"),
    ("references.json / .bib / .ris", "one entry per cited work: CSL-JSON (Zotero, citeproc), BibTeX, RIS"),
    ("glossary.csv / .tbx", "the bilingual terms of all documents, one row per Chinese term with every English "
                            "rendering seen, its count and documents (cited titles left out; TBX for CAT tools)"),
    ("glossary.jieba.txt", "the same terms as a jieba user dictionary"),
    ("sources.warc.gz / sources.cdxj", "the snapshots of the cited sources used, and their index (pywb, warcio)"),
    ("sources/<sha256>.txt", "the text extracted from each snapshot (`.zh-Hans.txt`: converted to simplified)"),
    ("report.html", "one self-contained page for people: claims with their evidence, notes, URL health, glossary"),
    ("snapshots/<sha256>.html", "one page per source snapshot: URL, capture time, sha256 and its text with the "
                                "evidence of each claim highlighted"),
    ("reports/doc_id=<id>.html", "past 100 documents, one report page per document (`report.html` is then their "
                                 "index with claim counts)"),
    ("tables/<table>/doc_id=<id>.parquet / .csv", "each document's rows of each table, written once when it is "
                                                  "processed; the tables above are assembled from them, and the "
                                                  "next run into this folder reuses those of unchanged inputs "
                                                  "(`tables/run.json`: what they were computed with)"),
    ("tables/corpus/", "the last assembly's corpus files (links to the files above) and `manifest.json` (which "
                       "per-document files they were made from): the next run copies the rows of unchanged "
                       "documents from them"),
]

STATUS_MEANING: dict[str, str] = {
    "supported": "a cited source states the same value (62.4 billion = 624亿) beside the claim's key terms",
    "partly_supported": "the same value with another qualifier (the brief: 'more than 50%', the source: '不低于50%')",
    "contradicted": "a comparable, different figure beside the same key terms, with the note called in the "
                    "claim's own sentence or paragraph",
    "not_found_in_source": "the source was read, but the figure is not stated near the claim's key terms",
    "source_unavailable": "no text of any cited source could be retrieved (not archived, failed, or no URL)",
    "no_citation": "no note is called in the sentence, the paragraph or the section",
}
BASIS_MEANING: dict[str, str] = {
    "sentence": "the notes are called in the claim's own sentence",
    "paragraph": "no call in the sentence; the notes are called elsewhere in its paragraph",
    "nearby": "no call in the paragraph; the nearest call in the same section (a brief often cites a regulation "
              "once and discusses it over several paragraphs). Weaker: never enough to contradict",
    "none": "no call found: the claim is `no_citation`",
}


def _type_name(t: pa.DataType) -> str:
    """A short DuckDB type: ``STRUCT(doc_id, series, note)[]`` instead of every field's type."""
    if pa.types.is_list(t) and pa.types.is_struct(t.value_type):
        v = t.value_type
        if v.num_fields > 4:
            return "STRUCT[] (fields at the end)"
        return "STRUCT(" + ", ".join(v.field(i).name for i in range(v.num_fields)) + ")[]"
    return duckdb_type(t)


def _cell(s: str | None) -> str:
    return (s or "").replace("|", "\\|").replace("\n", " ")


def _example(e: str | None) -> str:
    return f"`{_cell(e)}`" if e else ""


def columns_markdown(cls: type, types: dict[str, str] | None = None, contract: tuple[str, ...] | None = None) -> str:
    """A record's columns as a Markdown table: column (⁺ when not in the contract), type, meaning, example."""
    docs = column_docs(cls)
    lines = ["| column | type | meaning | example |", "|---|---|---|---|"]
    for name, doc in docs.items():
        mark = "⁺" if contract is not None and name not in contract else ""
        lines.append(f"| `{name}`{mark} | {(types or {}).get(name, '')} | {_cell(doc.meaning)} | "
                     f"{_example(doc.example)} |")
    return "\n".join(lines)


def example_queries(source_url: str | None = None) -> list[tuple[str, str]]:
    """The README's DuckDB examples: (what it answers, SQL). ``source_url``: a URL of this run to ask about."""
    url = (source_url or "https://www.gov.cn/xinwen/2023-02/28/content_5743623.htm").replace("'", "''")
    return [
        ("Claim → note → URL → evidence: each checked claim with the note and URL whose source gave its evidence",
         "SELECT claim_id, quantity_text, status, series, note, url, source_status, fetched_at,\n"
         "       evidence_figure, evidence\n"
         "FROM claim_evidence\nWHERE is_evidence\nORDER BY claim_id;"),
        ("Every claim citing a given source (through any note of any document)",
         "SELECT c.claim_id, c.quantity_text, c.status, n.series, n.note\n"
         "FROM claims c\nJOIN claim_notes n USING (claim_id)\n"
         "JOIN urls u ON u.doc_id = n.doc_id AND u.series = n.series AND u.note = n.note\n"
         f"WHERE u.url = '{url}'\nORDER BY c.claim_id;"),
        ("The glossary across documents: terms used in more than one document first",
         "SELECT zh, en, pinyin, type, documents, doc_ids\nFROM glossary\n"
         "ORDER BY documents DESC, zh\nLIMIT 20;"),
        ("A note and everything that refers to it (the same key in every table)",
         "SELECT e.doc_id, e.series, e.note, e.title_en, u.url, s.status, s.final_url\n"
         "FROM endnotes e\nLEFT JOIN urls u USING (doc_id, series, note)\nLEFT JOIN sources s ON s.url = u.url\n"
         "ORDER BY e.doc_id, e.series, e.note\nLIMIT 20;"),
    ]


def _most_cited_url(frames: dict[str, pd.DataFrame]) -> str | None:
    """The retrieved URL cited by the most claims of this run, so that example 2 has an answer here."""
    claims = frames.get("claims")
    if claims is None or claims.empty or "evidence_url" not in claims:
        return None
    got = claims["evidence_url"].dropna()
    return str(got.value_counts().index[0]) if len(got) else None


def render_readme(frames: dict[str, pd.DataFrame] | None = None) -> str:
    """The README text; with ``frames`` (a run's tables) it gives row counts and examples from that run."""

    out: list[str] = ["# briefparse output", ""]
    out.append("What each file and each column of this folder means. Generated from briefparse's record definitions "
               "on every run: the same descriptions are in `briefparse.duckdb` (`COMMENT ON`; "
               "`SELECT * FROM duckdb_columns()`) and in each Parquet file's field metadata.")
    if frames is not None:
        docs = frames.get("documents")
        n_docs = 0 if docs is None else len(docs)
        counts = ", ".join(f"{len(frames[t])} {t}" for t in TABLE_TYPES if t in frames and t != "documents")
        out += ["", f"This run: {n_docs} document(s); {counts}."]
    out += ["", "## Files", "", "| file | what it is |", "|---|---|"]
    out += [f"| `{f}` | {d} |" for f, d in FILES]
    out += ["", "## Conventions", "",
            "- Rows from every input document sit in one table, told apart by `doc_id` (the input's path relative to "
            "the folder given).",
            "- Lists are real `LIST` columns (and lists of `STRUCT`) in Parquet and DuckDB; in CSV they are JSON arrays "
            "(`[4, 5]`, empty `[]`). A missing value is empty (NULL).",
            "- Spans: `start`, `end` are 0-based code-point offsets into `text/<doc_id>.txt` (`text[start:end]`); "
            "`evidence_start`/`evidence_end` point into the source's text (`sources.text_path`). `page` is 1-based.",
            "- Numbers are in base units (`62.4 billion yuan` → `62400000000`); percent as printed (`20.9`).",
            "- Dates are ISO 8601 (`2021-10-24`, `2023-09`, `2022`); intervals with `/` (`2016/2020`).",
            "", "## Keys: how the tables join", "",
            "- **A document** is `doc_id` (`documents`).",
            "- **A note** is `(doc_id, series, note)` in every table: `endnotes` (`note` = `n`), `urls`, `dates`. "
            "Tables listing several notes (`markers`, `quantities`, `claims`) have a `notes` list and one `series` "
            "column beside it; the views `claim_notes`, `quantity_notes`, `marker_notes` unnest them. `series` is 1 "
            "unless the numbering restarts (chapter endnotes: the notes of chapter 2 are series 2), so a claim in "
            "chapter 2 joins only to chapter 2's note 1.",
            "- **A claim** is `claim_id`, unique across the output (`<doc_id>#c001`).",
            "- **A source** is its cited `url`: `sources.url` = `urls.url` = `claims.evidence_url`. "
            "`sources.cited_by` lists every `{doc_id, series, note}` citing it (view `source_citations`).",
            "", "### Views in `briefparse.duckdb`", "", "| view | one row per |", "|---|---|"]
    out += [f"| `{v.name}` | {_cell(v.doc)} |" for v in VIEWS]
    out += ["", "## Claim status and note basis", "", "| `claims.status` | meaning |", "|---|---|"]
    out += [f"| `{s}` | {m} |" for s, m in STATUS_MEANING.items()]
    out += ["", "| `claims.note_basis` | meaning |", "|---|---|"]
    out += [f"| `{s}` | {m} |" for s, m in BASIS_MEANING.items()]
    out += ["", "## Example queries", "",
            "Open the database with `duckdb briefparse.duckdb` (or `duckdb.connect('briefparse.duckdb')` in Python); "
            "the Parquet files read the same way (`SELECT * FROM 'claims.parquet'`).", ""]
    for i, (what, sql) in enumerate(example_queries(_most_cited_url(frames or {})), 1):
        out += [f"{i}. {what}:", "", "```sql", sql, "```", ""]
    out += ["## Tables", "",
            "Columns marked ⁺ are briefparse's additions; the others are the shared output contract's "
            "(outside tools read those by name, so they are never renamed or dropped).", ""]
    for table, cls in TABLE_TYPES.items():
        schema = arrow_schema(table)
        types = {f.name: _type_name(f.type) for f in schema}
        head = f"### `{table}`"
        if frames is not None and table in frames:
            head += f" ({len(frames[table])} rows in this run)"
        out += [head, "", table_doc(cls)]
        if table in PRIMARY_KEYS:
            key = ", ".join(PRIMARY_KEYS[table])
            bad = duplicate_keys(table, frames[table]) if frames is not None and table in frames else 0
            out += ["", f"Primary key: `({key})`." + (f" **{bad} rows of this run repeat or lack it**, so DuckDB does "
                                                       "not enforce it here." if bad else "")]
        out += ["", columns_markdown(cls, types, CONTRACT.get(table, ())), ""]
    for cls, where in ((Work, "`endnotes.works`"), (NoteRef, "`sources.cited_by`")):
        out += [f"### Fields of each element of {where}", "", columns_markdown(cls), ""]
    return "\n".join(out).rstrip() + "\n"


def write_readme(out: Path, frames: dict[str, Any]) -> None:
    """Write OUT/README.md atomically."""
    write_text_atomic(out / "README.md", render_readme(frames))


if __name__ == "__main__":  # the run-independent version: docs/outputs.md
    sys.stdout.write(render_readme())
