"""The IO manager of the per-document assets: each output is written as the CLI writes it, once, to the
per-document files under ``OUT/tables`` (one Parquet file and one headerless CSV part per table per document), so the Dagster assets and
``briefparse run`` share the very same files and the corpus step assembles them the same way.

| output | files written for the partition's document |
|---|---|
| ``document`` | ``text/<doc_id>.txt``; ``tables/documents``, ``tables/sources``, ``tables/claims``; its report page |
| ``endnotes``, ``markers``, ``quantities``, ``dates``, ``urls`` | ``tables/<output>`` |
| ``terms`` | ``tables/terms``, ``tables/abbreviations`` |
| ``references`` | ``tables/references/<doc_key>.json`` (its CSL-JSON, BibTeX and RIS entries) |

Loading reads the files back as records; a downstream asset that depends on every partition receives
``{doc_id: value}``.
"""

from dataclasses import replace
from pathlib import Path
from typing import Any

from dagster import InitResourceContext, InputContext, IOManager, OutputContext, io_manager

from briefparse.outputs.assemble import REFERENCES_DIR, record_from_row
from briefparse.outputs.references import Ref
from briefparse.outputs.schema import TABLE_TYPES
from briefparse.outputs.tables import document_table_path, read_document_table, write_document_table
from briefparse.pipeline import file_name_for, references_part_of, write_document_report
from briefparse.results import DocResult
from briefparse.text.files import write_text_atomic

# output name → the tables it is written to
OUTPUT_TABLES: dict[str, tuple[str, ...]] = {
    "document": ("documents", "sources", "claims"),
    "endnotes": ("endnotes",), "markers": ("markers",), "quantities": ("quantities",), "dates": ("dates",),
    "urls": ("urls",), "terms": ("terms", "abbreviations"), "references": (),
}


class DocumentFilesIOManager(IOManager):
    """Writes and reads the per-document files of one output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.out = out_dir

    @staticmethod
    def _name(context: OutputContext | InputContext) -> str:
        return context.asset_key.path[-1]

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        """Write the partition's document's rows of this output's tables (see the module's table)."""
        doc_id = context.partition_key
        name = self._name(context)
        if name == "document":
            res: DocResult = obj
            if res.text is not None:
                write_text_atomic(self.out / "text" / file_name_for(doc_id), res.text)
            write_document_table(self.out, "documents", doc_id, [replace(res.row, warnings=res.warnings)])
            write_document_table(self.out, "sources", doc_id, res.sources)
            write_document_table(self.out, "claims", doc_id, res.claims)
            write_document_report(self.out, res)
        elif name == "terms":
            terms, abbreviations = obj
            write_document_table(self.out, "terms", doc_id, terms)
            write_document_table(self.out, "abbreviations", doc_id, abbreviations)
        elif name == "references":
            write_text_atomic(document_table_path(self.out, REFERENCES_DIR, doc_id, ".json"), references_part_of(obj))
        else:
            write_document_table(self.out, name, doc_id, obj)

    def _load_one(self, name: str, doc_id: str) -> Any:
        if name == "references":
            import json

            path = document_table_path(self.out, REFERENCES_DIR, doc_id, ".json")
            return json.loads(path.read_text(encoding="utf-8"))["csl"] if path.is_file() else []
        if name == "terms":
            return (self._records("terms", doc_id), self._records("abbreviations", doc_id))
        if name == "document":
            rows = self._records("documents", doc_id)
            text_path = self.out / "text" / file_name_for(doc_id)
            text = text_path.read_text(encoding="utf-8") if text_path.is_file() else None
            return DocResult(row=rows[0], text=text, warnings=list(rows[0].warnings),
                             sources=self._records("sources", doc_id), claims=self._records("claims", doc_id))
        return self._records(name, doc_id)

    def _records(self, table: str, doc_id: str) -> list[Any]:
        return [record_from_row(TABLE_TYPES[table], r) for r in read_document_table(self.out, table, doc_id)]

    def load_input(self, context: InputContext) -> Any:
        """The records of one partition, or ``{doc_id: records}`` for an asset that reads every partition."""
        name = self._name(context)
        if context.has_asset_partitions:
            keys = list(context.asset_partition_keys)
            if len(keys) == 1 and context.has_partition_key:
                return self._load_one(name, keys[0])
            return {k: self._load_one(name, k) for k in keys
                    if document_table_path(self.out, "documents", k).is_file()}
        raise ValueError(f"{name}: per-document files are read by partition")


@io_manager(required_resource_keys={"settings"},
            description="Writes each per-document output to OUT/tables/<table>/doc_id=<id>.parquet (as the CLI).")
def document_files_io_manager(init_context: InitResourceContext) -> DocumentFilesIOManager:
    """The per-document files of the ``settings`` resource's output folder."""
    return DocumentFilesIOManager(Path(init_context.resources.settings.out_dir))


__all__ = ["DocumentFilesIOManager", "document_files_io_manager", "OUTPUT_TABLES", "Ref"]
