"""The Dagster code location of briefparse: thin assets over the ``briefparse`` library."""
