"""Every write to posts, comments and reactions: one function per member action.

Each checks its permission with `require(can_…)`, writes in one transaction, keeps the
denormalised counters exact with F() expressions, and publishes its event after commit.
`posts`, `comments` and `reactions` hold the member actions, `moderation`, `slow_mode` and
`moving` what moderators do; `limits` and `counters` what they share.
"""

from kring.content.services.comments import (
    comment_on_post,
    delete_comment,
    edit_comment,
)
from kring.content.services.limits import (
    COMMENT_BODY_MAX,
    IDEMPOTENCY_KEY_MAX,
    POST_BODY_MAX,
    TITLE_MAX,
)
from kring.content.services.moderation import (
    set_comment_moderation,
    set_post_moderation,
    waiting_notice,
)
from kring.content.services.moving import (
    MOVABLE_TO,
    movable_post_refusal,
    move_post,
)
from kring.content.services.posts import (
    NOT_ALLOWED_TO_POST,
    create_post,
    delete_post,
    edit_post,
    get_or_create_post,
    pin_post,
    restore_post,
    unpin_post,
)
from kring.content.services.reactions import (
    react,
)
from kring.content.services.slow_mode import (
    SLOW_MODE_CHOICES,
    set_slow_mode,
    slow_mode_wait,
)

__all__ = [
    "COMMENT_BODY_MAX",
    "IDEMPOTENCY_KEY_MAX",
    "MOVABLE_TO",
    "NOT_ALLOWED_TO_POST",
    "POST_BODY_MAX",
    "SLOW_MODE_CHOICES",
    "TITLE_MAX",
    "comment_on_post",
    "create_post",
    "delete_comment",
    "delete_post",
    "edit_comment",
    "edit_post",
    "get_or_create_post",
    "movable_post_refusal",
    "move_post",
    "pin_post",
    "react",
    "restore_post",
    "set_comment_moderation",
    "set_post_moderation",
    "set_slow_mode",
    "slow_mode_wait",
    "unpin_post",
    "waiting_notice",
]
