"""Every write of the forum: one function per member action.

Each checks its permission with `require(can_…)`, writes in one transaction, keeps the
category counters exact with F() expressions and publishes its event after commit. Posts and
comments themselves are written by `kring.content.services` (text, history, counts, events).
`topics`, `topic_status`, `questions` and `readers` act on topics, `categories` on categories,
`reorganising` moves, merges and splits topics for moderators.
"""

from kring.forum.services.categories import (
    create_category,
    delete_category,
    edit_category,
    move_category,
    recount_categories,
)
from kring.forum.services.questions import (
    accept_answer,
    assign_question,
    unaccept_answer,
)
from kring.forum.services.readers import (
    count_cached_view,
    count_view,
    record_view,
    unwatch_topic,
    watch_topic,
)
from kring.forum.services.reorganising import (
    merge_topics,
    move_topic,
    split_topic,
)
from kring.forum.services.topic_status import (
    LOCK_REASON_MAX,
    close_topic,
    lock_topic,
    pin_topic,
    reopen_topic,
    unlock_topic,
    unpin_topic,
)
from kring.forum.services.topics import (
    TOPIC_KINDS,
    add_internal_note,
    create_topic,
    edit_topic,
    quote_of,
    reply_to_topic,
)

__all__ = [
    "LOCK_REASON_MAX",
    "TOPIC_KINDS",
    "accept_answer",
    "add_internal_note",
    "assign_question",
    "close_topic",
    "count_cached_view",
    "count_view",
    "create_category",
    "create_topic",
    "delete_category",
    "edit_category",
    "edit_topic",
    "lock_topic",
    "merge_topics",
    "move_category",
    "move_topic",
    "pin_topic",
    "quote_of",
    "record_view",
    "recount_categories",
    "reopen_topic",
    "reply_to_topic",
    "split_topic",
    "unaccept_answer",
    "unlock_topic",
    "unpin_topic",
    "unwatch_topic",
    "watch_topic",
]
