"""Every write of groups: `groups` starts and changes them, `memberships` moves members in,
out and around. `Space.member_count` always equals the number of active memberships."""

from kring.spaces.services.groups import RESERVED_SLUGS, create_group, update_group
from kring.spaces.services.memberships import (
    accept_group_invitation,
    approve_join_request,
    cancel_join_request,
    decline_group_invitation,
    decline_join_request,
    forget_member,
    invite_to_group,
    join_group,
    leave_group,
    remove_from_group,
    request_to_join,
    set_group_role,
    transfer_ownership,
)

__all__ = [
    "RESERVED_SLUGS",
    "accept_group_invitation",
    "approve_join_request",
    "cancel_join_request",
    "create_group",
    "decline_group_invitation",
    "decline_join_request",
    "forget_member",
    "invite_to_group",
    "join_group",
    "leave_group",
    "remove_from_group",
    "request_to_join",
    "set_group_role",
    "transfer_ownership",
    "update_group",
]
