"""Request-wide behaviour of the kernel: the page language and Retry-After on 429."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from kring.core.sitesettings.models import SiteSettings

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware:
    """The member's own language, else the language cookie, else the community's default.

    The browser's Accept-Language is deliberately not consulted: a Dutch community speaks
    Dutch to a visitor until the visitor chooses otherwise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def language_for(request: HttpRequest) -> str:
        user = getattr(request, "user", None)
        own = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if own in SUPPORTED:
            return str(own)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if cookie in SUPPORTED:
            return cookie
        default = SiteSettings.load().default_language
        return default if default in SUPPORTED else settings.LANGUAGE_CODE


class RetryAfterMiddleware:
    """Throttled requests answer 429, and every 429 says when to come back.

    allauth reports too many failed logins as a form error on a 200 page; a service that
    throttles marks the request (`request.throttled`, `request.retry_after`) and this turns the
    answer into a proper 429 while keeping the page that explains it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "throttled", False) and response.status_code == 200:
            response.status_code = 429
        if response.status_code == 429 and "Retry-After" not in response.headers:
            seconds = getattr(request, "retry_after", None) or 60
            response.headers["Retry-After"] = str(int(seconds))
        return response
