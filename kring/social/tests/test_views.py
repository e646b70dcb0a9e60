"""The social pages and buttons: friend requests, lists on a profile, follows, blocks, the
buttons on a profile per state, CSRF, and fixed query counts."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.tests.html_checks import assert_accessible_page
from kring.core.sitesettings.models import FriendRequestPolicy, SiteSettings
from kring.members.models import ProfileVisibility
from kring.members.tests.samples import make_member
from kring.social import services
from kring.social.models import Block, Follow, FriendRequest, FriendRequestStatus, Friendship
from kring.social.queries import are_friends
from kring.social.tests.samples import befriend, change_site, make_group
from kring.spaces.models import Visibility

pytestmark = pytest.mark.django_db

REQUESTS_URL = reverse("social:friend-requests")
BLOCKS_URL = reverse("social:block-list")


def profile_url(member: Member) -> str:
    return reverse("members:profile-detail", args=[member.pk])


def url(name: str, *args: Any) -> str:
    return reverse(f"social:{name}", args=args)


def main_of(response: Any) -> str:
    return str(response.content.decode().split("<main", 1)[1].split("</main>", 1)[0])


def dutch(text: str) -> str:
    """`text` as the (Dutch-first) pages show it."""
    with translation.override("nl"):
        return translation.gettext(text)


def form_actions(response: Any) -> set[str]:
    """Where the POST forms of the page's main part go."""
    return set(re.findall(r'<form[^>]*method="post"[^>]*action="([^"]+)"', main_of(response)))


def login(client: Client, member: Member) -> Client:
    client.force_login(member)
    return client


# The buttons on a profile, per state


SOCIAL_POSTS = {"friend-request-send", "friend-request-accept", "friend-request-decline",
                "friend-request-cancel", "friend-remove", "member-follow", "member-unfollow",
                "member-unblock"}  # fmt: skip


def social_forms(response: Any, member: Member, request: FriendRequest | None = None) -> set[str]:
    """Which of the social POST buttons the profile of `member` shows."""
    urls = {
        name: url(name, request.pk if request and "request-" in name and "send" not in name
                  else member.pk)
        for name in SOCIAL_POSTS
    }  # fmt: skip
    actions = form_actions(response)
    return {name for name, target in urls.items() if target in actions}


def test_a_stranger_may_add_follow_and_block(
    client: Client, member: Member, stranger: Member
) -> None:
    response = login(client, member).get(profile_url(stranger))
    assert social_forms(response, stranger) == {"friend-request-send", "member-follow"}
    next_query = urlencode({"next": profile_url(stranger)})
    assert f'href="{url("member-block", stranger.pk)}?{next_query}"' in main_of(response)


def test_after_asking_the_button_takes_the_request_back(
    client: Client, member: Member, stranger: Member
) -> None:
    request = services.send_friend_request(member, member=stranger)
    response = login(client, member).get(profile_url(stranger))
    assert social_forms(response, stranger, request) == {"friend-request-cancel", "member-follow"}


def test_the_asked_member_may_accept_or_decline(
    client: Client, member: Member, stranger: Member
) -> None:
    request = services.send_friend_request(member, member=stranger)
    response = login(client, stranger).get(profile_url(member))
    assert social_forms(response, member, request) == {
        "friend-request-accept",
        "friend-request-decline",
        "member-follow",
    }


def test_friends_may_unfriend_and_followers_unfollow(
    client: Client, member: Member, friend: Member
) -> None:
    befriend(member, friend)
    services.follow_member(member, member=friend)
    response = login(client, member).get(profile_url(friend))
    assert social_forms(response, friend) == {"friend-remove", "member-unfollow"}


def test_a_blocked_member_gets_unblock_only(
    client: Client, member: Member, stranger: Member
) -> None:
    services.block_member(member, member=stranger)
    response = login(client, member).get(profile_url(stranger))
    assert social_forms(response, stranger) == {"member-unblock"}
    assert url("member-block", stranger.pk) not in main_of(response)


