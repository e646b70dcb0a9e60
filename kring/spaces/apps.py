from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "kring.spaces"
    label = "spaces"
    verbose_name = _("Spaces and groups")

    def ready(self) -> None:
        from kring.spaces import walls

        walls.connect()
