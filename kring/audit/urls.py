from django.urls import URLPattern, URLResolver, path

from kring.audit import views

app_name = "audit"

urlpatterns: list[URLPattern | URLResolver] = [
    path("logboek/", views.audit_log, name="log"),
    path("logboek/export.csv", views.audit_log_export, name="log-export"),
    path("transparantie/", views.transparency, name="transparency"),
]
