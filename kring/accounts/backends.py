"""Authentication backends: Django's and allauth's, loading the member of each request with
their profile in the same query. Every page's header shows the viewer's avatar, which lives on
the profile: loaded apart, it cost every logged-in page one more query."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from kring.accounts.models import Member


class ProfileJoined:
    """`get_user` (the session's member, once per request) with the profile joined."""

    def get_user(self, user_id: Any) -> Member | None:
        member = Member._default_manager.select_related("profile").filter(pk=user_id).first()
        if member is None or not self.user_can_authenticate(member):  # type: ignore[attr-defined]
            return None
        return member


class MemberModelBackend(ProfileJoined, ModelBackend):
    """Django's backend (password logins in tests, `force_login`)."""


class MemberAuthenticationBackend(ProfileJoined, AuthenticationBackend):
    """allauth's backend (logins by e-mail address, MFA)."""
