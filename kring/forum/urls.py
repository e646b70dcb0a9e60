from django.urls import URLPattern, URLResolver, path

from kring.forum import views, views_actions, views_categories

app_name = "forum"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.forum_index, name="forum-index"),
    path("nieuw/", views.topic_create, name="topic-create"),
    path("aan-mij-toegewezen/", views.assigned_list, name="assigned-list"),
    path("ruimte/<str:space_slug>/", views.space_forum, name="space-forum"),
    path("c/<str:space_slug>/<str:slug>/", views.category_detail, name="category-detail"),
    path("onderwerp/<int:post_id>/", views.topic_detail, name="topic-detail"),
    path("onderwerp/<int:post_id>/bewerken/", views.topic_edit, name="topic-edit"),
    path("onderwerp/<int:post_id>/reageren/", views_actions.topic_reply, name="topic-reply"),
    path("onderwerp/<int:post_id>/notitie/", views_actions.topic_note, name="topic-note"),
    path("onderwerp/<int:post_id>/accepteren/", views_actions.topic_accept, name="topic-accept"),
    path("onderwerp/<int:post_id>/sluiten/", views_actions.topic_close, name="topic-close"),
    path("onderwerp/<int:post_id>/vergrendelen/", views_actions.topic_lock, name="topic-lock"),
    path("onderwerp/<int:post_id>/vastzetten/", views_actions.topic_pin, name="topic-pin"),
    path("onderwerp/<int:post_id>/volgen/", views_actions.topic_watch, name="topic-watch"),
    path("onderwerp/<int:post_id>/toewijzen/", views_actions.topic_assign, name="topic-assign"),
    path("reactie/<int:comment_id>/", views.reply_jump, name="reply-jump"),
    path("beheer/<str:space_slug>/", views_categories.category_manage, name="category-manage"),
    path(
        "beheer/categorie/<int:category_id>/",
        views_categories.category_edit,
        name="category-edit",
    ),
    path(
        "beheer/categorie/<int:category_id>/verplaatsen/",
        views_categories.category_move,
        name="category-move",
    ),
    path(
        "beheer/categorie/<int:category_id>/verwijderen/",
        views_categories.category_delete,
        name="category-delete",
    ),
]
