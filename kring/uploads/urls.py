from django.urls import path

from kring.uploads import views

app_name = "uploads"

urlpatterns = [
    path("<int:attachment_id>/<str:name>", views.attachment_download, name="attachment-download"),
    path(
        "<int:attachment_id>/miniatuur/<str:name>",
        views.attachment_thumbnail,
        name="attachment-thumbnail",
    ),
]
