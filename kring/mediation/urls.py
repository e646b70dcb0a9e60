from django.urls import URLPattern, URLResolver, path

from kring.mediation import views

app_name = "mediation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="case-list"),
    path("nieuw/", views.case_create, name="case-create"),
    path("<int:mediation_id>/", views.case_detail, name="case-detail"),
    path("<int:mediation_id>/eigenaar/", views.case_assign, name="case-assign"),
    path("<int:mediation_id>/notitie/", views.case_note, name="case-note"),
    path("<int:mediation_id>/gesprek/", views.case_conversation, name="case-conversation"),
    path("<int:mediation_id>/afsluiten/", views.case_close, name="case-close"),
    path("langzame-modus/<int:post_id>/", views.slow_mode, name="slow-mode"),
    path("langzame-modus/<int:post_id>/wachten/", views.slow_mode_wait, name="slow-mode-wait"),
    path("leden/<int:member_id>/geschiedenis/", views.member_history, name="member-history"),
]
