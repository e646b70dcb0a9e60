from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.accounts.roles import Role
from kring.content.models import Attachment, PostKind, PostRevision
from kring.content.queries import visible_posts
from kring.content.services import comment_on_post
from kring.core.permissions import Denied
from kring.news.banners import active_banners
from kring.news.models import DRAFT_MOMENT, AnnouncementDismissal, ArticleKind
from kring.news.services import (
    AnnouncementText,
    ArticleDraft,
    create_announcement,
    dismiss_announcement,
    edit_announcement,
    edit_article,
    end_announcement,
)
from kring.news.tests.samples import PDF_BYTES, later, make_announcement, write_article
from kring.spaces.models import Space, SpaceKind

pytestmark = pytest.mark.django_db


def pdf(name: str = "whitepaper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_create_article_publishes_a_post_in_the_community(
    manager: Member, member: Member, community: Space
) -> None:
    article = write_article(manager, "Nieuwe tarieven", summary="Kort", is_sponsored=True)
    post = article.post
    assert (post.kind, post.space_id, post.title) == (
        PostKind.ARTICLE,
        community.pk,
        "Nieuwe tarieven",
    )
    assert post.is_sponsored
    assert article.publish_at == post.created_at
    assert post.created_at <= timezone.now()
    assert visible_posts(member).filter(pk=post.pk).exists()


def test_create_article_schedules_it_by_its_post_date(manager: Member, member: Member) -> None:
    moment = later(7)
    article = write_article(manager, "Later", publish_at=moment)
    article.post.refresh_from_db()
    assert article.post.created_at == moment == article.publish_at
    assert not visible_posts(member).filter(pk=article.post_id).exists()
    assert not visible_posts(manager).filter(pk=article.post_id).exists()


def test_create_article_as_draft_keeps_it_from_every_list(manager: Member) -> None:
    article = write_article(manager, "Concept", draft=True, publish_at=later(1))
    article.post.refresh_from_db()
    assert article.publish_at is None
    assert article.post.created_at == DRAFT_MOMENT
    assert not visible_posts(manager).filter(pk=article.post_id).exists()


@pytest.mark.parametrize("persona", ["member", "employee", "moderator"])
def test_create_article_refuses_non_editors(request: Any, persona: str) -> None:
    with pytest.raises(Denied):
        write_article(request.getfixturevalue(persona), "Mag niet")


def test_create_article_by_an_editor(editor: Member) -> None:
    assert write_article(editor, "Van de redactie").post.author_id == editor.pk


def test_create_article_stores_the_parsed_video(manager: Member) -> None:
    article = write_article(
        manager, "Film", kind=ArticleKind.VIDEO, video_url="https://vimeo.com/76979871"
    )
    assert (article.video_provider, article.video_id) == ("vimeo", "76979871")


@pytest.mark.parametrize("url", ["", "https://example.org/film"])
def test_create_article_refuses_a_video_without_a_good_address(manager: Member, url: str) -> None:
    with pytest.raises(ValidationError):
        write_article(manager, "Film", kind=ArticleKind.VIDEO, video_url=url)
    assert not PostRevision.objects.exists()


