"""Announcement pages: managing them, the banners on every page, closing one."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import session_queries
from kring.accounts.models import Member
from kring.forum.models import Category
from kring.news.models import Announcement, AnnouncementDismissal, AnnouncementLevel
from kring.news.tests.samples import later, make_announcement
from kring.spaces.models import Space

pytestmark = pytest.mark.django_db

LIST_URL = reverse("news:announcement-list")
CREATE_URL = reverse("news:announcement-create")
HOME_URL = reverse("core:home")
NEWS_URL = reverse("news:article-list")


def moment(days: float) -> str:
    return timezone.localtime(later(days)).strftime("%Y-%m-%dT%H:%M")


def test_announcement_pages_are_for_community_managers(
    client: Client, moderator: Member, manager: Member
) -> None:
    announcement = make_announcement(manager)
    urls = [
        LIST_URL,
        CREATE_URL,
        reverse("news:announcement-edit", args=[announcement.pk]),
    ]
    client.force_login(moderator)
    for url in urls:
        assert client.get(url).status_code == 403
    end_url = reverse("news:announcement-end", args=[announcement.pk])
    assert client.post(end_url).status_code == 403
    client.force_login(manager)
    for url in urls:
        assert client.get(url).status_code == 200


def test_a_manager_makes_an_announcement_that_every_page_shows(
    client: Client, manager: Member
) -> None:
    client.force_login(manager)
    response = client.post(
        CREATE_URL,
        {"title": "Storing: inloggen gaat traag", "level": "outage", "body": "We zoeken het uit."},
    )
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    visitor = Client()
    for url in (HOME_URL, reverse("news:article-list"), reverse("spaces:group-list")):
        page = visitor.get(url).content.decode()
        assert "Storing: inloggen gaat traag" in page
        assert 'class="announcement announcement--outage"' in page
        assert "announcement__close" not in page  # visitors cannot close it
    assert "Storing: inloggen gaat traag" in client.get(LIST_URL).content.decode()


def test_a_group_announcement_shows_on_the_group_page(
    client: Client, manager: Member, group: Space
) -> None:
    client.force_login(manager)
    client.post(CREATE_URL, {"title": "Fietsdag zaterdag", "level": "info", "group": group.pk})
    visitor = Client()
    assert (
        "Fietsdag zaterdag"
        in visitor.get(reverse("spaces:group-detail", args=[group.slug])).content.decode()
    )
    assert "Fietsdag zaterdag" not in visitor.get(HOME_URL).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "level": "info"}, "This field is required."),
        ({"title": "Hoi", "level": "feest"}, "Select a valid choice."),
        ({"title": "Hoi", "level": "info", "ends_at": "gisteren"}, "Enter a valid date/time."),
        (
            {"title": "Hoi", "level": "info", "starts_at": moment(2), "ends_at": moment(1)},
            "The end must come after the start.",
        ),
        ({"title": "Hoi", "level": "info", "group": "999999"}, "Select a valid choice."),
    ],
)
def test_announcement_create_explains_bad_input(
    client: Client, manager: Member, data: dict[str, str], message: str
) -> None:
    client.force_login(manager)
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Announcement.objects.exists()


def test_a_scheduled_announcement_waits_for_its_start(client: Client, manager: Member) -> None:
    client.force_login(manager)
    client.post(
        CREATE_URL,
        {"title": "Onderhoud volgende week", "level": "warning", "starts_at": moment(7)},
    )
    assert "Onderhoud volgende week" not in Client().get(HOME_URL).content.decode()
    assert "Scheduled" in client.get(LIST_URL).content.decode()


def test_announcement_edit_and_end(client: Client, manager: Member) -> None:
    announcement = make_announcement(manager, title="Eerste versie")
    client.force_login(manager)
    edit_url = reverse("news:announcement-edit", args=[announcement.pk])
    assert "Eerste versie" in client.get(edit_url).content.decode()
    client.post(edit_url, {"title": "Tweede versie", "level": "warning"})
    assert "Tweede versie" in Client().get(HOME_URL).content.decode()
    response = client.post(reverse("news:announcement-end", args=[announcement.pk]))
    assert response.status_code == 302
    assert "Tweede versie" not in Client().get(HOME_URL).content.decode()
    assert "Ended" in client.get(LIST_URL).content.decode()
    assert client.get(reverse("news:announcement-edit", args=[999999])).status_code == 404


def test_a_member_closes_a_banner_with_htmx(
    client: Client, member: Member, manager: Member
) -> None:
    announcement = make_announcement(manager, title="Sluit mij maar")
    client.force_login(member)
    page = client.get(HOME_URL).content.decode()
    assert "Sluit mij maar" in page
    assert "announcement__close" in page
    response = client.post(
        reverse("news:announcement-dismiss", args=[announcement.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.content == b""
    assert "Sluit mij maar" not in client.get(HOME_URL).content.decode()
    assert "Sluit mij maar" in Client().get(HOME_URL).content.decode()  # for others it stays


def test_a_member_closes_a_banner_without_javascript(
    client: Client, member: Member, manager: Member
) -> None:
    announcement = make_announcement(manager)
    client.force_login(member)
    url = reverse("news:announcement-dismiss", args=[announcement.pk])
    groups = reverse("spaces:group-list")
    assert client.post(url, {"next": groups})["Location"] == groups
    assert client.post(url, {"next": "https://evil.example/"})["Location"] == HOME_URL
    assert AnnouncementDismissal.objects.filter(member=member).count() == 1


def test_visitors_cannot_close_a_banner(client: Client, manager: Member) -> None:
    announcement = make_announcement(manager)
    assert (
        client.post(reverse("news:announcement-dismiss", args=[announcement.pk])).status_code == 403
    )
    assert client.post(reverse("news:announcement-dismiss", args=[999999])).status_code == 404


@pytest.mark.parametrize("logged_in", [False, True])
def test_pages_cost_no_query_more_without_an_active_announcement(
    client: Client, member: Member, manager: Member, logged_in: bool, django_assert_num_queries: Any
) -> None:
    if logged_in:
        client.force_login(member)
    client.get(NEWS_URL)  # warm caches
    with django_assert_num_queries(2 + (1 + session_queries() if logged_in else 0)):
        client.get(NEWS_URL)
    make_announcement(manager, title="Voorbij", starts_at=later(-2), ends_at=later(-1))
    client.get(NEWS_URL)
    with django_assert_num_queries(2 + (1 + session_queries() if logged_in else 0)):
        client.get(NEWS_URL)
    make_announcement(manager, title="Actief", level=AnnouncementLevel.WARNING)
    client.get(NEWS_URL)
    # One active: a member's dismissals are one query more; visitors pay nothing.
    with django_assert_num_queries(2 + (2 + session_queries() if logged_in else 0)):
        page = client.get(NEWS_URL).content.decode()
    assert "Actief" in page


def test_the_outage_notice_shows_in_customer_service_categories(
    client: Client, member: Member, manager: Member, community: Space
) -> None:
    service = Category.objects.create(
        space=community, name="Klantenservice", slug="klantenservice", is_customer_service=True
    )
    chat = Category.objects.create(space=community, name="Kletsen", slug="kletsen")
    outage = make_announcement(manager, title="Inloggen gaat traag", level=AnnouncementLevel.OUTAGE)
    AnnouncementDismissal.objects.create(member=member, announcement=outage)
    client.force_login(member)

    def notice(category: Category) -> bool:
        url = reverse("forum:category-detail", args=[community.slug, category.slug])
        response = client.get(url)
        assert response.status_code == 200
        return 'class="outage-notice"' in response.content.decode()

    assert notice(service)  # even after closing the banner
    assert not notice(chat)
