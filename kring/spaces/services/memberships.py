"""Every step of group membership: joining, requests, invitations, leaving, removal, roles
and ownership.

`Space.member_count` always equals the number of ACTIVE memberships. Each change of status is a
conditional UPDATE or DELETE (`... WHERE status = 'requested'`) whose row count says whether this
call made the change, and only then is the counter moved, with an F() expression. Two clicks,
two tabs or fifty members at once therefore never count anyone twice, on SQLite or PostgreSQL,
without holding a lock on the group row for every join.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import Member
from kring.audit.services import record_action
from kring.core.events import publish_on_commit
from kring.core.permissions import Denied, require
from kring.members.queries import visible_members
from kring.social.queries import has_blocked
from kring.spaces import queries
from kring.spaces.events import (
    GroupInvitationSent,
    GroupJoined,
    GroupLeft,
    GroupOwnershipTransferred,
    GroupRoleChanged,
    JoinRequestDeclined,
    JoinRequested,
    RemovedFromGroup,
)
from kring.spaces.models import GroupRole, Membership, MembershipStatus, Space
from kring.spaces.permissions import (
    audience_fits,
    can_join_group,
    can_manage_group,
    can_remove_from_group,
    can_request_to_join,
    can_set_group_role,
    can_transfer_ownership,
)

# Messages shared by several refusals


def _not_a_participant() -> str:
    return _("Only approved members whose account is not suspended can do this.")


def _employees_only() -> str:
    return _("This group is for employees only.")


def _not_a_manager() -> str:
    return _("Only the group's owner and moderators can do this.")


# Counting


def _count(space: Space, delta: int) -> None:
    """Move `space`'s member counter by `delta` in the database and on the object."""
    Space.objects.filter(pk=space.pk).update(member_count=F("member_count") + delta)
    space.refresh_from_db(fields=["member_count"])


# Joining: public groups, requests to private groups, invitations


def join_group(actor: Member, *, space: Space) -> Membership:
    """Join public group `space` (an open invitation is taken up on the way)."""
    existing = queries.membership_of(actor, space)
    if existing is not None and existing.status == MembershipStatus.ACTIVE:
        return existing  # a second click, another tab
    require(queries.is_participant(actor), _not_a_participant())
    require(space.is_group and audience_fits(actor, space), _employees_only())
    # The membership read above is passed on: judged again, a join committed meanwhile by a
    # second click would turn into a refusal instead of the success it is.
    require(
        can_join_group(actor, space, existing),
        _("This group takes new members by request or invitation only."),
    )
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    space=space, member=actor, status=MembershipStatus.ACTIVE, joined_at=now
                )
        except IntegrityError:
            # Already there: joined a moment ago, invited, or asked while the group was private.
            membership = Membership.objects.get(space=space, member=actor)
            taken_up = (
                Membership.objects.filter(pk=membership.pk)
                .exclude(status=MembershipStatus.ACTIVE)
                .update(status=MembershipStatus.ACTIVE, joined_at=now)
            )
            if taken_up:
                _count(space, +1)
                publish_on_commit(GroupJoined(space_id=space.pk, member_id=actor.pk, via="join"))
            membership.refresh_from_db()
            return membership
        _count(space, +1)
        publish_on_commit(GroupJoined(space_id=space.pk, member_id=actor.pk, via="join"))
    return membership


def request_to_join(actor: Member, *, space: Space) -> Membership:
    """Ask the managers of private group `space` to let `actor` in."""
    existing = queries.membership_of(actor, space)
    if existing is not None and existing.status == MembershipStatus.REQUESTED:
        return existing
    require(queries.is_participant(actor), _not_a_participant())
    require(space.is_group and audience_fits(actor, space), _employees_only())
    if existing is not None and existing.status == MembershipStatus.ACTIVE:
        raise Denied(_("You are already a member of this group."))
    if existing is not None:
        raise Denied(_("You have been invited to this group: accept the invitation instead."))
    require(
        can_request_to_join(actor, space, existing),
        _("Only private groups take requests to join; a public group you can simply join."),
    )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                space=space, member=actor, status=MembershipStatus.REQUESTED
            )
            publish_on_commit(JoinRequested(space_id=space.pk, member_id=actor.pk))
    except IntegrityError:
        return Membership.objects.get(space=space, member=actor)
    return membership


