from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "kring.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from kring.members import signals  # noqa: F401  (every member gets a profile)
