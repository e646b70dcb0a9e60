from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import ApprovalStatus, Member
from kring.content import events, services
from kring.content.models import Comment, Post, PostAudience, PostRevision, Reaction
from kring.content.queries import visible_comments, visible_posts
from kring.content.tests.samples import (
    block,
    join,
    make_friends,
    make_group,
    post_in,
    profile_space_for,
    suspend,
)
from kring.core.events import subscribe, unsubscribe
from kring.core.permissions import Denied
from kring.core.sitesettings.models import SiteSettings
from kring.members.models import ProfileVisibility
from kring.spaces.models import GroupRole, Space, Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def published() -> Any:
    """Every content event published during the test, in order."""
    seen: list[object] = []
    kinds = [
        events.PostCreated,
        events.PostEdited,
        events.PostDeleted,
        events.PostRestored,
        events.CommentCreated,
        events.ReactionChanged,
    ]
    handler: Callable[[Any], None] = seen.append
    for kind in kinds:
        subscribe(kind, handler)
    yield seen
    for kind in kinds:
        unsubscribe(kind, handler)


def fresh(space: Space) -> Space:
    space.refresh_from_db()
    return space


# create_post -------------------------------------------------------------------------------


def test_create_post_renders_markdown_once_and_counts_the_post(
    member: Member, community: Space, django_capture_on_commit_callbacks: Any, published: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post = services.create_post(member, space=community, body="Hallo **iedereen** <script>")
    assert post.body_html == "<p>Hallo <strong>iedereen</strong> &lt;script&gt;</p>"
    community = fresh(community)
    assert community.post_count == 1
    assert community.last_activity_at is not None
    assert published == [
        events.PostCreated(
            post_id=post.pk, space_id=community.pk, author_id=member.pk, kind="status"
        )
    ]


def test_create_post_with_the_same_idempotency_key_returns_the_first_post(
    member: Member, community: Space
) -> None:
    first = services.create_post(member, space=community, body="Eén keer", idempotency_key="k1")
    again = services.create_post(member, space=community, body="Eén keer", idempotency_key="k1")
    post, created = services.get_or_create_post(
        member, space=community, body="Eén keer", idempotency_key="k1"
    )
    assert again.pk == first.pk == post.pk
    assert created is False
    assert Post.objects.count() == 1
    assert fresh(community).post_count == 1


def test_idempotency_keys_belong_to_their_author(
    member: Member, friend: Member, community: Space
) -> None:
    mine = services.create_post(member, space=community, body="a", idempotency_key="same")
    theirs = services.create_post(friend, space=community, body="b", idempotency_key="same")
    assert mine.pk != theirs.pk


def test_create_post_in_a_group_needs_membership(
    member: Member, stranger: Member, group: Space
) -> None:
    join(group, member)
    services.create_post(member, space=group, body="Ik ben lid")
    with pytest.raises(Denied):
        services.create_post(stranger, space=group, body="Ik niet")
    assert fresh(group).post_count == 1


@pytest.mark.parametrize("state", ["suspended", "pending", "inactive"])
def test_create_post_refuses_members_who_cannot_write(state: str, community: Space) -> None:
    author = MemberFactory()
    if state == "suspended":
        suspend(author)
    elif state == "pending":
        author.approval_status = ApprovalStatus.PENDING
        author.save(update_fields=["approval_status"])
    else:
        author.is_active = False
        author.save(update_fields=["is_active"])
    with pytest.raises(Denied):
        services.create_post(author, space=community, body="Hallo")


def test_friends_only_posts_exist_on_ones_own_profile_only(
    member: Member, friend: Member, community: Space
) -> None:
    wall = profile_space_for(member)
    post = services.create_post(member, space=wall, body="Voor vrienden", audience="friends")
    assert post.audience == PostAudience.FRIENDS
    with pytest.raises(ValidationError):
        services.create_post(member, space=community, body="Nee", audience="friends")
    make_friends(member, friend)
    with pytest.raises(ValidationError):
        services.create_post(friend, space=wall, body="Ook nee", audience="friends")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"kind": "speech"}, "invalid"),
        ({"audience": "world"}, "invalid"),
        ({"body": "x" * 20001}, "max_length"),
        ({"title": "t" * 201}, "max_length"),
    ],
)
def test_create_post_rejects_bad_input(
    member: Member, community: Space, changes: dict[str, str], code: str
) -> None:
    arguments: dict[str, Any] = {"space": community, "body": "Hallo", **changes}
    with pytest.raises(ValidationError) as error:
        services.create_post(member, **arguments)
    assert error.value.code == code
    assert Post.objects.count() == 0