def cancel_join_request(actor: Member, *, space: Space) -> bool:
    """Withdraw `actor`'s request to join `space`; False when there was none."""
    if not getattr(actor, "is_authenticated", False):
        return False
    deleted, _rows = Membership.objects.filter(
        space=space, member_id=actor.pk, status=MembershipStatus.REQUESTED
    ).delete()
    return deleted > 0


def _open_request(membership: Membership) -> None:
    if membership.status != MembershipStatus.REQUESTED:
        raise ValidationError(_("This request to join is no longer open."))


def approve_join_request(actor: Member, *, membership: Membership) -> Membership:
    """Let the member who asked into the group."""
    space = membership.space
    require(can_manage_group(actor, space), _not_a_manager())
    if membership.status == MembershipStatus.ACTIVE:
        return membership
    _open_request(membership)
    if not audience_fits(membership.member, space):
        raise ValidationError(
            _("%(name)s cannot join: this group is for employees only.")
            % {"name": membership.member.display_name}
        )
    with transaction.atomic():
        approved = Membership.objects.filter(
            pk=membership.pk, status=MembershipStatus.REQUESTED
        ).update(status=MembershipStatus.ACTIVE, joined_at=timezone.now())
        if approved:
            _count(space, +1)
            publish_on_commit(
                GroupJoined(space_id=space.pk, member_id=membership.member_id, via="approval")
            )
    current = Membership.objects.filter(pk=membership.pk).first()
    if current is None or current.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("This request to join is no longer open."))
    return current


def decline_join_request(actor: Member, *, membership: Membership) -> bool:
    """Turn down a request to join; False when it was no longer open."""
    require(can_manage_group(actor, membership.space), _not_a_manager())
    with transaction.atomic():
        deleted, _rows = Membership.objects.filter(
            pk=membership.pk, status=MembershipStatus.REQUESTED
        ).delete()
        if deleted:
            publish_on_commit(
                JoinRequestDeclined(
                    space_id=membership.space_id, member_id=membership.member_id, by=actor.pk
                )
            )
    return deleted > 0


def _refuse_existing(membership: Membership, member: Member) -> Membership:
    """An invitation to someone already in the group: the same invitation again, or an error."""
    if membership.status == MembershipStatus.INVITED:
        return membership
    if membership.status == MembershipStatus.ACTIVE:
        raise ValidationError(
            _("%(name)s is already a member of this group.") % {"name": member.display_name}
        )
    raise ValidationError(
        _("%(name)s has already asked to join: approve the request instead.")
        % {"name": member.display_name}
    )


def invite_to_group(actor: Member, *, space: Space, member: Member) -> Membership:
    """Invite `member` into `space` (for a secret group the only way in)."""
    require(can_manage_group(actor, space), _not_a_manager())
    if member.pk == actor.pk:
        raise ValidationError(_("You cannot invite yourself."))
    if not visible_members(actor).filter(pk=member.pk).exists():
        raise ValidationError(_("This member cannot be invited."))
    if not audience_fits(member, space):
        raise ValidationError(
            _("%(name)s is not an employee: this group is for employees only.")
            % {"name": member.display_name}
        )
    if has_blocked(member, actor) or has_blocked(actor, member):
        raise ValidationError(_("You cannot invite %(name)s.") % {"name": member.display_name})
    existing = queries.membership_of(member, space)
    if existing is not None:
        return _refuse_existing(existing, member)
    try:
        with transaction.atomic():
            invitation = Membership.objects.create(
                space=space, member=member, status=MembershipStatus.INVITED, invited_by=actor
            )
            publish_on_commit(
                GroupInvitationSent(space_id=space.pk, member_id=member.pk, by=actor.pk)
            )
    except IntegrityError:
        return _refuse_existing(Membership.objects.get(space=space, member=member), member)
    return invitation


