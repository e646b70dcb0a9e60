from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from kring.accounts.models import Member
from kring.accounts.tests.html_checks import assert_accessible_page
from kring.content.models import PostRevision
from kring.content.tests.samples import make_group, photo_upload, post_in
from kring.knowledge import services
from kring.knowledge.models import KnowledgePage, Review
from kring.knowledge.tests.samples import make_page, make_product, review
from kring.spaces.queries import community_space

pytestmark = pytest.mark.django_db


def text_of(response: Any) -> str:
    return html.unescape(response.content.decode())


def detail(page: KnowledgePage) -> str:
    return reverse("knowledge:page-detail", args=[page.slug])


# Reading ---------------------------------------------------------------------------------------


def test_catalogue_shows_the_tree_as_nested_lists(client: Client, editor: Member) -> None:
    top = make_page(editor, title="Zonnepanelen")
    make_page(editor, title="Omvormers", parent=top)
    response = client.get(reverse("knowledge:catalogue"))
    assert response.status_code == 200
    assert_accessible_page(response)
    text = text_of(response)
    assert text.index("Zonnepanelen") < text.index("Omvormers")
    assert text.count('class="kb-tree') >= 2
    assert "New page" not in text


def test_catalogue_offers_editors_a_new_page(client: Client, editor: Member) -> None:
    client.force_login(editor)
    assert "New page" in text_of(client.get(reverse("knowledge:catalogue")))


def test_product_page_shows_text_community_group_reviews_and_ask_button(
    client: Client, editor: Member, member: Member, friend: Member, employee: Member
) -> None:
    group = make_group(name="Batterijclub", slug="batterijclub", owner=employee)
    top = make_page(editor, title="Opslag")
    product = make_product(editor, parent=top, group=group, body="# Capaciteit\n\n10 kWh")
    question = post_in(community_space(), friend, "Hoe lang gaat de batterij mee?")
    services.link_post_to_product(friend, post=question, page=product)
    post_in(group, employee, "Nieuwe firmware voor de batterij")
    written = review(product, 4, author=friend)
    services.reply_to_review(employee, review=written, body="Dank voor je review!")
    client.force_login(member)
    response = client.get(detail(product))
    assert response.status_code == 200
    assert_accessible_page(response)
    text = text_of(response)
    assert "<h2>Capaciteit</h2>" in text
    assert "Hoe lang gaat de batterij mee?" in text
    assert "Nieuwe firmware voor de batterij" in text
    assert "Dank voor je review!" in text
    assert "Official answer" in text
    assert "4.0" in text
    assert "out of 5, from 1 review" in text
    assert "4 stars out of 5" in text
    assert 'name="rating"' in text  # the member may review
    assert ">Opslag</a>" in text  # the breadcrumbs


def test_ask_button_opens_the_forums_question_form_tagged_with_the_product(
    client: Client, editor: Member
) -> None:
    try:
        ask = reverse("forum:topic-create")
    except NoReverseMatch:  # the forum is built beside the knowledge base
        pytest.skip("the forum has no new-topic form yet")
    product = make_product(editor)
    response = client.get(detail(product))
    assert f'href="{ask}?product={product.pk}&amp;kind=question"' in response.content.decode()
    assert "Log in to write a review." in text_of(response)


def test_plain_page_has_no_reviews(client: Client, editor: Member) -> None:
    page = make_page(editor, title="Over ons")
    text = text_of(client.get(detail(page)))
    assert "Reviews" not in text
    assert "Ask the community" not in text


def test_missing_or_deleted_page_is_404(client: Client, editor: Member) -> None:
    page = make_page(editor)
    services.delete_page(editor, page=page)
    assert client.get(detail(page)).status_code == 404
    assert client.get(reverse("knowledge:page-detail", args=["nergens"])).status_code == 404


def test_posts_of_kind_page_open_in_the_knowledge_base(client: Client, editor: Member) -> None:
    page = make_page(editor)
    response = client.get(reverse("content:post-detail", args=[page.pk]))
    assert response.status_code == 302
    assert client.get(response["Location"]).url == detail(page)


