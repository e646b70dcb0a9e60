"""Queue background work so that it exists exactly when the write that asked for it does.

The default task backend keeps its queue in the database (django-tasks-db): a task enqueued
inside the write's transaction is a row of that transaction, committed with it or rolled back
with it, so no crash can leave a committed post without its queued link preview. A queue
elsewhere (Redis through django-tasks-rq, or the immediate backend of the tests) would run the
task before the write is visible: there it is enqueued when the transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

DATABASE_QUEUES = ("django_tasks_db.",)


def queue_lives_in_the_database(task: Any) -> bool:
    """Whether the backend `task` is queued on stores its queue in the database."""
    backend = type(task.get_backend())
    return f"{backend.__module__}.{backend.__name__}".startswith(DATABASE_QUEUES)


def enqueue_with_write(task: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue `task` atomically with the current transaction (see the module's docstring)."""
    if queue_lives_in_the_database(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
