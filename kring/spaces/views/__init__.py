"""Pages of groups (`groups`) and what members and managers do with them (`memberships`)."""

from kring.spaces.views.groups import (
    group_create,
    group_detail,
    group_edit,
    group_list,
    membership_list,
    stream_context,
)
from kring.spaces.views.memberships import (
    group_invitation_accept,
    group_invitation_decline,
    group_invite,
    group_join,
    group_leave,
    group_members,
    group_request,
    group_request_cancel,
    membership_approve,
    membership_decline,
    membership_remove,
    membership_role,
    membership_transfer,
)

__all__ = [
    "group_create",
    "group_detail",
    "group_edit",
    "group_invitation_accept",
    "group_invitation_decline",
    "group_invite",
    "group_join",
    "group_leave",
    "group_list",
    "group_members",
    "group_request",
    "group_request_cancel",
    "membership_approve",
    "membership_decline",
    "membership_list",
    "membership_remove",
    "membership_role",
    "membership_transfer",
    "stream_context",
]