def test_reviews_page_through_older_ones(client: Client, editor: Member) -> None:
    product = make_product(editor)
    for _ in range(12):
        review(product, 5)
    response = client.get(detail(product), {"reviews": "2"})
    assert response.status_code == 200
    assert "Newer reviews" in text_of(response)
    assert client.get(detail(product), {"reviews": "abc"}).status_code == 200


# Writing pages ---------------------------------------------------------------------------------


def test_editor_creates_a_page_with_a_photo(client: Client, editor: Member, media: Any) -> None:
    top = make_page(editor, title="Laden")
    client.force_login(editor)
    form = client.get(reverse("knowledge:page-create"), {"parent": top.pk})
    assert_accessible_page(form)
    response = client.post(
        reverse("knowledge:page-create"),
        {
            "title": "Laadpaal",
            "slug": "",
            "body": "Snel laden.",
            "parent": str(top.pk),
            "position": "1",
            "is_product": "on",
            "group": "",
            "photos": [photo_upload("paal.png")],
        },
    )
    page = KnowledgePage.objects.get(slug="laadpaal")
    assert response.status_code == 302
    assert response.url == detail(page)
    assert (page.parent, page.is_product, page.post.attachments.count()) == (top, True, 1)


def test_create_form_shows_errors_instead_of_failing(client: Client, editor: Member) -> None:
    make_page(editor, title="Omvormers")
    client.force_login(editor)
    response = client.post(
        reverse("knowledge:page-create"),
        {"title": "Iets", "slug": "omvormers", "body": "", "parent": "999", "position": "0"},
    )
    assert response.status_code == 200
    assert "Select a valid choice." in text_of(response)
    response = client.post(
        reverse("knowledge:page-create"),
        {"title": "Iets", "slug": "omvormers", "body": "", "parent": "", "position": "0"},
    )
    assert response.status_code == 200
    assert "Another page has this address." in text_of(response)


def test_non_editors_cannot_open_the_forms(
    client: Client, editor: Member, employee: Member
) -> None:
    page = make_page(editor)
    client.force_login(employee)
    for name in ("page-edit", "page-move"):
        assert client.get(reverse(f"knowledge:{name}", args=[page.slug])).status_code == 403
    assert client.get(reverse("knowledge:page-create")).status_code == 403
    assert client.get(reverse("knowledge:page-delete", args=[page.slug])).status_code == 403


def test_another_editor_edits_and_the_history_shows_both_versions(
    client: Client, editor: Member, other_editor: Member
) -> None:
    page = make_page(editor, title="Omvormer", body="Eerste tekst")
    client.force_login(other_editor)
    assert_accessible_page(client.get(reverse("knowledge:page-edit", args=[page.slug])))
    response = client.post(
        reverse("knowledge:page-edit", args=[page.slug]),
        {"title": "Omvormers", "body": "Tweede tekst", "group": ""},
    )
    assert response.status_code == 302
    history = client.get(reverse("knowledge:page-history", args=[page.slug]))
    assert_accessible_page(history)
    revision = PostRevision.objects.get(post=page.post)
    old = client.get(reverse("knowledge:page-revision", args=[page.slug, revision.pk]))
    assert "Eerste tekst" in text_of(old)
    assert "Bring this version back" in text_of(old)
    client.post(reverse("knowledge:page-revision", args=[page.slug, revision.pk]))
    page.post.refresh_from_db()
    assert (page.post.title, page.post.body) == ("Omvormer", "Eerste tekst")
    assert PostRevision.objects.filter(post=page.post).count() == 2


def test_editor_moves_a_page_and_cannot_make_a_cycle(client: Client, editor: Member) -> None:
    top = make_page(editor, title="A")
    child = make_page(editor, title="B", parent=top)
    client.force_login(editor)
    form = client.get(reverse("knowledge:page-move", args=[top.slug]))
    assert_accessible_page(form)
    assert f'value="{child.pk}"' not in form.content.decode()  # its own subtree is no choice
    response = client.post(
        reverse("knowledge:page-move", args=[top.slug]), {"parent": str(child.pk), "position": "0"}
    )
    assert response.status_code == 200
    response = client.post(
        reverse("knowledge:page-move", args=[child.slug]), {"parent": "", "position": "4"}
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.parent_id, child.position) == (None, 4)


