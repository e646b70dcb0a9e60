"""The kernel of every permission check: predicates answer bool, services `require()` them."""

from typing import Protocol

from django.utils.functional import Promise


class Actor(Protocol):
    """What the kernel needs to know of whoever acts (the accounts app's Member, or anonymous)."""

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_site_admin(self) -> bool: ...


class Denied(Exception):  # noqa: N818  (reads as `raise Denied(...)`, like Django's PermissionDenied)
    """The actor may not do this; views answer 403 with the message."""

    def __init__(self, message: str | Promise = "") -> None:
        super().__init__(str(message))
        self.message = str(message)


class NotFound(Exception):  # noqa: N818
    """Missing or not visible to the viewer: the two must look the same (views answer 404)."""


def require(allowed: bool, message: str | Promise = "") -> None:
    """Raise Denied(message) unless `allowed`."""
    if not allowed:
        raise Denied(message)