def test_create_article_needs_a_file_for_a_whitepaper(manager: Member, media: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        write_article(manager, "Whitepaper", kind=ArticleKind.WHITEPAPER)
    assert "files" in caught.value.message_dict
    article = write_article(manager, "Whitepaper", kind=ArticleKind.WHITEPAPER, files=[pdf()])
    attachment = Attachment.objects.get(post_id=article.post_id)
    assert (attachment.original_name, attachment.content_type) == (
        "whitepaper.pdf",
        "application/pdf",
    )


def test_create_article_refuses_a_fake_pdf_and_keeps_nothing(manager: Member, media: Path) -> None:
    fake = SimpleUploadedFile("wp.pdf", b"<html>niet echt</html>", content_type="application/pdf")
    with pytest.raises(ValidationError):
        write_article(manager, "Whitepaper", kind=ArticleKind.WHITEPAPER, files=[fake])
    assert not visible_posts(manager).filter(kind=PostKind.ARTICLE).exists()


def test_edit_article_keeps_history_and_published_date(manager: Member) -> None:
    article = write_article(manager, "Eerste titel", body="Eerste tekst")
    published = article.publish_at
    draft = ArticleDraft(
        title="Tweede titel", body="Tweede tekst", is_featured=True, publish_at=later(3)
    )
    edited = edit_article(manager, article=article, draft=draft)
    edited.refresh_from_db()
    assert edited.post.title == "Tweede titel"
    assert edited.is_featured
    assert edited.publish_at == published == edited.post.created_at
    revision = PostRevision.objects.get(post_id=article.post_id)
    assert (revision.title, revision.body) == ("Eerste titel", "Eerste tekst")


def test_edit_article_reschedules_and_publishes_a_draft(manager: Member, member: Member) -> None:
    article = write_article(manager, "Concept", draft=True)
    moment = later(2)
    edit_article(
        manager, article=article, draft=ArticleDraft(title="Concept", body="x", publish_at=moment)
    )
    article.refresh_from_db()
    assert article.publish_at == moment == article.post.created_at
    edit_article(manager, article=article, draft=ArticleDraft(title="Concept", body="x"))
    article.refresh_from_db()
    assert article.publish_at is not None
    assert article.publish_at <= timezone.now()
    assert visible_posts(member).filter(pk=article.post_id).exists()


def test_edit_article_lets_an_editor_edit_another_editors_article(
    editor: Member, manager: Member
) -> None:
    article = write_article(manager, "Van Femke")
    edit_article(editor, article=article, draft=ArticleDraft(title="Van Hanna", body="x"))
    article.refresh_from_db()
    assert article.post.title == "Van Hanna"
    assert article.post.revisions.get().edited_by == editor


def test_edit_article_refuses_an_employee_who_is_no_editor(manager: Member) -> None:
    article = write_article(manager, "Van Femke")
    employee = MemberFactory(role=Role.EMPLOYEE, is_editor=False)
    with pytest.raises(Denied):
        edit_article(employee, article=article, draft=ArticleDraft(title="Weg", body="x"))


def test_edit_article_adds_files_and_sets_sponsored(manager: Member, media: Path) -> None:
    article = write_article(manager, "Tarieven")
    draft = ArticleDraft(title="Tarieven", body="x", kind=ArticleKind.WHITEPAPER, is_sponsored=True)
    with pytest.raises(ValidationError):
        edit_article(manager, article=article, draft=draft)
    article.refresh_from_db()
    assert article.kind == ArticleKind.NEWS  # nothing kept
    edit_article(manager, article=article, draft=draft, files=[pdf()])
    article.refresh_from_db()
    assert article.kind == ArticleKind.WHITEPAPER
    assert article.post.is_sponsored
    assert article.post.attachments.count() == 1


# Announcements -------------------------------------------------------------------------------


def test_create_announcement_renders_its_text_and_shows_at_once(manager: Member) -> None:
    assert active_banners() == []  # cached: nothing active
    announcement = create_announcement(
        manager, text=AnnouncementText(title="Storing", level="outage", body="Het **spijt** ons")
    )
    assert "<strong>spijt</strong>" in announcement.body_html
    assert [b.pk for b in active_banners()] == [announcement.pk]


def test_create_announcement_refuses_non_managers(moderator: Member, editor: Member) -> None:
    for actor in (moderator, editor):
        with pytest.raises(Denied):
            create_announcement(actor, text=AnnouncementText(title="Nee"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"level": "party"}, "level"),
        ({"ends_at": timezone.now() - timedelta(days=1)}, "ends_at"),
    ],
)
def test_create_announcement_explains_bad_input(
    manager: Member, changes: dict[str, Any], field: str
) -> None:
    text = AnnouncementText(**{"title": "Goed", **changes})
    with pytest.raises(ValidationError) as caught:
        create_announcement(manager, text=text)
    assert field in caught.value.message_dict


def test_create_announcement_only_for_a_group(manager: Member, community: Space) -> None:
    with pytest.raises(ValidationError):
        create_announcement(manager, text=AnnouncementText(title="Hoi", group=community))


def test_edit_announcement_changes_what_shows(manager: Member) -> None:
    announcement = create_announcement(manager, text=AnnouncementText(title="Eerst"))
    assert active_banners()[0].title == "Eerst"
    edit_announcement(
        manager,
        announcement=announcement,
        text=AnnouncementText(title="Daarna", starts_at=announcement.starts_at),
    )
    assert active_banners()[0].title == "Daarna"
    edit_announcement(
        manager,
        announcement=announcement,
        text=AnnouncementText(title="Straks", starts_at=later(1)),
    )
    assert active_banners() == []


def test_end_announcement_stops_it_now(manager: Member) -> None:
    running = create_announcement(manager, text=AnnouncementText(title="Loopt"))
    upcoming = create_announcement(manager, text=AnnouncementText(title="Komt", starts_at=later(1)))
    end_announcement(manager, announcement=running)
    end_announcement(manager, announcement=upcoming)
    assert active_banners() == []
    upcoming.refresh_from_db()
    assert upcoming.ends_at is not None
    assert upcoming.starts_at < upcoming.ends_at
    ended_at = upcoming.ends_at
    end_announcement(manager, announcement=upcoming)  # twice is once
    upcoming.refresh_from_db()
    assert upcoming.ends_at == ended_at


def test_end_announcement_refuses_members(member: Member, manager: Member) -> None:
    announcement = make_announcement(manager)
    with pytest.raises(Denied):
        end_announcement(member, announcement=announcement)


def test_dismiss_announcement_twice_is_once(
    member: Member, manager: Member, anonymous: Any
) -> None:
    announcement = make_announcement(manager)
    dismiss_announcement(member, announcement=announcement)
    dismiss_announcement(member, announcement=announcement)
    assert AnnouncementDismissal.objects.filter(member=member).count() == 1
    with pytest.raises(Denied):
        dismiss_announcement(anonymous, announcement=announcement)


def test_space_kind_group_is_accepted(manager: Member, group: Space) -> None:
    assert group.kind == SpaceKind.GROUP
    announcement = create_announcement(manager, text=AnnouncementText(title="Fiets", group=group))
    assert announcement.group_id == group.pk


def test_edit_article_keeps_a_published_articles_activity(manager: Member, member: Member) -> None:
    article = write_article(manager, "Druk besproken")
    comment_on_post(member, post=article.post, body="Eerste!")
    article.post.refresh_from_db()
    active = article.post.last_activity_at
    edit_article(manager, article=article, draft=ArticleDraft(title="Druk besproken", body="Nieuw"))
    article.post.refresh_from_db()
    assert article.post.last_activity_at == active
