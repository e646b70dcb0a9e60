from django.urls import URLPattern, URLResolver, path

from kring.knowledge.views import pages, reviews

app_name = "knowledge"

# Page addresses are free text (`<str:slug>`); the fixed words here are reserved
# (services.RESERVED_SLUGS), so no page can hide one of these pages.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", pages.catalogue, name="catalogue"),
    path("nieuw/", pages.page_create, name="page-create"),
    path("p/<int:page_id>/", pages.page_by_id, name="page-by-id"),
    path(
        "beoordelingen/<int:review_id>/verwijderen/",
        reviews.review_delete,
        name="review-delete",
    ),
    path("beoordelingen/<int:review_id>/antwoord/", reviews.review_reply, name="review-reply"),
    path("<str:slug>/", pages.page_detail, name="page-detail"),
    path("<str:slug>/bewerken/", pages.page_edit, name="page-edit"),
    path("<str:slug>/verplaatsen/", pages.page_move, name="page-move"),
    path("<str:slug>/verwijderen/", pages.page_delete, name="page-delete"),
    path("<str:slug>/geschiedenis/", pages.page_history, name="page-history"),
    path(
        "<str:slug>/geschiedenis/<int:revision_id>/",
        pages.page_revision,
        name="page-revision",
    ),
    path("<str:slug>/beoordelen/", reviews.review_save, name="review-save"),
]
