from django.urls import path

from kring.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("theme-<str:version>.css", views.theme_stylesheet, name="theme-stylesheet"),
    path("healthz", views.healthz, name="healthz"),
]
