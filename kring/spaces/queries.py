"""Who may see which space: the one place that decides it. Content, feeds, search, RSS,
attachments and notifications all build on `readable_spaces(viewer)`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Lower

from kring.accounts import roles
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.core.pagination import decode_name_cursor, page_by_name
from kring.core.permissions import NotFound
from kring.members.permissions import is_approved_member
from kring.members.queries import visible_members
from kring.spaces.models import (
    Audience,
    GroupRole,
    Membership,
    MembershipStatus,
    Space,
    SpaceKind,
    SpaceTag,
    Visibility,
)
from kring.spaces.walls import readable_walls_filter


def is_participant(viewer: Any) -> bool:
    """An approved, active member who is not suspended: reads beyond what visitors read."""
    return is_approved_member(viewer) and not getattr(viewer, "is_suspended", False)


def active_group_ids(viewer: Any) -> QuerySet[Membership, int]:
    """Ids of the groups `viewer` is an active member of."""
    if not is_participant(viewer):
        return Membership.objects.none().values_list("space_id", flat=True)
    return Membership.objects.filter(
        member_id=viewer.pk, status=MembershipStatus.ACTIVE
    ).values_list("space_id", flat=True)


def readable_spaces_filter(viewer: Any) -> Q:
    """A filter on Space: the spaces whose content `viewer` may read.

    A profile wall is readable when its owner is visible to `viewer`, tested on the wall's own
    row (`kring.spaces.walls`): asked through the owner's member and profile rows, PostgreSQL
    joined every member and profile to list the readable walls (20,000 members: about 20 ms
    for each post list)."""
    if roles.may_moderate(viewer) and not getattr(viewer, "is_suspended", False):
        return Q()  # staff read every space, to moderate it
    readable = (
        Q(kind=SpaceKind.COMMUNITY)
        | Q(kind=SpaceKind.GROUP, visibility=Visibility.PUBLIC, audience=Audience.EVERYONE)
        | readable_walls_filter(viewer)
    )
    if not is_participant(viewer):
        return readable
    groups = Q(kind=SpaceKind.GROUP, pk__in=active_group_ids(viewer))
    if roles.is_employee(viewer):
        readable |= Q(
            kind=SpaceKind.GROUP, visibility=Visibility.PUBLIC, audience=Audience.EMPLOYEES
        )
    else:
        groups &= Q(audience=Audience.EVERYONE)
    return readable | groups


def readable_spaces(viewer: Any) -> QuerySet[Space]:
    """Spaces whose content `viewer` may read."""
    return Space.objects.filter(readable_spaces_filter(viewer))


def visible_groups(viewer: Any) -> QuerySet[Space]:
    """Groups `viewer` may know exist: readable ones, plus private groups of their audience."""
    groups = Space.objects.filter(kind=SpaceKind.GROUP)
    if roles.may_moderate(viewer) and not getattr(viewer, "is_suspended", False):
        return groups
    audience = Q(audience=Audience.EVERYONE)
    if is_participant(viewer) and roles.is_employee(viewer):
        audience = Q()
    known = Q(visibility__in=[Visibility.PUBLIC, Visibility.PRIVATE]) & audience
    if is_participant(viewer):
        known |= Q(pk__in=active_group_ids(viewer)) & audience
        # An invitation to a secret group reveals it to the invitee.
        invited = Membership.objects.filter(
            member_id=viewer.pk, status=MembershipStatus.INVITED
        ).values("space_id")
        known |= Q(pk__in=invited) & audience
    return groups.filter(known)


def can_read_space(viewer: Any, space: Space) -> bool:
    return readable_spaces(viewer).filter(pk=space.pk).exists()


def community_space() -> Space:
    """The community's own space (created by the spaces migration or on first use)."""
    space, _created = Space.objects.get_or_create(
        kind=SpaceKind.COMMUNITY, defaults={"name": "Community", "slug": "community"}
    )
    return space


def profile_space_for(member: Member) -> Space:
    """`member`'s profile wall, made on first use like the community space.

    Whether someone may write on a wall depends on the space (may they read it?), so pages
    ensure it exists before they ask; the spaces app is the one that makes spaces."""
    space, _created = Space.objects.get_or_create(
        owner_member=member,
        defaults={
            "kind": SpaceKind.PROFILE,
            "name": member.display_name[:80],
            "slug": f"profiel-{member.pk}",
        },
    )
    space.owner_member = member  # spares a query wherever the owner is asked for
    return space


# Groups: one group, the directory, members, and a member's own groups ------------------------

GROUPS_PER_PAGE = 24
MEMBERS_PER_PAGE = 50
MAX_SEARCH_TERMS = 8
INVITE_CANDIDATES = 10
POPULAR_TAGS = 20
EMPLOYEE_ROLES = [role for role in Role if roles.RANK[role] >= roles.RANK[Role.EMPLOYEE]]


