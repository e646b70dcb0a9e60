from django.urls import URLPattern, URLResolver, path

from kring.moderation import views

app_name = "moderation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("instellingen/", views.settings_edit, name="settings"),
    path("melden/bericht/<int:post_id>/", views.flag_post, name="flag-post"),
    path("melden/reactie/<int:comment_id>/", views.flag_comment, name="flag-comment"),
    path("melden/lid/<int:member_id>/", views.flag_member, name="flag-member"),
    path("melden/privebericht/<int:message_id>/", views.flag_message, name="flag-message"),
    path("zaken/bulk/", views.case_bulk, name="case-bulk"),
    path("zaken/<int:case_id>/", views.case_detail, name="case-detail"),
    path("zaken/<int:case_id>/goedkeuren/", views.case_approve, name="case-approve"),
    path("zaken/<int:case_id>/verbergen/", views.case_hide, name="case-hide"),
    path("zaken/<int:case_id>/verwijderen/", views.case_delete, name="case-delete"),
    path("zaken/<int:case_id>/bewerken/", views.case_edit, name="case-edit"),
    path("zaken/<int:case_id>/vergrendelen/", views.case_lock, name="case-lock"),
    path("zaken/<int:case_id>/vastzetten/", views.case_pin, name="case-pin"),
    path("zaken/<int:case_id>/verplaatsen/", views.case_move, name="case-move"),
    path("zaken/<int:case_id>/samenvoegen/", views.case_merge, name="case-merge"),
    path("zaken/<int:case_id>/splitsen/", views.case_split, name="case-split"),
]
