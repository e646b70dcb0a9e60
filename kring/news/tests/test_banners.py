from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.content.tests.samples import join, make_group
from kring.news.banners import CACHE_KEY, NOTHING_SHOWN, active_banners, shown_announcements
from kring.news.context_processors import announcements
from kring.news.models import AnnouncementDismissal, AnnouncementLevel
from kring.news.tests.samples import later, make_announcement
from kring.spaces.models import Space, Visibility

pytestmark = pytest.mark.django_db


def page(viewer: Any, path: str = "/") -> Any:
    request = RequestFactory().get(path)
    request.user = viewer
    request.resolver_match = resolve(path)
    return request


def test_active_banners_costs_no_query_once_cached(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        assert active_banners() == []
    with django_assert_num_queries(0):
        assert active_banners() == []


def test_shown_announcements_costs_nothing_while_none_is_active(
    member: Member, manager: Member, django_assert_num_queries: Any
) -> None:
    make_announcement(manager, title="Voorbij", starts_at=later(-3), ends_at=later(-2))
    make_announcement(manager, title="Komt nog", starts_at=later(2))
    active_banners()
    with django_assert_num_queries(0):
        assert shown_announcements(page(member)) is NOTHING_SHOWN


def test_active_banners_expire_at_the_next_start_or_end(manager: Member) -> None:
    ending = make_announcement(manager, title="Eindigt", ends_at=later(1 / 24))
    make_announcement(manager, title="Begint", starts_at=later(1 / 48))
    assert [b.pk for b in active_banners()] == [ending.pk]
    _banners, changes = cache.get(CACHE_KEY)
    assert abs(changes - later(1 / 48)) < timedelta(seconds=5)


def test_active_banners_never_shows_one_past_its_end(manager: Member) -> None:
    make_announcement(manager, ends_at=timezone.now() + timedelta(milliseconds=300))
    assert active_banners()
    time.sleep(0.4)  # the cache keeps whole seconds: the entry outlives the announcement
    assert active_banners() == []


def test_outages_come_first(manager: Member) -> None:
    info = make_announcement(manager, title="Info")
    outage = make_announcement(manager, title="Storing", level=AnnouncementLevel.OUTAGE)
    warning = make_announcement(manager, title="Let op", level=AnnouncementLevel.WARNING)
    assert [b.pk for b in active_banners()] == [outage.pk, warning.pk, info.pk]


def test_a_member_queries_dismissals_only_when_one_is_active(
    member: Member, manager: Member, anonymous: Any, django_assert_num_queries: Any
) -> None:
    shown = make_announcement(manager, title="Open")
    closed = make_announcement(manager, title="Dicht")
    AnnouncementDismissal.objects.create(member=member, announcement=closed)
    active_banners()
    with django_assert_num_queries(1):
        result = shown_announcements(page(member))
    assert [b.pk for b in result.banners] == [shown.pk]
    assert result.can_dismiss
    with django_assert_num_queries(0):
        result = shown_announcements(page(anonymous))
    assert {b.pk for b in result.banners} == {shown.pk, closed.pk}
    assert not result.can_dismiss


def test_dismissed_outages_still_reach_the_outage_notice(
    member: Member, manager: Member, group: Space
) -> None:
    outage = make_announcement(manager, title="Storing", level=AnnouncementLevel.OUTAGE)
    make_announcement(manager, title="Groepsstoring", level=AnnouncementLevel.OUTAGE, group=group)
    AnnouncementDismissal.objects.create(member=member, announcement=outage)
    result = shown_announcements(page(member))
    assert result.banners == []
    assert [b.pk for b in result.outages] == [outage.pk]


def test_group_announcements_show_to_members_and_on_open_group_pages(
    member: Member, stranger: Member, manager: Member, anonymous: Any, group: Space
) -> None:
    join(group, member)
    announcement = make_announcement(manager, title="Fietsdag", group=group)
    group_page = f"/groepen/{group.slug}/"
    assert resolve(group_page).namespace == "spaces"
    assert [b.pk for b in shown_announcements(page(member)).banners] == [announcement.pk]
    assert shown_announcements(page(stranger)).banners == []
    assert [b.group_name for b in shown_announcements(page(anonymous, group_page)).banners] == [
        "Fietsers"
    ]


def test_a_closed_groups_announcement_never_shows_to_outsiders(
    member: Member, stranger: Member, manager: Member
) -> None:
    secret = make_group(Visibility.SECRET, name="Geheim", slug="geheim")
    join(secret, member)
    make_announcement(manager, title="Alleen voor leden", group=secret)
    assert shown_announcements(page(member)).banners
    # The secret group's 404 page resolves to its slug too.
    assert shown_announcements(page(stranger, f"/groepen/{secret.slug}/")).banners == []


def test_a_member_with_a_group_announcement_costs_two_queries(
    manager: Member, group: Space, django_assert_num_queries: Any
) -> None:
    reader = MemberFactory()
    join(group, reader)
    make_announcement(manager, group=group)
    active_banners()
    with django_assert_num_queries(2):  # their groups among those announced to, dismissals
        assert shown_announcements(page(reader)).banners


def test_the_context_processor_costs_nothing_until_a_page_shows_it(
    member: Member, manager: Member, django_assert_num_queries: Any
) -> None:
    make_announcement(manager)
    with django_assert_num_queries(0):
        context = announcements(page(member))
    with django_assert_num_queries(2):  # the active list (cold cache), the dismissals
        assert context["site_announcements"].banners
