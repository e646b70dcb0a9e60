from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "kring.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from kring.search.handlers import connect

        connect()
