from django.urls import URLPattern, URLResolver

app_name = "sanctions"

urlpatterns: list[URLPattern | URLResolver] = []
