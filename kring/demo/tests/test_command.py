from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import Client

from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.core.sitesettings.models import RegistrationPolicy, SiteSettings
from kring.demo import steps
from kring.demo.context import DEMO_PASSWORD, DemoContext
from kring.demo.members import DEMO_LOGINS, EMPLOYEE_COUNT, MEMBER_COUNT, community_specs
from kring.members.models import Interest, Profile, ProfileVisibility
from kring.members.services import update_profile

pytestmark = pytest.mark.django_db

EVERYONE = len(DEMO_LOGINS) + MEMBER_COUNT


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _members_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the logins and members: the steps after them (groups, the wall …)
    are tested in test_community.py."""
    names = [step.name for step in steps.STEPS]
    monkeypatch.setattr(steps, "STEPS", steps.STEPS[: names.index("members") + 1])


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def snapshot(media_root: Path) -> dict[str, int]:
    return {
        "members": Member.objects.count(),
        "addresses": EmailAddress.objects.count(),
        "profiles": Profile.objects.count(),
        "interests": Interest.objects.count(),
        "interest links": Profile.interests.through.objects.count(),
        "avatar files": sum(1 for _ in (media_root / "avatars").iterdir()),
    }


def test_demo_builds_a_dutch_community_with_verified_members(settings) -> None:  # type: ignore[no-untyped-def]
    output = run_demo()

    assert Member.objects.count() == EVERYONE
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == EVERYONE
    assert not Member.objects.exclude(email__endswith="@example.nl").exists()
    assert Member.objects.filter(role=Role.EMPLOYEE).count() == EMPLOYEE_COUNT + 1
    assert Member.objects.filter(approval_status=ApprovalStatus.PENDING).count() == 3
    assert Member.objects.filter(display_name__contains=" van ").exists()  # tussenvoegsels
    profiles = Profile.objects.all()
    assert profiles.exclude(bio="").count() > MEMBER_COUNT // 2
    assert profiles.exclude(bio_html="").count() == profiles.exclude(bio="").count()
    assert profiles.exclude(avatar="").count() > MEMBER_COUNT // 2
    assert set(profiles.values_list("visibility", flat=True)) == set(ProfileVisibility.values)
    assert Interest.objects.count() > 5

    site = SiteSettings.objects.get()
    assert site.community_name == "Kring van Zonnestroom"
    assert site.tagline
    assert site.registration_policy == RegistrationPolicy.OPEN

    assert DEMO_PASSWORD in output
    for login in DEMO_LOGINS:
        assert login.spec.email in output


def test_demo_logins_log_in_with_the_printed_password() -> None:
    run_demo()

    for login in DEMO_LOGINS:
        member = authenticate(email=login.spec.email, password=DEMO_PASSWORD)
        assert member is not None, login.spec.email
        assert member.role == login.spec.role
    roles = {login.key: login.spec.role for login in DEMO_LOGINS}
    assert roles == {
        "admin": Role.ADMIN,
        "manager": Role.MANAGER,
        "moderator": Role.MODERATOR,
        "employee": Role.EMPLOYEE,
        "member": Role.MEMBER,
    }


def test_demo_run_twice_duplicates_nothing(settings) -> None:  # type: ignore[no-untyped-def]
    run_demo()
    first = snapshot(settings.MEDIA_ROOT)

    output = run_demo()

    assert snapshot(settings.MEDIA_ROOT) == first
    assert "(0 new)" in output


def test_demo_run_again_keeps_what_visitors_changed_but_restores_the_logins() -> None:
    run_demo()
    sanne = Member.objects.get(email="lid@example.nl")
    update_profile(sanne, member=sanne, display_name="Sanne vdM", job_title="Conrector")
    admin = Member.objects.get(email="admin@example.nl")
    admin.role = Role.MEMBER
    admin.set_password("iets-anders-2026")
    admin.save()

    run_demo()

    sanne.refresh_from_db()
    assert sanne.display_name == "Sanne vdM"
    assert sanne.profile.job_title == "Conrector"
    assert authenticate(email="admin@example.nl", password=DEMO_PASSWORD).role == Role.ADMIN


def test_demo_community_is_the_same_for_the_same_seed() -> None:
    first = community_specs(DemoContext(seed=2026).random_for("members"))
    again = community_specs(DemoContext(seed=2026).random_for("members"))
    other = community_specs(DemoContext(seed=7).random_for("members"))

    assert first == again
    assert first != other
    assert len({spec.email for spec in first}) == MEMBER_COUNT
    assert all(spec.email.isascii() for spec in first)


def test_demo_refuses_an_https_site_unless_forced(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://gemeenschap.example.nl"

    with pytest.raises(CommandError, match="published"):
        run_demo()
    assert not Member.objects.exists()

    run_demo("--force")
    assert Member.objects.count() == EVERYONE


def test_demo_community_shows_on_the_home_page(client: Client) -> None:
    run_demo()

    response = client.get("/")

    assert response.status_code == 200
    assert "Kring van Zonnestroom" in response.content.decode()
