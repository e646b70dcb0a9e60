from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.static import serve

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("kring.core.urls")),
    path("accounts/", include("kring.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("leden/", include("kring.members.urls")),
    path("django-admin/", admin.site.urls),
]

# Uploaded images (avatars, logo) are re-encoded on upload, so serving them as stored is safe;
# a larger installation serves MEDIA_ROOT from its web server or object storage instead.
urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))

handler400 = "kring.core.views.bad_request"
handler403 = "kring.core.views.permission_denied"
handler404 = "kring.core.views.page_not_found"
handler500 = "kring.core.views.server_error"
