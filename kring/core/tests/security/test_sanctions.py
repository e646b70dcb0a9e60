"""Sanctions hold on every form that writes: the URL patterns are enumerated from the URLconf
(as the CSRF probe does), and each is POSTed to, with a valid form, by a silenced member and by
a suspended member whose session is still open.

- Silenced: every pattern outside `ALLOWED_URL_NAMES` answers 403 with the silence page and
  changes nothing in the database.
- Suspended: every pattern logs the member out and sends them to the suspension notice; nothing
  but the session changes.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Member
from kring.audit.models import Reason
from kring.core.tests.security.conftest import Probe, SecurityClient, World
from kring.core.tests.security.routes import Route, Unfillable, all_routes, fill
from kring.core.tests.security.test_csrf import HOSTILE_FORM, changed_tables, snapshot
from kring.sanctions import banners
from kring.sanctions.middleware import ALLOWED_URL_NAMES
from kring.sanctions.services import silence_member, suspend_member

pytestmark = pytest.mark.django_db

SESSIONS = "django_session"


def fillable(world: World) -> list[tuple[Route, str]]:
    """Every route with its concrete path. A route the world cannot fill yet is left to
    test_csrf.py's test_every_url_pattern_can_be_made_concrete, which names it."""
    found = []
    for route in all_routes():
        try:
            found.append((route, fill(route, world)))
        except Unfillable:
            continue
    return found


@pytest.fixture
def plain_client() -> Client:
    """A client with a valid CSRF token in effect (Django's test client skips the check), so
    what refuses the request is the sanction, not the CSRF check."""
    return SecurityClient()


def test_the_allow_list_names_only_harmless_actions() -> None:
    names = {route.name for route in all_routes()}
    allowed_here = sorted(ALLOWED_URL_NAMES & names)
    assert "account_logout" in allowed_here
    assert "sanctions:sanction-appeal" in allowed_here
    for name in allowed_here:
        assert not name.startswith(("content:", "wall:", "forum:", "knowledge:", "news:article"))


def test_a_silenced_member_is_refused_every_write_and_nothing_changes(
    plain_client: Client, world: World, probe: Probe
) -> None:
    silence_member(
        world.admin, member=world.member, reason_code=Reason.OFFENSIVE, reason="Schelden", days=3
    )
    plain_client.force_login(Member.objects.get(pk=world.member.pk))
    routes = [
        (route, path) for route, path in fillable(world) if route.name not in ALLOWED_URL_NAMES
    ]
    failures = []
    before = snapshot()
    for route, path in routes:
        response = plain_client.post(path, HOSTILE_FORM)
        after = snapshot()
        refused = response.status_code == 403 and b"Schelden" in response.content
        if not refused:
            failures.append(f"{route} -> {path}: answered {response.status_code}")
        if changed := changed_tables(before, after):
            failures.append(f"{route} -> {path}: changed {changed}")
        before = after
    probe("Sanctions: a silenced member's POST", cases=len(routes))
    assert failures == [], "\n".join(failures)


def test_a_suspended_members_open_session_ends_on_any_post_and_nothing_changes(
    plain_client: Client, world: World, probe: Probe
) -> None:
    sanction = suspend_member(
        world.admin, member=world.member, reason_code=Reason.SPAM, reason="Reclame", days=7
    )
    notice = reverse("sanctions:suspension-notice") + "?t="
    member = Member.objects.get(pk=world.member.pk)
    routes = fillable(world)
    failures = []
    for route, path in routes:
        plain_client.force_login(member)
        before = snapshot()
        response = plain_client.post(path, HOSTILE_FORM)
        after = snapshot()
        location = response.get("Location", "")
        token = location.removeprefix(notice)
        if (
            response.status_code != 302
            or not location.startswith(notice)
            or banners.sanction_from_token(token) != sanction
        ):
            failures.append(f"{route} -> {path}: answered {response.status_code}")
        if "_auth_user_id" in plain_client.session:
            failures.append(f"{route} -> {path}: still logged in")
        if changed := [t for t in changed_tables(before, after) if t != SESSIONS]:
            failures.append(f"{route} -> {path}: changed {changed}")
    probe("Sanctions: a suspended member's POST", cases=len(routes))
    assert failures == [], "\n".join(failures)


def test_the_silence_page_and_notice_carry_the_strict_csp(
    plain_client: Client, world: World
) -> None:
    """The refusal pages are ordinary pages: SecurityClient checks their CSP on every answer."""
    sanction = suspend_member(
        world.admin, member=world.stranger, reason_code=Reason.SPAM, reason="Reclame", days=7
    )
    assert plain_client.get(banners.notice_url(sanction)).status_code == 200
