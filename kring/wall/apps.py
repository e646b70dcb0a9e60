from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WallConfig(AppConfig):
    name = "kring.wall"
    label = "wall"
    verbose_name = _("Wall")

    def ready(self) -> None:
        from kring.content.events import PostEdited
        from kring.core.events import subscribe
        from kring.wall.listeners import refresh_link_preview

        subscribe(PostEdited, refresh_link_preview)
