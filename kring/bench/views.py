"""The bare view `make bench` measures every page against: the same server, middleware and
database connection set-up, and no work of its own."""

from django.http import HttpRequest, HttpResponse


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")
