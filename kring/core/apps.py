from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kring.core"
    label = "core"
    verbose_name = "Kring core"

    def ready(self) -> None:
        from kring.config import checks  # noqa: F401  (registers the system checks)
