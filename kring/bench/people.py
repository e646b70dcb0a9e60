"""Who writes the forum, pages and articles of a seeded community: read back from the rows the
community seeding wrote (members, roles, groups, memberships), so these phases stand on their
own and can be added to any seeded database."""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

from django.db.models import Count, Q

from kring.accounts.models import Member
from kring.spaces.models import Membership, Space, SpaceKind

STAFF_ROLES = ("employee", "moderator", "manager", "admin")


@dataclass
class Cast:
    """Approved, active members with skewed weights (a few write most), the employees among
    them, and the active members of the public groups."""

    members: list[int]
    cum_weights: list[float]
    employees: list[int]
    managers: list[int]
    public_groups: list[int] = field(default_factory=list)
    group_members: dict[int, list[int]] = field(default_factory=dict)

    def pick(self, rng: random.Random) -> int:
        return self.members[bisect(self.cum_weights, rng.random() * self.cum_weights[-1])]

    def staff(self, rng: random.Random) -> int:
        return rng.choice(self.employees or self.members)


def read_cast(rng: random.Random) -> Cast:
    rows = list(
        Member.objects.filter(approval_status="approved", is_active=True)
        .order_by("pk")
        .values_list("pk", "role")
    )
    if not rows:
        raise ValueError("No approved members: seed the community first.")
    members = [pk for pk, _role in rows]
    weights = [min(50.0, rng.paretovariate(1.2)) for _ in members]
    employees = [pk for pk, role in rows if role in STAFF_ROLES]
    managers = [pk for pk, role in rows if role in ("manager", "admin")] or employees
    public_groups = list(
        Space.objects.filter(kind=SpaceKind.GROUP, visibility="public", audience="everyone")
        .order_by("-member_count", "pk")[:5]
        .values_list("pk", flat=True)
    )
    group_members: dict[int, list[int]] = {pk: [] for pk in public_groups}
    active = set(members)
    for space_id, member_id in Membership.objects.filter(
        space_id__in=public_groups, status="active"
    ).values_list("space_id", "member_id"):
        if member_id in active:
            group_members[space_id].append(member_id)
    return Cast(
        members=members,
        cum_weights=list(accumulate(weights)),
        employees=employees,
        managers=managers,
        public_groups=[pk for pk in public_groups if group_members[pk]],
        group_members=group_members,
    )


def bench_member() -> Member | None:
    """The member the benchmark logs in as: an ordinary approved member in the most groups
    (the seeder gives them the hot conversation and unread messages)."""
    return (
        Member.objects.filter(role="member", approval_status="approved", is_active=True)
        .annotate(n_groups=Count("memberships", filter=Q(memberships__status="active")))
        .order_by("-n_groups", "pk")
        .first()
    )


def bench_moderator() -> Member | None:
    """The site moderator the benchmark reads the moderation queue and audit log as."""
    staff = Member.objects.filter(approval_status="approved", is_active=True)
    return (
        staff.filter(role="moderator").order_by("pk").first()
        or staff.filter(role__in=["manager", "admin"]).order_by("pk").first()
    )
