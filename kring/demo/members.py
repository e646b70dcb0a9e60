"""Demo members: the five demo logins and a community of sixty Dutch members around them.

Everyone is keyed on their e-mail address. A member that already exists is left as the demo
visitor may have changed it (a profile edited, a sign-up approved); only the demo logins are
brought back to their role and the demo password, so the logins `kring demo` prints always work.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kring.accounts.models import ApprovalStatus, Member
from kring.accounts.roles import Role
from kring.demo import vocabulary
from kring.demo.context import DemoContext
from kring.members.avatars import generate_avatar_image
from kring.members.models import ProfileVisibility
from kring.members.services import change_avatar, update_profile

EMAIL_DOMAIN = "example.nl"
MEMBER_COUNT = 60
EMPLOYEE_COUNT = 8
PENDING_COUNT = 3
# Not everyone uploads a picture: the rest show their initials.
AVATAR_SHARE = 0.8


@dataclass(frozen=True)
class MemberSpec:
    """One demo member as the demo describes them, before any row exists."""

    email: str
    display_name: str
    role: Role = Role.MEMBER
    approval_status: ApprovalStatus = ApprovalStatus.APPROVED
    language: str = ""
    days_ago: int = 0
    job_title: str = ""
    organisation: str = ""
    location: str = ""
    bio: str = ""
    interests: tuple[str, ...] = ()
    visibility: ProfileVisibility = ProfileVisibility.MEMBERS
    avatar_seed: int | None = None


@dataclass(frozen=True)
class DemoLogin:
    key: str
    description: str
    spec: MemberSpec = field(repr=False)


DEMO_LOGINS = [
    DemoLogin(
        "admin",
        "Administrator: site settings, every role, the Django admin",
        MemberSpec(
            email=f"admin@{EMAIL_DOMAIN}",
            display_name="Ingrid Hoekstra",
            role=Role.ADMIN,
            days_ago=1100,
            job_title="Directeur",
            organisation=vocabulary.ORGANISATION,
            location="Utrecht",
            bio="Ik ben directeur van Zonnestroom. Deze Kring is van en voor onze leden: "
            "**stel je vraag**, deel je ervaring en help elkaar verder.",
            interests=("Buurtenergie", "Windenergie", "Verenigingsleven"),
            visibility=ProfileVisibility.EVERYONE,
            avatar_seed=1,
        ),
    ),
    DemoLogin(
        "manager",
        "Community manager: approvals, invitations, roles",
        MemberSpec(
            email=f"manager@{EMAIL_DOMAIN}",
            display_name="Marloes de Graaf",
            role=Role.MANAGER,
            days_ago=1050,
            job_title="Communitymanager",
            organisation=vocabulary.ORGANISATION,
            location="Amersfoort, Utrecht",
            bio="Welkom! Ik zorg dat iedereen hier zijn weg vindt. Nieuw? Vul je profiel in en "
            "vertel wat je bezighoudt.\n\n- Vragen over de Kring zelf? Stuur me een bericht.",
            interests=("Verenigingsleven", "Duurzaam wonen"),
            visibility=ProfileVisibility.EVERYONE,
            avatar_seed=2,
        ),
    ),
    DemoLogin(
        "moderator",
        "Moderator: keeps the conversation friendly",
        MemberSpec(
            email=f"moderator@{EMAIL_DOMAIN}",
            display_name="Youssef El Amrani",
            role=Role.MODERATOR,
            days_ago=800,
            job_title="Klantadviseur en moderator",
            organisation=vocabulary.ORGANISATION,
            location="Rotterdam, Zuid-Holland",
            bio="Ik help bij de klantenservice en let erop dat het hier gezellig en behulpzaam "
            "blijft.",
            interests=("Dynamisch contract", "Slimme meter"),
            visibility=ProfileVisibility.MEMBERS,
            avatar_seed=3,
        ),
    ),
    DemoLogin(
        "employee",
        "Employee: answers with the Employee badge",
        MemberSpec(
            email=f"medewerker@{EMAIL_DOMAIN}",
            display_name="Jeroen Bakker",
            role=Role.EMPLOYEE,
            days_ago=600,
            job_title="Energieadviseur",
            organisation=vocabulary.ORGANISATION,
            location="Zwolle, Overijssel",
            bio="Als energieadviseur kom ik bij leden thuis. Vraag me gerust naar "
            "*warmtepompen* en *isolatie*.",
            interests=("Warmtepomp", "Isolatie", "Energie besparen"),
            visibility=ProfileVisibility.MEMBERS,
            avatar_seed=4,
        ),
    ),
    DemoLogin(
        "member",
        "Member: a customer of the cooperative",
        MemberSpec(
            email=f"lid@{EMAIL_DOMAIN}",
            display_name="Sanne van der Meer",
            role=Role.MEMBER,
            days_ago=300,
            job_title="Docent natuurkunde",
            organisation="Christelijk Lyceum Zeist",
            location="Zeist, Utrecht",
            bio="Sinds 2023 hebben we **twaalf panelen** op het dak. Ik ben benieuwd of een "
            "thuisbatterij voor ons uit kan.",
            interests=("Zonnepanelen", "Thuisbatterij", "Elektrisch rijden"),
            visibility=ProfileVisibility.MEMBERS,
            avatar_seed=5,
        ),
    ),
]


def build_demo_logins(context: DemoContext, rng: random.Random) -> str:
    """The five demo accounts, restored to their role and the demo password on every run."""
    created = 0
    for login in DEMO_LOGINS:
        member, is_new = _member_for(login.spec, password_hash=context.password_hash)
        if not is_new:
            _restore_login(member, login.spec, password_hash=context.password_hash)
        created += is_new
        context.logins[login.key] = member
    return f"{len(DEMO_LOGINS)} demo logins ({created} new)"


def build_members(context: DemoContext, rng: random.Random) -> str:
    """Sixty members: customers, employees among them, three sign-ups awaiting approval."""
    specs = community_specs(rng)
    created = 0
    for spec in specs:
        _member, is_new = _member_for(spec, password_hash=context.password_hash)
        created += is_new
    employees = sum(spec.role == Role.EMPLOYEE for spec in specs)
    pending = sum(spec.approval_status == ApprovalStatus.PENDING for spec in specs)
    return (
        f"{len(specs)} members, {employees} of them employees and {pending} awaiting approval "
        f"({created} new)"
    )


def community_specs(rng: random.Random) -> list[MemberSpec]:
    """The community, decided by `rng` alone (never by what the database holds)."""
    taken_names = {login.spec.display_name for login in DEMO_LOGINS}
    taken_emails = {login.spec.email for login in DEMO_LOGINS}
    people: list[tuple[str, str]] = []
    while len(people) < MEMBER_COUNT:
        first = rng.choice(vocabulary.FIRST_NAMES)
        infix, surname = rng.choice(vocabulary.SURNAMES)
        display_name = " ".join(part for part in (first, infix, surname) if part)
        if display_name in taken_names:
            continue
        email = _email_for(first, infix, surname, taken_emails)
        taken_names.add(display_name)
        taken_emails.add(email)
        people.append((display_name, email))

    # The newest sign-ups wait for a community manager (the last ones in join order).
    days_ago = sorted((rng.randint(4, 1000) for _ in range(MEMBER_COUNT)), reverse=True)
    days_ago[-PENDING_COUNT:] = [2, 1, 0]
    pending_slots = set(range(MEMBER_COUNT - PENDING_COUNT, MEMBER_COUNT))
    employee_slots = set(rng.sample(range(MEMBER_COUNT - PENDING_COUNT), EMPLOYEE_COUNT))

    specs = []
    for index, (display_name, email) in enumerate(people):
        is_employee = index in employee_slots
        specs.append(
            _spec_for(
                rng,
                display_name=display_name,
                email=email,
                is_employee=is_employee,
                days_ago=days_ago[index],
                pending=index in pending_slots,
                avatar_seed=index + 10,
            )
        )
    return specs


def _spec_for(
    rng: random.Random,
    *,
    display_name: str,
    email: str,
    is_employee: bool,
    days_ago: int,
    pending: bool,
    avatar_seed: int,
) -> MemberSpec:
    place, province = rng.choice(vocabulary.PLACES)
    if is_employee:
        job_title, organisation = rng.choice(vocabulary.EMPLOYEE_JOBS), vocabulary.ORGANISATION
        openings, middles = vocabulary.EMPLOYEE_BIO_OPENINGS, vocabulary.EMPLOYEE_BIO_MIDDLES
    else:
        job_title, organisation = rng.choice(vocabulary.CUSTOMER_JOBS)
        openings, middles = vocabulary.BIO_OPENINGS, vocabulary.BIO_MIDDLES
    interests = tuple(rng.sample(vocabulary.INTERESTS, rng.randint(0, 4)))
    words = {
        "place": place,
        "year": str(2026 - rng.randint(1, 9)),
        "panels": str(rng.randint(6, 24)),
        "interest": (interests[0] if interests else "zonne-energie").lower(),
        "job_lower": job_title[:1].lower() + job_title[1:],
    }
    paragraphs = [rng.choice(openings), rng.choice(middles), rng.choice(vocabulary.BIO_CLOSINGS)]
    # Some members write nothing about themselves, as in any community.
    bio = "" if rng.random() < 0.15 else "\n\n".join(p.format(**words) for p in paragraphs if p)
    visibility = rng.choices(
        [ProfileVisibility.EVERYONE, ProfileVisibility.MEMBERS, ProfileVisibility.FRIENDS],
        weights=[4, 5, 1],
    )[0]
    return MemberSpec(
        email=email,
        display_name=display_name,
        role=Role.EMPLOYEE if is_employee else Role.MEMBER,
        approval_status=ApprovalStatus.PENDING if pending else ApprovalStatus.APPROVED,
        language="en" if rng.random() < 0.05 else "",
        days_ago=days_ago,
        job_title=job_title,
        organisation=organisation,
        location="" if rng.random() < 0.1 else _location(place, province),
        bio=bio,
        interests=interests,
        visibility=visibility,
        avatar_seed=avatar_seed if rng.random() < AVATAR_SHARE else None,
    )


def _location(place: str, province: str) -> str:
    """ "Zwolle, Overijssel", but just "Utrecht" where the city names its province."""
    return place if place == province else f"{place}, {province}"


def _email_for(first: str, infix: str, surname: str, taken: set[str]) -> str:
    """sanne.vandermeer@example.nl: ASCII only, a number added when the address is taken."""
    local = f"{_ascii(first)}.{_ascii(infix + surname)}"
    email, number = f"{local}@{EMAIL_DOMAIN}", 2
    while email in taken:
        email, number = f"{local}{number}@{EMAIL_DOMAIN}", number + 1
    return email


def _ascii(text: str) -> str:
    # The Turkish dotless i (U+0131, as in the surname Yilmaz) has no decomposition to i.
    decomposed = unicodedata.normalize("NFKD", text.replace("\u0131", "i"))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def _member_for(spec: MemberSpec, *, password_hash: str) -> tuple[Member, bool]:
    """The member with `spec.email`, created with a filled-in profile when missing."""
    member = Member.objects.filter(email__iexact=spec.email).first()
    if member is not None:
        return member, False
    member = Member(
        email=spec.email,
        display_name=spec.display_name,
        role=spec.role,
        approval_status=spec.approval_status,
        language=spec.language,
        date_joined=timezone.now() - timedelta(days=spec.days_ago, minutes=spec.days_ago % 600),
        # One hash shared by every demo account: same password, and hashed only once per run.
        password=password_hash,
    )
    member.save()  # the members app's signal gives the new member a profile
    EmailAddress.objects.create(user=member, email=spec.email, verified=True, primary=True)
    update_profile(
        member,
        member=member,
        display_name=spec.display_name,
        bio=spec.bio,
        job_title=spec.job_title,
        organisation=spec.organisation,
        location=spec.location,
        interests=spec.interests,
        visibility=spec.visibility,
        language=spec.language,
    )
    if spec.avatar_seed is not None:
        picture = generate_avatar_image(spec.display_name, seed=spec.avatar_seed)
        change_avatar(
            member,
            member=member,
            upload=SimpleUploadedFile("avatar.png", picture, content_type="image/png"),
        )
    return member, True


def _restore_login(member: Member, spec: MemberSpec, *, password_hash: str) -> None:
    """Make a demo login usable again: its role, active and approved, the demo password."""
    member.role = spec.role
    member.is_active = True
    member.approval_status = ApprovalStatus.APPROVED
    member.password = password_hash
    member.save(update_fields=["role", "is_active", "approval_status", "password"])
    addresses = EmailAddress.objects.filter(user=member)
    if not addresses.filter(email__iexact=spec.email).update(verified=True):
        primary = not addresses.filter(primary=True).exists()
        EmailAddress.objects.create(user=member, email=spec.email, verified=True, primary=primary)
