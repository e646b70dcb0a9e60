"""Every read of the moderation app: the queue, one case, what a member may report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from kring.accounts.models import Member
from kring.content.models import Comment, ModerationState, Post
from kring.content.permissions import is_site_moderator
from kring.content.queries import get_comment_for, get_post_for
from kring.core.permissions import NotFound
from kring.members.queries import visible_members
from kring.messaging.models import Message
from kring.messaging.queries import get_message_for
from kring.moderation.models import CaseStatus, Flag, FlagCase, ModerationSettings
from kring.moderation.permissions import can_moderate_case
from kring.spaces.models import GroupRole, Membership, MembershipStatus, Space, SpaceKind

PER_PAGE = 25


class QueueKind:
    ALL = ""
    FLAGS = "flags"
    PENDING = "pending"
    PROFILES = "profiles"
    MESSAGES = "messages"
    REGISTRATIONS = "registrations"


class QueueAge:
    ALL = ""
    TODAY = "today"
    WEEK = "week"
    OLDER = "older"


def flag_threshold() -> int:
    """Flags from members before an item is held pending review."""
    return max(1, ModerationSettings.load().flag_threshold)


# What a member may report: only what they can see -------------------------------------------


def get_flaggable_post(viewer: Any, post_id: int) -> Post:
    return get_post_for(viewer, post_id)


def get_flaggable_comment(viewer: Any, comment_id: int) -> Comment:
    return get_comment_for(viewer, comment_id)


def get_flaggable_member(viewer: Any, member_id: int) -> Member:
    member = visible_members(viewer).filter(pk=member_id).first()
    if member is None:
        raise NotFound
    return member


def get_flaggable_message(viewer: Any, message_id: int) -> Message:
    """A message of a conversation `viewer` takes part in; NotFound otherwise."""
    return get_message_for(viewer, message_id)


def viewer_has_flagged(viewer: Any, **target: Any) -> bool:
    """Whether `viewer` already reported the item (post=…, comment=…, member=…, message=…)."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    key = {f"case__{name}": value for name, value in target.items()}
    return Flag.objects.filter(flagger_id=viewer.pk, **key).exists()


# The queue ----------------------------------------------------------------------------------


def moderated_space_ids(viewer: Any) -> list[int] | None:
    """The groups whose cases `viewer` handles; None: every case (site moderators)."""
    if is_site_moderator(viewer):
        return None
    return list(
        Membership.objects.filter(
            member_id=getattr(viewer, "pk", None) or 0,
            status=MembershipStatus.ACTIVE,
            role__in=[GroupRole.OWNER, GroupRole.MODERATOR],
            space__kind=SpaceKind.GROUP,
        ).values_list("space_id", flat=True)
    )


def _case_rows() -> QuerySet[FlagCase]:
    return FlagCase.objects.select_related(
        "space",
        "post",
        "post__author",
        "post__space",
        "comment",
        "comment__author",
        "comment__post",
        "member",
        "member__profile",
        "message",
        "message__sender",
        "resolved_by",
    ).prefetch_related(
        Prefetch("flags", queryset=Flag.objects.select_related("flagger").order_by("created_at"))
    )


def cases_for(viewer: Any, cases: QuerySet[FlagCase] | None = None) -> QuerySet[FlagCase]:
    """Every case `viewer` may handle (open and resolved), narrowing `cases` when given."""
    cases = FlagCase.objects.all() if cases is None else cases
    space_ids = moderated_space_ids(viewer)
    if space_ids is not None:
        cases = cases.filter(space_id__in=space_ids, member__isnull=True, message__isnull=True)
    return cases


