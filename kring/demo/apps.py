from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`kring demo`: a believable community to show and try Kring with (no models of its own)."""

    name = "kring.demo"
    label = "demo"
