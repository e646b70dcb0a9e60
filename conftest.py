"""Shared personas for every test: a member, a friend, a stranger, an employee, a moderator,
a community manager, an admin, and anonymous."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import factory
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client

from kring.accounts.models import Member
from kring.accounts.roles import Role

PASSWORD = "Kring-test-wachtwoord-2026"


def session_queries() -> int:
    """Queries a logged-in request spends loading its session: none when sessions live in Redis
    (REDIS_URL set: cached_db), one with database sessions. Pinned query counts add this."""
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"lid{n}@example.nl")
    display_name = factory.Faker("name", locale="nl_NL")
    role = Role.MEMBER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: Member, create: bool, results: Any = None) -> None:
        if create:
            instance.save(update_fields=["password"])
            # allauth treats an address as verified only through its EmailAddress row.
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=instance, email=instance.email, defaults={"verified": True, "primary": True}
            )


class EmailLeakCheckingClient(Client):
    """The test client every test gets: each HTML page it receives is checked for e-mail
    addresses of members other than the viewer. Only admins may see other members' addresses."""

    def request(self, **request: Any) -> Any:
        response = super().request(**request)
        content_type = response.get("Content-Type", "")
        if "html" in content_type and not getattr(response, "streaming", False):
            assert_no_foreign_emails(
                response.content.decode(errors="replace"), response.wsgi_request
            )
        return response


def assert_no_foreign_emails(html: str, request: Any) -> None:
    viewer = getattr(request, "user", None)
    if viewer is not None and getattr(viewer, "is_site_admin", False):
        return
    own = (viewer.email.lower(),) if viewer is not None and viewer.is_authenticated else ()
    text = html.lower()
    for stored in Member.objects.values_list("email", flat=True):
        address = stored.lower()
        if address not in own and address in text:
            raise AssertionError(f"{address} appears on {request.path} for {viewer}")


@pytest.fixture
def client() -> Client:
    return EmailLeakCheckingClient()


@pytest.fixture(scope="session", autouse=True)
def _collected_static_files(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Pages are tested with the production static storage (hashed names), as served."""
    from django.conf import settings
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate limits and cached settings must not leak between tests (Redis is shared)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db: None) -> Member:
    return MemberFactory(display_name="Anne de Vries", email="anne@example.nl")


@pytest.fixture
def friend(db: None) -> Member:
    return MemberFactory(display_name="Bram Jansen", email="bram@example.nl")


@pytest.fixture
def stranger(db: None) -> Member:
    return MemberFactory(display_name="Chris Bakker", email="chris@example.nl")


@pytest.fixture
def employee(db: None) -> Member:
    return MemberFactory(display_name="Dewi Visser", email="dewi@example.nl", role=Role.EMPLOYEE)


@pytest.fixture
def moderator(db: None) -> Member:
    return MemberFactory(display_name="Eva Smit", email="eva@example.nl", role=Role.MODERATOR)


@pytest.fixture
def manager(db: None) -> Member:
    return MemberFactory(display_name="Femke Mulder", email="femke@example.nl", role=Role.MANAGER)


@pytest.fixture
def admin(db: None) -> Member:
    return MemberFactory(display_name="Gijs de Boer", email="gijs@example.nl", role=Role.ADMIN)


@pytest.fixture
def anonymous() -> AnonymousUser:
    return AnonymousUser()
