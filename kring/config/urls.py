from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from kring.uploads.views import public_media

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("kring.core.urls")),
    path("accounts/", include("kring.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("leden/", include("kring.members.urls")),
    path("groepen/", include("kring.spaces.urls")),
    path("sociaal/", include("kring.social.urls")),
    path("berichten/", include("kring.content.urls")),
    path("prikbord/", include("kring.wall.urls")),
    path("bijlagen/", include("kring.uploads.urls")),
    path("forum/", include("kring.forum.urls")),
    path("kennisbank/", include("kring.knowledge.urls")),
    path("nieuws/", include("kring.news.urls")),
    path("search/", include("kring.search.urls")),
    path("gesprekken/", include("kring.messaging.urls")),
    path("moderatie/filters/", include("kring.filters.urls")),
    path("moderatie/", include("kring.moderation.urls")),
    path("sancties/", include("kring.sanctions.urls")),
    path("bemiddeling/", include("kring.mediation.urls")),
    path("", include("kring.audit.urls")),
    path("django-admin/", admin.site.urls),
    *([path("bench/", include("kring.bench.urls"))] if settings.BENCH_ENDPOINTS else []),
]

# Uploaded pictures (avatars, logo, covers) are re-encoded on upload, so serving them as stored
# is safe; attachments (MEDIA_ROOT/private/) are never served here, only by the uploads app to
# those who may see their post. A larger installation serves the public folders from its web
# server or object storage instead.
urlpatterns.append(path("media/<path:path>", public_media))

handler400 = "kring.core.views.bad_request"
handler403 = "kring.core.views.permission_denied"
handler404 = "kring.core.views.page_not_found"
handler500 = "kring.core.views.server_error"
