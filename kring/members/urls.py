from django.urls import path

from kring.members import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="member-list"),
    path("<int:member_id>/", views.profile_detail, name="profile-detail"),
    path("profiel/bewerken/", views.profile_edit, name="profile-edit"),
    path("taal/", views.language_set, name="language-set"),
]
