from django.urls import path

from kring.spaces import views

app_name = "spaces"

# Fixed pages first: "nieuw" and "mijn" are reserved and never a group's address (see services).
urlpatterns = [
    path("", views.group_list, name="group-list"),
    path("nieuw/", views.group_create, name="group-create"),
    path("mijn/", views.membership_list, name="membership-list"),
    path("<str:slug>/", views.group_detail, name="group-detail"),
    path("<str:slug>/bewerken/", views.group_edit, name="group-edit"),
    path("<str:slug>/leden/", views.group_members, name="group-members"),
    path("<str:slug>/lid-worden/", views.group_join, name="group-join"),
    path("<str:slug>/aanvragen/", views.group_request, name="group-request"),
    path("<str:slug>/aanvraag-intrekken/", views.group_request_cancel, name="group-request-cancel"),
    path(
        "<str:slug>/uitnodiging-aannemen/",
        views.group_invitation_accept,
        name="group-invitation-accept",
    ),
    path(
        "<str:slug>/uitnodiging-afslaan/",
        views.group_invitation_decline,
        name="group-invitation-decline",
    ),
    path("<str:slug>/verlaten/", views.group_leave, name="group-leave"),
    path("<str:slug>/uitnodigen/", views.group_invite, name="group-invite"),
    path(
        "<str:slug>/leden/<int:membership_id>/goedkeuren/",
        views.membership_approve,
        name="membership-approve",
    ),
    path(
        "<str:slug>/leden/<int:membership_id>/afwijzen/",
        views.membership_decline,
        name="membership-decline",
    ),
    path(
        "<str:slug>/leden/<int:membership_id>/verwijderen/",
        views.membership_remove,
        name="membership-remove",
    ),
    path(
        "<str:slug>/leden/<int:membership_id>/rol/", views.membership_role, name="membership-role"
    ),
    path(
        "<str:slug>/leden/<int:membership_id>/eigenaar-maken/",
        views.membership_transfer,
        name="membership-transfer",
    ),
]
