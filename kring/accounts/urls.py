from django.urls import path

from kring.accounts import views
from kring.core.sitesettings import views as sitesettings_views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("settings/language/", views.language_edit, name="language-edit"),
    path("waiting/", views.waiting, name="waiting"),
    path("delete/", views.account_delete, name="account-delete"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("manage/", views.manage, name="manage"),
    path("manage/applications/", views.approval_list, name="approval-list"),
    path(
        "manage/applications/<int:member_id>/approve/",
        views.application_approve,
        name="application-approve",
    ),
    path(
        "manage/applications/<int:member_id>/decline/",
        views.application_decline,
        name="application-decline",
    ),
    path("manage/invitations/", views.invitation_list, name="invitation-list"),
    path(
        "manage/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("manage/roles/", views.role_list, name="role-list"),
    path("manage/roles/<int:member_id>/", views.role_assign, name="role-assign"),
    path("manage/roles/<int:member_id>/editor/", views.editor_set, name="editor-set"),
    path("manage/site/", sitesettings_views.site_settings_edit, name="site-settings"),
]
