from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kring.core"
    label = "core"
    verbose_name = "Kring core"

    def ready(self) -> None:
        from kring.config import checks  # noqa: F401  (registers the system checks)
        from kring.core.events import subscribe_to_every_event
        from kring.core.pagecache import forget_visitor_pages

        subscribe_to_every_event(forget_visitor_pages)
