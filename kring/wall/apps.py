from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WallConfig(AppConfig):
    name = "kring.wall"
    label = "wall"
    verbose_name = _("Wall")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from kring.accounts.models import Member
        from kring.content.events import PostEdited
        from kring.core.events import subscribe
        from kring.members.models import Profile
        from kring.wall.listeners import forget_visitor_pages_on_save, refresh_link_preview

        subscribe(PostEdited, refresh_link_preview)
        # Names and pictures on cards come from members and profiles, which are also saved
        # without an event (every event already makes visitors' pages stale: kring.core).
        for model in (Member, Profile):
            post_save.connect(
                forget_visitor_pages_on_save, sender=model, dispatch_uid=f"wall-pages-{model}"
            )
