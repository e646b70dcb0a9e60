"""Who may read a profile wall, kept on the wall's own row.

A wall is readable exactly when its owner's profile is visible (`visible_member_filter`): the
owner is active and approved, and their profile's visibility admits the viewer. Every post list
asks which spaces the viewer may read; asked through the owner's member and profile rows, the
database joined 20,000 members and their profiles for each list (PostgreSQL, medium scale:
about 20 ms before the list could even start). So the owner's side of the rule is copied onto
`Space.wall_visibility`: the profile's visibility while the owner is active and approved,
blank otherwise (a closed wall, read by site staff only).

`sync_walls` recomputes it from the owner's rows in one UPDATE. It runs when a member or a
profile is saved (the receivers below, connected in apps.py, so the admin, the services and the
demo all keep it in step) and after a restore; a new wall is filled in before it is saved; the
bench seeder writes the same value in its bulk inserts, and the migration that added the
column filled it in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from kring.accounts import roles
from kring.accounts.models import ApprovalStatus, Member
from kring.members.models import Profile, ProfileVisibility
from kring.members.permissions import is_approved_member, reads_as_member
from kring.social.queries import friend_ids
from kring.spaces.models import Space, SpaceKind

# The saved fields that can change a wall's readability (None: a save of every field).
MEMBER_FIELDS = frozenset({"is_active", "approval_status"})
PROFILE_FIELDS = frozenset({"visibility"})
CLOSED = ""
OPEN = [choice.value for choice in ProfileVisibility]


def _open_profiles() -> QuerySet[Profile]:
    return Profile.objects.filter(
        member__is_active=True, member__approval_status=ApprovalStatus.APPROVED
    )


def sync_walls(member_ids: Iterable[int] | None = None) -> int:
    """Copy each owner's profile visibility onto their wall (blank when the owner is inactive,
    not approved or has no profile). `member_ids=None` syncs every wall. One query."""
    owners = _open_profiles().filter(member_id=OuterRef("owner_member_id"))
    owner_visibility = owners.values("visibility")[:1]
    walls = Space.objects.filter(kind=SpaceKind.PROFILE)
    if member_ids is not None:
        walls = walls.filter(owner_member_id__in=list(member_ids))
    return walls.update(wall_visibility=Coalesce(Subquery(owner_visibility), Value(CLOSED)))


def readable_walls_filter(viewer: Any) -> Q:
    """A filter on Space, for profile walls: the walls `viewer` may read. The same rule as
    `visible_member_filter(viewer, "owner_member")`, on the wall's own row."""
    walls = Q(kind=SpaceKind.PROFILE)
    everyone = Q(wall_visibility=ProfileVisibility.EVERYONE)
    if not is_approved_member(viewer):
        return walls & everyone
    own = Q(owner_member_id=viewer.pk, wall_visibility__in=OPEN)
    if not reads_as_member(viewer):  # suspended: as a visitor, and their own wall
        return walls & (everyone | own)
    if roles.may_manage(viewer):
        return walls & Q(wall_visibility__in=OPEN)
    friends = Q(wall_visibility=ProfileVisibility.FRIENDS, owner_member_id__in=friend_ids(viewer))
    shown = [ProfileVisibility.EVERYONE, ProfileVisibility.MEMBERS]
    return walls & (Q(wall_visibility__in=shown) | own | friends)


def wall_visibility_of(owner_id: int) -> str:
    """What `sync_walls` would write on `owner_id`'s wall."""
    visibility = _open_profiles().filter(member_id=owner_id).values_list("visibility", flat=True)
    return visibility.first() or CLOSED


def _touches(update_fields: Iterable[str] | None, fields: frozenset[str]) -> bool:
    return update_fields is None or not fields.isdisjoint(update_fields)


def member_saved(sender: Any, instance: Member, update_fields: Any = None, **kwargs: Any) -> None:
    """post_save of Member: a login (last_login only) leaves the wall alone."""
    if not kwargs.get("raw") and _touches(update_fields, MEMBER_FIELDS):
        sync_walls([instance.pk])


def profile_saved(sender: Any, instance: Profile, update_fields: Any = None, **kwargs: Any) -> None:
    """post_save of Profile."""
    if not kwargs.get("raw") and _touches(update_fields, PROFILE_FIELDS):
        sync_walls([instance.member_id])


def wall_made(sender: Any, instance: Space, **kwargs: Any) -> None:
    """pre_save of Space: a new wall starts in step with its owner."""
    if kwargs.get("raw") or not instance._state.adding or instance.kind != SpaceKind.PROFILE:
        return
    if instance.owner_member_id is not None:
        instance.wall_visibility = wall_visibility_of(instance.owner_member_id)


def restored(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After a restore: a backup written before the column existed carries blank walls."""
    if using == "default":
        sync_walls()


def connect() -> None:
    from django.db.models.signals import post_save, pre_save

    from kring.core.backup.restore import backup_restored

    post_save.connect(member_saved, sender=Member, dispatch_uid="spaces.wall_member")
    post_save.connect(profile_saved, sender=Profile, dispatch_uid="spaces.wall_profile")
    pre_save.connect(wall_made, sender=Space, dispatch_uid="spaces.wall_made")
    backup_restored.connect(restored, dispatch_uid="spaces.walls_restored")
