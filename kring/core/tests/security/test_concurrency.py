"""Concurrency: real parallel connections (one thread, one PostgreSQL connection each, released
together by a barrier) doing what crowds do: fifty reactions to one post, a double-submitted
form, two members accepting each other at the same moment, fifty joins of one group. Each test
checks the exact end state and that every denormalised counter equals a recount.

PostgreSQL only: SQLite serialises writers, so there is no race there to find (the PostgreSQL
run of `make test` runs these)."""

from __future__ import annotations

import fcntl
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.content.models import Comment, Post, Reaction
from kring.content.services import comment_on_post, create_post, react
from kring.core.sitesettings.models import SiteSettings
from kring.core.tests.security.conftest import Probe
from kring.social.models import FriendRequest, FriendRequestStatus, Friendship
from kring.social.services import accept_friend_request, send_friend_request
from kring.spaces.models import Membership, MembershipStatus, Space
from kring.spaces.queries import community_space
from kring.spaces.services import create_group, join_group

CROWD = 50
CONCURRENCY = "Concurrency on PostgreSQL (reactions, double submit, friend requests, joins)"

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="PostgreSQL only: SQLite serialises writers, so concurrent writes cannot race",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def one_crowd_at_a_time() -> Iterator[None]:
    """Fifty connections per test: test workers (pytest -n) take turns, so together they stay
    well under PostgreSQL's max_connections (100 by default)."""
    with (Path(tempfile.gettempdir()) / "kring-concurrency.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def at_once(jobs: Sequence[Callable[[], Any]]) -> list[Any]:
    """Run every job in its own thread with its own database connection, all released at the
    same moment; each job's result, or the exception it raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()  # connected before the start, so all start together
            barrier.wait(timeout=60)
            results[index] = job()
        except BaseException as error:  # noqa: BLE001  (reported by the test, per job)
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def failures(results: list[Any]) -> list[BaseException]:
    return [result for result in results if isinstance(result, BaseException)]


def counter_mismatches() -> list[str]:
    """Every denormalised counter of posts, comments and spaces against a recount of its rows."""
    problems = []
    for post in Post.objects.all():
        counts = dict(
            Reaction.objects.filter(post=post)
            .values("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        if post.reaction_count != sum(counts.values()) or post.reaction_counts != counts:
            problems.append(f"post {post.pk}: {post.reaction_counts} != {counts}")
        comments = Comment.objects.filter(post=post, is_internal=False, deleted_at=None).count()
        if post.comment_count != comments:
            problems.append(f"post {post.pk}: comment_count {post.comment_count} != {comments}")
    for comment in Comment.objects.all():
        reactions = Reaction.objects.filter(comment=comment).count()
        if comment.reaction_count != reactions:
            problems.append(f"comment {comment.pk}: {comment.reaction_count} != {reactions}")
    for space in Space.objects.annotate(
        active=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)),
    ):
        posts = Post.objects.filter(space=space, deleted_at=None).count()
        if space.member_count != space.active or space.post_count != posts:
            problems.append(
                f"space {space.slug}: members {space.member_count} != {space.active} "
                f"or posts {space.post_count} != {posts}"
            )
    return problems


def test_the_crowd_does_find_a_lost_update(probe: Probe) -> None:
    """The canary: a naive read-then-write counter loses updates under `at_once`, so the tests
    below would see a race in the services if there were one."""
    probe(CONCURRENCY, cases=1)
    space = community_space()

    def naive_bump() -> None:
        seen = Space.objects.get(pk=space.pk).post_count
        time.sleep(0.05)  # the work between reading and writing
        Space.objects.filter(pk=space.pk).update(post_count=seen + 1)

    assert not failures(at_once([naive_bump] * 10))
    assert Space.objects.get(pk=space.pk).post_count < 10


def test_fifty_members_reacting_at_once_are_all_counted(probe: Probe) -> None:
    probe(CONCURRENCY, cases=2 * CROWD)
    author, *crowd = MemberFactory.create_batch(CROWD + 1)
    post = create_post(author, space=community_space(), body="Wie komt er zaterdag?")
    like, other = SiteSettings.load().enabled_reaction_kinds[:2]

    assert not failures(at_once([partial(react, m, post=post, kind=like) for m in crowd]))
    post.refresh_from_db()
    assert (post.reaction_count, post.reaction_counts) == (CROWD, {like: CROWD})

    # Then half take theirs back and half change it, all at the same moment again.
    half = CROWD // 2
    jobs = [partial(react, m, post=post, kind=like) for m in crowd[:half]]
    jobs += [partial(react, m, post=post, kind=other) for m in crowd[half:]]
    assert not failures(at_once(jobs))
    post.refresh_from_db()
    assert (post.reaction_count, post.reaction_counts) == (CROWD - half, {other: CROWD - half})
    assert Reaction.objects.filter(post=post).count() == CROWD - half
    assert counter_mismatches() == []


def test_fifty_comments_at_once_are_all_counted(probe: Probe) -> None:
    probe(CONCURRENCY, cases=CROWD)
    author, *crowd = MemberFactory.create_batch(CROWD + 1)
    post = create_post(author, space=community_space(), body="Vragen over de ledenvergadering?")

    jobs = [partial(comment_on_post, m, post=post, body="Ik heb er een.") for m in crowd]
    assert not failures(at_once(jobs))
    post.refresh_from_db()
    assert post.comment_count == CROWD == Comment.objects.filter(post=post).count()
    assert counter_mismatches() == []


def test_double_submitted_post_with_one_idempotency_key_makes_one_post(probe: Probe) -> None:
    probe(CONCURRENCY, cases=20)
    member: Member = MemberFactory.create()
    space = community_space()

    twin = partial(create_post, member, space=space, body="Dubbelklik", idempotency_key="k1")
    results = at_once([twin] * 10)
    assert not failures(results)
    assert {post.pk for post in results} == {Post.objects.get(author=member).pk}

    # The same through the form: ten tabs send the composer with one key at the same moment.
    clients = [Client() for _ in range(10)]
    for client in clients:
        client.force_login(member)
    url = reverse("wall:space-status-create", args=[space.pk])
    form = {"body": "Nog een dubbelklik", "idempotency_key": "k2"}
    answers = at_once([partial(client.post, url, form) for client in clients])
    assert not failures(answers)
    assert {answer.status_code for answer in answers} == {302}
    assert Post.objects.filter(author=member, idempotency_key="k2").count() == 1
    assert Space.objects.get(pk=space.pk).post_count == 2
    assert counter_mismatches() == []


def friends_of(member: Member) -> set[int]:
    return set(Friendship.objects.filter(member=member).values_list("friend_id", flat=True))


def test_two_members_accepting_each_others_requests_at_once_become_friends_once(
    probe: Probe,
) -> None:
    probe(CONCURRENCY, cases=40)
    pairs = [MemberFactory.create_batch(2) for _ in range(10)]
    jobs: list[Callable[[], Any]] = []
    for a, b in pairs:
        # Each asked the other (sent at the same moment, before either request was seen).
        to_b = FriendRequest.objects.create(sender=a, recipient=b)
        to_a = FriendRequest.objects.create(sender=b, recipient=a)
        jobs += [
            partial(accept_friend_request, b, friend_request=to_b),
            partial(accept_friend_request, a, friend_request=to_a),
        ]
    assert not failures(at_once(jobs))
    for a, b in pairs:
        assert friends_of(a) == {b.pk}
        assert friends_of(b) == {a.pk}
    assert Friendship.objects.count() == 2 * len(pairs)
    assert not FriendRequest.objects.exclude(status=FriendRequestStatus.ACCEPTED).exists()

    # And two members asking each other at the same moment: one asks, the other's ask accepts.
    pairs = [MemberFactory.create_batch(2) for _ in range(10)]
    jobs = []
    for a, b in pairs:
        jobs += [
            partial(send_friend_request, a, member=b),
            partial(send_friend_request, b, member=a),
        ]
    assert not failures(at_once(jobs))
    for a, b in pairs:
        assert friends_of(a) == {b.pk}
        assert friends_of(b) == {a.pk}
    assert not FriendRequest.objects.filter(status=FriendRequestStatus.PENDING).exists()


def test_fifty_joins_of_one_public_group_count_every_member_once(probe: Probe) -> None:
    probe(CONCURRENCY, cases=CROWD + 10)
    owner, *crowd = MemberFactory.create_batch(CROWD + 1)
    group = create_group(owner, name="Moestuiniers")

    assert not failures(at_once([partial(join_group, m, space=group) for m in crowd]))
    group.refresh_from_db()
    active = Membership.objects.filter(space=group, status=MembershipStatus.ACTIVE)
    assert group.member_count == CROWD + 1 == active.count()

    # One member clicking "join" in ten tabs at once joins once.
    late: Member = MemberFactory.create()
    assert not failures(at_once([partial(join_group, late, space=group)] * 10))
    group.refresh_from_db()
    assert group.member_count == CROWD + 2
    assert Membership.objects.filter(space=group, member=late).count() == 1
    assert counter_mismatches() == []
