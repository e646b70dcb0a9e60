from django.urls import path

from kring.content import views

app_name = "content"

urlpatterns = [
    path("<int:post_id>/", views.post_detail, name="post-detail"),
    path("<int:post_id>/bewerken/", views.post_edit, name="post-edit"),
    path("<int:post_id>/geschiedenis/", views.post_history, name="post-history"),
    path("<int:post_id>/verwijderen/", views.post_delete, name="post-delete"),
    path("<int:post_id>/terugzetten/", views.post_restore, name="post-restore"),
    path("<int:post_id>/vastzetten/", views.post_pin, name="post-pin"),
    path("<int:post_id>/waarderen/", views.post_react, name="post-react"),
    path("<int:post_id>/waarderingen/", views.post_reactions, name="post-reactions"),
    path("<int:post_id>/reageren/", views.comment_create, name="comment-create"),
    path("reacties/<int:comment_id>/", views.comment_jump, name="comment-jump"),
    path("reacties/<int:comment_id>/antwoorden/", views.comment_replies, name="comment-replies"),
    path("reacties/<int:comment_id>/bewerken/", views.comment_edit, name="comment-edit"),
    path("reacties/<int:comment_id>/verwijderen/", views.comment_delete, name="comment-delete"),
    path("reacties/<int:comment_id>/waarderen/", views.comment_react, name="comment-react"),
    path(
        "reacties/<int:comment_id>/waarderingen/",
        views.comment_reactions,
        name="comment-reactions",
    ),
]
