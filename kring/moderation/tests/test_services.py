"""Reporting items and the moderators' actions on them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.audit.models import AuditEntry
from kring.content.models import ModerationState, Post, PostRevision
from kring.content.services import comment_on_post, delete_post, set_post_moderation
from kring.content.tests.samples import join, make_group, post_in
from kring.core.permissions import Denied, NotFound
from kring.members.models import Profile
from kring.moderation import services
from kring.moderation.models import CaseStatus, Flag, FlagCase, ModerationSettings, Resolution
from kring.moderation.tests.samples import case_of, message_between
from kring.spaces.models import GroupRole, Space, Visibility

pytestmark = pytest.mark.django_db


def _members(n: int) -> list[Member]:
    return [MemberFactory() for _ in range(n)]


def test_flag_post_opens_a_case_below_the_threshold(
    community: Space, member: Member, friend: Member
) -> None:
    post = post_in(community, member)
    flag = services.flag_post(friend, post_id=post.pk, reason="spam")
    case = case_of(post=post)
    assert flag.case_id == case.pk
    assert (case.status, case.flag_count, case.space_id) == (CaseStatus.OPEN, 1, community.pk)
    assert not case.hidden_by_threshold
    assert Post.objects.get(pk=post.pk).moderation == ModerationState.PUBLISHED


def test_flags_reaching_the_threshold_hold_the_post_and_write_the_audit_log(
    community: Space, member: Member
) -> None:
    post = post_in(community, member)
    for flagger in _members(3):
        services.flag_post(flagger, post_id=post.pk, reason="offensive")
    post.refresh_from_db()
    assert post.moderation == ModerationState.HELD
    assert "moderator" in post.moderation_reason
    assert case_of(post=post).hidden_by_threshold
    entry = AuditEntry.objects.get(action="post.hold")
    assert (entry.actor_name, entry.subject_id, entry.reason_code) == (
        "system",
        member.pk,
        "offensive",
    )


def test_the_threshold_is_a_setting(community: Space, member: Member, friend: Member) -> None:
    ModerationSettings.objects.update_or_create(pk=1, defaults={"flag_threshold": 1})
    post = post_in(community, member)
    services.flag_post(friend, post_id=post.pk, reason="spam")
    assert Post.objects.get(pk=post.pk).moderation == ModerationState.HELD


@pytest.mark.parametrize("persona", ["moderator", "employee"])
def test_a_staff_flag_reaches_the_threshold_at_once(
    community: Space, member: Member, persona: str, request: pytest.FixtureRequest
) -> None:
    post = post_in(community, member)
    services.flag_post(request.getfixturevalue(persona), post_id=post.pk, reason="spam")
    assert Post.objects.get(pk=post.pk).moderation == ModerationState.HELD


def test_flagging_twice_says_so_clearly(community: Space, member: Member, friend: Member) -> None:
    post = post_in(community, member)
    services.flag_post(friend, post_id=post.pk, reason="spam")
    with pytest.raises(ValidationError, match="You already reported this"):
        services.flag_post(friend, post_id=post.pk, reason="offensive")
    assert Flag.objects.count() == 1


def test_flag_refuses_the_own_item(community: Space, member: Member) -> None:
    post = post_in(community, member)
    with pytest.raises(ValidationError, match="your own post"):
        services.flag_post(member, post_id=post.pk, reason="spam")


def test_flag_of_an_invisible_item_is_not_found(member: Member, stranger: Member) -> None:
    secret = make_group(Visibility.SECRET, owner=stranger)
    post = post_in(secret, stranger)
    with pytest.raises(NotFound):
        services.flag_post(member, post_id=post.pk, reason="spam")


def test_other_needs_an_explanation(community: Space, member: Member, friend: Member) -> None:
    post = post_in(community, member)
    with pytest.raises(ValidationError, match="what is wrong"):
        services.flag_post(friend, post_id=post.pk, reason="other", text="  ")
    flag = services.flag_post(friend, post_id=post.pk, reason="other", text="Reclame")
    assert flag.text == "Reclame"


def test_anonymous_cannot_flag(community: Space, member: Member, anonymous: object) -> None:
    post = post_in(community, member)
    with pytest.raises(Denied):
        services.flag_post(anonymous, post_id=post.pk, reason="spam")


def test_approve_publishes_and_resolves(
    community: Space, member: Member, moderator: Member
) -> None:
    post = post_in(community, member)
    services.flag_post(moderator, post_id=post.pk, reason="spam")
    case = case_of(post=post)
    services.approve_case(moderator, case=case)
    post.refresh_from_db()
    case.refresh_from_db()
    assert post.moderation == ModerationState.PUBLISHED
    assert (case.status, case.resolution, case.resolved_by_id) == (
        CaseStatus.RESOLVED,
        Resolution.APPROVED,
        moderator.pk,
    )
    assert AuditEntry.objects.filter(action="post.approve", actor=moderator).exists()


def test_a_new_flag_reopens_a_resolved_case(
    community: Space, member: Member, friend: Member, stranger: Member, moderator: Member
) -> None:
    post = post_in(community, member)
    services.flag_post(friend, post_id=post.pk, reason="spam")
    services.approve_case(moderator, case=case_of(post=post))
    services.flag_post(stranger, post_id=post.pk, reason="spam")
    case = case_of(post=post)
    assert (case.status, case.flag_count, case.resolution) == (CaseStatus.OPEN, 2, "")
    assert FlagCase.objects.count() == 1


def test_hide_needs_a_reason_and_the_author_reads_it(
    community: Space, member: Member, friend: Member, moderator: Member
) -> None:
    post = post_in(community, member)
    services.flag_post(friend, post_id=post.pk, reason="offensive")
    case = case_of(post=post)
    with pytest.raises(ValidationError, match="Say why"):
        services.hide_case(moderator, case=case, reason=" ")
    services.hide_case(moderator, case=case, reason="Schelden")
    post.refresh_from_db()
    assert (post.moderation, post.moderation_reason) == (ModerationState.HIDDEN, "Schelden")
    entry = AuditEntry.objects.get(action="post.hide")
    assert (entry.reason, entry.reason_code, entry.subject_id) == (
        "Schelden",
        "offensive",
        member.pk,
    )


def test_delete_soft_deletes_the_post(
    community: Space, member: Member, friend: Member, moderator: Member
) -> None:
    post = post_in(community, member)
    services.flag_post(friend, post_id=post.pk, reason="spam")
    services.delete_case(moderator, case=case_of(post=post), reason="Reclame")
    assert Post.objects.get(pk=post.pk).deleted_at is not None
    assert case_of(post=post).resolution == Resolution.DELETED
    assert AuditEntry.objects.filter(action="post.delete", reason="Reclame").exists()


def test_edit_keeps_the_note_in_the_history(
    community: Space, member: Member, friend: Member, moderator: Member
) -> None:
    post = post_in(community, member, body="Bel me op 0612345678")
    services.flag_post(moderator, post_id=post.pk, reason="other", text="Telefoonnummer")
    services.edit_case(
        moderator, case=case_of(post=post), body="Bel me", note="Telefoonnummer weggehaald"
    )
    post.refresh_from_db()
    assert (post.body, post.moderation) == ("Bel me", ModerationState.PUBLISHED)
    assert PostRevision.objects.get(post=post).note == "Telefoonnummer weggehaald"
    assert AuditEntry.objects.filter(action="post.edit").exists()


def test_comment_flag_and_hide(
    community: Space, member: Member, friend: Member, moderator: Member
) -> None:
    post = post_in(community, member)
    comment = comment_on_post(friend, post=post, body="Dom bericht")
    with pytest.raises(ValidationError):
        services.flag_comment(friend, comment_id=comment.pk, reason="spam")
    services.flag_comment(member, comment_id=comment.pk, reason="offensive")
    case = case_of(comment=comment)
    assert case.space_id == community.pk
    services.hide_case(moderator, case=case, reason="Niet aardig")
    comment.refresh_from_db()
    assert comment.moderation == ModerationState.HIDDEN
    assert AuditEntry.objects.filter(action="comment.hide").exists()


def test_profile_flags_hide_the_profile(member: Member, moderator: Member) -> None:
    services.flag_member(moderator, member_id=member.pk, reason="offensive")
    assert Profile.objects.get(member=member).moderation == ModerationState.HELD
    case = case_of(member=member)
    with pytest.raises(ValidationError):
        services.delete_case(moderator, case=case)
    services.hide_case(moderator, case=case, reason="Aanstootgevende foto")
    assert Profile.objects.get(member=member).moderation_reason == "Aanstootgevende foto"
    with pytest.raises(ValidationError):
        services.flag_member(member, member_id=member.pk, reason="spam")


def test_messages_are_flagged_by_participants_only(
    member: Member, friend: Member, stranger: Member, moderator: Member
) -> None:
    message = message_between(friend, member)
    with pytest.raises(NotFound):
        services.flag_message(stranger, message_id=message.pk, reason="spam")
    with pytest.raises(NotFound):
        services.flag_message(moderator, message_id=message.pk, reason="spam")
    with pytest.raises(ValidationError):
        services.flag_message(friend, message_id=message.pk, reason="spam")
    services.flag_message(member, message_id=message.pk, reason="offensive")
    case = case_of(message=message)
    assert case.space_id is None
    services.hide_case(moderator, case=case, reason="Intimidatie")
    message.refresh_from_db()
    assert (message.moderation, message.moderation_reason) == ("hidden", "Intimidatie")
    entry = AuditEntry.objects.get(action="message.hide")
    assert "Jij weer" not in entry.target_label  # a private text stays out of the log


def test_group_moderators_act_on_their_own_groups_only(
    community: Space, group: Space, member: Member, friend: Member, employee: Member
) -> None:
    helper = MemberFactory()
    join(group, helper, role=GroupRole.MODERATOR)
    join(group, member)
    in_group = post_in(group, member)
    elsewhere = post_in(community, member)
    services.flag_post(friend, post_id=in_group.pk, reason="spam")
    services.flag_post(friend, post_id=elsewhere.pk, reason="spam")
    services.hide_case(helper, case=case_of(post=in_group), reason="Spam")
    with pytest.raises(Denied):
        services.hide_case(helper, case=case_of(post=elsewhere), reason="Spam")
    with pytest.raises(Denied):
        services.approve_case(friend, case=case_of(post=elsewhere))


def test_pending_content_enters_the_queue(
    community: Space, member: Member, moderator: Member, django_capture_on_commit_callbacks: object
) -> None:
    post = post_in(community, member)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        set_post_moderation(None, post=post, state=ModerationState.PENDING, reason="Nieuw lid")
    case = case_of(post=post)
    assert (case.status, case.flag_count) == (CaseStatus.OPEN, 0)
    services.approve_case(moderator, case=case)
    assert Post.objects.get(pk=post.pk).moderation == ModerationState.PUBLISHED


def test_bulk_hide_uses_one_reason_and_is_all_or_nothing(
    community: Space, member: Member, friend: Member, moderator: Member
) -> None:
    posts = [post_in(community, member, body=f"Koop nu {n}") for n in range(3)]
    for post in posts:
        services.flag_post(friend, post_id=post.pk, reason="spam")
    cases = list(FlagCase.objects.select_related("post", "space"))
    with pytest.raises(ValidationError):
        services.bulk_moderate(moderator, cases=cases, action="hide", reason="")
    done = services.bulk_moderate(moderator, cases=cases, action="hide", reason="Reclame")
    assert done == 3
    assert set(Post.objects.values_list("moderation_reason", flat=True)) == {"Reclame"}
    assert AuditEntry.objects.filter(action="post.hide").count() == 3


def test_settings_are_for_managers(manager: Member, moderator: Member) -> None:
    with pytest.raises(Denied):
        services.change_moderation_settings(moderator, flag_threshold=5)
    with pytest.raises(ValidationError):
        services.change_moderation_settings(manager, flag_threshold=0)
    services.change_moderation_settings(manager, flag_threshold=5)
    assert ModerationSettings.load().flag_threshold == 5
    assert AuditEntry.objects.filter(action="moderation.settings").exists()


def test_a_message_can_be_deleted_and_a_profile_approved(
    member: Member, friend: Member, moderator: Member
) -> None:
    message = message_between(friend, member)
    services.flag_message(member, message_id=message.pk, reason="spam")
    services.delete_case(moderator, case=case_of(message=message))
    message.refresh_from_db()
    assert message.deleted_at is not None
    assert AuditEntry.objects.filter(action="message.delete").exists()
    services.flag_member(moderator, member_id=friend.pk, reason="spam")
    services.approve_case(moderator, case=case_of(member=friend))
    assert Profile.objects.get(member=friend).moderation == ModerationState.PUBLISHED
    assert AuditEntry.objects.filter(action="profile.approve", subject=friend).exists()


def test_an_item_its_author_deletes_leaves_the_queue(
    community: Space,
    member: Member,
    friend: Member,
    django_capture_on_commit_callbacks: object,
) -> None:
    post = post_in(community, member)
    services.flag_post(friend, post_id=post.pk, reason="spam")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        delete_post(member, post=post)
    case = case_of(post=post)
    assert (case.status, case.resolution, case.resolved_by_id) == (
        CaseStatus.RESOLVED,
        Resolution.DELETED,
        member.pk,
    )
