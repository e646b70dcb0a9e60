"""The demo's mediation: an open case between the demo member and another member, led by the
demo moderator, with its mediation conversation and internal notes; and a closed case with its
outcome. A forum thread that ran hot is in slow mode.

Written through the mediation services (so the audit log has their entries). A case is keyed on
its title: one that exists is left alone. Member- and staff-written content, not interface
text: nothing here goes through gettext.
"""

from __future__ import annotations

import random

from kring.accounts.models import Member
from kring.content.models import Post, PostKind
from kring.demo.cast import cast_of
from kring.demo.context import DemoContext
from kring.mediation import services
from kring.mediation.models import CaseStatus, MediationCase, Outcome

OPEN_TITLE = "Onenigheid over de vergelijking van thuisbatterijen"
CLOSED_TITLE = "Toon in de draad over warmtepompen"


def _thread_of(member: Member) -> Post | None:
    """A forum topic or post of `member` to tie the open case to (none is fine)."""
    posts = Post.objects.filter(author=member, deleted_at__isnull=True)
    return (
        posts.filter(kind__in=(PostKind.DISCUSSION, PostKind.QUESTION)).order_by("-pk").first()
        or posts.order_by("-pk").first()
    )


def _open_case(moderator: Member, parties: list[Member]) -> bool:
    if MediationCase.objects.filter(title=OPEN_TITLE).exists():
        return False
    post = _thread_of(parties[0])
    case = services.open_case(
        moderator,
        title=OPEN_TITLE,
        summary=(
            "Sanne en een ander lid verwijten elkaar in de draad over thuisbatterijen "
            "onjuiste cijfers. Het wordt persoonlijk; beiden hebben elkaars berichten gemeld."
        ),
        parties=parties,
        post=post,
    )
    if services.mediation_conversations_available():
        services.start_case_conversation(
            moderator,
            case=case,
            body=(
                "Hallo allebei, ik ben moderator in de Kring. Ik zie dat jullie het oneens zijn "
                "over de opbrengst van een thuisbatterij. Dat mag! Maar laten we het over de "
                "cijfers hebben en niet over elkaar. Willen jullie hier allebei kort vertellen "
                "waar het volgens jullie misging?"
            ),
        )
    services.add_note(
        moderator,
        case=case,
        body="Beide leden zijn al jaren actief en positief; geen eerdere sancties. Eerst praten.",
    )
    services.add_note(
        moderator,
        case=case,
        body="Afspraak: als het gesprek na een week niets oplevert, de draad in langzame modus.",
    )
    if post is not None and not post.slow_mode_minutes:
        services.set_thread_slow_mode(moderator, post=post, minutes=10)
    return True


def _closed_case(moderator: Member, parties: list[Member]) -> bool:
    if MediationCase.objects.filter(title=CLOSED_TITLE).exists():
        return False
    case = services.open_case(
        moderator,
        title=CLOSED_TITLE,
        summary="Een discussie over geluidsoverlast van warmtepompen liep uit de hand.",
        parties=parties,
    )
    services.add_note(
        moderator, case=case, body="Gebeld met beide leden; excuses aangeboden en aanvaard."
    )
    services.close_case(
        moderator,
        case=case,
        outcome=Outcome.PARTIALLY,
        text=(
            "De leden hebben excuses gemaakt en blijven het inhoudelijk oneens. Afgesproken "
            "om elkaar niet meer persoonlijk aan te spreken."
        ),
    )
    return True


def build_mediation(context: DemoContext, rng: random.Random) -> str:
    """An open mediation case with its conversation and notes, and a closed one."""
    cast = cast_of(context)
    moderator, member = cast.login("moderator"), cast.login("member")
    others = [person for person in cast.customers if person.pk]
    rng.shuffle(others)
    employee = cast.login("employee")
    if not others and employee is not None:
        others = [employee]
    made = 0
    if moderator is not None and member is not None and others:
        made += _open_case(moderator, [member, others[0]])
        made += _closed_case(moderator, [member, others[-1]] if len(others) > 1 else others[:1])
    open_count = MediationCase.objects.filter(status=CaseStatus.OPEN).count()
    closed_count = MediationCase.objects.filter(status=CaseStatus.CLOSED).count()
    return f"{open_count} open and {closed_count} closed mediation cases ({made} new)"
