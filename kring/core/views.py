"""Kernel pages: the home page, the theme stylesheet, health, and the error pages."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from kring.core.pagecache import cached_for_visitors
from kring.core.sitesettings.models import SiteSettings
from kring.core.theme import theme_css


@require_GET
@cached_for_visitors
def home(request: HttpRequest) -> HttpResponse:
    """The home feed for members; the public community stream for visitors."""
    from kring.news.queries import featured_articles  # core knows no domain app
    from kring.wall.views_context import home_stream_context

    context = home_stream_context(request)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "wall/partials/_feed_items.html", context)
    context["featured_articles"] = featured_articles(request.user)
    return render(request, "core/home.html", context)


@require_GET
@cache_control(public=True, max_age=31536000, immutable=True)
def theme_stylesheet(request: HttpRequest, version: str) -> HttpResponse:
    """The organisation's colours as CSS variables; the URL carries the settings' version."""
    return HttpResponse(theme_css(SiteSettings.load()), content_type="text/css; charset=utf-8")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise (load balancers and `make demo` poll it)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001  (any database failure means unhealthy)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def error_page(
    request: HttpRequest, status: int, exception: Exception | None = None
) -> HttpResponse:
    return render(request, f"core/errors/{status}.html", {"status": status}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400, exception)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/errors/403.html",
        {"status": 403, "message": str(exception or "")},
        status=403,
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without touching the database: it may be what failed."""
    from django.template.loader import get_template

    html = get_template("core/errors/500.html").render({"status": 500})
    return HttpResponse(html, status=500)
