from django.urls import URLPattern, URLResolver, path

from kring.sanctions import views

app_name = "sanctions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.my_sanctions, name="my-sanctions"),
    path("geschorst/", views.suspension_notice, name="suspension-notice"),
    path("lid/<int:member_id>/", views.member_sanction, name="member-sanction"),
    path("<int:sanction_id>/bezwaar/", views.sanction_appeal, name="sanction-appeal"),
    path("<int:sanction_id>/opheffen/", views.sanction_lift, name="sanction-lift"),
    path("bezwaren/", views.appeal_list, name="appeal-list"),
    path("bezwaren/<int:appeal_id>/", views.appeal_decide, name="appeal-decide"),
    path("sjablonen/", views.template_list, name="template-list"),
    path("sjablonen/nieuw/", views.template_create, name="template-create"),
    path("sjablonen/<int:template_id>/", views.template_edit, name="template-edit"),
    path(
        "sjablonen/<int:template_id>/verwijderen/",
        views.template_delete,
        name="template-delete",
    ),
]
