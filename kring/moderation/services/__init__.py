"""Every write of the moderation app: reporting an item, and each moderator's action on a case.

Each action checks `can_moderate_case`, writes in one transaction together with its audit-log
entry, and publishes its event after commit. Posts and comments change only through
`kring.content.services` (and topics through `kring.forum.services`).
"""

from kring.moderation.services.actions import (
    BULK_ACTIONS,
    HIDE_REASON_MAX,
    approve_case,
    bulk_moderate,
    delete_case,
    edit_case,
    hide_case,
)
from kring.moderation.services.items import NOT_A_MODERATOR
from kring.moderation.services.moderation_settings import (
    MAX_THRESHOLD,
    change_moderation_settings,
)
from kring.moderation.services.queue_sync import close_case_of_deleted, open_case_for_pending
from kring.moderation.services.reporting import (
    FLAG_TEXT_MAX,
    flag_comment,
    flag_member,
    flag_message,
    flag_post,
)
from kring.moderation.services.topics import (
    lock_case_topic,
    merge_case_topic,
    move_case_post,
    move_case_topic,
    pin_case_post,
    split_case_topic,
)

__all__ = [
    "BULK_ACTIONS",
    "FLAG_TEXT_MAX",
    "HIDE_REASON_MAX",
    "MAX_THRESHOLD",
    "NOT_A_MODERATOR",
    "approve_case",
    "bulk_moderate",
    "change_moderation_settings",
    "close_case_of_deleted",
    "delete_case",
    "edit_case",
    "flag_comment",
    "flag_member",
    "flag_message",
    "flag_post",
    "hide_case",
    "lock_case_topic",
    "merge_case_topic",
    "move_case_post",
    "move_case_topic",
    "open_case_for_pending",
    "pin_case_post",
    "split_case_topic",
]