def test_policy_nobody_hides_the_add_friend_button(
    client: Client, member: Member, stranger: Member
) -> None:
    change_site(friend_request_policy=FriendRequestPolicy.NOBODY)
    response = login(client, member).get(profile_url(stranger))
    assert social_forms(response, stranger) == {"member-follow"}


def test_a_moderator_cannot_be_blocked_so_no_block_button(
    client: Client, member: Member, moderator: Member
) -> None:
    response = login(client, member).get(profile_url(moderator))
    assert url("member-block", moderator.pk) not in main_of(response)


def test_visitors_see_the_counts_but_no_buttons(
    client: Client, member: Member, friend: Member, stranger: Member
) -> None:
    member.profile.visibility = ProfileVisibility.EVERYONE
    member.profile.save(update_fields=["visibility"])
    befriend(member, friend)
    services.follow_member(stranger, member=member)
    response = client.get(profile_url(member))
    main = main_of(response)
    assert form_actions(response) == set()
    # Only what a visitor may see is counted: friend and stranger have members-only profiles.
    assert f'href="{url("friend-list", member.pk)}"' in main
    assert f'href="{url("follower-list", member.pk)}"' in main
    login(client, stranger)
    text = html.unescape(main_of(client.get(profile_url(member))))
    with translation.override("nl"):
        assert translation.ngettext("%(num)d friend", "%(num)d friends", 1) % {"num": 1} in text
        assert translation.ngettext("%(num)d follower", "%(num)d followers", 1) % {"num": 1} in text


def test_the_own_profile_links_to_requests_with_the_count(
    client: Client, member: Member, friend: Member, stranger: Member
) -> None:
    services.send_friend_request(friend, member=member)
    services.send_friend_request(stranger, member=member)
    main = main_of(login(client, member).get(profile_url(member)))
    assert f'href="{REQUESTS_URL}"' in main
    assert '<span class="count-badge">2</span>' in main
    assert f'href="{BLOCKS_URL}"' in main


