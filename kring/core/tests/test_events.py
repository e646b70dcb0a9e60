from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction

from kring.core.events import publish, publish_on_commit, subscribe, unsubscribe


@dataclass(frozen=True)
class ThingHappened:
    thing_id: int


@dataclass(frozen=True)
class OtherThingHappened:
    thing_id: int


received: list[object] = []


def remember(event: ThingHappened) -> None:
    received.append(event)


def explode(event: ThingHappened) -> None:
    raise RuntimeError("listener failed")


@pytest.fixture(autouse=True)
def _subscribed() -> Iterator[None]:
    received.clear()
    subscribe(ThingHappened, remember)
    yield
    unsubscribe(ThingHappened, remember)
    unsubscribe(ThingHappened, explode)


def test_publish_delivers_the_event_to_subscribers_of_its_type_only() -> None:
    publish(ThingHappened(thing_id=1))
    publish(OtherThingHappened(thing_id=2))
    assert received == [ThingHappened(thing_id=1)]


def test_subscribing_twice_delivers_once() -> None:
    subscribe(ThingHappened, remember)
    publish(ThingHappened(thing_id=1))
    assert received == [ThingHappened(thing_id=1)]


@pytest.mark.django_db(transaction=True)
def test_publish_on_commit_waits_for_the_commit() -> None:
    with transaction.atomic():
        publish_on_commit(ThingHappened(thing_id=3))
        assert received == []
    assert received == [ThingHappened(thing_id=3)]


@pytest.mark.django_db(transaction=True)
def test_publish_on_commit_drops_the_event_on_rollback() -> None:
    def publish_then_fail() -> None:
        with transaction.atomic():
            publish_on_commit(ThingHappened(thing_id=4))
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        publish_then_fail()
    assert received == []


def test_a_failing_subscriber_is_logged_and_the_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    subscribe(ThingHappened, explode)
    with caplog.at_level(logging.ERROR, logger="kring.core.events"):
        publish(ThingHappened(thing_id=5))
    assert received == [ThingHappened(thing_id=5)]
    assert "ThingHappened" in caplog.text
    assert "listener failed" in caplog.text
