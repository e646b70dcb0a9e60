"""The demo community beyond its members: groups, friendships, follows, the wall, reactions.

Built once for the module (in a transaction rolled back at its end; each test runs inside it,
in a savepoint of its own), with the wall at a seventh of its size: the same posts the full
demo starts with. Running it again, other scales and the full plan: test_runs.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max, Q
from django.test import Client, override_settings
from django.utils import timezone

from kring.accounts import roles
from kring.accounts.models import Member
from kring.content.models import (
    Attachment,
    AttachmentKind,
    Comment,
    Post,
    PostAudience,
    Reaction,
)
from kring.content.queries import visible_posts
from kring.demo.groups import GROUPS, demo_groups
from kring.demo.wall import demo_posts
from kring.demo.wall_plan import HISTORY_DAYS
from kring.social.models import Follow, FriendRequest, FriendRequestStatus, Friendship
from kring.spaces.models import (
    Audience,
    GroupRole,
    Membership,
    MembershipStatus,
    Space,
    SpaceKind,
    Visibility,
)

pytestmark = pytest.mark.django_db

SCALE = "0.15"


def run_demo(*args: str, scale: str = SCALE) -> str:
    out = StringIO()
    call_command("demo", "--scale", scale, *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _built(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        run_demo()
        yield media
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def media(_built: Path, db: None, settings: Any) -> Path:
    """The demo community, built; its media folder."""
    settings.MEDIA_ROOT = _built
    return _built


def login(key: str) -> Member:
    return Member.objects.get(email=f"{key}@example.nl")


def test_the_demo_has_every_kind_of_group_with_owners_members_requests_and_invitations() -> None:
    groups = demo_groups()
    assert len(groups) == len(GROUPS)
    kinds = {(space.visibility, space.audience) for space in groups.values()}
    assert kinds == {(v, a) for v in Visibility.values for a in Audience.values}
    assert "Klantenservice" in {space.name for space in groups.values()}
    assert groups["medewerkers"].audience == Audience.EMPLOYEES
    assert groups["ambassadeurs"].visibility == Visibility.SECRET
    assert groups["beta"].visibility == Visibility.PRIVATE
    for spec in GROUPS:
        space = groups[spec.key]
        assert space.description_html
        assert space.tags.exists()
        owner = Membership.objects.get(space=space, role=GroupRole.OWNER).member
        if spec.service:  # the organisation's people own the service groups
            assert roles.is_employee(owner), spec.name
        if spec.audience == Audience.EMPLOYEES:
            members = Member.objects.filter(
                memberships__space=space, memberships__status=MembershipStatus.ACTIVE
            )
            assert all(roles.is_employee(member) for member in members), spec.name
    assert groups["klantenservice"].member_count > 20
    assert groups["klantenservice"].cover
    # Waiting, for the tour: the demo member asked to join the Bèta-testers (the demo employee
    # owns that group) and is invited to the secret Ambassadeurs.
    member = login("lid")
    assert Membership.objects.get(space=groups["beta"], member=member).status == "requested"
    invitation = Membership.objects.get(space=groups["ambassadeurs"], member=member)
    assert invitation.status == MembershipStatus.INVITED
    assert Membership.objects.filter(status=MembershipStatus.REQUESTED).count() >= 3
    # The groups have a past.
    assert groups["klantenservice"].created_at < timezone.now() - timedelta(days=600)


def test_the_demo_has_friendships_open_requests_and_follows() -> None:
    member = login("lid")
    friendships = Friendship.objects.count()
    assert friendships >= 160  # two rows each
    assert friendships % 2 == 0
    pairs = set(Friendship.objects.values_list("member_id", "friend_id"))
    assert all((friend, owner) in pairs for owner, friend in pairs)
    assert Friendship.objects.filter(member=member).count() >= 6
    waiting = FriendRequest.objects.filter(status=FriendRequestStatus.PENDING)
    assert waiting.filter(recipient=member).count() == 2
    assert waiting.filter(sender=member).count() == 1
    assert waiting.count() >= 5
    assert Follow.objects.filter(member__isnull=False).count() > 30
    assert Follow.objects.filter(space__isnull=False).count() > 10
    # Employees and customers are friends too (the site settings allow it by default).
    assert Friendship.objects.filter(
        member__role__in=["employee", "moderator", "manager", "admin"], friend__role="member"
    ).exists()


def test_the_wall_is_six_months_of_posts_with_comments_reactions_and_photos(media: Path) -> None:
    posts = demo_posts()
    assert 70 <= posts.count() <= 110  # a seventh of about six hundred
    now = timezone.now()
    oldest, newest = posts.order_by("created_at")[0], posts.order_by("-created_at")[0]
    assert oldest.created_at >= now - timedelta(days=HISTORY_DAYS + 1)
    assert newest.created_at < now
    assert newest.created_at - oldest.created_at > timedelta(days=120)
    spaces = Counter(posts.values_list("space__kind", flat=True))
    assert spaces[SpaceKind.GROUP] > spaces[SpaceKind.COMMUNITY] > 0
    assert spaces[SpaceKind.PROFILE] > 0

    comments = Comment.objects.filter(post__in=posts)
    assert comments.count() > posts.count()
    assert comments.filter(parent__isnull=False).exists()  # replies
    assert comments.filter(created_at__lt=now - timedelta(days=30)).exists()
    assert not comments.filter(created_at__lt=now - timedelta(days=HISTORY_DAYS + 2)).exists()
    # Employees answer customers in the service groups, with their badge.
    service = [demo_groups()[spec.key] for spec in GROUPS if spec.service]
    answers = comments.filter(post__space__in=service, author__role="employee")
    assert answers.exclude(post__author__role="employee").exists()

    assert Reaction.objects.filter(post__in=posts).count() > posts.count()
    assert Reaction.objects.filter(comment__post__in=posts).exists()

    photos = Attachment.objects.filter(post__in=posts, kind=AttachmentKind.PHOTO)
    assert photos.exists()
    for photo in photos:
        assert (media / photo.file.name).is_file()
        assert photo.content_type == "image/webp"
        assert 0 < (photo.width or 0) <= 800

    assert posts.filter(pinned_at__isnull=False).exists()
    deleted = posts.filter(deleted_at__isnull=False).select_related("deleted_by")
    assert deleted.exists()
    assert all(roles.may_moderate(post.deleted_by) for post in deleted)


def test_links_point_at_the_demos_own_pages_only() -> None:
    bodies = [*demo_posts().values_list("body_html", flat=True)]
    bodies += Comment.objects.values_list("body_html", flat=True)
    links = [link for body in bodies for link in re.findall(r'href="([^"]*)"', body)]
    assert links
    assert all(link.startswith("/") for link in links), [x for x in links if x[:1] != "/"]
    assert any(link.startswith("/groepen/") for link in links)
    client = Client()
    client.force_login(login("lid"))
    for link in {link for link in links if link.startswith("/groepen/")}:
        assert client.get(link).status_code == 200, link


def test_a_friends_only_post_is_for_the_authors_friends() -> None:
    post = demo_posts().filter(audience=PostAudience.FRIENDS).select_related("author").first()
    assert post is not None
    author = post.author
    friend = Member.objects.filter(friendships__friend=author).first()
    stranger = (
        Member.objects.filter(role="member", approval_status="approved")
        .exclude(pk=author.pk)
        .exclude(friendships__friend=author)
        .first()
    )
    assert friend is not None
    assert stranger is not None
    assert visible_posts(author).filter(pk=post.pk).exists()
    assert visible_posts(friend).filter(pk=post.pk).exists()
    assert not visible_posts(stranger).filter(pk=post.pk).exists()
    assert not visible_posts(AnonymousUser()).filter(pk=post.pk).exists()


def test_every_denormalised_counter_equals_a_recount() -> None:
    for space in Space.objects.annotate(
        active=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)),
    ):
        if space.kind == SpaceKind.GROUP:
            assert space.member_count == space.active, space.name
        shown = Post.objects.filter(space=space, deleted_at__isnull=True)
        assert space.post_count == shown.count(), space.name
        # Scheduled articles and drafts (dated in the future) are no activity yet.
        published = shown.filter(created_at__lte=timezone.now())
        latest = published.aggregate(latest=Max("last_activity_at"))["latest"]
        if latest is not None:
            assert space.last_activity_at == latest, space.name
    public = Q(comments__deleted_at__isnull=True, comments__is_internal=False)
    for post in Post.objects.annotate(counted=Count("comments", filter=public)):
        assert post.comment_count == post.counted, post.pk
        assert post.last_activity_at >= post.created_at
        last = post.comments.filter(is_internal=False).aggregate(last=Max("created_at"))["last"]
        assert post.last_activity_at == max(post.created_at, last or post.created_at), post.pk
    for model, column in ((Post, "post_id"), (Comment, "comment_id")):
        counts: dict[int, dict[str, int]] = {}
        for pk, kind, n in (
            Reaction.objects.filter(**{f"{column}__isnull": False})
            .values_list(column, "kind")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            counts.setdefault(pk, {})[kind] = n
        for item in model.objects.all():
            expected = counts.get(item.pk, {})
            assert item.reaction_counts == expected, (model.__name__, item.pk)
            assert item.reaction_count == sum(expected.values()), (model.__name__, item.pk)
