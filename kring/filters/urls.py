from django.urls import URLPattern, URLResolver, path

from kring.filters import views

app_name = "filters"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.word_list, name="word-list"),
    path("woorden/<int:filter_id>/bewerken/", views.word_edit, name="word-edit"),
    path("woorden/<int:filter_id>/verwijderen/", views.word_delete, name="word-delete"),
    path("links/", views.link_rules_edit, name="link-rules-edit"),
    path("groepen/<str:slug>/", views.group_rule_edit, name="group-rule-edit"),
]
