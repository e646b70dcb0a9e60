"""Reads of the mediation app: case lists and a case for staff, the members a case can name
or be led by, and a member's history for moderators (flags, sanctions, cases, audit)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.audit.models import AuditEntry
from kring.audit.queries import entries_about
from kring.content.models import Comment, Post
from kring.content.services import slow_mode_wait
from kring.core.permissions import NotFound
from kring.mediation.models import CaseStatus, MediationCase, MediationNote
from kring.mediation.permissions import can_see_member_history, can_view_mediation
from kring.moderation.queries import flags_against, flags_by
from kring.spaces.queries import is_participant

STATUS_FILTERS = ("open", "closed", "all")
PER_PAGE = 50
SUGGESTED_PARTIES = 10


def cases_for(viewer: Any, *, status: str = "open", mine: bool = False) -> QuerySet[MediationCase]:
    """The cases staff `viewer` sees, newest first (none for anyone else)."""
    if not can_view_mediation(viewer):
        return MediationCase.objects.none()
    cases = MediationCase.objects.select_related("owner").prefetch_related("parties")
    if status in (CaseStatus.OPEN, CaseStatus.CLOSED):
        cases = cases.filter(status=status)
    if mine:
        cases = cases.filter(owner_id=viewer.pk)
    return cases.order_by("-opened_at", "-id")


def get_case_for(viewer: Any, case_id: int) -> MediationCase:
    """The case, for staff; NotFound for missing and forbidden alike."""
    if not can_view_mediation(viewer):
        raise NotFound
    case = (
        MediationCase.objects.select_related(
            "owner", "opened_by", "post", "comment", "conversation"
        )
        .prefetch_related("parties")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound
    return case


def case_notes(case: MediationCase) -> list[MediationNote]:
    """The internal notes of `case`, oldest first (the caller checked it may read them)."""
    return list(case.notes.select_related("author").order_by("created_at", "id"))


def staff_members() -> QuerySet[Member]:
    """Who can lead a case: active moderators, community managers and admins."""
    return Member.objects.filter(
        is_active=True, role__in=(Role.MODERATOR, Role.MANAGER, Role.ADMIN)
    ).order_by("display_name", "id")


def party_suggestions(post: Post | None, comment: Comment | None) -> list[Member]:
    """Members a case opened from an item likely concerns: its author and the thread's."""
    found: dict[int, Member] = {}
    if comment is not None:
        found[comment.author_id] = comment.author
    if post is not None:
        found.setdefault(post.author_id, post.author)
        recent = (
            Comment.objects.filter(post_id=post.pk, deleted_at__isnull=True)
            .exclude(author_id__in=list(found))
            .select_related("author")
            .order_by("-created_at")[: SUGGESTED_PARTIES * 3]
        )
        for reply in recent:
            if len(found) >= SUGGESTED_PARTIES:
                break
            found.setdefault(reply.author_id, reply.author)
    return list(found.values())


def members_by_ids(ids: list[int]) -> list[Member]:
    return list(Member.objects.filter(pk__in=ids, is_active=True))


def cases_from_post(post: Post) -> list[MediationCase]:
    return list(MediationCase.objects.filter(post_id=post.pk).order_by("-opened_at"))


# A member's history ("detractors") --------------------------------------------------------


def _optional(module: str, name: str) -> Any:
    """A query another app offers, or None while that app does not offer it yet."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


@dataclass
class MemberHistory:
    member: Member
    flags_against: list[Any] | None = None
    flags_made: list[Any] | None = None
    sanctions: list[Any] | None = None
    cases: list[MediationCase] = field(default_factory=list)
    entries: list[AuditEntry] = field(default_factory=list)


HISTORY_LIMIT = 50


def _listed(function: Any, member: Member) -> list[Any] | None:
    if function is None:
        return None
    return list(function(member))[:HISTORY_LIMIT]


def member_history(viewer: Any, member_id: int) -> MemberHistory:
    """Everything moderators know of how a member behaved, for staff; NotFound otherwise."""
    if not can_see_member_history(viewer):
        raise NotFound
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise NotFound
    return MemberHistory(
        member=member,
        flags_against=list(flags_against(member)[:HISTORY_LIMIT]),
        flags_made=list(flags_by(member)[:HISTORY_LIMIT]),
        sanctions=_listed(_optional("kring.sanctions.queries", "sanctions_of"), member),
        cases=list(
            MediationCase.objects.filter(parties=member)
            .select_related("owner")
            .order_by("-opened_at")[:HISTORY_LIMIT]
        ),
        entries=entries_about(member, limit=HISTORY_LIMIT),
    )


def slow_mode_wait_for(viewer: Any, post: Post) -> int:
    """Seconds before `viewer` may comment on `post` again (0 for visitors, and when free)."""
    if not is_participant(viewer):
        return 0
    return slow_mode_wait(viewer, post)
