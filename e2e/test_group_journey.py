"""A private group in a real browser: a member asks to join, the owner approves, the member posts
a photo with a link, another member comments and reacts, and a member outside the group sees
the post nowhere: not on the group page, not in their home feed, not at its address.

Each person has their own browser context, logged in through a session made with
`Client.force_login` (the sign-up journey already proves the login form). Every page visited
is checked with axe-core. Selectors follow the forms' addresses and names, not their words, so
the journey holds in Dutch and in English.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from conftest import MemberFactory
from e2e.accessibility import assert_accessible
from e2e.conftest import Login
from kring.accounts.roles import Role
from kring.content.models import Post, Reaction
from kring.spaces.models import MembershipStatus, Visibility
from kring.spaces.tests.samples import add_membership, make_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GROUP_SLUG = "fotoclub"
GROUP_PATH = f"/groepen/{GROUP_SLUG}/"
POST_TEXT = "Onze eerste fotowandeling langs de IJssel"
COMMENT_TEXT = "Prachtig licht op die foto!"


def visit(page: Page, path: str, *, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"
    assert_accessible(page)


def submit(page: Page, form: str) -> None:
    """Press the submit button of the form matched by `form`; wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(form).locator("button[type=submit]").first.click()
    assert_accessible(page)


def png(path: Path) -> Path:
    """A photo made with Pillow: a sunset in two colours."""
    image = Image.new("RGB", (640, 420), (250, 170, 60))
    image.paste((40, 70, 140), (0, 280, 640, 420))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def ask_to_join(page: Page) -> None:
    """The group shows that it exists, not what is said in it; the member asks to join."""
    visit(page, GROUP_PATH)
    expect(page.locator(".group-closed")).to_be_visible()
    submit(page, f"form[action='{GROUP_PATH}aanvragen/']")
    expect(page.locator(f"form[action='{GROUP_PATH}aanvraag-intrekken/']")).to_be_visible()


def approve_request(page: Page) -> None:
    visit(page, f"{GROUP_PATH}leden/")
    submit(page, "form[action*='/goedkeuren/']")


def post_photo_with_link(page: Page, link: str, photo: Path) -> None:
    """A status update with a photo and a link (its preview, a background task, may still be
    pending: the post does not wait for it)."""
    visit(page, GROUP_PATH)
    composer = page.locator("form.composer")
    composer.locator("textarea[name=body]").fill(f"{POST_TEXT}. [Meer foto's]({link})")
    composer.locator("details.composer__extras > summary").click()
    composer.locator("input[name=photos]").set_input_files(photo)
    submit(page, "form.composer")
    card = page.locator("article.post-card", has_text=POST_TEXT)
    expect(card).to_be_visible()
    expect(card.locator(f"a[href='{link}'][rel~=nofollow]")).to_be_visible()
    thumbnail = card.locator(".attachments__photos img")
    expect(thumbnail).to_be_visible()
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )


def comment_and_react(page: Page, post: Post) -> None:
    visit(page, GROUP_PATH)
    expect(page.locator("article.post-card", has_text=POST_TEXT)).to_be_visible()
    visit(page, f"/berichten/{post.pk}/")
    page.locator("#comment-form textarea[name=body]").fill(COMMENT_TEXT)
    submit(page, "#comment-form")
    expect(page.locator("ol.comments")).to_contain_text(COMMENT_TEXT)
    like = page.locator(f"article#post-{post.pk} .reactions__form button[value=like]")
    like.click()  # htmx swaps the reaction bar in place
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator(".reaction__count")).to_have_text("1")
    assert_accessible(page)


def sees_nothing_of(page: Page, post: Post) -> None:
    """Not on the group page, not in the home feed, not at the post's or its photo's address."""
    visit(page, GROUP_PATH)
    expect(page.locator(".group-closed")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(POST_TEXT)
    visit(page, "/")
    expect(page.locator("main")).not_to_contain_text(POST_TEXT)
    visit(page, f"/berichten/{post.pk}/", status=404)
    expect(page.locator("main")).not_to_contain_text(POST_TEXT)
    photo = post.attachments.get()
    assert page.request.get(f"/bijlagen/{photo.pk}/{photo.original_name}").status == 404


def test_a_private_group_post_reaches_its_members_and_nobody_else(
    login_as: Login, live_server: Any, tmp_path: Path
) -> None:
    owner = MemberFactory(display_name="Olga Eigenaar", role=Role.EMPLOYEE)
    asker = MemberFactory(display_name="Noor Jansen")
    commenter = MemberFactory(display_name="Bram de Wit")
    outsider = MemberFactory(display_name="Chris Bakker")
    group = make_group(Visibility.PRIVATE, owner=owner, name="Fotoclub", slug=GROUP_SLUG)
    add_membership(group, commenter)

    noor = login_as(asker)
    ask_to_join(noor)
    approve_request(login_as(owner))  # the owner, in another browser
    assert group.memberships.get(member=asker).status == MembershipStatus.ACTIVE

    post_photo_with_link(noor, f"{live_server.url}/groepen/", png(tmp_path / "ijssel.png"))
    post = Post.objects.get(author=asker, space=group)
    assert post.attachments.count() == 1

    comment_and_react(login_as(commenter), post)
    assert Reaction.objects.filter(member=commenter, post=post, kind="like").exists()
    visit(noor, f"/berichten/{post.pk}/")  # the author reads the comment
    expect(noor.locator("ol.comments")).to_contain_text(COMMENT_TEXT)

    sees_nothing_of(login_as(outsider), post)
