from django.urls import path

from kring.wall import feeds, views

app_name = "wall"

urlpatterns = [
    path("", views.community, name="community"),
    path("plaatsen/", views.status_create, name="status-create"),
    path("thuis/berichten/", views.home_stream, name="home-stream"),
    path("ruimte/<int:space_id>/plaatsen/", views.space_status_create, name="space-status-create"),
    path("ruimte/<int:space_id>/berichten/", views.space_stream, name="space-stream"),
    path(
        "profiel/<int:member_id>/plaatsen/",
        views.profile_status_create,
        name="profile-status-create",
    ),
    path("profiel/<int:member_id>/berichten/", views.profile_stream, name="profile-stream"),
    path("rss/", feeds.CommunityFeed(), name="community-rss"),
    path("atom/", feeds.CommunityAtomFeed(), name="community-atom"),
    path("groepen/<str:slug>/rss/", feeds.GroupFeed(), name="group-rss"),
    path("groepen/<str:slug>/atom/", feeds.GroupAtomFeed(), name="group-atom"),
]