def accept_group_invitation(actor: Member, *, space: Space) -> Membership:
    """Take up the invitation to `space`: `actor` becomes a member."""
    existing = queries.membership_of(actor, space)
    if existing is not None and existing.status == MembershipStatus.ACTIVE:
        return existing
    require(
        existing is not None and existing.status == MembershipStatus.INVITED,
        _("You have no invitation to this group."),
    )
    require(queries.is_participant(actor), _not_a_participant())
    require(audience_fits(actor, space), _employees_only())
    with transaction.atomic():
        accepted = Membership.objects.filter(
            space=space, member_id=actor.pk, status=MembershipStatus.INVITED
        ).update(status=MembershipStatus.ACTIVE, joined_at=timezone.now())
        if accepted:
            _count(space, +1)
            publish_on_commit(GroupJoined(space_id=space.pk, member_id=actor.pk, via="invitation"))
    current = queries.membership_of(actor, space)
    if current is None or current.status != MembershipStatus.ACTIVE:
        raise Denied(_("You have no invitation to this group."))
    return current


def decline_group_invitation(actor: Member, *, space: Space) -> bool:
    """Turn down the invitation to `space`; False when there was none."""
    if not getattr(actor, "is_authenticated", False):
        return False
    deleted, _rows = Membership.objects.filter(
        space=space, member_id=actor.pk, status=MembershipStatus.INVITED
    ).delete()
    return deleted > 0


# Leaving, removing, roles, ownership


def forget_member(member: Member) -> int:
    """Take `member` out of every group before their account is deleted; how many groups they
    were an active member of (each of those counts one member less).

    Called by `accounts.services.delete_account`, which has already checked who may delete the
    account: no permission of its own. A group `member` owned is left without owner; a site
    administrator hands it to another member (`can_transfer_ownership`). No GroupLeft events:
    the member is going, there is no one to tell.
    """
    left = 0
    with transaction.atomic():
        for membership in Membership.objects.filter(member_id=member.pk).select_related("space"):
            # Conditional, like every other change of status: a membership that went or
            # changed meanwhile (a leave in another tab) is not counted twice.
            deleted, _rows = Membership.objects.filter(
                pk=membership.pk, status=membership.status
            ).delete()
            if deleted and membership.status == MembershipStatus.ACTIVE:
                _count(membership.space, -1)
                left += 1
    return left


def leave_group(actor: Member, *, space: Space) -> bool:
    """Leave `space`; False when `actor` was not a member. The owner must hand it over first."""
    membership = queries.membership_of(actor, space)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        return False
    require(
        membership.role != GroupRole.OWNER,
        _("You own this group: transfer the ownership to another member before you leave."),
    )
    with transaction.atomic():
        deleted, _rows = (
            Membership.objects.filter(pk=membership.pk, status=MembershipStatus.ACTIVE)
            .exclude(role=GroupRole.OWNER)
            .delete()
        )
        if deleted:
            _count(space, -1)
            publish_on_commit(GroupLeft(space_id=space.pk, member_id=actor.pk))
    return deleted > 0


def _removal_refusal(actor: Member, membership: Membership) -> str:
    if membership.role == GroupRole.OWNER:
        return _("The owner cannot be removed; ownership has to be transferred first.")
    if membership.member_id == actor.pk:
        return _("To leave the group yourself, use “Leave group”.")
    if can_manage_group(actor, membership.space):
        return _("Only the owner can remove a group moderator.")
    return _not_a_manager()