# Mentions ----------------------------------------------------------------------------------


def test_mentions_link_to_the_profile_with_the_real_name(
    member: Member, friend: Member, community: Space, django_capture_on_commit_callbacks: Any,
    published: Any,
) -> None:  # fmt: skip
    body = f"Hoi @[De Baas]({friend.pk}) en @{friend.pk}!"
    with django_capture_on_commit_callbacks(execute=True):
        post = services.create_post(member, space=community, body=body)
    link = f'<a href="/leden/{friend.pk}/" rel="nofollow ugc noopener">@Bram Jansen</a>'
    assert post.body_html == f"<p>Hoi {link} en {link}!</p>"
    assert "De Baas" not in post.body_html
    assert post.body == body  # the source is kept for editing
    assert published[0].mentioned_ids == (friend.pk,)


def test_mentions_of_blocked_or_unknown_members_stay_plain_text(
    member: Member, friend: Member, stranger: Member, community: Space
) -> None:
    block(stranger, member)  # blocked by them: no mention
    hidden = MemberFactory(display_name="Verborgen Lid")
    hidden.profile.visibility = ProfileVisibility.FRIENDS
    hidden.profile.save(update_fields=["visibility"])
    body = f"@{stranger.pk} @[Iemand]({hidden.pk}) @999999 `@{friend.pk}` e-mail@{friend.pk}"
    post = services.create_post(member, space=community, body=body)
    assert "<a " not in post.body_html
    assert f"@{stranger.pk}" in post.body_html
    assert "@Iemand" in post.body_html
    assert "Verborgen" not in post.body_html
    assert f"<code>@{friend.pk}</code>" in post.body_html


def test_a_mentioned_name_cannot_inject_markdown(member: Member, community: Space) -> None:
    tricky = MemberFactory(display_name="Eve](javascript:alert(1)) *x*")
    post = services.create_post(member, space=community, body=f"@{tricky.pk}")
    assert "javascript" not in post.body_html.split('href="')[1].split('"')[0]
    assert f'href="/leden/{tricky.pk}/"' in post.body_html


# edit_post ---------------------------------------------------------------------------------


def test_edit_post_keeps_the_previous_text_as_a_revision(member: Member, community: Space) -> None:
    post = post_in(community, member, "Eerste versie")
    services.edit_post(member, post=post, body="Tweede *versie*")
    services.edit_post(member, post=post, body="Derde versie")
    post.refresh_from_db()
    assert post.body == "Derde versie"
    assert post.edited_at is not None
    revisions = list(post.revisions.order_by("created_at", "id"))
    assert [r.body for r in revisions] == ["Eerste versie", "Tweede *versie*"]
    assert revisions[1].body_html == "<p>Tweede <em>versie</em></p>"
    assert revisions[0].edited_by == member


def test_edit_post_without_changes_adds_no_revision(member: Member, community: Space) -> None:
    post = post_in(community, member, "Zelfde")
    services.edit_post(member, post=post, body="Zelfde")
    assert PostRevision.objects.count() == 0
    post.refresh_from_db()
    assert post.edited_at is None


