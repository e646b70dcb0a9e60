"""Pages of moderation: reporting an item, the queue, one case with every action, the settings.
Thin: parse, call one query or service, render. Every action is a plain form POST."""

from kring.moderation.views.case_actions import (
    case_approve,
    case_delete,
    case_edit,
    case_hide,
    case_lock,
    case_merge,
    case_move,
    case_pin,
    case_split,
)
from kring.moderation.views.case_page import case_detail
from kring.moderation.views.links import QUEUE_URL, member_history_url
from kring.moderation.views.queue_page import case_bulk, queue
from kring.moderation.views.reporting import flag_comment, flag_member, flag_message, flag_post
from kring.moderation.views.settings_page import settings_edit

__all__ = [
    "QUEUE_URL",
    "case_approve",
    "case_bulk",
    "case_delete",
    "case_detail",
    "case_edit",
    "case_hide",
    "case_lock",
    "case_merge",
    "case_move",
    "case_pin",
    "case_split",
    "flag_comment",
    "flag_member",
    "flag_message",
    "flag_post",
    "member_history_url",
    "queue",
    "settings_edit",
]
