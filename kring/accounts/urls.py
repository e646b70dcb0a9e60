from django.urls import path

from kring.accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("waiting/", views.waiting, name="waiting"),
    path("delete/", views.account_delete, name="account-delete"),
    path("manage/", views.manage, name="manage"),
]
