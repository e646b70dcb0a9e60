"""Members awaiting approval see only their waiting page (and may log out or leave)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from kring.accounts.models import ApprovalStatus

ALLOWED_PREFIXES = ("/static/", "/media/", "/healthz", "/theme-")
ALLOWED_URL_NAMES = {
    "accounts:waiting",
    "accounts:account-delete",
    "account_logout",
    "members:language-set",
}


class PendingApprovalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._allowed_paths: set[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "approval_status", ApprovalStatus.APPROVED) != ApprovalStatus.APPROVED
            and not request.path.startswith(ALLOWED_PREFIXES)
            and request.path not in self.allowed_paths()
        ):
            return redirect("accounts:waiting")
        return self.get_response(request)

    def allowed_paths(self) -> set[str]:
        if self._allowed_paths is None:
            self._allowed_paths = {reverse(name) for name in ALLOWED_URL_NAMES}
        return self._allowed_paths
