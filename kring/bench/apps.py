from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`kring seed` (a large community generated in bulk) and the bare view `make bench`
    measures every page against (no models of its own)."""

    name = "kring.bench"
    label = "bench"
