from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.content.models import Attachment, AttachmentKind, Post, PostKind, PostRevision
from kring.content.tests.samples import photo_upload, post_in
from kring.core.permissions import Denied
from kring.knowledge import services
from kring.knowledge.models import KnowledgePage, ProductLink, Review
from kring.knowledge.tests.samples import make_page, make_product, review
from kring.spaces.models import SpaceKind

pytestmark = pytest.mark.django_db


# Pages ---------------------------------------------------------------------------------------


def test_create_page_makes_a_page_post_in_the_community_space(editor: Member) -> None:
    page = make_page(
        editor, title="Zonnepanelen", body="# Hoe werkt het?\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert page.post.kind == PostKind.PAGE
    assert page.post.space.kind == SpaceKind.COMMUNITY
    assert page.post.author == editor
    assert page.slug == "zonnepanelen"
    # The page's own rendering has sections and tables; the post keeps the kernel's.
    assert "<h2>Hoe werkt het?</h2>" in page.body_html
    assert "<td>2</td>" in page.body_html
    assert "Hoe werkt het?" in page.post.body_html


def test_create_page_refuses_someone_who_is_not_an_editor(employee: Member) -> None:
    with pytest.raises(Denied):
        make_page(employee)
    assert not Post.objects.exists()


def test_create_page_makes_addresses_unique_and_avoids_reserved_words(editor: Member) -> None:
    assert make_page(editor, title="Laadpaal").slug == "laadpaal"
    assert make_page(editor, title="Laadpaal").slug == "laadpaal-2"
    assert make_page(editor, title="Nieuw").slug == "pagina-nieuw"
    assert make_page(editor, title="Energie & Coöperatie").slug == "energie-coöperatie"


def test_create_page_refuses_a_taken_or_malformed_address(editor: Member) -> None:
    make_page(editor, title="Omvormers", slug="omvormers")
    for wanted in ("omvormers", "Met Spaties", "nieuw", "123"):
        with pytest.raises(ValidationError) as raised:
            make_page(editor, title="Iets", slug=wanted)
        assert "slug" in raised.value.message_dict
    assert KnowledgePage.objects.count() == 1


def test_create_page_needs_a_title(editor: Member) -> None:
    with pytest.raises(ValidationError) as raised:
        make_page(editor, title="   ")
    assert "title" in raised.value.message_dict


def test_create_page_puts_it_under_a_parent_and_links_a_group_to_products(
    editor: Member,
) -> None:
    from kring.content.tests.samples import make_group

    group = make_group(name="Thuisbatterijen")
    parent = make_page(editor, title="Opslag")
    product = make_product(editor, parent=parent, position=3, group=group)
    assert (product.parent, product.position, product.group) == (parent, 3, group)
    plain = make_page(editor, title="Uitleg", group=group)
    assert plain.group is None  # only products have a group


def test_create_page_refuses_a_group_the_editor_cannot_read(editor: Member) -> None:
    from kring.content.tests.samples import make_group
    from kring.spaces.models import Visibility

    secret = make_group(Visibility.SECRET)
    with pytest.raises(ValidationError) as raised:
        make_product(editor, group=secret)
    assert "group" in raised.value.message_dict


def test_create_page_stores_photos_through_the_uploads_pipeline(editor: Member) -> None:
    page = make_page(editor, photos=[photo_upload("paneel.png")])
    photo = Attachment.objects.get(post=page.post)
    assert photo.kind == AttachmentKind.PHOTO
    assert photo.content_type == "image/webp"


def test_create_page_with_a_broken_photo_stores_nothing(editor: Member) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    broken = SimpleUploadedFile("kapot.png", b"geen plaatje", "image/png")
    with pytest.raises(ValidationError):
        make_page(editor, photos=[broken])
    assert not Post.objects.exists()
    assert not KnowledgePage.objects.exists()


def test_edit_page_keeps_the_old_text_as_a_revision(editor: Member) -> None:
    page = make_page(editor, title="Omvormer", body="Oud")
    services.edit_page(editor, page=page, title="Omvormers", body="Nieuw", is_product=True)
    page.refresh_from_db()
    assert (page.post.title, page.post.body, page.is_product) == ("Omvormers", "Nieuw", True)
    revision = PostRevision.objects.get(post=page.post)
    assert (revision.title, revision.body, revision.edited_by) == ("Omvormer", "Oud", editor)


def test_edit_page_by_another_editor_keeps_a_revision_too(
    editor: Member, other_editor: Member
) -> None:
    page = make_page(editor, body="Eerste versie")
    services.edit_page(
        other_editor, page=page, title="Zonnepanelen", body="Tweede", is_product=False
    )
    page.post.refresh_from_db()
    assert page.post.body == "Tweede"
    assert PostRevision.objects.get(post=page.post).edited_by == other_editor


def test_edit_page_takes_photos_from_any_editor(
    editor: Member, other_editor: Member, media: Any
) -> None:
    page = make_page(editor)
    services.edit_page(
        other_editor,
        page=page,
        title="Zonnepanelen",
        body="Tekst",
        is_product=False,
        photos=[photo_upload()],
    )
    assert page.post.attachments.count() == 1
    assert page.post.revisions.get().edited_by == other_editor


def test_edit_page_refuses_non_editors(editor: Member, member: Member) -> None:
    page = make_page(editor)
    with pytest.raises(Denied):
        services.edit_page(member, page=page, title="Weg", body="", is_product=False)


def test_move_page_places_it_under_another(editor: Member) -> None:
    top, other = make_page(editor, title="Opwekken"), make_page(editor, title="Omvormers")
    services.move_page(editor, page=other, parent=top, position=2)
    other.refresh_from_db()
    assert (other.parent_id, other.position) == (top.pk, 2)
    services.move_page(editor, page=other, parent=None, position=0)
    other.refresh_from_db()
    assert other.parent_id is None


def test_move_page_refuses_a_cycle(editor: Member) -> None:
    top = make_page(editor, title="A")
    middle = make_page(editor, title="B", parent=top)
    bottom = make_page(editor, title="C", parent=middle)
    for target in (top, middle, bottom):
        with pytest.raises(ValidationError) as raised:
            services.move_page(editor, page=top, parent=target, position=0)
        assert "parent" in raised.value.message_dict
    top.refresh_from_db()
    assert top.parent_id is None


def test_delete_page_refuses_a_page_with_sub_pages(editor: Member) -> None:
    top = make_page(editor, title="A")
    child = make_page(editor, title="B", parent=top)
    with pytest.raises(ValidationError):
        services.delete_page(editor, page=top)
    services.delete_page(editor, page=child)
    services.delete_page(editor, page=top)
    top.post.refresh_from_db()
    assert top.post.is_deleted


def test_delete_page_refuses_an_editor_who_did_not_write_it(
    editor: Member, other_editor: Member, manager: Member
) -> None:
    page = make_page(editor)
    with pytest.raises(Denied):
        services.delete_page(other_editor, page=page)
    services.delete_page(manager, page=page)


def test_link_post_to_product_is_idempotent(editor: Member, member: Member) -> None:
    product = make_product(editor)
    from kring.spaces.queries import community_space

    post = post_in(community_space(), member, "Mijn batterij piept")
    services.link_post_to_product(member, post=post, page=product)
    services.link_post_to_product(editor, post=post, page=product)
    assert ProductLink.objects.filter(page=product, post=post).count() == 1
    with pytest.raises(Denied):
        services.link_post_to_product(MemberFactory(), post=post, page=product)


# Reviews -------------------------------------------------------------------------------------


def _counters(product: KnowledgePage) -> tuple[int, int, dict[str, int]]:
    product.refresh_from_db()
    return product.review_count, product.rating_sum, product.rating_counts


def test_write_review_keeps_the_counters_exact(editor: Member) -> None:
    product = make_product(editor)
    for rating in (5, 5, 4, 1):
        review(product, rating)
    assert _counters(product) == (4, 15, {"1": 1, "2": 0, "3": 0, "4": 1, "5": 2})
    assert product.average_rating == 3.75


def test_write_review_again_replaces_the_members_review(editor: Member, member: Member) -> None:
    product = make_product(editor)
    first = services.write_review(member, page=product, rating=2, body="Matig")
    second = services.write_review(member, page=product, rating=5, body="Toch top")
    assert first.pk == second.pk
    assert second.edited_at is not None
    assert Review.objects.get().body == "Toch top"
    assert _counters(product) == (1, 5, {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1})


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_write_review_refuses_a_rating_outside_one_to_five(
    editor: Member, member: Member, rating: int
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.write_review(member, page=make_product(editor), rating=rating, body="Hm")
    assert "rating" in raised.value.message_dict


def test_write_review_needs_text(editor: Member, member: Member) -> None:
    with pytest.raises(ValidationError) as raised:
        services.write_review(member, page=make_product(editor), rating=3, body="  ")
    assert "body" in raised.value.message_dict


def test_write_review_refuses_employees_and_plain_pages(
    editor: Member, member: Member, employee: Member
) -> None:
    with pytest.raises(Denied):
        services.write_review(employee, page=make_product(editor), rating=5, body="Top")
    with pytest.raises(Denied):
        services.write_review(member, page=make_page(editor, title="Uitleg"), rating=5, body="x")


def test_delete_review_recounts(editor: Member, member: Member, moderator: Member) -> None:
    product = make_product(editor)
    own = review(product, 2, author=member)
    other = review(product, 4)
    services.delete_review(member, review=own)
    assert _counters(product) == (1, 4, {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0})
    services.delete_review(moderator, review=other)
    assert _counters(product)[:2] == (0, 0)
    assert product.average_rating is None


def test_delete_review_refuses_others(editor: Member, member: Member, friend: Member) -> None:
    own = review(make_product(editor), author=member)
    with pytest.raises(Denied):
        services.delete_review(friend, review=own)


def test_reply_to_review_is_one_editable_official_answer(
    editor: Member, member: Member, employee: Member
) -> None:
    written = review(make_product(editor), author=member)
    services.reply_to_review(employee, review=written, body="Dank je, we kijken ernaar.")
    services.reply_to_review(employee, review=written, body="Opgelost in de nieuwe versie.")
    written.refresh_from_db()
    assert written.reply == "Opgelost in de nieuwe versie."
    assert written.reply_by == employee
    assert "<p>" in written.reply_html
    with pytest.raises(Denied):
        services.reply_to_review(member, review=written, body="Ik ook")


def test_page_markdown_shifts_headings_and_keeps_html_out(editor: Member) -> None:
    from kring.knowledge.markup import render_page_markdown

    html = render_page_markdown("# Kop\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))")
    assert "<h2>Kop</h2>" in html
    assert "<script>" not in html
    assert 'href="javascript' not in html


def test_page_markdown_keeps_second_level_headings(editor: Member) -> None:
    from kring.knowledge.markup import render_page_markdown

    assert render_page_markdown("## Prijs\n\n### Korting") == "<h2>Prijs</h2>\n<h3>Korting</h3>"


def test_deleting_a_members_account_recounts_their_reviews(editor: Member, member: Member) -> None:
    product = make_product(editor)
    review(product, 1, author=member)
    review(product, 5)
    member.delete()  # what accounts.services.delete_account ends with
    assert _counters(product) == (1, 5, {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1})
