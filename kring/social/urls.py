from django.urls import path

from kring.social import views

app_name = "social"

urlpatterns = [
    path("verzoeken/", views.friend_request_list, name="friend-requests"),
    path(
        "verzoeken/<int:request_id>/accepteren/",
        views.friend_request_accept,
        name="friend-request-accept",
    ),
    path(
        "verzoeken/<int:request_id>/weigeren/",
        views.friend_request_decline,
        name="friend-request-decline",
    ),
    path(
        "verzoeken/<int:request_id>/intrekken/",
        views.friend_request_cancel,
        name="friend-request-cancel",
    ),
    path("geblokkeerd/", views.block_list, name="block-list"),
    path("<int:member_id>/vrienden/", views.friend_list, name="friend-list"),
    path("<int:member_id>/volgers/", views.follower_list, name="follower-list"),
    path("<int:member_id>/volgt/", views.following_list, name="following-list"),
    path(
        "<int:member_id>/vriendschap-vragen/",
        views.friend_request_send,
        name="friend-request-send",
    ),
    path("<int:member_id>/ontvrienden/", views.friend_remove, name="friend-remove"),
    path("<int:member_id>/volgen/", views.member_follow, name="member-follow"),
    path("<int:member_id>/ontvolgen/", views.member_unfollow, name="member-unfollow"),
    path("<int:member_id>/blokkeren/", views.member_block, name="member-block"),
    path("<int:member_id>/deblokkeren/", views.member_unblock, name="member-unblock"),
    path("groepen/<int:space_id>/volgen/", views.group_follow, name="group-follow"),
    path("groepen/<int:space_id>/ontvolgen/", views.group_unfollow, name="group-unfollow"),
]