def remove_from_group(actor: Member, *, membership: Membership) -> bool:
    """Remove a member from the group, or withdraw an invitation; False if already gone."""
    require(can_remove_from_group(actor, membership), _removal_refusal(actor, membership))
    with transaction.atomic():
        # Whatever its status now (an invitation may have been accepted meanwhile), the row goes;
        # the counter moves only when an active membership went.
        current = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if current is None:
            return False
        require(current.role != GroupRole.OWNER, _removal_refusal(actor, current))
        deleted, _rows = Membership.objects.filter(pk=current.pk, status=current.status).delete()
        if deleted and current.status == MembershipStatus.ACTIVE:
            _count(membership.space, -1)
        if deleted:
            record_action(
                actor,
                action="group.remove_member",
                target=membership.space,
                subject=current.member,
                space=membership.space,
                before={"status": current.status, "role": current.role},
            )
            publish_on_commit(
                RemovedFromGroup(
                    space_id=current.space_id,
                    member_id=current.member_id,
                    by=actor.pk,
                    was_invited=current.status != MembershipStatus.ACTIVE,
                )
            )
    return deleted > 0


def set_group_role(actor: Member, *, membership: Membership, role: str) -> Membership:
    """Make an active member a group moderator, or a group moderator a member again."""
    require(
        can_set_group_role(actor, membership.space),
        _("Only the group's owner can appoint and dismiss group moderators."),
    )
    if role not in (GroupRole.MEMBER, GroupRole.MODERATOR):
        raise ValidationError(_("Choose member or group moderator."))
    with transaction.atomic():
        current = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if current is None or current.status != MembershipStatus.ACTIVE:
            raise ValidationError(_("Only members of the group can be given a role."))
        if current.role == GroupRole.OWNER:
            raise ValidationError(
                _("The owner stays owner until the ownership is transferred to someone else.")
            )
        if current.role != role:
            record_action(
                actor,
                action="group.set_role",
                target=current.space,
                subject=current.member,
                space=current.space,
                before={"role": current.role},
                after={"role": role},
            )
            current.role = role
            current.save(update_fields=["role"])
            publish_on_commit(
                GroupRoleChanged(
                    space_id=current.space_id, member_id=current.member_id, role=role, by=actor.pk
                )
            )
    return current


def transfer_ownership(actor: Member, *, space: Space, new_owner: Member) -> Membership:
    """Hand `space` over to `new_owner`, an active member; the old owner becomes a moderator."""
    refusal = _("Only the group's owner or an administrator can transfer its ownership.")
    require(can_transfer_ownership(actor, space), refusal)
    with transaction.atomic():
        # Serialises transfers of this group: the check below sees the owner as it is now.
        Space.objects.select_for_update().filter(pk=space.pk).first()
        require(can_transfer_ownership(actor, space), refusal)
        target = (
            Membership.objects.select_for_update().filter(space=space, member=new_owner).first()
        )
        if target is None or target.status != MembershipStatus.ACTIVE:
            raise ValidationError(
                _("%(name)s is not a member of this group; only a member can become its owner.")
                % {"name": new_owner.display_name}
            )
        if target.role == GroupRole.OWNER:
            return target
        if not (queries.is_participant(new_owner) and audience_fits(new_owner, space)):
            raise ValidationError(
                _("%(name)s cannot own this group.") % {"name": new_owner.display_name}
            )
        old_owner_id = (
            Membership.objects.filter(space=space, role=GroupRole.OWNER)
            .values_list("member_id", flat=True)
            .first()
        )
        # The old owner steps down first: a group has one owner at every moment.
        Membership.objects.filter(space=space, role=GroupRole.OWNER).update(
            role=GroupRole.MODERATOR
        )
        target.role = GroupRole.OWNER
        target.save(update_fields=["role"])
        record_action(
            actor,
            action="group.transfer",
            target=space,
            subject=new_owner,
            space=space,
            before={"owner": old_owner_id},
            after={"owner": new_owner.pk},
        )
        publish_on_commit(
            GroupOwnershipTransferred(
                space_id=space.pk, old_owner_id=old_owner_id, new_owner_id=new_owner.pk, by=actor.pk
            )
        )
    return target
