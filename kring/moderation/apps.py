from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "kring.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from kring.content.events import (
            CommentCreated,
            CommentDeleted,
            CommentModerated,
            PostCreated,
            PostDeleted,
            PostModerated,
        )
        from kring.core.events import subscribe
        from kring.moderation import listeners

        subscribe(PostCreated, listeners.post_created)
        subscribe(CommentCreated, listeners.comment_created)
        subscribe(PostModerated, listeners.post_moderated)
        subscribe(CommentModerated, listeners.comment_moderated)
        subscribe(PostDeleted, listeners.post_deleted)
        subscribe(CommentDeleted, listeners.comment_deleted)
