from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiltersConfig(AppConfig):
    name = "kring.filters"
    label = "filters"
    verbose_name = _("Filters")

    def ready(self) -> None:
        from kring.filters import screens

        screens.register()