def test_deleting_a_page_with_sub_pages_explains_why_not(client: Client, editor: Member) -> None:
    top = make_page(editor, title="A")
    make_page(editor, title="B", parent=top)
    client.force_login(editor)
    response = client.post(reverse("knowledge:page-delete", args=[top.slug]))
    assert response.status_code == 200
    assert "Move or delete its sub-pages first." in text_of(response)
    leaf = make_page(editor, title="C")
    assert client.post(reverse("knowledge:page-delete", args=[leaf.slug])).status_code == 302


# Reviews ---------------------------------------------------------------------------------------


def test_member_reviews_then_replaces_the_review(
    client: Client, editor: Member, member: Member
) -> None:
    product = make_product(editor)
    client.force_login(member)
    url = reverse("knowledge:review-save", args=[product.slug])
    assert client.post(url, {"rating": "2", "body": "Valt tegen"}).status_code == 302
    assert client.post(url, {"rating": "5", "body": "Na de update top"}).status_code == 302
    assert Review.objects.get().rating == 5
    text = text_of(client.get(detail(product)))
    assert "Edit your review" in text
    assert "Na de update top" in text


def test_review_without_stars_gets_a_form_error(
    client: Client, editor: Member, member: Member
) -> None:
    product = make_product(editor)
    client.force_login(member)
    response = client.post(reverse("knowledge:review-save", args=[product.slug]), {"body": "Hm"})
    assert response.status_code == 200
    assert "Choose from 1 to 5 stars." in text_of(response)
    assert not Review.objects.exists()


def test_employees_cannot_review(client: Client, editor: Member, employee: Member) -> None:
    product = make_product(editor)
    client.force_login(employee)
    url = reverse("knowledge:review-save", args=[product.slug])
    assert client.post(url, {"rating": "5", "body": "Top"}).status_code == 403


def test_employee_answers_and_moderator_deletes_a_review(
    client: Client, editor: Member, member: Member, employee: Member, moderator: Member
) -> None:
    written = review(make_product(editor), author=member)
    client.force_login(employee)
    url = reverse("knowledge:review-reply", args=[written.pk])
    assert_accessible_page(client.get(url))
    assert client.post(url, {"reply": ""}).status_code == 200
    assert client.post(url, {"reply": "We bellen je."}).status_code == 302
    written.refresh_from_db()
    assert written.reply == "We bellen je."
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(moderator)
    delete_url = reverse("knowledge:review-delete", args=[written.pk])
    assert_accessible_page(client.get(delete_url))
    assert client.post(delete_url).status_code == 302
    assert not Review.objects.exists()


def test_visitors_get_a_cached_page_that_a_new_review_refreshes(
    client: Client, editor: Member, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    from kring.core.pagecache import CACHE_STATUS_HEADER

    product = make_product(editor)
    assert client.get(detail(product))[CACHE_STATUS_HEADER] == "miss"
    assert client.get(detail(product))[CACHE_STATUS_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):  # events go out after commit
        review(product, 5, author=member)
    response = client.get(detail(product))
    assert response[CACHE_STATUS_HEADER] == "miss"
    assert "5 stars out of 5" in text_of(response)


def test_a_moderator_editing_the_page_post_elsewhere_updates_the_page(
    editor: Member, moderator: Member, django_capture_on_commit_callbacks: Any
) -> None:
    from kring.content import services as content_services

    page = make_page(editor, body="Oud")
    with django_capture_on_commit_callbacks(execute=True):
        content_services.edit_post(moderator, post=page.post, body="# Nieuw kopje", title="Z")
    page.refresh_from_db()
    assert page.body_html == "<h2>Nieuw kopje</h2>"
