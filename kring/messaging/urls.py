from django.urls import URLPattern, URLResolver, path

from kring.messaging import views

app_name = "messaging"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox, name="inbox"),
    path("nieuw/", views.conversation_create, name="conversation-create"),
    path("mensen/", views.member_suggestions, name="member-suggestions"),
    path("<int:conversation_id>/", views.conversation_detail, name="conversation-detail"),
    path("<int:conversation_id>/antwoorden/", views.message_create, name="message-create"),
    path(
        "<int:conversation_id>/bemiddeling/antwoorden/",
        views.mediation_message_create,
        name="mediation-message-create",
    ),
    path("<int:conversation_id>/mensen/", views.participant_add, name="participant-add"),
    path("<int:conversation_id>/verlaten/", views.conversation_leave, name="conversation-leave"),
    path(
        "bijlagen/<int:message_attachment_id>/",
        views.attachment_download,
        name="attachment-download",
    ),
]
