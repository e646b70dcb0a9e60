"""The demo's sanctions: three warning templates, and a history of sanctions given by the
moderator login to four community members: a warning, a silence that has run out, a silence in
force with an appeal waiting, and a suspension that was lifted.

Written through the sanctions services (audit entries, the members' gates); a silence that has
run out is moved back in time afterwards. Each sanction is keyed on its reason text, templates
on their title: a second run adds nothing. The demo logins are never sanctioned, so every
visitor can still try everything. Member-facing texts written by moderators, not interface
text: no gettext here.
"""

from __future__ import annotations

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from kring.accounts.models import Member
from kring.audit.models import Reason
from kring.demo.cast import cast_of
from kring.demo.context import DemoContext
from kring.demo.members import EMAIL_DOMAIN
from kring.sanctions import services
from kring.sanctions.models import Appeal, Sanction, SanctionKind, WarningTemplate

TEMPLATES = (
    (
        "Reclame",
        (
            "Je bericht bevatte reclame voor iets wat niets met energie te maken heeft. Dat is "
            "in deze community niet toegestaan. Wil je iets aanbieden? Neem dan contact op met "
            "ons team."
        ),
    ),
    (
        "Toon",
        (
            "We zagen dat je een ander lid op een onvriendelijke manier aansprak. Iedereen mag "
            "hier een mening hebben: reageer op de inhoud, niet op de persoon."
        ),
    ),
    (
        "Persoonsgegevens",
        (
            "Je bericht bevatte persoonsgegevens van iemand anders, zoals een telefoonnummer of "
            "adres. We hebben het verborgen. Deel zulke gegevens alleen via een privébericht, "
            "met toestemming."
        ),
    ),
)
WARNING = "Let op je toon: je noemde een ander lid \u2018dom\u2019. Reageer op de inhoud."
OLD_SILENCE = "Drie keer hetzelfde reclamebericht geplaatst in verschillende onderwerpen."
SILENCE = "Herhaaldelijk beledigende reacties onder het onderwerp over warmtepompen."
APPEAL = (
    "Ik was boos omdat mijn storing al twee weken duurt, maar ik had het niet zo mogen zeggen. "
    "Mag ik weer meedoen?"
)
SUSPENSION = "Berichten met het privénummer van een medewerker, na eerdere waarschuwing."
LIFT = "Na een goed gesprek met het lid opgeheven: het nummer is verwijderd."
# Stand-ins when the community has fewer customers than sanctions (a test builds logins only).
STAND_INS = (
    ("kees.sanctie", "Kees Vermeulen"),
    ("ilse.sanctie", "Ilse Brouwer"),
    ("tom.sanctie", "Tom Hendriks"),
    ("nina.sanctie", "Nina Dekker"),
)


def _stand_in(context: DemoContext, local: str, name: str) -> Member:
    email = f"{local}@{EMAIL_DOMAIN}"
    member = Member.objects.filter(email__iexact=email).first()
    if member is None:
        member = Member(email=email, display_name=name, password=context.password_hash)
        member.save()
        EmailAddress.objects.create(user=member, email=email, verified=True, primary=True)
    return member


def _people(context: DemoContext, rng: random.Random) -> list[Member]:
    customers = [m for m in cast_of(context).customers if m.is_active]
    if len(customers) >= len(STAND_INS):
        return rng.sample(customers, len(STAND_INS))
    return [_stand_in(context, local, name) for local, name in STAND_INS]


def _exists(reason: str) -> bool:
    return Sanction.objects.filter(reason=reason).exists()


def build_sanctions(context: DemoContext, rng: random.Random) -> str:
    """Warning templates and a history of sanctions with an appeal waiting."""
    moderator = context.logins.get("moderator") or cast_of(context).login("moderator")
    if moderator is None:
        return "no moderator to give sanctions"
    new_templates = 0
    for title, body in TEMPLATES:
        if not WarningTemplate.objects.filter(title=title).exists():
            services.create_warning_template(moderator, title=title, body=body)
            new_templates += 1
    warned, old_silenced, silenced, suspended = _people(context, rng)
    made = 0
    if not _exists(WARNING):
        services.warn_member(moderator, member=warned, reason_code=Reason.OFFENSIVE, text=WARNING)
        made += 1
    if not _exists(OLD_SILENCE):
        sanction = services.silence_member(
            moderator, member=old_silenced, reason_code=Reason.SPAM, reason=OLD_SILENCE, days=3
        )
        # It was given five weeks ago and ran out: move it back, and reopen the member's gate.
        given = timezone.now() - timedelta(days=35)
        Sanction.objects.filter(pk=sanction.pk).update(
            created_at=given, ends_at=given + timedelta(days=3)
        )
        Member.objects.filter(pk=old_silenced.pk).update(silenced_until=given + timedelta(days=3))
        made += 1
    if not _exists(SILENCE):
        sanction = services.silence_member(
            moderator, member=silenced, reason_code=Reason.OFFENSIVE, reason=SILENCE, days=14
        )
        services.appeal_sanction(silenced, sanction=sanction, text=APPEAL)
        made += 1
    if not _exists(SUSPENSION):
        sanction = services.suspend_member(
            moderator,
            member=suspended,
            reason_code=Reason.PERSONAL_DATA,
            reason=SUSPENSION,
            days=30,
        )
        services.lift_sanction(moderator, sanction=sanction, reason=LIFT)
        made += 1
    waiting = Appeal.objects.filter(status="open").count()
    total = Sanction.objects.exclude(kind=SanctionKind.BAN).count()
    return (
        f"{len(TEMPLATES)} warning templates ({new_templates} new), {total} sanctions "
        f"({made} new), {waiting} appeals waiting"
    )
