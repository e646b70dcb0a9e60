from django.urls import path

from kring.search import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("vergelijkbaar/", views.similar_topics_fragment, name="similar-topics"),
]
