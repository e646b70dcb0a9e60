"""Every read of members leaving this app: the directory and a single profile, as the viewer
may see them (a profile the viewer may not see does not exist for them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from kring.accounts import roles
from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.core.lookups import lookup
from kring.core.pagination import decode_name_cursor, encode_name_cursor, page_by_name
from kring.core.permissions import NotFound
from kring.members.models import Profile, ProfileVisibility
from kring.members.permissions import can_view_profile, is_approved_member, reads_as_member
from kring.social.queries import blocked_member_ids, blocker_ids, friend_ids

PER_PAGE = 24
MAX_SEARCH_TERMS = 8
EMPLOYEE_ROLES = [role for role in Role if roles.RANK[role] >= roles.RANK[Role.EMPLOYEE]]


def visible_members(viewer: Any) -> QuerySet[Member]:
    """Active, approved members whose profile `viewer` may see (the rules of can_view_profile)."""
    return Member.objects.filter(visible_member_filter(viewer))


def visible_member_filter(viewer: Any, path: str = "") -> Q:
    """The rule of `visible_members` as a filter on the member at `path` (a relation path such
    as "friend" from a friendship; "" for Member itself), tested on each row rather than as
    `member__in=visible_members(viewer)`, which made the database list every visible member
    first. Profile walls carry the owner's side of this rule on their own row
    (`kring.spaces.walls`), which must change with it.
    """
    at = partial(lookup, path)
    members = Q(**{at("is_active"): True, at("approval_status"): ApprovalStatus.APPROVED})
    everyone = Q(**{at("profile__visibility"): ProfileVisibility.EVERYONE})
    if not is_approved_member(viewer):
        return members & everyone
    if not reads_as_member(viewer):  # suspended: as a visitor, and their own profile
        return members & (everyone | Q(**{at("pk"): viewer.pk}))
    if roles.may_manage(viewer):
        return members
    shown = [ProfileVisibility.EVERYONE, ProfileVisibility.MEMBERS]
    friends = Q(**{at("profile__visibility"): ProfileVisibility.FRIENDS})
    return members & (
        Q(**{at("profile__visibility__in"): shown})
        | Q(**{at("pk"): viewer.pk})
        | (friends & Q(**{at("pk__in"): friend_ids(viewer)}))
    )


def findable_members(viewer: Any) -> QuerySet[Member]:
    """Members `viewer` may see and find: visible profiles, without anyone `viewer` blocks or
    who blocks `viewer` (people search and member lists; a direct link still shows a visible
    profile, so the blocker can reach the unblock button)."""
    return Member.objects.filter(findable_member_filter(viewer))


def findable_member_filter(viewer: Any, path: str = "") -> Q:
    """The rule of `findable_members` as a filter on the member at `path` ("friend" from a
    friendship, "follower" from a follow), so counting someone's friends tests each friend's
    own row instead of listing every findable member first (18,000 at medium scale: three
    counts on a profile page took 34 ms on PostgreSQL)."""
    pk = lookup(path, "pk__in")
    return (
        visible_member_filter(viewer, path)
        & ~Q(**{pk: blocked_member_ids(viewer)})
        & ~Q(**{pk: blocker_ids(viewer)})
    )


def get_profile_for(viewer: Any, member_id: int) -> Profile:
    """`member_id`'s profile with its member and interests; NotFound if missing or not visible."""
    profile = (
        Profile.objects.select_related("member")
        .prefetch_related("interests")
        .filter(member_id=member_id)
        .first()
    )
    if profile is None or not can_view_profile(viewer, profile.member):
        raise NotFound
    return profile


@dataclass(frozen=True)
class DirectoryPage:
    members: Sequence[Member]
    next_cursor: str = ""
    previous_cursor: str = ""


encode_cursor = encode_name_cursor
decode_cursor = decode_name_cursor


def search_members(members: QuerySet[Member], query: str) -> QuerySet[Member]:
    """Members matching every word of `query` in their name, organisation or an interest."""
    for term in query.split()[:MAX_SEARCH_TERMS]:
        has_interest = Profile.interests.through.objects.filter(
            profile_id=OuterRef("pk"), interest__name__icontains=term
        )
        members = members.filter(
            Q(display_name__icontains=term)
            | Q(profile__organisation__icontains=term)
            | Exists(has_interest)
        )
    return members


def member_directory(
    viewer: Any,
    *,
    query: str = "",
    employees_only: bool = False,
    after: str = "",
    before: str = "",
    per_page: int = PER_PAGE,
) -> DirectoryPage:
    """One page of the member directory, by name, as `viewer` may see it (keyset pagination).

    Two queries whatever the number of members: the page with profiles, and their interests.
    """
    members = search_members(findable_members(viewer), query)
    if employees_only:
        members = members.filter(role__in=EMPLOYEE_ROLES)
    return page_of_members(members, after=after, before=before, per_page=per_page)


def page_of_members(
    members: QuerySet[Member],
    *,
    after: str = "",
    before: str = "",
    per_page: int = PER_PAGE,
    with_interests: bool = True,
) -> DirectoryPage:
    """One page of `members` by name, with profiles (and interests: a second query)."""
    members = members.select_related("profile").annotate(sort_name=Lower("display_name"))
    if with_interests:
        members = members.prefetch_related("profile__interests")
    page = page_by_name(members, after=after, before=before, per_page=per_page)
    return DirectoryPage(
        members=page.items, next_cursor=page.next_cursor, previous_cursor=page.previous_cursor
    )
