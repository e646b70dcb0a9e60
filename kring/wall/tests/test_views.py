from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import EmailLeakCheckingClient, MemberFactory
from kring.accounts.models import Member
from kring.content.models import Attachment, Post, PostAudience
from kring.content.tests.samples import (
    join,
    make_friends,
    make_group,
    photo_upload,
    post_in,
    profile_space_for,
    suspend,
)
from kring.spaces.models import Space, SpaceKind, Visibility
from kring.wall.models import LinkPreview, PreviewStatus
from kring.wall.views_context import OWN_PROFILE

pytestmark = pytest.mark.django_db


def text_of(response: Any) -> str:
    return html.unescape(response.content.decode())


def main_of(response: Any) -> str:
    return str(text_of(response).split("<main", 1)[1].split("</main>", 1)[0])


def compose_url(space: Space) -> str:
    return reverse("wall:space-status-create", args=[space.pk])


# The composer ------------------------------------------------------------------------------


def test_posting_text_only_returns_to_the_page(
    client: Client, member: Member, community: Space
) -> None:
    client.force_login(member)
    response = client.post(
        compose_url(community),
        {"body": "Goedemorgen **allemaal**", "idempotency_key": "a1", "next": "/prikbord/"},
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/prikbord/#post-{post.pk}"
    assert post.body_html == "<p>Goedemorgen <strong>allemaal</strong></p>"
    assert post.author == member
    assert post.space == community
    assert not LinkPreview.objects.exists()
    assert "Goedemorgen" in main_of(client.get("/prikbord/"))


def test_a_post_with_a_link_asks_for_its_preview(
    client: Client, member: Member, community: Space
) -> None:
    client.force_login(member)
    client.post(
        compose_url(community),
        {"body": "Lees dit: https://example.org/artikel en https://example.com/"},
    )
    preview = LinkPreview.objects.get()
    assert preview.post == Post.objects.get()
    assert preview.url == "https://example.org/artikel"
    assert preview.status == PreviewStatus.PENDING


def test_editing_the_link_asks_for_a_new_preview(
    client: Client, member: Member, community: Space, django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    fetched: list[int] = []
    monkeypatch.setattr("kring.wall.previews.fill_link_preview", fetched.append)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(compose_url(community), {"body": "https://example.org/een"})
    post = Post.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("content:post-edit", args=[post.pk]), {"body": "https://example.org/twee"}
        )
    assert LinkPreview.objects.get().url == "https://example.org/twee"


def test_posting_photos_and_files(
    client: Client, member: Member, community: Space, media: Path
) -> None:
    client.force_login(member)
    document = photo_upload("notities.txt", b"Boodschappen: brood, kaas")
    document.content_type = "text/plain"
    response = client.post(
        compose_url(community),
        {"body": "", "photos": [photo_upload("a.png"), photo_upload("b.png")], "files": [document]},
    )
    assert response.status_code == 302
    post = Post.objects.get()
    kinds = sorted(post.attachments.values_list("kind", flat=True))
    assert kinds == ["file", "photo", "photo"]
    page = main_of(client.get(reverse("content:post-detail", args=[post.pk])))
    assert "notities.txt" in page
    assert 'class="attachments__photos' in page


def test_a_refused_upload_keeps_no_post_and_says_why(
    client: Client, member: Member, community: Space, media: Path
) -> None:
    client.force_login(member)
    response = client.post(
        compose_url(community),
        {"body": "Kijk!", "photos": [photo_upload("nep.png", b"<html>geen plaatje</html>")]},
    )
    assert response.status_code == 200
    page = main_of(response)
    assert "not a picture we can use" in page
    assert 'aria-invalid="true"' in page
    assert Post.objects.count() == Attachment.objects.count() == 0
    community.refresh_from_db()
    assert community.post_count == 0


def test_an_empty_post_shows_an_error(client: Client, member: Member, community: Space) -> None:
    client.force_login(member)
    response = client.post(compose_url(community), {"body": "   "})
    assert response.status_code == 200
    assert "Write a message or add a photo or file." in main_of(response)
    assert Post.objects.count() == 0


def test_sending_the_form_twice_makes_one_post(
    client: Client, member: Member, community: Space
) -> None:
    client.force_login(member)
    data = {"body": "Dubbelklik", "idempotency_key": "0f3c"}
    first = client.post(compose_url(community), data)
    second = client.post(compose_url(community), data)
    assert Post.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_composer_needs_a_csrf_token(member: Member, community: Space) -> None:
    guarded = EmailLeakCheckingClient(enforce_csrf_checks=True)
    guarded.force_login(member)
    assert guarded.post(compose_url(community), {"body": "Hoi"}).status_code == 403
    assert Post.objects.count() == 0


def test_posting_where_one_may_not(
    client: Client, member: Member, stranger: Member, group: Space, community: Space
) -> None:
    secret = make_group(Visibility.SECRET, owner=stranger)
    client.force_login(member)
    assert client.post(compose_url(group), {"body": "Geen lid"}).status_code == 403
    assert client.post(compose_url(secret), {"body": "?"}).status_code == 404
    assert client.get(compose_url(secret)).status_code == 404
    suspend(member)
    suspended = client.post(compose_url(community), {"body": "Geschorst"})
    assert suspended.status_code == 302  # logged out (kring.sanctions)
    client.logout()
    response = client.post(compose_url(community), {"body": "Bezoeker"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert Post.objects.count() == 0


def test_the_home_composer_posts_in_a_chosen_group_or_on_ones_wall(
    client: Client, member: Member, group: Space, community: Space
) -> None:
    join(group, member)
    client.force_login(member)
    url = reverse("wall:status-create")
    form = main_of(client.get("/"))
    assert f'value="{group.pk}"' in form
    assert "My wall" in form
    client.post(url, {"space": group.pk, "body": "In de groep"})
    client.post(url, {"space": OWN_PROFILE, "body": "Op mijn prikbord"})
    client.post(url, {"space": community.pk, "body": "Voor iedereen"})
    placed = dict(Post.objects.values_list("body", "space__kind"))
    assert placed == {
        "In de groep": SpaceKind.GROUP,
        "Op mijn prikbord": SpaceKind.PROFILE,
        "Voor iedereen": SpaceKind.COMMUNITY,
    }
    other = make_group(name="Niet van mij", slug="niet-van-mij")
    response = client.post(url, {"space": other.pk, "body": "Hier niet"})
    assert response.status_code == 200
    assert Post.objects.count() == 3


def test_friends_only_posts_from_ones_own_profile(
    client: Client, member: Member, friend: Member, stranger: Member
) -> None:
    make_friends(member, friend)
    url = reverse("wall:profile-status-create", args=[member.pk])
    client.force_login(member)
    assert "Who can see this" in main_of(client.get(url))
    client.post(url, {"body": "Alleen voor vrienden", "audience": PostAudience.FRIENDS})
    post = Post.objects.get()
    assert post.audience == PostAudience.FRIENDS
    assert post.space == profile_space_for(member)
    client.force_login(friend)
    assert "Who can see this" not in main_of(client.get(url))
    client.post(url, {"body": "Gefeliciteerd!", "audience": PostAudience.FRIENDS})
    assert Post.objects.get(body="Gefeliciteerd!").audience == PostAudience.SPACE
    client.force_login(stranger)
    assert client.post(url, {"body": "Hoi"}).status_code == 403


def test_a_friend_may_write_on_a_wall_before_its_owner_did(
    client: Client, member: Member, friend: Member
) -> None:
    make_friends(member, friend)
    client.force_login(friend)
    page = main_of(client.get(reverse("members:profile-detail", args=[member.pk])))
    assert f'action="{reverse("wall:profile-status-create", args=[member.pk])}"' in page
    client.post(reverse("wall:profile-status-create", args=[member.pk]), {"body": "Welkom!"})
    assert Post.objects.get().space == profile_space_for(member)


# Home page and streams ---------------------------------------------------------------------


def test_home_page_is_the_members_feed(
    client: Client, member: Member, friend: Member, stranger: Member, community: Space
) -> None:
    private = make_group(Visibility.PRIVATE, owner=stranger)
    post_in(community, friend, "Voor de hele community")
    post_in(private, stranger, "Binnen de besloten groep")
    client.force_login(member)
    page = main_of(client.get("/"))
    assert "Your feed" in page
    assert "Voor de hele community" in page
    assert "Binnen de besloten groep" not in page
    assert 'action="/prikbord/plaatsen/"' in page


def test_visitors_get_the_public_stream_and_its_feed_link(
    client: Client, member: Member, community: Space, group: Space
) -> None:
    post_in(community, member, "Openbaar bericht")
    post_in(profile_space_for(member), member, "Op mijn profiel")
    response = client.get("/")
    page = text_of(response)
    assert "Openbaar bericht" in page
    assert "Op mijn profiel" not in page
    assert '<link rel="alternate" type="application/rss+xml" href="/prikbord/rss/"' in page
    assert "Join the community" in page
    assert "<textarea" not in page


def test_load_more_is_a_link_that_htmx_enhances(
    client: Client, member: Member, community: Space
) -> None:
    for n in range(23):
        post_in(community, member, f"Bericht nummer {n}")
    client.force_login(member)
    page = main_of(client.get("/"))
    assert page.count('<article class="post-card') == 20
    link = page.split('class="stream__more"', 1)[1].split("</li>", 1)[0]
    href = link.split('href="', 1)[1].split('"', 1)[0]
    assert href.startswith("/?cursor=")
    assert 'hx-get="/prikbord/thuis/berichten/?cursor=' in link
    # Without JavaScript: the next page of the home page.
    second = main_of(client.get(href))
    assert second.count('<article class="post-card') == 3
    assert "Bericht nummer 0" in second
    assert "Bericht nummer 22" not in second
    # With htmx: just the next items, for the "load more" item to be replaced by.
    fragment = text_of(
        client.get(
            href.replace("/?", "/prikbord/thuis/berichten/?"), headers={"HX-Request": "true"}
        )
    )
    assert fragment.strip().startswith('<li class="stream__item">')
    assert fragment.count('<article class="post-card') == 3
    assert "<main" not in fragment


def test_stream_fragments_send_browsers_to_the_page(
    client: Client, member: Member, group: Space, community: Space
) -> None:
    url = reverse("wall:space-stream", args=[group.pk])
    response = client.get(url + "?cursor=abc")
    assert response.status_code == 302
    assert response["Location"] == reverse("spaces:group-detail", args=[group.slug]) + "?cursor=abc"
    response = client.get(reverse("wall:space-stream", args=[community.pk]))
    assert response["Location"] == reverse("wall:community")
    response = client.get(
        reverse("wall:profile-stream", args=[member.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 404  # a profile for members only, and this is a visitor
    client.force_login(member)
    response = client.get(
        reverse("wall:profile-stream", args=[member.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200


def test_stream_fragments_of_unreadable_spaces_are_missing(
    client: Client, member: Member, stranger: Member
) -> None:
    secret = make_group(Visibility.SECRET, owner=stranger)
    post_in(secret, stranger, "Geheim")
    client.force_login(member)
    response = client.get(
        reverse("wall:space-stream", args=[secret.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 404


def test_the_community_wall_has_its_posts_pinned_first(
    client: Client, member: Member, moderator: Member, community: Space
) -> None:
    from kring.content.services import pin_post

    old = post_in(community, member, "Huisregels")
    post_in(community, member, "Nieuwer bericht")
    pin_post(moderator, post=old)
    page = main_of(client.get(reverse("wall:community")))
    assert page.index("Huisregels") < page.index("Nieuwer bericht")
    assert 'aria-label="Pinned posts"' in page
    assert 'rel="alternate" type="application/rss+xml" href="/prikbord/rss/"' in page


def test_a_group_stream_inside_the_group_page(
    client: Client, member: Member, group: Space, employee: Member
) -> None:
    join(group, member)
    post_in(group, employee, "Welkom in de groep")
    client.force_login(member)
    page = main_of(client.get(reverse("spaces:group-detail", args=[group.slug])))
    assert "Welkom in de groep" in page
    assert f'action="{compose_url(group)}"' in page
    assert f'href="/prikbord/groepen/{group.slug}/rss/"' in page


def test_a_profile_stream_inside_the_profile_page(
    client: Client, member: Member, friend: Member
) -> None:
    make_friends(member, friend)
    post_in(profile_space_for(friend), friend, "Mijn vakantie", audience="friends")
    client.force_login(member)
    page = main_of(client.get(reverse("members:profile-detail", args=[friend.pk])))
    assert "Mijn vakantie" in page
    assert f'action="{reverse("wall:profile-status-create", args=[friend.pk])}"' in page
    client.force_login(MemberFactory())
    page = main_of(client.get(reverse("members:profile-detail", args=[friend.pk])))
    assert "Mijn vakantie" not in page
