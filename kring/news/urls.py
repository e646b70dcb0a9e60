from django.urls import URLPattern, URLResolver, path

from kring.news import views, views_announcements

app_name = "news"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.article_list, name="article-list"),
    path("nieuw/", views.article_create, name="article-create"),
    path("redactie/", views.article_drafts, name="article-drafts"),
    path("<int:post_id>/", views.article_detail, name="article-detail"),
    path("<int:post_id>/bewerken/", views.article_edit, name="article-edit"),
    path("mededelingen/", views_announcements.announcement_list, name="announcement-list"),
    path(
        "mededelingen/nieuw/",
        views_announcements.announcement_create,
        name="announcement-create",
    ),
    path(
        "mededelingen/<int:announcement_id>/bewerken/",
        views_announcements.announcement_edit,
        name="announcement-edit",
    ),
    path(
        "mededelingen/<int:announcement_id>/beeindigen/",
        views_announcements.announcement_end,
        name="announcement-end",
    ),
    path(
        "mededelingen/<int:announcement_id>/sluiten/",
        views_announcements.announcement_dismiss,
        name="announcement-dismiss",
    ),
]