def membership_of(viewer: Any, space: Space) -> Membership | None:
    """`viewer`'s membership of `space` in any status (active, requested, invited), or None."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    return (
        Membership.objects.select_related("invited_by")
        .filter(space_id=space.pk, member_id=viewer.pk)
        .first()
    )


def get_group_for(viewer: Any, slug: str) -> Space:
    """The group at `slug`; NotFound when it is missing or `viewer` may not know it exists."""
    space = visible_groups(viewer).filter(slug=slug).prefetch_related("tags").first()
    if space is None:
        raise NotFound
    return space


@dataclass(frozen=True)
class GroupDirectoryPage:
    groups: Sequence[Space]  # each with `viewer_status` and `viewer_role` (None: no relation)
    next_cursor: str = ""
    previous_cursor: str = ""


decode_group_cursor = decode_name_cursor


def search_groups(groups: QuerySet[Space], query: str) -> QuerySet[Space]:
    """Groups with every word of `query` in their name or description."""
    for term in query.split()[:MAX_SEARCH_TERMS]:
        groups = groups.filter(Q(name__icontains=term) | Q(description__icontains=term))
    return groups


def with_viewer_standing(groups: QuerySet[Space], viewer: Any) -> QuerySet[Space]:
    """Annotate each group with `viewer`'s membership status and role (None without one)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return groups.annotate(
            viewer_status=Value(None, output_field=CharField()),
            viewer_role=Value(None, output_field=CharField()),
        )
    own = Membership.objects.filter(space_id=OuterRef("pk"), member_id=viewer.pk)
    return groups.annotate(
        viewer_status=Subquery(own.values("status")[:1]),
        viewer_role=Subquery(own.values("role")[:1]),
    )


def group_directory(
    viewer: Any,
    *,
    query: str = "",
    tag: str = "",
    mine: bool = False,
    after: str = "",
    before: str = "",
    per_page: int = GROUPS_PER_PAGE,
) -> GroupDirectoryPage:
    """One page of the groups `viewer` may know exist, by name (keyset pagination).

    Two queries whatever the number of groups: the page (with the viewer's standing in each
    group as subqueries) and the page's tags.
    """
    groups = search_groups(visible_groups(viewer), query)
    if tag:
        groups = groups.filter(tags__slug=tag)
    if mine:
        groups = groups.filter(pk__in=active_group_ids(viewer))
    groups = with_viewer_standing(
        groups.prefetch_related("tags").annotate(sort_name=Lower("name")), viewer
    )
    page = page_by_name(groups, after=after, before=before, per_page=per_page)
    return GroupDirectoryPage(
        groups=page.items, next_cursor=page.next_cursor, previous_cursor=page.previous_cursor
    )


def popular_tags(viewer: Any, *, limit: int = POPULAR_TAGS) -> list[SpaceTag]:
    """The tags most used by groups `viewer` may know exist, most used first (one query)."""
    return list(
        SpaceTag.objects.filter(spaces__in=visible_groups(viewer).values("pk"))
        .annotate(group_count=Count("spaces"))
        .order_by("-group_count", "name")[:limit]
    )


def group_tag(slug: str) -> SpaceTag | None:
    return SpaceTag.objects.filter(slug=slug).first() if slug else None


def active_members(space: Space) -> QuerySet[Membership]:
    """Active memberships of `space` with member and profile: owner, moderators, then by name."""
    role_order = Case(
        When(role=GroupRole.OWNER, then=Value(0)),
        When(role=GroupRole.MODERATOR, then=Value(1)),
        default=Value(2),
    )
    return (
        Membership.objects.filter(space_id=space.pk, status=MembershipStatus.ACTIVE)
        .select_related("member__profile")
        .annotate(role_order=role_order, sort_name=Lower("member__display_name"))
        .order_by("role_order", "sort_name", "pk")
    )


def pending_memberships(space: Space, status: MembershipStatus) -> QuerySet[Membership]:
    """Requests to join (or open invitations) of `space`, oldest first, with their members."""
    return (
        Membership.objects.filter(space_id=space.pk, status=status)
        .select_related("member__profile", "invited_by")
        .order_by("created_at", "pk")
    )


def group_membership(space: Space, membership_id: int) -> Membership:
    """Membership `membership_id` of `space` with its member; NotFound if it is not there."""
    membership = (
        Membership.objects.select_related("member", "space")
        .filter(pk=membership_id, space_id=space.pk)
        .first()
    )
    if membership is None:
        raise NotFound
    return membership


def invite_candidates(
    viewer: Any, space: Space, query: str, *, limit: int = INVITE_CANDIDATES
) -> list[Member]:
    """Members whose name matches `query` who could be invited to `space`: visible to `viewer`,
    of the group's audience, and not yet in it (nor asked, nor invited). Names only, never
    addresses: an e-mail address typed here finds nobody."""
    terms = query.split()[:MAX_SEARCH_TERMS]
    if not terms:
        return []
    members = visible_members(viewer).exclude(
        pk__in=Membership.objects.filter(space_id=space.pk).values("member_id")
    )
    if space.audience == Audience.EMPLOYEES:
        members = members.filter(role__in=EMPLOYEE_ROLES)
    for term in terms:
        members = members.filter(display_name__icontains=term)
    return list(members.select_related("profile").order_by(Lower("display_name"), "pk")[:limit])


def memberships_of(viewer: Any) -> list[Membership]:
    """All of `viewer`'s memberships (active, requested, invited) with their groups, by name.

    An invitation reveals even a secret group to its invitee; a membership of a group outside
    the viewer's audience (an employees-only group for a customer) is left out.
    """
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(
            member_id=viewer.pk,
            space__kind=SpaceKind.GROUP,
            space__in=visible_groups(viewer).values("pk"),
        )
        .select_related("space", "invited_by")
        .order_by(Lower("space__name"), "pk")
    )
