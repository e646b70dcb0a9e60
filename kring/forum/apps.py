from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "kring.forum"
    label = "forum"
    verbose_name = _("Discussions and questions")

    def ready(self) -> None:
        from kring.content.events import CommentDeleted, PostDeleted, PostRestored
        from kring.content.links import register_post_url
        from kring.core.events import subscribe
        from kring.core.reversing import fast_reverse
        from kring.forum import listeners

        def topic_url(post: object) -> str:
            return fast_reverse("forum:topic-detail", post.pk)  # type: ignore[attr-defined]

        register_post_url("discussion", topic_url, replies_on_own_page=True)
        register_post_url("question", topic_url, replies_on_own_page=True)
        subscribe(PostDeleted, listeners.topic_deleted)
        subscribe(PostRestored, listeners.topic_restored)
        subscribe(CommentDeleted, listeners.reply_deleted)