@dataclass(frozen=True)
class QueuePage:
    cases: list[FlagCase]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def queue(
    viewer: Any,
    *,
    space_id: int | None = None,
    reason: str = "",
    age: str = "",
    kind: str = "",
    page: int = 1,
) -> QueuePage:
    """One page of the open cases `viewer` handles, newest first (two queries).

    The filters apply to the joined rows themselves (not through a subquery of ids), so the
    database walks the open cases in queue order and stops at the page: resolved cases, however
    many, cost nothing."""
    cases = cases_for(viewer, _case_rows()).filter(status=CaseStatus.OPEN)
    if space_id is not None:
        cases = cases.filter(space_id=space_id)
    if reason:
        cases = cases.filter(Exists(Flag.objects.filter(case_id=OuterRef("pk"), reason=reason)))
    now = timezone.now()
    if age == QueueAge.TODAY:
        start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        cases = cases.filter(opened_at__gte=start)
    elif age == QueueAge.WEEK:
        cases = cases.filter(opened_at__gte=now - timedelta(days=7))
    elif age == QueueAge.OLDER:
        cases = cases.filter(opened_at__lt=now - timedelta(days=7))
    if kind == QueueKind.FLAGS:
        cases = cases.filter(flag_count__gt=0, member__isnull=True, message__isnull=True)
    elif kind == QueueKind.PENDING:
        cases = cases.filter(
            Q(post__moderation=ModerationState.PENDING)
            | Q(comment__moderation=ModerationState.PENDING)
        )
    elif kind == QueueKind.PROFILES:
        cases = cases.filter(member__isnull=False)
    elif kind == QueueKind.MESSAGES:
        cases = cases.filter(message__isnull=False)
    page = max(1, page)
    start_at = (page - 1) * PER_PAGE
    rows = list(cases.order_by("-opened_at", "-id")[start_at : start_at + PER_PAGE + 1])
    return QueuePage(cases=rows[:PER_PAGE], number=page, has_next=len(rows) > PER_PAGE)


def queue_spaces(viewer: Any) -> list[Space]:
    """The spaces to filter the queue by: for site moderators those with open cases; for a
    group moderator every group they moderate (its page links to the queue filtered to it,
    cases or not, and their cases are all in those groups)."""
    space_ids = moderated_space_ids(viewer)
    if space_ids is None:
        open_cases = FlagCase.objects.filter(status=CaseStatus.OPEN, space__isnull=False)
        spaces = Space.objects.filter(pk__in=open_cases.values("space_id"))
    else:
        spaces = Space.objects.filter(pk__in=space_ids)
    return list(spaces.order_by("name", "pk"))


def open_case_count(viewer: Any) -> int:
    return cases_for(viewer).filter(status=CaseStatus.OPEN).count()


def get_case_for(viewer: Any, case_id: int) -> FlagCase:
    """The case with its item and flags, if `viewer` handles it; NotFound otherwise."""
    case = _case_rows().filter(pk=case_id).first()
    if case is None or not can_moderate_case(viewer, case):
        raise NotFound
    return case


def get_cases_for(viewer: Any, case_ids: list[int]) -> list[FlagCase]:
    """The open cases among `case_ids` that `viewer` handles (bulk actions)."""
    rows = _case_rows().filter(pk__in=case_ids, status=CaseStatus.OPEN).order_by("pk")
    return [case for case in rows if can_moderate_case(viewer, case)]


def case_of(**target: Any) -> FlagCase | None:
    """The case of an item (post=…, comment=…, member=…, message=…), if it has one."""
    return FlagCase.objects.filter(**target).first()


# A member's record ----------------------------------------------------------------------------


def flags_against(member: Any) -> QuerySet[Flag]:
    """Every report about `member`'s posts, comments, profile and messages, newest first."""
    return (
        Flag.objects.filter(
            Q(case__post__author_id=member.pk)
            | Q(case__comment__author_id=member.pk)
            | Q(case__member_id=member.pk)
            | Q(case__message__sender_id=member.pk)
        )
        .select_related("flagger", "case")
        .order_by("-created_at", "-id")
    )


def flags_by(member: Any) -> QuerySet[Flag]:
    """Every report `member` made, newest first."""
    return (
        Flag.objects.filter(flagger_id=member.pk)
        .select_related("case")
        .order_by("-created_at", "-id")
    )


# Where a reported wall post may move -----------------------------------------------------------


def move_destinations(viewer: Any, post: Post) -> list[Space]:
    """The community and the groups `viewer` may move `post` to (site moderators: all; group
    moderators: the other groups they moderate), the community first (one query)."""
    spaces = Space.objects.filter(kind__in=[SpaceKind.COMMUNITY, SpaceKind.GROUP]).exclude(
        pk=post.space_id
    )
    space_ids = moderated_space_ids(viewer)
    if space_ids is not None:
        spaces = spaces.filter(pk__in=space_ids)
    return list(spaces.order_by("kind", "name", "pk"))
