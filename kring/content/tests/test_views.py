from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import EmailLeakCheckingClient
from kring.accounts.models import Member
from kring.content import services
from kring.content.models import Comment, Post, Reaction
from kring.content.tests.samples import join, make_group, post_in
from kring.spaces.models import GroupRole, Space, Visibility

pytestmark = pytest.mark.django_db


def detail(post: Post) -> str:
    return reverse("content:post-detail", args=[post.pk])


def text_of(response: Any) -> str:
    return html.unescape(response.content.decode())


def main_of(response: Any) -> str:
    return str(text_of(response).split("<main", 1)[1].split("</main>", 1)[0])


# The post page -----------------------------------------------------------------------------


def test_post_page_shows_the_post_comments_replies_and_reactions(
    client: Client, member: Member, friend: Member, stranger: Member, community: Space
) -> None:
    post = post_in(community, member, "Wie gaat er mee **fietsen**?")
    top = services.comment_on_post(friend, post=post, body="Ik!")
    services.comment_on_post(stranger, post=post, body="Ik ook", parent=top)
    services.react(friend, post=post, kind="heart")
    services.react(member, comment=top, kind="like")
    client.force_login(member)
    response = client.get(detail(post))
    assert response.status_code == 200
    page = main_of(response)
    assert "<strong>fietsen</strong>" in page
    assert "Ik!" in page
    assert "Ik ook" in page
    assert 'class="comments comments--replies"' in page
    assert "1 reaction" in page
    # The viewer's own reaction is marked for assistive technology, not by colour only.
    bar = page.split(f'id="reactions-comment-{top.pk}"', 1)[1]
    like = re.search(r'<button[^>]*value="like"[^>]*aria-pressed="(\w+)"', bar)
    assert like is not None
    assert like.group(1) == "true"
    assert f'href="{reverse("content:post-edit", args=[post.pk])}"' in page
    assert 'id="comment-form"' in page


def test_visitors_read_public_posts_without_forms(
    client: Client, member: Member, community: Space
) -> None:
    post = post_in(community, member, "Openbaar")
    response = client.get(detail(post))
    assert response.status_code == 200
    page = main_of(response)
    assert "Openbaar" in page
    assert "<form" not in page
    assert "Log in to comment" in page


def test_a_post_in_a_private_group_is_missing_for_outsiders(
    client: Client, member: Member, stranger: Member
) -> None:
    private = make_group(Visibility.PRIVATE, owner=member)
    post = post_in(private, member, "Binnenskamers")
    assert client.get(detail(post)).status_code == 404
    client.force_login(stranger)
    assert client.get(detail(post)).status_code == 404
    assert client.get(reverse("content:post-reactions", args=[post.pk])).status_code == 404
    assert client.get(reverse("content:post-history", args=[post.pk])).status_code == 404
    assert client.get(reverse("content:post-detail", args=[999999])).status_code == 404


def test_a_deleted_post_is_gone_except_for_those_who_may_restore_it(
    client: Client, member: Member, moderator: Member, community: Space
) -> None:
    post = post_in(community, member, "Weg ermee")
    services.delete_post(member, post=post)
    client.force_login(member)
    assert client.get(detail(post)).status_code == 404
    client.force_login(moderator)
    response = client.get(detail(post))
    assert response.status_code == 200
    assert "Restore this post" in main_of(response)
    response = client.post(reverse("content:post-restore", args=[post.pk]))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.deleted_at is None


# Comments ----------------------------------------------------------------------------------


