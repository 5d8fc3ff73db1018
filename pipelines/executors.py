"""Where the steps of the jobs execute: in the run's own process (default), or on Celery workers.

``BRIEFPARSE_EXECUTOR=celery`` sends each step (one document's tables, or the corpus assembly) to a Celery
queue served by ``dagster-celery`` workers on any number of machines (``docs/deploy.md``); the broker and
result backend come from ``BRIEFPARSE_CELERY_BROKER`` and ``BRIEFPARSE_CELERY_BACKEND`` (e.g.
``redis://127.0.0.1:6379/0``). ``dagster-celery`` is needed only then (``pip install -e '.[celery]'``).
"""

import os

from dagster import ExecutorDefinition, in_process_executor

EXECUTOR_ENV = "BRIEFPARSE_EXECUTOR"


def job_executor() -> ExecutorDefinition:
    """The executor the environment asks for: ``in_process`` (default) or ``celery``."""
    kind = os.environ.get(EXECUTOR_ENV, "in_process")
    if kind == "celery":
        from dagster_celery import celery_executor

        return celery_executor.configured(
            {"broker": {"env": "BRIEFPARSE_CELERY_BROKER"}, "backend": {"env": "BRIEFPARSE_CELERY_BACKEND"}},
            name="celery")
    if kind != "in_process":
        raise ValueError(f"{EXECUTOR_ENV} must be in_process or celery, not {kind!r}")
    # every job is one step (a document's tables, or the corpus step): a subprocess per step would only
    # re-import spaCy and jieba; parallelism comes from the run queue (deploy/dagster-local.yaml)
    return in_process_executor
