"""Staff actions of the older apps write their audit entry (in the action's transaction);
members tidying their own things do not."""

from __future__ import annotations

import pytest

from conftest import MemberFactory
from kring.accounts import services as accounts
from kring.accounts.models import ApprovalStatus, Member
from kring.audit.models import AuditEntry
from kring.content import services as content
from kring.content.models import Post
from kring.content.tests.samples import join, make_group, post_in
from kring.core.sitesettings.models import SiteSettings
from kring.core.sitesettings.services import update_site_settings
from kring.forum import services as forum
from kring.forum.tests.samples import ask, make_category
from kring.news.services import AnnouncementText, create_announcement, end_announcement
from kring.spaces.models import GroupRole, Membership, Space
from kring.spaces.services import remove_from_group, set_group_role, transfer_ownership

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_approving_declining_roles_and_editors_are_logged(manager: Member, admin: Member) -> None:
    pending = MemberFactory(approval_status=ApprovalStatus.PENDING)
    other = MemberFactory(approval_status=ApprovalStatus.PENDING)
    accounts.approve_member(manager, member=pending)
    accounts.decline_member(manager, member=other, reason="Geen klant")
    accounts.assign_role(admin, member=pending, role="employee")
    accounts.set_editor(manager, member=pending, is_editor=True)
    assert actions() == ["member.approve", "member.decline", "role.assign", "role.editor"]
    role = AuditEntry.objects.get(action="role.assign")
    assert (role.before, role.after, role.subject) == (
        {"role": "member"},
        {"role": "employee"},
        pending,
    )
    assert AuditEntry.objects.get(action="member.decline").reason == "Geen klant"


def test_invitations_are_logged_without_the_address(manager: Member) -> None:
    invitation = accounts.invite_member(manager, email="nieuw@example.nl")
    accounts.revoke_invitation(manager, invitation=invitation)
    assert actions() == ["invitation.send", "invitation.revoke"]
    for entry in AuditEntry.objects.all():
        assert "nieuw@example.nl" not in f"{entry.target_label}{entry.before}{entry.after}"


def test_staff_deleting_restoring_and_pinning_others_posts_is_logged(
    moderator: Member, member: Member, community: Space
) -> None:
    post = post_in(community, member, "Koop mijn spullen!")
    content.pin_post(moderator, post=post)
    content.unpin_post(moderator, post=post)
    content.delete_post(moderator, post=post)
    content.restore_post(moderator, post=Post.objects.get(pk=post.pk))
    assert actions() == ["post.pin", "post.unpin", "post.delete", "post.restore"]
    entry = AuditEntry.objects.get(action="post.delete")
    assert (entry.subject, entry.space) == (member, community)


def test_authors_deleting_their_own_post_or_comment_are_not_logged(
    member: Member, moderator: Member, community: Space
) -> None:
    post = post_in(community, member)
    comment = content.comment_on_post(member, post=post, body="Toch niet")
    content.delete_comment(member, comment=comment)
    content.delete_post(member, post=post)
    assert actions() == []
    rude = content.comment_on_post(member, post=post_in(community, member), body="Scheldwoord")
    content.delete_comment(moderator, comment=rude)
    assert actions() == ["comment.delete"]


def test_staff_closing_locking_and_assigning_topics_is_logged(
    moderator: Member, member: Member, employee: Member, community: Space
) -> None:
    topic = ask(member, make_category(community, "Storingen"))
    forum.close_topic(member, topic=topic)  # the asker: not logged
    forum.reopen_topic(moderator, topic=topic)
    forum.lock_topic(moderator, topic=topic, reason="Te verhit")
    forum.unlock_topic(moderator, topic=topic)
    forum.assign_question(moderator, topic=topic, assignee=employee)
    assert actions() == ["topic.reopen", "topic.lock", "topic.unlock", "topic.assign"]
    assert AuditEntry.objects.get(action="topic.lock").reason == "Te verhit"


def test_group_staff_actions_are_logged(
    employee: Member, member: Member, friend: Member, stranger: Member
) -> None:
    group = make_group(owner=employee)
    join(group, member)
    join(group, friend)
    set_group_role(employee, membership=Membership.objects.get(member=member), role="moderator")
    remove_from_group(member, membership=Membership.objects.get(member=friend))
    transfer_ownership(employee, space=group, new_owner=member)
    assert actions() == ["group.set_role", "group.remove_member", "group.transfer"]
    entry = AuditEntry.objects.get(action="group.remove_member")
    assert (entry.subject, entry.space, entry.actor) == (friend, group, member)
    assert Membership.objects.get(member=member).role == GroupRole.OWNER


def test_announcements_and_site_settings_are_logged(manager: Member, admin: Member) -> None:
    announcement = create_announcement(manager, text=AnnouncementText(title="Onderhoud"))
    end_announcement(manager, announcement=announcement)
    settings = SiteSettings.load()
    settings.community_name = "Energiekring"
    update_site_settings(admin, settings=settings, fields=["community_name"])
    assert actions() == ["announcement.create", "announcement.end", "settings.edit"]
    assert AuditEntry.objects.get(action="settings.edit").after == {"fields": ["community_name"]}
