"""Moving a wall post to another group or the community (content.services.move_post)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.content.events import PostMoved
from kring.content.models import Post, PostAudience, PostKind
from kring.content.services import comment_on_post, delete_post, move_post, pin_post
from kring.content.tests.samples import join, make_group, post_in, profile_space_for
from kring.core.events import subscribe, unsubscribe
from kring.core.permissions import Denied
from kring.search.models import SearchEntry
from kring.spaces.models import GroupRole, Space

pytestmark = pytest.mark.django_db


def _counts(*spaces: Space) -> list[int]:
    return [Space.objects.get(pk=space.pk).post_count for space in spaces]


def test_move_post_keeps_both_counters_and_last_activity_right(
    community: Space, group: Space, member: Member, friend: Member, moderator: Member
) -> None:
    join(group, member)
    older = post_in(group, member, "Eerder bericht")
    moved = post_in(group, member, "Hoort in de community")
    comment = comment_on_post(friend, post=moved, body="Eens")
    stale = timezone.now() - timedelta(days=30)
    Space.objects.filter(pk=community.pk).update(last_activity_at=stale)
    before = _counts(group, community)
    move_post(moderator, post=moved, space=community)
    assert _counts(group, community) == [before[0] - 1, before[1] + 1]
    moved.refresh_from_db()
    assert moved.space_id == community.pk
    # The community is as recent as the moved thread; the group falls back to its other post.
    assert Space.objects.get(pk=community.pk).last_activity_at == comment.created_at
    older.refresh_from_db()
    assert Space.objects.get(pk=group.pk).last_activity_at == older.last_activity_at
    entry = AuditEntry.objects.get(action="post.move")
    assert (entry.before, entry.after) == ({"space": group.pk}, {"space": community.pk})
    assert entry.subject_id == member.pk


def test_move_post_leaves_a_newer_space_activity_alone(
    community: Space, group: Space, member: Member, employee: Member, moderator: Member
) -> None:
    moved = post_in(community, member, "Oud bericht")
    Post.objects.filter(pk=moved.pk).update(last_activity_at=timezone.now() - timedelta(days=2))
    post_in(group, employee, "Nieuw in de groep")
    newer_activity = Space.objects.get(pk=group.pk).last_activity_at
    community_activity = Space.objects.get(pk=community.pk).last_activity_at
    move_post(moderator, post=Post.objects.get(pk=moved.pk), space=group)
    assert Space.objects.get(pk=group.pk).last_activity_at == newer_activity
    # The community was last active through a newer write than the moved post: it stays.
    assert Space.objects.get(pk=community.pk).last_activity_at == community_activity


def test_move_post_unpins_and_publishes_post_moved(
    community: Space, group: Space, member: Member, moderator: Member,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    post = post_in(community, member)
    pin_post(moderator, post=post)
    seen: list[PostMoved] = []
    subscribe(PostMoved, seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            move_post(moderator, post=post, space=group)
    finally:
        unsubscribe(PostMoved, seen.append)
    assert seen == [
        PostMoved(post_id=post.pk, from_space_id=community.pk, space_id=group.pk, by=moderator.pk)
    ]
    assert Post.objects.get(pk=post.pk).pinned_at is None


def test_the_search_index_follows_the_post_and_its_comments(  # noqa: PLR0917  (personas)
    community: Space, group: Space, member: Member, friend: Member, moderator: Member,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        post = post_in(community, member, "Fietsbel kapot")
        comment = comment_on_post(friend, post=post, body="Nieuwe bel kopen")
    with django_capture_on_commit_callbacks(execute=True):
        move_post(moderator, post=post, space=group)
    assert SearchEntry.objects.get(key=f"post:{post.pk}").space_id == group.pk
    assert SearchEntry.objects.get(key=f"comment:{comment.pk}").space_id == group.pk


def test_group_moderators_move_between_groups_they_moderate_only(
    community: Space, group: Space, member: Member, employee: Member
) -> None:
    other = make_group(owner=employee, name="Wandelaars", slug="wandelaars")
    foreign = make_group(name="Zwemmers", slug="zwemmers")
    helper = MemberFactory()
    join(group, helper, role=GroupRole.MODERATOR)
    post = post_in(group, employee)
    with pytest.raises(Denied):
        move_post(helper, post=post, space=other)  # moderates the source only
    with pytest.raises(Denied):
        move_post(employee, post=post, space=community)  # the community is for site staff
    with pytest.raises(Denied):
        move_post(employee, post=post, space=foreign)
    with pytest.raises(Denied):
        move_post(member, post=post, space=other)
    move_post(employee, post=post, space=other)  # owns both
    assert Post.objects.get(pk=post.pk).space_id == other.pk


def test_move_post_refuses_what_does_not_move(
    community: Space, group: Space, member: Member, moderator: Member
) -> None:
    wall = profile_space_for(member)
    on_wall = post_in(wall, member, "Op mijn prikbord")
    friends_only = post_in(wall, member, "Alleen vrienden", audience=PostAudience.FRIENDS)
    topic_like = post_in(community, member, "Een vraag", kind=PostKind.QUESTION, title="Vraag")
    deleted = delete_post(member, post=post_in(community, member, "Weg"))
    plain = post_in(community, member)
    for refused in (on_wall, friends_only, topic_like, deleted):
        with pytest.raises(ValidationError):
            move_post(moderator, post=refused, space=group)
    with pytest.raises(ValidationError):
        move_post(moderator, post=plain, space=wall)  # never onto a profile wall
    assert not AuditEntry.objects.filter(action="post.move").exists()


def test_move_post_to_its_own_space_changes_nothing(
    community: Space, member: Member, moderator: Member
) -> None:
    post = post_in(community, member)
    before = _counts(community)
    move_post(moderator, post=post, space=community)
    assert _counts(community) == before
    assert not AuditEntry.objects.filter(action="post.move").exists()
