"""The demo's private messages: a few Dutch conversations around the demo member (Sanne), one
to one and in a group, some of them unread when she logs in.

Written through the messaging services (counters and unread marks as members' own writing
gives them), then moved back to the moments the plan gives. A conversation is keyed on its
first message (sender and text): one that exists is left alone. Member-written content, not
interface text: nothing here goes through gettext.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from kring.accounts.models import Member
from kring.demo.cast import cast_of
from kring.demo.context import DemoContext
from kring.messaging import services
from kring.messaging.models import Conversation, Message, Participant


@dataclass(frozen=True)
class Plan:
    title: str
    # Who writes each message, by demo login key or "customer:<n>" (a community member).
    people: tuple[str, ...]
    lines: tuple[tuple[str, str], ...]  # (writer, text)
    hours_ago: int
    # Whether the demo member has read everything (else the last messages wait for her).
    read_by_member: bool


PLANS = (
    Plan(
        title="",
        people=("employee", "member"),
        lines=(
            (
                "employee",
                (
                    "Hoi Sanne, ik zag je vraag over een **thuisbatterij**. Zal ik volgende "
                    "week even langskomen om je meterkast te bekijken?"
                ),
            ),
            ("member", "Graag! Dinsdagmiddag kan ik vanaf half vier."),
            (
                "employee",
                (
                    "Dinsdag om 16:00 staat genoteerd. Wil je alvast een foto van je "
                    "omvormer sturen? Dan neem ik de juiste kabels mee."
                ),
            ),
        ),
        hours_ago=20,
        read_by_member=False,
    ),
    Plan(
        title="",
        people=("manager", "member"),
        lines=(
            (
                "manager",
                ("Welkom in de Kring, Sanne! Laat gerust weten als je ergens hulp bij nodig hebt."),
            ),
            (
                "member",
                ("Dank je! Ik heb mijn profiel al ingevuld. Fijn dat er zoveel kennis is hier."),
            ),
            ("manager", "Mooi zo. Misschien is de groep *Zonnepanelen* iets voor je?"),
        ),
        hours_ago=200,
        read_by_member=True,
    ),
    Plan(
        title="Buurtclub zonnepanelen Zeist",
        people=("member", "employee", "customer:0", "customer:1"),
        lines=(
            (
                "member",
                (
                    "Zullen we met de straat samen offertes aanvragen? Dan krijgen we "
                    "misschien korting."
                ),
            ),
            ("customer:0", "Goed plan. Wij willen er ook zes bij op de garage."),
            (
                "employee",
                (
                    "Bij vijf adressen of meer kan ik een **collectieve offerte** maken. "
                    "Stuur me jullie adressen maar."
                ),
            ),
            ("customer:1", "Ik doe mee! Zaterdag koffie bij mij om het te bespreken?"),
        ),
        hours_ago=6,
        read_by_member=False,
    ),
    Plan(
        title="",
        people=("customer:2", "member"),
        lines=(
            (
                "customer:2",
                (
                    "Hoi Sanne, jij rijdt toch elektrisch? Hoe bevalt laden met je "
                    "eigen zonnestroom?"
                ),
            ),
            (
                "member",
                (
                    "Heel goed! In de zomer laad ik bijna alleen overdag. Ik kan je mijn "
                    "laadschema sturen."
                ),
            ),
        ),
        hours_ago=50,
        read_by_member=True,
    ),
)


def build_messaging(context: DemoContext, rng: random.Random) -> str:
    """A few conversations of the demo member, some unread."""
    cast = cast_of(context)
    customers = [member for member in cast.customers if member.pk]
    rng.shuffle(customers)

    def who(key: str) -> Member | None:
        if key.startswith("customer:"):
            index = int(key.split(":", 1)[1])
            return customers[index] if index < len(customers) else None
        return cast.login(key)

    made = 0
    for plan in PLANS:
        people = {key: who(key) for key in plan.people}
        if any(member is None for member in people.values()):
            continue  # a visitor removed someone, or the community step did not run
        first_key, first_text = plan.lines[0]
        first = people[first_key]
        if first is None or Message.objects.filter(sender=first, body=first_text).exists():
            continue
        others = [member for key, member in people.items() if key != first_key and member]
        conversation = services.start_conversation(
            first, members=others, title=plan.title, body=first_text
        )
        for key, text in plan.lines[1:]:
            writer = people[key]
            if writer is not None:
                services.send_message(writer, conversation=conversation, body=text)
        member = people.get("member")
        if plan.read_by_member and member is not None:
            services.mark_read(member, conversation=conversation)
        _move_back(conversation, hours_ago=plan.hours_ago)
        made += 1
    total = Conversation.objects.filter(participants__member=cast.login("member")).count()
    return f"{total} conversations of the demo member ({made} new)"


def _move_back(conversation: Conversation, *, hours_ago: int) -> None:
    """Spread the messages from `hours_ago` on, a quarter of an hour apart."""
    start = timezone.now() - timedelta(hours=hours_ago)
    messages = list(Message.objects.filter(conversation=conversation).order_by("pk"))
    for n, message in enumerate(messages):
        Message.objects.filter(pk=message.pk).update(created_at=start + timedelta(minutes=15 * n))
    last = start + timedelta(minutes=15 * (len(messages) - 1))
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=last)
    Participant.objects.filter(conversation=conversation, last_read_at__isnull=False).update(
        last_read_at=last
    )
