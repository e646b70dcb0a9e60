"""Demo friendships and follows, made through the social services as members would make them.

A friendship is a request one member sends and the other accepts; a few requests are left
open, so the demo member finds some waiting. Only pairs the social rules allow are asked: the
sender must be able to see the other's profile (a friends-only profile asks, it is not asked).
A pair that already has a friendship or an open request either way is left alone, so running
the demo again adds nothing; follows are made with the services' own get-or-create.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from kring.accounts.models import Member
from kring.demo.cast import Cast, cast_of
from kring.demo.context import DemoContext
from kring.demo.groups import demo_groups
from kring.members.permissions import can_view_profile
from kring.social import services
from kring.social.models import Follow, FriendRequest, FriendRequestStatus, Friendship
from kring.social.permissions import can_follow, can_send_friend_request
from kring.social.queries import relationship_between
from kring.spaces.queries import visible_groups

# How many friends a member of the community asks, at most (some ask nobody).
MOST_ASKED = 4
DEMO_MEMBER_FRIENDS = 8
# Requests left open: to the demo member (to answer), and from the demo member.
OPEN_TO_DEMO_MEMBER = 2
OPEN_FROM_DEMO_MEMBER = 1


def friendship_plan(cast: Cast, rng: random.Random) -> list[tuple[Member, Member, bool]]:
    """(sender, recipient, accepted) in order: decided by `rng` and the cast alone."""
    plan: list[tuple[Member, Member, bool]] = []
    seen: set[frozenset[int]] = set()

    def ask(sender: Member, recipient: Member, accepted: bool = True) -> None:
        pair = frozenset((sender.pk, recipient.pk))
        if sender.pk != recipient.pk and pair not in seen:
            seen.add(pair)
            plan.append((sender, recipient, accepted))

    people = cast.everyone
    demo_member = cast.login("member")
    if demo_member is not None:
        others = [m for m in people if m.pk != demo_member.pk]
        wanted = DEMO_MEMBER_FRIENDS + OPEN_TO_DEMO_MEMBER + OPEN_FROM_DEMO_MEMBER
        picked = rng.sample(others, min(wanted, len(others)))
        for index, other in enumerate(picked):
            if index < DEMO_MEMBER_FRIENDS and index % 2:
                ask(other, demo_member)
            elif index < DEMO_MEMBER_FRIENDS:
                ask(demo_member, other)
            elif index < DEMO_MEMBER_FRIENDS + OPEN_TO_DEMO_MEMBER:
                ask(other, demo_member, accepted=False)
            else:
                ask(demo_member, other, accepted=False)
    for member in people:
        if member == demo_member:
            continue
        for other in rng.sample(people, rng.randint(0, MOST_ASKED)):
            if other != demo_member:
                ask(member, other, accepted=rng.random() < 0.93)
    return plan


def build_friendships(context: DemoContext, rng: random.Random) -> str:
    """Friendships through request and acceptance, and a few requests still open."""
    cast = cast_of(context)
    made = opened = 0
    now = timezone.now()
    for planned_sender, planned_recipient, accepted in friendship_plan(cast, rng):
        when = rng.uniform(1, 170)  # days ago; drawn for every pair, so the others stay put
        if _related(planned_sender, planned_recipient):
            continue
        sender, recipient = planned_sender, planned_recipient
        if not can_send_friend_request(sender, recipient):
            if not can_send_friend_request(recipient, sender):
                continue
            sender, recipient = recipient, sender  # a friends-only profile asks instead
        request = services.send_friend_request(sender, member=recipient)
        if accepted:
            services.accept_friend_request(recipient, friend_request=request)
            made += 1
        else:
            opened += 1
        _backdate(request, sender, recipient, now - timedelta(days=when), accepted=accepted)
    friendships = Friendship.objects.count() // 2
    pending = FriendRequest.objects.filter(status=FriendRequestStatus.PENDING).count()
    return f"{friendships} friendships, {pending} open requests ({made + opened} new)"


def _related(a: Member, b: Member) -> bool:
    """A friendship, an open request either way, or a block: nothing for the demo to ask."""
    relation = relationship_between(a, b)
    return bool(
        relation.is_friend
        or relation.sent_request_id
        or relation.received_request_id
        or relation.blocking
        or relation.blocked_by
    )


def _backdate(
    request: FriendRequest, sender: Member, recipient: Member, moment: datetime, *, accepted: bool
) -> None:
    """Asked `moment` (but not before both joined), answered a day or so later."""
    now = timezone.now()
    asked = max(moment, sender.date_joined, recipient.date_joined)
    if not accepted:
        asked = max(asked, now - timedelta(days=6))
    answered = min(asked + timedelta(hours=20), now)
    FriendRequest.objects.filter(pk=request.pk).update(
        created_at=asked, responded_at=answered if accepted else None
    )
    if accepted:
        Friendship.objects.filter(
            Q(member=sender, friend=recipient) | Q(member=recipient, friend=sender)
        ).update(created_at=answered)


def build_follows(context: DemoContext, rng: random.Random) -> str:
    """Members follow a few members whose posts they like, and groups they are not in."""
    cast = cast_of(context)
    groups = list(demo_groups().values())
    people = cast.everyone
    before = Follow.objects.count()
    for member in people:
        for other in rng.sample(people, rng.randint(0, 3)):
            if other != member and can_view_profile(member, other) and can_follow(member, other):
                services.follow_member(member, member=other)
        seen_groups = set(visible_groups(member).values_list("pk", flat=True))
        for group in rng.sample(groups, min(len(groups), rng.randint(0, 2))):
            if group.pk in seen_groups and can_follow(member, group):
                services.follow_group(member, group=group)
    demo_member = cast.login("member")
    if demo_member is not None:
        # The demo member follows the cooperative's own people, for a lively home feed.
        for employee in cast.employees[:3]:
            if can_follow(demo_member, employee):
                services.follow_member(demo_member, member=employee)
    members = Follow.objects.filter(member__isnull=False).count()
    spaces = Follow.objects.filter(space__isnull=False).count()
    return (
        f"{members} member follows, {spaces} group follows ({Follow.objects.count() - before} new)"
    )