def test_commenting_and_replying_through_the_page(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    client.force_login(friend)
    url = reverse("content:comment-create", args=[post.pk])
    response = client.post(url, {"body": "Eerste reactie"})
    top = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{detail(post)}#comment-{top.pk}"
    client.force_login(member)
    client.post(url, {"body": "Een antwoord", "parent": top.pk})
    reply = Comment.objects.exclude(pk=top.pk).get()
    assert reply.parent == top
    post.refresh_from_db()
    assert post.comment_count == 2


def test_an_empty_comment_shows_an_error_on_the_form(
    client: Client, member: Member, community: Space
) -> None:
    post = post_in(community, member)
    client.force_login(member)
    response = client.post(reverse("content:comment-create", args=[post.pk]), {"body": "  "})
    assert response.status_code == 200
    assert "Write a comment first." in main_of(response)
    assert Comment.objects.count() == 0


def test_a_reply_to_a_comment_of_another_post_is_not_found(
    client: Client, member: Member, community: Space
) -> None:
    post, other = post_in(community, member), post_in(community, member, "Ander")
    foreign = services.comment_on_post(member, post=other, body="Daar")
    client.force_login(member)
    response = client.post(
        reverse("content:comment-create", args=[post.pk]), {"body": "x", "parent": foreign.pk}
    )
    assert response.status_code == 404


def test_writes_need_a_csrf_token(member: Member, community: Space) -> None:
    post = post_in(community, member)
    guarded = EmailLeakCheckingClient(enforce_csrf_checks=True)
    guarded.force_login(member)
    for url, data in [
        (reverse("content:comment-create", args=[post.pk]), {"body": "Hoi"}),
        (reverse("content:post-react", args=[post.pk]), {"kind": "like"}),
        (reverse("content:post-delete", args=[post.pk]), {}),
    ]:
        assert guarded.post(url, data).status_code == 403
    assert Comment.objects.count() == Reaction.objects.count() == 0
    post.refresh_from_db()
    assert post.deleted_at is None


def test_visitors_are_sent_to_log_in_before_writing(
    client: Client, member: Member, community: Space
) -> None:
    post = post_in(community, member)
    response = client.post(reverse("content:post-react", args=[post.pk]), {"kind": "like"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert Reaction.objects.count() == 0


def test_edit_and_delete_a_comment(
    client: Client, member: Member, friend: Member, stranger: Member, community: Space
) -> None:
    post = post_in(community, member)
    comment = services.comment_on_post(friend, post=post, body="Typfout")
    edit_url = reverse("content:comment-edit", args=[comment.pk])
    delete_url = reverse("content:comment-delete", args=[comment.pk])
    client.force_login(stranger)
    assert client.get(edit_url).status_code == 403
    assert client.post(delete_url).status_code == 403
    client.force_login(friend)
    assert client.get(edit_url).status_code == 200
    client.post(edit_url, {"body": "Zonder typfout"})
    comment.refresh_from_db()
    assert comment.body == "Zonder typfout"
    assert client.get(delete_url).status_code == 200  # the confirmation page
    client.post(delete_url)
    comment.refresh_from_db()
    assert comment.deleted_at is not None


# Reactions ---------------------------------------------------------------------------------


def test_reacting_without_javascript_returns_to_the_page(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    client.force_login(friend)
    response = client.post(
        reverse("content:post-react", args=[post.pk]), {"kind": "heart", "next": "/"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/#post-{post.pk}"
    assert Reaction.objects.get().kind == "heart"


def test_reacting_with_htmx_returns_the_refreshed_bar(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    client.force_login(friend)
    url = reverse("content:post-react", args=[post.pk])
    response = client.post(url, {"kind": "like"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    bar = text_of(response)
    assert bar.strip().startswith(f'<div class="reactions" id="reactions-post-{post.pk}">')
    assert re.search(r'value="like"[^>]*aria-pressed="true"', bar)
    assert '<span class="reaction__count">1</span>' in bar
    response = client.post(url, {"kind": "like"}, headers={"HX-Request": "true"})
    assert re.search(r'value="like"[^>]*aria-pressed="false"', text_of(response))
    assert Reaction.objects.count() == 0


def test_an_unknown_reaction_is_refused_with_a_message(
    client: Client, member: Member, community: Space
) -> None:
    post = post_in(community, member)
    client.force_login(member)
    response = client.post(
        reverse("content:post-react", args=[post.pk]), {"kind": "rocket"}, follow=True
    )
    assert response.status_code == 200
    assert "That reaction is not available." in text_of(response)
    assert Reaction.objects.count() == 0


def test_who_reacted_lists_members_and_their_reaction(
    client: Client, member: Member, friend: Member, stranger: Member, community: Space
) -> None:
    post = post_in(community, member)
    services.react(friend, post=post, kind="heart")
    services.react(stranger, post=post, kind="insightful")
    comment = services.comment_on_post(friend, post=post, body="Hoi")
    services.react(member, comment=comment, kind="like")
    page = main_of(client.get(reverse("content:post-reactions", args=[post.pk])))
    assert "Bram Jansen" in page
    assert "Love" in page
    assert "Chris Bakker" in page
    assert "Insightful" in page
    assert "Anne de Vries" not in page
    page = main_of(client.get(reverse("content:comment-reactions", args=[comment.pk])))
    assert "Anne de Vries" in page
    assert "Like" in page


# Editing, history, deleting, pinning ------------------------------------------------------


def test_editing_shows_edited_and_a_history_page(
    client: Client, member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member, "Oude tekst")
    client.force_login(friend)
    assert client.get(reverse("content:post-edit", args=[post.pk])).status_code == 403
    assert (
        client.post(reverse("content:post-edit", args=[post.pk]), {"body": "x"}).status_code == 403
    )
    client.force_login(member)
    response = client.post(reverse("content:post-edit", args=[post.pk]), {"body": "Nieuwe tekst"})
    assert response.status_code == 302
    page = main_of(client.get(detail(post)))
    history_url = reverse("content:post-history", args=[post.pk])
    assert "Nieuwe tekst" in page
    assert f'href="{history_url}">edited</a>' in page
    client.logout()
    client.cookies["django_language"] = "en"  # logging out clears the cookies
    history = main_of(client.get(history_url))
    assert history.index("Nieuwe tekst") < history.index("Oude tekst")
    assert "Original version" in history


def test_deleting_a_post_asks_first_then_hides_it(
    client: Client, member: Member, community: Space
) -> None:
    post = post_in(community, member, "Spijt")
    client.force_login(member)
    url = reverse("content:post-delete", args=[post.pk])
    assert "Delete this post?" in main_of(client.get(url))
    response = client.post(url)
    assert response.status_code == 302
    assert client.get(detail(post)).status_code == 404
    assert client.get(url).status_code == 404


def test_pinning_from_the_page(
    client: Client, member: Member, employee: Member, group: Space
) -> None:
    join(group, member)
    post = post_in(group, member)
    url = reverse("content:post-pin", args=[post.pk])
    client.force_login(member)
    assert "Pin to the top" not in main_of(client.get(detail(post)))
    assert client.post(url, {"pin": "1"}).status_code == 403
    client.force_login(employee)
    assert "Pin to the top" in main_of(client.get(detail(post)))
    client.post(url, {"pin": "1"})
    post.refresh_from_db()
    assert post.pinned_at is not None
    client.post(url, {"pin": "0"})
    post.refresh_from_db()
    assert post.pinned_at is None


def test_group_moderators_see_delete_but_not_edit(
    client: Client, member: Member, friend: Member, group: Space
) -> None:
    join(group, member)
    join(group, friend, role=GroupRole.MODERATOR)
    post = post_in(group, member)
    client.force_login(friend)
    page = main_of(client.get(detail(post)))
    assert reverse("content:post-delete", args=[post.pk]) in page
    assert reverse("content:post-edit", args=[post.pk]) not in page


def test_internal_notes_show_for_employees_only(
    client: Client, member: Member, employee: Member, community: Space
) -> None:
    post = post_in(community, member, "Mijn vraag")
    services.comment_on_post(
        employee, post=post, body="Interne notitie over deze klant", is_internal=True
    )
    client.force_login(member)
    assert "Interne notitie" not in main_of(client.get(detail(post)))
    client.force_login(employee)
    page = main_of(client.get(detail(post)))
    assert "Interne notitie" in page
    assert "Internal note: only employees see it" in page