@pytest.mark.parametrize("relation", ["friend", "follower", "blocked"])
def test_the_profile_page_takes_as_many_queries_for_5_as_for_50(
    member: Member, relation: str
) -> None:
    browser = Client()  # without the suite's e-mail check, which queries too
    browser.force_login(member)
    counts = []
    for size in (5, 50):
        for _n in range(size - len(counts) * 5):
            other = make_member(ProfileVisibility.MEMBERS)
            if relation == "friend":
                befriend(other, member)
            elif relation == "follower":
                services.follow_member(other, member=member)
            else:
                services.block_member(member, member=other)
        browser.get(profile_url(member))  # warm the cached site settings
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(profile_url(member)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Friend requests through the pages


def test_asking_and_accepting_through_the_pages(
    client: Client, member: Member, friend: Member
) -> None:
    login(client, member)
    response = client.post(
        url("friend-request-send", friend.pk), {"next": profile_url(friend)}, follow=True
    )
    assert response.redirect_chain == [(profile_url(friend), 302)]
    assert 'class="message message--success"' in response.content.decode()
    request = FriendRequest.objects.get()

    login(client, friend)
    inbox = client.get(REQUESTS_URL)
    assert url("friend-request-accept", request.pk) in form_actions(inbox)
    assert url("friend-request-decline", request.pk) in form_actions(inbox)
    response = client.post(url("friend-request-accept", request.pk), {"next": REQUESTS_URL})
    assert response.status_code == 302
    assert response["Location"] == REQUESTS_URL
    assert are_friends(member, friend)


def test_the_inbox_shows_sent_requests_with_cancel(
    client: Client, member: Member, friend: Member
) -> None:
    request = services.send_friend_request(member, member=friend)
    inbox = login(client, member).get(REQUESTS_URL)
    assert url("friend-request-cancel", request.pk) in form_actions(inbox)
    assert "Bram Jansen" in html.unescape(main_of(inbox))
    client.post(url("friend-request-cancel", request.pk))
    request.refresh_from_db()
    assert request.status == FriendRequestStatus.CANCELLED
    assert url("friend-request-cancel", request.pk) not in form_actions(client.get(REQUESTS_URL))


def test_declining_through_the_inbox(client: Client, member: Member, friend: Member) -> None:
    request = services.send_friend_request(member, member=friend)
    login(client, friend).post(url("friend-request-decline", request.pk))
    request.refresh_from_db()
    assert request.status == FriendRequestStatus.DECLINED


def test_the_inbox_links_only_to_profiles_the_viewer_may_see(
    client: Client, member: Member
) -> None:
    hidden = make_member(ProfileVisibility.FRIENDS, display_name="Verborgen Vera")
    open_profile = make_member(ProfileVisibility.MEMBERS, display_name="Open Otto")
    services.send_friend_request(hidden, member=member)
    services.send_friend_request(open_profile, member=member)
    main = main_of(login(client, member).get(REQUESTS_URL))
    assert f'href="{profile_url(open_profile)}"' in main
    assert f'href="{profile_url(hidden)}"' not in main
    assert "Verborgen Vera" in html.unescape(main)


def test_someone_elses_request_is_not_found(
    client: Client, member: Member, friend: Member, stranger: Member
) -> None:
    request = services.send_friend_request(member, member=friend)
    login(client, stranger)
    for name in ("friend-request-accept", "friend-request-decline", "friend-request-cancel"):
        assert client.post(url(name, request.pk)).status_code == 404
    request.refresh_from_db()
    assert request.status == FriendRequestStatus.PENDING


def test_a_refused_action_answers_403_with_the_reason(
    client: Client, member: Member, stranger: Member
) -> None:
    change_site(friend_request_policy=FriendRequestPolicy.NOBODY)
    response = login(client, member).post(url("friend-request-send", stranger.pk))
    assert response.status_code == 403
    assert dutch("Friendships are switched off in this community.") in html.unescape(
        response.content.decode()
    )
    assert not FriendRequest.objects.exists()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_next_never_leads_off_the_site(
    client: Client, member: Member, stranger: Member, target: str
) -> None:
    response = login(client, member).post(url("member-follow", stranger.pk), {"next": target})
    assert response["Location"] == profile_url(stranger)


def test_every_button_needs_the_csrf_token(member: Member, stranger: Member) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    for name in ("friend-request-send", "member-follow", "member-block"):
        assert browser.post(url(name, stranger.pk)).status_code == 403
    assert not FriendRequest.objects.exists()
    assert not Follow.objects.exists()
    assert not Block.objects.exists()


def test_buttons_need_a_post_and_a_login(client: Client, member: Member, stranger: Member) -> None:
    login_url = reverse("account_login")
    assert client.post(url("friend-request-send", stranger.pk))["Location"].startswith(login_url)
    assert client.get(REQUESTS_URL)["Location"].startswith(login_url)
    assert client.get(BLOCKS_URL)["Location"].startswith(login_url)
    login(client, member)
    for name in ("friend-request-send", "friend-remove", "member-follow", "member-unblock"):
        assert client.get(url(name, stranger.pk)).status_code == 405


def test_nobody_is_asked_through_a_profile_they_may_not_see(client: Client, member: Member) -> None:
    hidden = make_member(ProfileVisibility.FRIENDS)
    login(client, member)
    assert client.post(url("friend-request-send", hidden.pk)).status_code == 404
    assert client.post(url("member-follow", hidden.pk)).status_code == 404
    assert client.post(url("friend-request-send", 999_999)).status_code == 404


def test_unfriending_through_the_button(client: Client, member: Member, friend: Member) -> None:
    befriend(member, friend)
    response = login(client, friend).post(url("friend-remove", member.pk))
    assert response.status_code == 302
    assert not Friendship.objects.exists()
    assert client.post(url("friend-remove", member.pk)).status_code == 302  # a second click
    hidden = make_member(ProfileVisibility.FRIENDS)
    assert client.post(url("friend-remove", hidden.pk)).status_code == 404


# Follows


def test_following_and_unfollowing_a_member(
    client: Client, member: Member, stranger: Member
) -> None:
    login(client, member)
    client.post(url("member-follow", stranger.pk))
    client.post(url("member-follow", stranger.pk))  # twice is fine
    assert Follow.objects.filter(follower=member, member=stranger).count() == 1
    client.post(url("member-unfollow", stranger.pk))
    assert not Follow.objects.exists()
    assert client.post(url("member-unfollow", stranger.pk)).status_code == 302  # harmless


def test_unfollowing_works_when_their_profile_turned_friends_only(
    client: Client, member: Member, stranger: Member
) -> None:
    services.follow_member(member, member=stranger)
    stranger.profile.visibility = ProfileVisibility.FRIENDS
    stranger.profile.save(update_fields=["visibility"])
    assert login(client, member).post(url("member-unfollow", stranger.pk)).status_code == 302
    assert not Follow.objects.exists()


def test_following_groups(client: Client, member: Member) -> None:
    public = make_group("Fietsers")
    secret = make_group("Geheim", visibility=Visibility.SECRET)
    login(client, member)
    response = client.post(url("group-follow", public.pk), {"next": "/groepen/fietsers/"})
    assert response["Location"] == "/groepen/fietsers/"
    assert Follow.objects.filter(follower=member, space=public).exists()
    assert client.post(url("group-follow", secret.pk)).status_code == 404
    assert client.post(url("group-unfollow", secret.pk)).status_code == 404
    client.post(url("group-unfollow", public.pk))
    assert not Follow.objects.exists()
    assert client.post(url("group-unfollow", public.pk)).status_code == 302
    # A followed group that turned secret can still be unfollowed.
    services.follow_group(member, group=public)
    public.visibility = Visibility.SECRET
    public.save(update_fields=["visibility"])
    assert client.post(url("group-unfollow", public.pk)).status_code == 302
    assert not Follow.objects.exists()


# Blocks


def test_blocking_asks_for_confirmation_first(
    client: Client, member: Member, friend: Member
) -> None:
    befriend(member, friend)
    login(client, member)
    page = client.get(url("member-block", friend.pk), {"next": profile_url(friend)})
    assert page.status_code == 200
    assert_accessible_page(page)
    assert url("member-block", friend.pk) in form_actions(page)
    assert f'name="next" value="{profile_url(friend)}"' in page.content.decode()
    assert dutch("your friendship ends;") in html.unescape(main_of(page))
    assert not Block.objects.exists()

    response = client.post(url("member-block", friend.pk), {"next": profile_url(friend)})
    assert response["Location"] == profile_url(friend)
    assert Block.objects.filter(blocker=member, blocked=friend).exists()
    assert not Friendship.objects.exists()
    # Asking again only says it is done already.
    assert client.get(url("member-block", friend.pk))["Location"] == profile_url(friend)


def test_blocking_staff_is_refused_with_the_reason(
    client: Client, member: Member, moderator: Member
) -> None:
    login(client, member)
    for response in (
        client.get(url("member-block", moderator.pk)),
        client.post(url("member-block", moderator.pk)),
    ):
        assert response.status_code == 403
        text = html.unescape(response.content.decode())
        assert (
            dutch(
                "Moderators and community managers cannot be blocked: they must be able to reach"
                " every member to keep the community safe. If one of them bothers you, tell an"
                " administrator."
            )
            in text
        )
    assert not Block.objects.exists()


def test_a_friends_only_sender_can_be_blocked_from_the_inbox(
    client: Client, member: Member
) -> None:
    pest = make_member(ProfileVisibility.FRIENDS, display_name="Piet Pester")
    services.send_friend_request(pest, member=member)
    login(client, member)
    assert f'href="{url("member-block", pest.pk)}?' in main_of(client.get(REQUESTS_URL))
    assert client.get(url("member-block", pest.pk)).status_code == 200
    client.post(url("member-block", pest.pk))
    assert Block.objects.filter(blocker=member, blocked=pest).exists()
    # Without a request (and without seeing the profile) there is nothing to block.
    assert (
        client.get(url("member-block", make_member(ProfileVisibility.FRIENDS).pk)).status_code
        == 404
    )


def test_the_block_list_unblocks_even_a_hidden_profile(
    client: Client, member: Member, stranger: Member
) -> None:
    services.block_member(member, member=stranger)
    stranger.profile.visibility = ProfileVisibility.FRIENDS
    stranger.profile.save(update_fields=["visibility"])
    login(client, member)
    page = client.get(BLOCKS_URL)
    assert_accessible_page(page)
    assert "Chris Bakker" in html.unescape(main_of(page))
    assert url("member-unblock", stranger.pk) in form_actions(page)
    response = client.post(url("member-unblock", stranger.pk), {"next": BLOCKS_URL})
    assert response["Location"] == BLOCKS_URL
    assert not Block.objects.exists()
    # Unblocking again is harmless where the profile shows; a hidden one stays hidden.
    assert client.post(url("member-unblock", stranger.pk)).status_code == 404
    assert client.post(url("member-unblock", member.pk)).status_code == 302


def test_the_block_list_shows_only_ones_own_blocks(
    client: Client, member: Member, stranger: Member, friend: Member
) -> None:
    services.block_member(friend, member=stranger)
    main = html.unescape(main_of(login(client, member).get(BLOCKS_URL)))
    assert "Chris Bakker" not in main


# Lists on a profile


@pytest.mark.parametrize("kind", ["friend-list", "follower-list", "following-list"])
def test_lists_answer_404_where_the_profile_is_hidden(
    client: Client, member: Member, kind: str
) -> None:
    hidden = make_member(ProfileVisibility.FRIENDS)
    assert login(client, member).get(url(kind, hidden.pk)).status_code == 404
    assert client.get(url(kind, 999_999)).status_code == 404
    assert Client().get(url(kind, member.pk)).status_code == 404  # members-only, for a visitor


def test_the_friend_list_shows_friends_the_viewer_may_see(
    client: Client, member: Member, friend: Member, stranger: Member
) -> None:
    befriend(member, friend)
    hidden = make_member(ProfileVisibility.FRIENDS, display_name="Verborgen Vera")
    befriend(hidden, member)
    befriend(member, stranger)
    services.block_member(stranger, member=MemberFactory(display_name="Pieter Pech"))

    page = login(client, friend).get(url("friend-list", member.pk))
    assert_accessible_page(page)
    main = html.unescape(main_of(page))
    assert "Chris Bakker" in main
    assert f'href="{profile_url(stranger)}"' in main
    assert "Verborgen Vera" not in main  # friends-only, and friend is not her friend

    services.block_member(friend, member=stranger)
    main = html.unescape(main_of(client.get(url("friend-list", member.pk))))
    assert "Chris Bakker" not in main  # blocked: neither direction shows


def test_followers_and_following_lists(
    client: Client, member: Member, friend: Member, stranger: Member
) -> None:
    services.follow_member(friend, member=member)
    services.follow_member(member, member=stranger)
    login(client, member)
    followers = html.unescape(main_of(client.get(url("follower-list", member.pk))))
    following = html.unescape(main_of(client.get(url("following-list", member.pk))))
    assert "Bram Jansen" in followers
    assert "Chris Bakker" not in followers
    assert "Chris Bakker" in following
    assert "Bram Jansen" not in following


def test_a_long_friend_list_pages_by_name(client: Client, member: Member) -> None:
    for n in range(30):
        befriend(make_member(display_name=f"Vriend {n:02d}"), member)
    login(client, member)
    first = client.get(url("friend-list", member.pk)).content.decode()
    assert first.count('class="member-card"') == 24
    next_link = html.unescape(re.search(r'href="([^"]+)" rel="next"', first).group(1))  # type: ignore[union-attr]
    second = client.get(url("friend-list", member.pk) + next_link).content.decode()
    assert second.count('class="member-card"') == 6
    assert 'rel="prev"' in second


@pytest.mark.parametrize("kind", ["friend-list", "follower-list", "following-list"])
@pytest.mark.parametrize("logged_in", [False, True])
def test_lists_take_a_fixed_number_of_queries(
    member: Member, django_assert_num_queries: Any, kind: str, logged_in: bool
) -> None:
    member.profile.visibility = ProfileVisibility.EVERYONE
    member.profile.save(update_fields=["visibility"])
    browser = Client()
    viewer = MemberFactory()
    if logged_in:
        browser.force_login(viewer)
    browser.get(url(kind, member.pk))  # the site settings are cached from here on
    # The profile and its interests, and the page; a member adds session and account (with
    # the header's avatar).
    expected = 5 if logged_in else 3
    for size, shown in ((5, 5), (45, 24)):
        for _n in range(size):
            other = make_member(ProfileVisibility.EVERYONE)
            if kind == "friend-list":
                befriend(other, member)
            elif kind == "follower-list":
                services.follow_member(other, member=member)
            else:
                services.follow_member(member, member=other)
        with django_assert_num_queries(expected):
            response = browser.get(url(kind, member.pk))
        assert response.content.decode().count('class="member-card"') == shown


def test_the_request_inbox_takes_a_fixed_number_of_queries(
    member: Member, django_assert_num_queries: Any
) -> None:
    browser = Client()
    browser.force_login(member)
    browser.get(REQUESTS_URL)
    # Session, account (with the header's avatar), received, sent, which profiles to link.
    for size in (5, 45):
        for _n in range(size):
            services.send_friend_request(make_member(), member=member)
            services.send_friend_request(member, member=make_member())
        with django_assert_num_queries(5):
            response = browser.get(REQUESTS_URL)
        assert response.status_code == 200


def test_the_request_inbox_is_accessible(client: Client, member: Member, friend: Member) -> None:
    services.send_friend_request(friend, member=member)
    services.send_friend_request(member, member=MemberFactory())
    assert_accessible_page(login(client, member).get(REQUESTS_URL))


# Settings


def test_admins_set_the_friendship_policy_on_the_site_settings_page(
    client: Client, admin: Member
) -> None:
    settings_url = reverse("accounts:site-settings")
    login(client, admin)
    page = client.get(settings_url)
    assert_accessible_page(page)
    text = page.content.decode()
    assert 'name="friend_request_policy"' in text
    assert 'name="employees_may_befriend_customers"' in text
    response = client.post(
        settings_url,
        {
            "community_name": "Kring",
            "primary_colour": "#0b6e4f",
            "default_language": "nl",
            "registration_policy": "open",
            "friend_request_policy": FriendRequestPolicy.NOBODY,
            # an unticked checkbox is not sent
        },
    )
    assert response.status_code == 302
    site = SiteSettings.load()
    assert site.friend_request_policy == FriendRequestPolicy.NOBODY
    assert site.employees_may_befriend_customers is False


def test_the_account_settings_link_to_friend_requests_with_the_count(
    client: Client, member: Member, friend: Member
) -> None:
    services.send_friend_request(friend, member=member)
    main = main_of(login(client, member).get(reverse("accounts:settings")))
    assert f'href="{REQUESTS_URL}"' in main
    assert '<span class="count-badge">1</span>' in main
    assert f'href="{BLOCKS_URL}"' in main
