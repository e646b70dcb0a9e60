"""Mounted at /bench/ only when BENCH_ENDPOINTS is true (see kring/config/urls.py)."""

from django.urls import path

from kring.bench import views

app_name = "bench"

urlpatterns = [
    path("ok", views.ok, name="ok"),
]