def test_edit_post_is_for_the_author_and_staff(
    member: Member, stranger: Member, moderator: Member, community: Space
) -> None:
    post = post_in(community, member, "Tekst")
    with pytest.raises(Denied):
        services.edit_post(stranger, post=post, body="Gekaapt")
    services.edit_post(moderator, post=post, body="Bijgewerkt door moderator")
    assert PostRevision.objects.get().edited_by == moderator
    suspend(member)
    with pytest.raises(Denied):
        services.edit_post(member, post=post, body="Geschorst")


# delete_post / restore_post ----------------------------------------------------------------


def test_delete_post_is_soft_hides_the_post_and_counts_it_off(
    member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    services.delete_post(member, post=post)
    post.refresh_from_db()
    assert post.deleted_at is not None
    assert post.deleted_by == member
    assert not visible_posts(friend).filter(pk=post.pk).exists()
    assert not visible_posts(member).filter(pk=post.pk).exists()
    assert fresh(community).post_count == 0
    with pytest.raises(Denied):  # already deleted
        services.delete_post(member, post=post)
    assert fresh(community).post_count == 0


def test_group_moderators_delete_and_restore_posts_in_their_group(
    member: Member, friend: Member, group: Space
) -> None:
    join(group, member)
    join(group, friend, role=GroupRole.MODERATOR)
    post = post_in(group, member)
    services.delete_post(friend, post=post)
    assert fresh(group).post_count == 0
    services.restore_post(friend, post=post)
    post.refresh_from_db()
    assert post.deleted_at is None
    assert post.deleted_by is None
    assert visible_posts(member).filter(pk=post.pk).exists()
    assert fresh(group).post_count == 1


def test_only_moderators_restore_not_the_author(
    member: Member, moderator: Member, community: Space
) -> None:
    post = post_in(community, member)
    services.delete_post(member, post=post)
    with pytest.raises(Denied):
        services.restore_post(member, post=post)
    services.restore_post(moderator, post=post)
    assert fresh(community).post_count == 1


def test_other_members_cannot_delete_a_post(
    member: Member, stranger: Member, community: Space
) -> None:
    post = post_in(community, member)
    with pytest.raises(Denied):
        services.delete_post(stranger, post=post)


# pin_post / unpin_post ---------------------------------------------------------------------


def test_group_owner_pins_and_unpins(member: Member, employee: Member, group: Space) -> None:
    join(group, member)
    post = post_in(group, member)
    with pytest.raises(Denied):
        services.pin_post(member, post=post)
    services.pin_post(employee, post=post)
    post.refresh_from_db()
    assert post.pinned_at is not None
    services.unpin_post(employee, post=post)
    post.refresh_from_db()
    assert post.pinned_at is None


def test_profile_posts_are_not_pinned_and_the_community_is_staffs(
    member: Member, moderator: Member, community: Space
) -> None:
    own = post_in(profile_space_for(member), member)
    with pytest.raises(Denied):
        services.pin_post(moderator, post=own)
    shared = post_in(community, member)
    with pytest.raises(Denied):
        services.pin_post(member, post=shared)
    services.pin_post(moderator, post=shared)


# Comments ----------------------------------------------------------------------------------


def test_comment_on_post_counts_and_moves_the_post_up(
    member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    before = post.last_activity_at
    comment = services.comment_on_post(friend, post=post, body="Mooi **zo**")
    post.refresh_from_db()
    assert post.comment_count == 1
    assert post.last_activity_at > before
    assert comment.body_html == "<p>Mooi <strong>zo</strong></p>"


def test_a_reply_to_a_reply_joins_its_top_level_comment(
    member: Member, friend: Member, stranger: Member, community: Space
) -> None:
    post = post_in(community, member)
    top = services.comment_on_post(friend, post=post, body="Eerste")
    reply = services.comment_on_post(member, post=post, body="Antwoord", parent=top)
    deeper = services.comment_on_post(stranger, post=post, body="Nog dieper", parent=reply)
    assert reply.parent == top
    assert deeper.parent == top
    post.refresh_from_db()
    assert post.comment_count == 3


def test_a_reply_must_belong_to_the_same_post(
    member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    other = post_in(community, member, "Ander bericht")
    elsewhere = services.comment_on_post(friend, post=other, body="Hier")
    with pytest.raises(ValidationError):
        services.comment_on_post(friend, post=post, body="Daar", parent=elsewhere)


def test_comments_need_text_and_a_readable_post(
    member: Member, stranger: Member, community: Space
) -> None:
    private = make_group(Visibility.PRIVATE, owner=member)
    secret_post = post_in(private, member)
    with pytest.raises(Denied):
        services.comment_on_post(stranger, post=secret_post, body="Ik kijk mee")
    post = post_in(community, member)
    with pytest.raises(ValidationError):
        services.comment_on_post(stranger, post=post, body="   ")


def test_internal_notes_are_for_employees_and_not_counted(
    member: Member, employee: Member, community: Space
) -> None:
    post = post_in(community, member)
    with pytest.raises(Denied):
        services.comment_on_post(member, post=post, body="Psst", is_internal=True)
    note = services.comment_on_post(employee, post=post, body="Klant belt morgen", is_internal=True)
    reply = services.comment_on_post(employee, post=post, body="Prima", parent=note)
    assert reply.is_internal  # a reply to an internal note stays internal
    post.refresh_from_db()
    assert post.comment_count == 0
    assert not visible_comments(member).filter(pk__in=[note.pk, reply.pk]).exists()
    assert visible_comments(employee).filter(pk__in=[note.pk, reply.pk]).count() == 2
    with pytest.raises(ValidationError):  # customers cannot reply inside a note
        services.comment_on_post(member, post=post, body="Ik ook", parent=note)


def test_edit_and_delete_comment(
    member: Member, friend: Member, stranger: Member, community: Space
) -> None:
    post = post_in(community, member)
    comment = services.comment_on_post(friend, post=post, body="Eerst")
    with pytest.raises(Denied):
        services.edit_comment(stranger, comment=comment, body="Gekaapt")
    services.edit_comment(friend, comment=comment, body="Daarna")
    comment.refresh_from_db()
    assert comment.body_html == "<p>Daarna</p>"
    assert comment.edited_at is not None
    with pytest.raises(Denied):
        services.delete_comment(stranger, comment=comment)
    services.delete_comment(friend, comment=comment)
    post.refresh_from_db()
    assert post.comment_count == 0
    assert not visible_comments(member).filter(pk=comment.pk).exists()
    with pytest.raises(Denied):
        services.delete_comment(friend, comment=comment)
    post.refresh_from_db()
    assert post.comment_count == 0


def test_group_moderators_delete_comments_in_their_group(
    member: Member, friend: Member, group: Space, employee: Member
) -> None:
    join(group, member)
    join(group, friend)
    post = post_in(group, member)
    comment = services.comment_on_post(friend, post=post, body="Vervelend")
    with pytest.raises(Denied):
        services.delete_comment(member, comment=comment)
    services.delete_comment(employee, comment=comment)  # the group's owner
    assert Comment.objects.get(pk=comment.pk).deleted_by == employee


# Reactions ---------------------------------------------------------------------------------


def counts_of(item: Post | Comment) -> tuple[int, dict[str, int]]:
    item.refresh_from_db(fields=["reaction_count", "reaction_counts"])
    return item.reaction_count, item.reaction_counts


def test_react_toggles_and_replaces(
    member: Member, friend: Member, community: Space, django_capture_on_commit_callbacks: Any,
    published: Any,
) -> None:  # fmt: skip
    post = post_in(community, member)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.react(friend, post=post, kind="like") == "like"
        assert counts_of(post) == (1, {"like": 1})
        assert services.react(friend, post=post, kind="heart") == "heart"
        assert counts_of(post) == (1, {"heart": 1})
        assert services.react(friend, post=post, kind="heart") == ""
        assert counts_of(post) == (0, {})
    assert Reaction.objects.count() == 0
    changes = [
        (e.kind, e.previous_kind) for e in published if isinstance(e, events.ReactionChanged)
    ]
    assert changes == [("like", ""), ("heart", "like"), ("", "heart")]


def test_reaction_counts_add_up_over_members(
    member: Member, friend: Member, stranger: Member, employee: Member, community: Space
) -> None:
    post = post_in(community, member)
    services.react(friend, post=post, kind="like")
    services.react(stranger, post=post, kind="like")
    services.react(employee, post=post, kind="insightful")
    services.react(member, post=post, kind="like")
    services.react(stranger, post=post, kind="heart")
    assert counts_of(post) == (4, {"like": 2, "insightful": 1, "heart": 1})


def test_reaction_counts_are_recomputed_from_the_rows(
    member: Member, friend: Member, stranger: Member, community: Space
) -> None:
    """A stale per-kind count (say, a crashed writer elsewhere) heals on the next reaction."""
    post = post_in(community, member)
    services.react(friend, post=post, kind="like")
    Post.objects.filter(pk=post.pk).update(reaction_counts={"like": 7, "heart": 3})
    services.react(stranger, post=post, kind="heart")
    assert counts_of(post) == (2, {"like": 1, "heart": 1})


def test_react_on_comments(member: Member, friend: Member, community: Space) -> None:
    post = post_in(community, member)
    comment = services.comment_on_post(friend, post=post, body="Goed punt")
    services.react(member, comment=comment, kind="insightful")
    assert counts_of(comment) == (1, {"insightful": 1})
    assert counts_of(post) == (0, {})
    services.react(member, comment=comment, kind="insightful")
    assert counts_of(comment) == (0, {})


def test_only_enabled_reactions_can_be_given_but_any_can_be_taken_back(
    member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    services.react(friend, post=post, kind="thumbs_down")
    site = SiteSettings.load()
    site.reaction_kinds = "like,heart"
    site.save()
    with pytest.raises(ValidationError):
        services.react(member, post=post, kind="thumbs_down")
    with pytest.raises(ValidationError):
        services.react(member, post=post, kind="applause")
    assert services.react(friend, post=post, kind="thumbs_down") == ""
    assert counts_of(post) == (0, {})


def test_react_needs_a_participant_who_can_read_the_post(
    member: Member, stranger: Member, anonymous: Any
) -> None:
    private = make_group(Visibility.PRIVATE, owner=member)
    post = post_in(private, member)
    with pytest.raises(Denied):
        services.react(stranger, post=post, kind="like")
    with pytest.raises(Denied):
        services.react(anonymous, post=post, kind="like")
    with pytest.raises(ValueError, match="exactly one"):
        services.react(member, kind="like")


def test_deleted_posts_take_no_reactions_or_comments(
    member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    services.delete_post(member, post=post)
    with pytest.raises(Denied):
        services.react(friend, post=post, kind="like")
    with pytest.raises(Denied):
        services.comment_on_post(friend, post=post, body="Hallo?")


def test_friends_only_posts_are_hidden_from_non_friends_and_blockers(
    member: Member, friend: Member, stranger: Member
) -> None:
    make_friends(member, friend)
    post = post_in(profile_space_for(member), member, "Alleen vrienden", audience="friends")
    assert visible_posts(friend).filter(pk=post.pk).exists()
    assert not visible_posts(stranger).filter(pk=post.pk).exists()
    block(member, friend)
    assert not visible_posts(friend).filter(pk=post.pk).exists()


def test_soft_deleted_posts_keep_their_comments_and_reactions(
    member: Member, friend: Member, community: Space
) -> None:
    post = post_in(community, member)
    services.comment_on_post(friend, post=post, body="Hoi")
    services.react(friend, post=post, kind="like")
    services.delete_post(member, post=post)
    services.restore_post(MemberFactory(role="moderator"), post=post)
    post.refresh_from_db()
    assert (post.comment_count, post.reaction_count) == (1, 1)
    assert post.created_at <= timezone.now()
