"""One dynamic partition per input document (its doc_id), added by the corpus sensor."""

from dagster import DynamicPartitionsDefinition

documents_partitions = DynamicPartitionsDefinition(name="documents")
