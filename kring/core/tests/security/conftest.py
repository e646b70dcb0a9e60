"""Fixtures of the security battery: a small community with one of everything a URL can name,
a client that checks every HTML answer for a strict Content-Security-Policy, and `probe`, which
records what a test tried for docs/security.md (bin/security-report)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import EmailLeakCheckingClient, MemberFactory
from kring.accounts.models import ApprovalStatus, Invitation, Member
from kring.content.models import Attachment, Comment, Post, PostRevision, Reaction
from kring.content.services import comment_on_post, create_post
from kring.core.sitesettings.models import SiteSettings
from kring.filters.models import WordFilter
from kring.forum.models import Category, Topic
from kring.forum.services import create_category, create_topic
from kring.knowledge.models import KnowledgePage, Review
from kring.knowledge.services import create_page, edit_page, write_review
from kring.mediation.models import MediationCase
from kring.messaging.models import Conversation, Message, MessageAttachment, Participant
from kring.messaging.services import start_conversation
from kring.moderation.models import FlagCase
from kring.moderation.services import flag_post
from kring.news.models import Announcement, Article
from kring.news.services import AnnouncementText, ArticleDraft, create_announcement, create_article
from kring.sanctions.models import Appeal, Sanction, WarningTemplate
from kring.sanctions.services import appeal_sanction, warn_member
from kring.social.models import FriendRequest
from kring.spaces.models import GroupRole, Membership, MembershipStatus, Space, SpaceKind
from kring.spaces.queries import community_space
from kring.uploads.services import attach_to_post
from kring.uploads.tests.samples import pdf_bytes

# What every HTML page must carry: scripts and styles from this site only, no plugins, no
# framing, no <base> elsewhere (django-csp, kring/config/settings.py).
REQUIRED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:")


def csp_problems(response: Any) -> list[str]:
    """What is missing or too loose in the Content-Security-Policy of an HTML `response`."""
    header = response.get("Content-Security-Policy", "")
    if not header:
        return ["no Content-Security-Policy header"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name.lower()] = sources
    problems = []
    for name, source in REQUIRED_CSP.items():
        if directives.get(name) != [source]:
            problems.append(f"{name} is {directives.get(name)!r}, expected {source}")
    for name in ("script-src", "style-src", "default-src"):
        problems += [
            f"{name} allows {source}"
            for source in directives.get(name, [])
            if source in UNSAFE_SOURCES
        ]
    return problems


class SecurityClient(EmailLeakCheckingClient):
    """The suite's client (it checks pages for other members' e-mail addresses), which also
    requires a strict Content-Security-Policy on every HTML answer it receives."""

    def request(self, **request: Any) -> Any:
        response = super().request(**request)
        if "html" in response.get("Content-Type", ""):
            problems = csp_problems(response)
            assert not problems, f"{request.get('PATH_INFO')}: {problems}"
        return response


@pytest.fixture
def client() -> Client:
    return SecurityClient()


@pytest.fixture
def csrf_client() -> Client:
    """A client that, like a browser, is held to the CSRF check (Django's test client is not)."""
    return SecurityClient(enforce_csrf_checks=True)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploads land in a fresh folder that the test can count."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return Path(settings.MEDIA_ROOT)


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


Probe = Callable[..., None]


@pytest.fixture
def probe(request: pytest.FixtureRequest) -> Probe:
    """`probe("CSRF", cases=180)`: name the probe and count its cases in the JUnit report
    (read by report.py). A test that never calls it counts as one case of its module's probe."""

    def record(name: str, *, cases: int) -> None:
        request.node.user_properties.append(("probe", name))
        request.node.user_properties.append(("cases", cases))

    return record


@dataclass
class World:
    """One of everything a URL can name, with the personas in their usual relations."""

    admin: Member
    member: Member
    stranger: Member
    owner: Member
    pending: Member
    group: Space
    membership: Membership
    post: Post
    comment: Comment
    reply: Comment
    attachment: Attachment
    friend_request: FriendRequest
    invitation: Invitation
    auth_group: Group
    authenticator: Authenticator
    task_result: DBTaskResult
    category: Category
    topic: Topic
    page: KnowledgePage
    review: Review
    revision: PostRevision
    article: Article
    announcement: Announcement
    sanction: Sanction
    appeal: Appeal
    warning_template: WarningTemplate
    mediation_case: MediationCase
    word_filter: WordFilter
    flag_case: FlagCase
    flagged_message: Message
    conversation: Conversation
    message_attachment: MessageAttachment


@pytest.fixture
def world(media: Path, admin: Member, member: Member, stranger: Member, employee: Member) -> World:
    SiteSettings.load()  # the row is made on first use: not by the probes' requests
    community = community_space()
    group = Space.objects.create(
        kind=SpaceKind.GROUP, name="Fietsers", slug="fietsers", member_count=2
    )
    Membership.objects.create(
        space=group, member=employee, role=GroupRole.OWNER, status=MembershipStatus.ACTIVE
    )
    membership = Membership.objects.create(
        space=group, member=member, role=GroupRole.MEMBER, status=MembershipStatus.ACTIVE
    )
    post = create_post(member, space=community, body="Wie fietst er zaterdag mee?")
    comment = comment_on_post(stranger, post=post, body="Ik!")
    reply = comment_on_post(member, post=post, body="Mooi.", parent=comment)
    Reaction.objects.create(member=stranger, post=post, kind="like")
    (attachment,) = attach_to_post(
        member,
        post=post,
        photos=[],
        files=[SimpleUploadedFile("route.pdf", pdf_bytes(), "application/pdf")],
    )
    pending = MemberFactory(
        display_name="Nog Niet", email="wacht@example.nl", approval_status=ApprovalStatus.PENDING
    )
    category = create_category(admin, space=community, name="Klantenservice")
    topic = create_topic(
        member, category=category, kind="question", title="Storing?", body="Mijn app hapert."
    )
    page = create_page(
        admin, title="Thuisbatterij", body="Opslag voor je zonnestroom.", is_product=True
    )
    page = edit_page(
        admin, page=page, title="Thuisbatterij", body="Opslag voor zonnestroom.", is_product=True
    )
    article = create_article(
        admin, draft=ArticleDraft(title="Nieuwe tarieven", body="Per 1 januari.", kind="news")
    )
    flag = flag_post(stranger, post_id=post.pk, reason="spam")
    conversation = Conversation.objects.create(created_by=member)
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, member=m) for m in (member, stranger)]
    )
    flagged_message = Message.objects.create(conversation=conversation, sender=stranger, body="Hoi")
    sanction = warn_member(admin, member=stranger, reason_code="offensive", text="Let op je toon.")
    return World(
        admin=admin,
        member=member,
        stranger=stranger,
        owner=employee,
        pending=pending,
        group=group,
        membership=membership,
        post=post,
        comment=comment,
        reply=reply,
        attachment=attachment,
        friend_request=FriendRequest.objects.create(sender=stranger, recipient=member),
        invitation=Invitation.objects.create(email="nieuw@example.nl", invited_by=admin),
        auth_group=Group.objects.create(name="Redactie"),
        authenticator=Authenticator.objects.create(
            user=admin, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00", "used_mask": 0}
        ),
        category=category,
        topic=topic,
        page=page,
        review=write_review(member, page=page, rating=4, body="Werkt prima."),
        revision=PostRevision.objects.filter(post_id=page.pk).first(),  # type: ignore[arg-type]
        article=article,
        announcement=create_announcement(admin, text=AnnouncementText(title="Onderhoud")),
        sanction=sanction,
        appeal=appeal_sanction(stranger, sanction=sanction, text="Onterecht"),
        warning_template=WarningTemplate.objects.create(title="Toon", body="Let op je toon."),
        mediation_case=MediationCase.objects.create(title="Ruzie", opened_by=admin, owner=admin),
        word_filter=WordFilter.objects.create(phrase="spamwoord", normalised="spamwoord"),
        flag_case=FlagCase.objects.get(pk=flag.case_id),
        flagged_message=flagged_message,
        conversation=start_conversation(
            member,
            members=[stranger],
            title="Fietstocht",
            body="Zin om mee te fietsen?",
            attachments=[SimpleUploadedFile("route.pdf", pdf_bytes(), "application/pdf")],
        ),
        message_attachment=MessageAttachment.objects.get(),
        task_result=DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="kring.wall.tasks.fetch_link_preview",
            backend_name="default",
            run_after=timezone.now(),
            exception_class_path="",
            traceback="",
        ),
    )
