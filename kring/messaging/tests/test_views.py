"""The pages: inbox, conversation, new conversation, replies, adding people, leaving."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Member
from kring.messaging import services
from kring.messaging.models import Conversation, Message, Participant
from kring.social.models import Block

pytestmark = pytest.mark.django_db


def detail(conversation: Conversation) -> str:
    return reverse("messaging:conversation-detail", args=[conversation.pk])


def test_inbox_needs_a_login(client: Client) -> None:
    response = client.get(reverse("messaging:inbox"))
    assert response.status_code == 302


def test_inbox_shows_conversations_with_unread_counts(
    client: Client, member: Member, friend: Member
) -> None:
    services.start_conversation(friend, members=[member], body="Zin in koffie?")
    client.force_login(member)
    response = client.get(reverse("messaging:inbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bram Jansen" in html
    assert "Zin in koffie?" in html
    assert 'class="count-badge">1<' in html
    assert "New conversation" in html


@pytest.mark.parametrize("outsider", ["stranger", "moderator", "admin"])
def test_a_conversation_is_404_for_everyone_outside_it(
    client: Client, member: Member, friend: Member, outsider: str, request: pytest.FixtureRequest
) -> None:
    conversation = services.start_conversation(member, members=[friend], body="Geheim")
    client.force_login(request.getfixturevalue(outsider))
    assert client.get(detail(conversation)).status_code == 404
    reply = reverse("messaging:message-create", args=[conversation.pk])
    assert client.post(reply, {"body": "Ik lees mee"}).status_code == 404
    leave = reverse("messaging:conversation-leave", args=[conversation.pk])
    assert client.post(leave).status_code == 404
    assert Message.objects.count() == 1


def test_opening_a_conversation_marks_it_read(
    client: Client, member: Member, friend: Member
) -> None:
    conversation = services.start_conversation(friend, members=[member], body="Hoi *Anne*")
    client.force_login(member)
    response = client.get(detail(conversation))
    assert response.status_code == 200
    assert "<em>Anne</em>" in response.content.decode()
    assert Participant.objects.get(member=member, conversation=conversation).unread_count == 0


def test_reply_is_sent_and_redirects_to_the_message(
    client: Client, member: Member, friend: Member
) -> None:
    conversation = services.start_conversation(friend, members=[member], body="Hoi")
    client.force_login(member)
    response = client.post(
        reverse("messaging:message-create", args=[conversation.pk]), {"body": "Hallo!"}
    )
    message = Message.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#message-{message.pk}")
    assert message.body == "Hallo!"


def test_an_empty_reply_shows_the_form_again(
    client: Client, member: Member, friend: Member
) -> None:
    conversation = services.start_conversation(friend, members=[member], body="Hoi")
    client.force_login(member)
    response = client.post(
        reverse("messaging:message-create", args=[conversation.pk]), {"body": ""}
    )
    assert response.status_code == 200
    assert "field--invalid" in response.content.decode()


def test_a_blocked_one_to_one_says_why_there_is_no_reply_form(
    client: Client, member: Member, friend: Member
) -> None:
    conversation = services.start_conversation(friend, members=[member], body="Hoi")
    Block.objects.create(blocker=member, blocked=friend)
    client.force_login(member)
    html = client.get(detail(conversation)).content.decode()
    assert "blocked contact" in html
    assert 'id="id_body"' not in html


def test_silenced_members_see_no_reply_form_but_can_reply_in_a_mediation(
    client: Client, member: Member, friend: Member, moderator: Member
) -> None:
    """Through the real sanctions middleware: its allow-list names the mediation reply."""
    private = services.start_conversation(friend, members=[member], body="Hoi")
    mediation = services.start_mediation_conversation(
        moderator, members=[member, friend], title="Bemiddeling", body="Welkom"
    )
    member.silenced_until = timezone.now() + timedelta(days=1)
    member.save()
    client.force_login(member)
    assert "cannot send messages at the moment" in client.get(detail(private)).content.decode()
    html = client.get(detail(mediation)).content.decode()
    assert "Mediation" in html
    assert "a moderator mediates" in html
    assert f'action="{reverse("messaging:mediation-message-create", args=[mediation.pk])}"' in html
    response = client.post(
        reverse("messaging:mediation-message-create", args=[mediation.pk]), {"body": "Mijn kant"}
    )
    assert response.status_code == 302
    # The private conversation's address stays closed, and mediation's only takes mediations.
    reply = reverse("messaging:message-create", args=[private.pk])
    assert client.post(reply, {"body": "Toch"}).status_code == 403
    wrong = reverse("messaging:mediation-message-create", args=[private.pk])
    assert client.post(wrong, {"body": "Toch"}).status_code == 404


def test_new_conversation_from_a_profile_link(
    client: Client, member: Member, friend: Member
) -> None:
    client.force_login(member)
    response = client.get(reverse("messaging:conversation-create") + f"?aan={friend.pk}")
    html = response.content.decode()
    assert f'value="{friend.pk}" id="conv-chosen-{friend.pk}" checked' in html
    response = client.post(
        reverse("messaging:conversation-create"),
        {"member": [str(friend.pk)], "body": "Hoi Bram", "action": "send"},
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(conversation)


def test_new_conversation_by_typed_full_names_without_javascript(
    client: Client, member: Member, friend: Member, stranger: Member
) -> None:
    client.force_login(member)
    response = client.post(
        reverse("messaging:conversation-create"),
        {"find": "Bram Jansen, chris bakker", "body": "Hoi allebei", "action": "send"},
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.is_group
    assert set(conversation.participants.values_list("member_id", flat=True)) == {
        member.pk,
        friend.pk,
        stranger.pk,
    }


def test_find_button_shows_suggestions_and_keeps_the_text(
    client: Client, member: Member, friend: Member
) -> None:
    client.force_login(member)
    response = client.post(
        reverse("messaging:conversation-create"),
        {"find": "Bram", "body": "Wat ik al schreef", "action": "find"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="conv-suggest-{friend.pk}"' in html
    assert "Wat ik al schreef" in html
    assert not Conversation.objects.exists()


def test_an_unknown_name_shows_the_form_again_with_what_was_typed(
    client: Client, member: Member
) -> None:
    client.force_login(member)
    response = client.post(
        reverse("messaging:conversation-create"),
        {"find": "Niemand Bekend", "body": "Mijn tekst", "action": "send"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nobody called “Niemand Bekend” was found." in html
    assert "Mijn tekst" in html


def test_writing_to_someone_who_blocks_you_says_so(
    client: Client, member: Member, friend: Member
) -> None:
    Block.objects.create(blocker=friend, blocked=member)
    client.force_login(member)
    response = client.post(
        reverse("messaging:conversation-create"),
        {"member": [str(friend.pk)], "body": "Hoi", "action": "send"},
    )
    assert response.status_code == 200
    assert "cannot send each other messages" in response.content.decode()


def test_suggestions_partial_for_htmx_keeps_the_ticked_people(
    client: Client, member: Member, friend: Member, stranger: Member
) -> None:
    client.force_login(member)
    response = client.get(reverse("messaging:member-suggestions"), {"find": "bram"})
    assert f'value="{friend.pk}" id="conv-suggest-{friend.pk}"' in response.content.decode()
    response = client.get(
        reverse("messaging:member-suggestions"), {"find": "chris", "member": [friend.pk]}
    )
    html = response.content.decode()
    assert f'value="{friend.pk}" id="conv-chosen-{friend.pk}" checked' in html
    assert f'id="conv-suggest-{stranger.pk}"' in html


def test_the_search_text_left_after_ticking_is_not_a_name(
    client: Client, member: Member, friend: Member
) -> None:
    client.force_login(member)
    response = client.post(
        reverse("messaging:conversation-create"),
        {"find": "Bra", "member": [str(friend.pk)], "body": "Hoi", "action": "send"},
    )
    assert response.status_code == 302


def test_add_people_and_leave(
    client: Client, member: Member, friend: Member, stranger: Member
) -> None:
    conversation = services.start_conversation(member, members=[friend], body="Hoi", title="Club")
    client.force_login(member)
    html = client.get(detail(conversation) + "?zoek=Chris").content.decode()
    assert f'value="{stranger.pk}"' in html
    response = client.post(
        reverse("messaging:participant-add", args=[conversation.pk]), {"member": [stranger.pk]}
    )
    assert response.status_code == 302
    assert conversation.participants.filter(member=stranger).exists()
    response = client.post(reverse("messaging:conversation-leave", args=[conversation.pk]))
    assert response.status_code == 302
    assert client.get(detail(conversation)).status_code == 404


def test_a_hidden_message_shows_its_reason_to_the_sender_only(
    client: Client, member: Member, friend: Member, moderator: Member
) -> None:
    conversation = services.start_conversation(member, members=[friend], body="Iets lelijks")
    services.set_message_moderation(
        moderator, message=Message.objects.get(), state="hidden", reason="Beledigend"
    )
    client.force_login(member)
    html = client.get(detail(conversation)).content.decode()
    assert "Iets lelijks" in html
    assert "Beledigend" in html
    client.force_login(friend)
    html = client.get(detail(conversation)).content.decode()
    assert "Iets lelijks" not in html
    assert "Beledigend" not in html
    assert "hidden by a moderator" in html


def test_too_many_messages_answer_429_and_keep_the_text(
    client: Client, member: Member, friend: Member, settings: Any
) -> None:
    settings.RATE_LIMITS = {"message": "1/m"}
    conversation = services.start_conversation(friend, members=[member], body="Hoi")
    client.force_login(member)
    url = reverse("messaging:message-create", args=[conversation.pk])
    assert client.post(url, {"body": "Een"}).status_code == 302
    response = client.post(url, {"body": "Twee, te snel"})
    assert response.status_code == 429
    assert "Twee, te snel" in response.content.decode()


def test_profile_has_a_send_a_message_button(
    client: Client, member: Member, friend: Member
) -> None:
    client.force_login(member)
    html = client.get(reverse("members:profile-detail", args=[friend.pk])).content.decode()
    assert reverse("messaging:conversation-create") + f"?aan={friend.pk}" in html
