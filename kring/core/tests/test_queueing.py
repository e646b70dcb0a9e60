"""Background work is queued atomically with the write that asks for it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from kring.core.queueing import enqueue_with_write, queue_lives_in_the_database
from kring.wall.tasks import fetch_link_preview

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class RolledBackError(Exception):
    pass


def _enqueue_then_fail() -> None:
    with transaction.atomic():
        enqueue_with_write(fetch_link_preview, 1)
        assert DBTaskResult.objects.count() == 1  # a row of the write's own transaction
        raise RolledBackError


def test_a_task_queued_in_the_database_rolls_back_with_its_write(settings: Any) -> None:
    settings.TASKS = DATABASE_QUEUE
    assert queue_lives_in_the_database(fetch_link_preview)
    with pytest.raises(RolledBackError):
        _enqueue_then_fail()
    assert DBTaskResult.objects.count() == 0
    with transaction.atomic():
        enqueue_with_write(fetch_link_preview, 2)
    assert DBTaskResult.objects.count() == 1


def test_a_queue_elsewhere_gets_the_task_when_the_write_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert not queue_lives_in_the_database(fetch_link_preview)  # the tests' immediate backend
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_with_write(fetch_link_preview, 1)
    assert len(callbacks) == 1
