"""Demo groups: the cooperative's service groups, hobby groups, and one of every kind.

Every group is made through the spaces services, as its owner would (`create_group`), and its
members come in the way the group's visibility says: they join a public group, ask to join a
private one and are approved, or are invited to a secret one and accept. Some requests and
invitations are left open, so the demo shows them waiting. A group is keyed on its address
(slug), which never changes: an existing group is left as the demo visitor may have changed
it. Times are moved back afterwards, so the groups have a history when the posts arrive.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kring.accounts.models import Member
from kring.demo import pictures
from kring.demo.cast import Cast, cast_of
from kring.demo.context import DemoContext
from kring.spaces import services
from kring.spaces.models import Audience, GroupRole, Membership, Space, SpaceKind, Visibility
from kring.spaces.services.groups import slug_base

PUBLIC, PRIVATE, SECRET = Visibility.PUBLIC, Visibility.PRIVATE, Visibility.SECRET
EVERYONE, EMPLOYEES = Audience.EVERYONE, Audience.EMPLOYEES


@dataclass(frozen=True)
class GroupSpec:
    """One demo group. People are named by their place in the cast: "login:employee" (a demo
    login), "employee:2" (the third community employee), "customer:5"."""

    key: str  # the topic its posts are about (wall_vocabulary.TOPICS)
    name: str
    description: str
    tags: tuple[str, ...]
    owner: str
    visibility: Visibility = PUBLIC
    audience: Audience = EVERYONE
    moderators: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()  # customers with these interests tend to join
    size: int = 12  # members beyond owner, moderators and interested customers
    employees: int = 0  # community employees who join too (they answer questions)
    requests: tuple[str, ...] = ()  # asked to join, waiting for approval (private groups)
    invitations: tuple[str, ...] = ()  # invited, not yet accepted
    days_old: int = 400
    service: bool = False  # a group where employees answer customers' questions
    posts: int = 30  # how many wall posts the group gets
    with_cover: bool = True
    # The demo member (lid@) is in some open groups from the start and joins others in the tour.
    with_demo_member: bool = False


GROUPS = [
    GroupSpec(
        key="klantenservice",
        name="Klantenservice",
        description=(
            "Vragen over je **contract, facturen, het voorschot of de app**? Stel ze hier. "
            "Medewerkers van Zonnestroom beantwoorden vragen op werkdagen, en leden helpen "
            "elkaar.\n\nDeel nooit je klantnummer of adres in een bericht."
        ),
        tags=("Klantenservice", "Facturen", "App"),
        owner="login:moderator",
        moderators=("employee:0", "employee:1"),
        interests=("Dynamisch contract", "Slimme meter", "Subsidies"),
        size=22,
        employees=3,
        days_old=700,
        service=True,
        posts=70,
        with_demo_member=True,
    ),
    GroupSpec(
        key="ideeen",
        name="Productideeën",
        description=(
            "Hoe kan Zonnestroom beter? Deel je idee voor de app, de website of onze "
            "diensten. Het productteam leest mee en vertelt wat er met je idee gebeurt."
        ),
        tags=("Ideeën", "App"),
        owner="employee:2",
        moderators=("login:employee",),
        interests=("Slimme meter",),
        size=14,
        employees=1,
        days_old=520,
        service=True,
        posts=40,
    ),
    GroupSpec(
        key="zonnepanelen",
        name="Zonnepanelen & omvormers",
        description=(
            "Alles over zonnepanelen: opbrengst, omvormers, storingen, schoonmaken, schaduw "
            "en uitbreiden. Deel je grafieken en foto's van je dak!"
        ),
        tags=("Zonnepanelen", "Omvormer", "Opbrengst"),
        owner="employee:3",
        moderators=("customer:0",),
        interests=("Zonnepanelen", "Subsidies"),
        size=16,
        employees=2,
        days_old=690,
        service=True,
        posts=65,
        with_demo_member=True,
    ),
    GroupSpec(
        key="thuisbatterijen",
        name="Thuisbatterijen",
        description=(
            "Loont een thuisbatterij bij jou? Ervaringen, capaciteit, laden op goedkope uren "
            "en wat er verandert als de salderingsregeling stopt."
        ),
        tags=("Thuisbatterij", "Opslag", "Dynamisch contract"),
        owner="employee:4",
        interests=("Thuisbatterij", "Dynamisch contract"),
        size=10,
        employees=1,
        days_old=420,
        service=True,
        posts=45,
        with_demo_member=True,
    ),
    GroupSpec(
        key="warmtepompen",
        name="Warmtepompen",
        description=(
            "Hybride of volledig elektrisch, geluid, stooklijn, COP en subsidie: vraag het "
            "aan leden die je voorgingen en aan onze energieadviseurs."
        ),
        tags=("Warmtepomp", "Verwarmen", "Isolatie"),
        owner="login:employee",
        interests=("Warmtepomp", "Isolatie"),
        size=10,
        employees=1,
        days_old=480,
        service=True,
        posts=45,
    ),
    GroupSpec(
        key="besparen",
        name="Energie besparen",
        description=(
            "Kleine en grote tips om minder energie te gebruiken: tochtstrips, sluipverbruik, "
            "douchetimers, isoleren. Wat werkte bij jou?"
        ),
        tags=("Energie besparen", "Isolatie", "Tips"),
        owner="employee:5",
        interests=("Energie besparen", "Isolatie", "Duurzaam wonen"),
        size=14,
        days_old=600,
        service=True,
        posts=40,
    ),
    GroupSpec(
        key="laadpalen",
        name="Laadpalen & elektrisch rijden",
        description=(
            "Laden op zonnestroom, slim laden met een dynamisch contract, laadpalen thuis en "
            "onderweg, en ervaringen met elektrische auto's."
        ),
        tags=("Laadpaal", "Elektrisch rijden"),
        owner="employee:6",
        interests=("Laadpaal", "Elektrisch rijden"),
        size=8,
        days_old=360,
        service=True,
        posts=35,
        with_demo_member=True,
    ),
    GroupSpec(
        key="buurt",
        name="Buurtprojecten",
        description=(
            "Samen een dak vol panelen, een buurtbatterij, een zonnedag in de straat: hier "
            "vind je buren die iets willen opzetten, en de projectleiders van Zonnestroom."
        ),
        tags=("Buurtenergie", "Evenementen", "Samen"),
        owner="customer:1",
        moderators=("login:manager",),
        interests=("Buurtenergie", "Verenigingsleven", "Windenergie"),
        size=12,
        days_old=640,
        posts=30,
        with_demo_member=True,
    ),
    GroupSpec(
        key="moestuin",
        name="Moestuin & duurzaam leven",
        description=(
            "Zaaien, oogsten, composteren, regenwater opvangen: duurzaam leven begint in je "
            "eigen tuin."
        ),
        tags=("Moestuin", "Duurzaam wonen"),
        owner="customer:2",
        interests=("Moestuin", "Duurzaam wonen"),
        size=8,
        days_old=300,
        posts=25,
    ),
    GroupSpec(
        key="fotografie",
        name="Fotografie",
        description=(
            "Foto's van zonneparken, windmolens, daken vol panelen en het Nederlandse licht. "
            "Alleen eigen werk, graag."
        ),
        tags=("Fotografie", "Hobby"),
        owner="customer:3",
        interests=("Fietsen",),
        size=10,
        days_old=330,
        posts=25,
    ),
    GroupSpec(
        key="medewerkers",
        name="Medewerkers",
        description=(
            "De groep van en voor de medewerkers van Zonnestroom: roosters, nieuws, afspraken "
            "en de vrijdagmiddagborrel. Klanten zien deze groep niet."
        ),
        tags=("Intern",),
        owner="login:manager",
        audience=EMPLOYEES,
        moderators=("login:admin",),
        size=0,
        employees=99,  # every employee
        days_old=900,
        posts=20,
    ),
    GroupSpec(
        key="storingsdienst",
        name="Storingsdienst",
        description=(
            "Overdracht en afstemming van de storingsdienst: meldingen, "
            "weekenddiensten en lopende storingen."
        ),
        tags=("Intern", "Storingen"),
        owner="employee:7",
        visibility=PRIVATE,
        audience=EMPLOYEES,
        size=0,
        employees=3,
        requests=("employee:6",),
        days_old=500,
        posts=10,
        with_cover=False,
    ),
    GroupSpec(
        key="ondernemingsraad",
        name="Ondernemingsraad",
        description="Vergaderstukken en overleg van de ondernemingsraad.",
        tags=("Intern",),
        owner="employee:1",
        visibility=SECRET,
        audience=EMPLOYEES,
        size=0,
        employees=2,
        invitations=("login:employee",),
        days_old=450,
        posts=6,
        with_cover=False,
    ),
    GroupSpec(
        key="ambassadeurs",
        name="Ambassadeurs",
        description=(
            "Voor de ambassadeurs van Zonnestroom: leden die in hun buurt over zonne-energie "
            "vertellen. Op uitnodiging van het communityteam."
        ),
        tags=("Ambassadeurs",),
        owner="login:manager",
        visibility=SECRET,
        interests=("Verenigingsleven", "Buurtenergie"),
        size=6,
        invitations=("login:member", "customer:9"),
        days_old=380,
        posts=12,
    ),
    GroupSpec(
        key="beta",
        name="Bèta-testers",
        description=(
            "Test nieuwe versies van de Zonnestroom-app voordat ze uitkomen en vertel ons wat "
            "beter kan. Vraag om lid te worden; we laten per ronde een groep testers toe."
        ),
        tags=("App", "Bèta"),
        owner="login:employee",
        visibility=PRIVATE,
        moderators=("employee:2",),
        interests=("Slimme meter",),
        size=8,
        employees=1,
        requests=("login:member", "customer:11", "customer:12"),
        service=True,
        days_old=200,
        posts=15,
    ),
]


def person(cast: Cast, reference: str) -> Member | None:
    """The cast member a spec names ("login:employee", "employee:2", "customer:5"), or None."""
    kind, _colon, key = reference.partition(":")
    if kind == "login":
        return cast.login(key)
    people = cast.employees if kind == "employee" else cast.customers
    return people[int(key) % len(people)] if people else None


def group_for(spec: GroupSpec) -> Space | None:
    """The demo group of `spec`, found by the address its name gives it."""
    return Space.objects.filter(kind=SpaceKind.GROUP, slug=slug_base(spec.name)).first()


def demo_groups() -> dict[str, Space]:
    """The demo groups that exist, by their key (one query)."""
    slugs = {slug_base(spec.name): spec.key for spec in GROUPS}
    return {
        slugs[space.slug]: space
        # Ordered: the builders draw from this with a seeded random, so the order must not
        # depend on the database (PostgreSQL returns rows in any order without ORDER BY).
        for space in Space.objects.filter(kind=SpaceKind.GROUP, slug__in=list(slugs)).order_by("pk")
    }


def build_groups(context: DemoContext, rng: random.Random) -> str:
    """The demo groups with their owners, moderators, members, requests and invitations."""
    cast = cast_of(context)
    created = 0
    for spec in GROUPS:
        # Drawn for every group, made or not, so each group's members stay the same.
        group_rng = random.Random(rng.random())  # noqa: S311  (demo data)
        if group_for(spec) is not None:
            continue
        owner = person(cast, spec.owner)
        if owner is None:
            continue
        _make_group(spec, owner, cast, group_rng)
        created += 1
    spaces = Space.objects.filter(
        kind=SpaceKind.GROUP, slug__in=[slug_base(s.name) for s in GROUPS]
    )
    kinds = sorted({f"{space.visibility}/{space.audience}" for space in spaces})
    return f"{spaces.count()} groups of {len(kinds)} kinds ({created} new)"


def _make_group(spec: GroupSpec, owner: Member, cast: Cast, rng: random.Random) -> Space:
    cover = pictures.cover(rng) if spec.with_cover else None
    space = services.create_group(
        owner,
        name=spec.name,
        description=spec.description,
        visibility=spec.visibility,
        audience=spec.audience,
        tags=list(spec.tags),
        cover=SimpleUploadedFile(cover.name, cover.data, cover.content_type) if cover else None,
    )
    members = _members_of(spec, owner, cast, rng)
    for member in members:
        _bring_in(space, owner, member)
    for reference in spec.moderators:
        moderator = person(cast, reference)
        membership = Membership.objects.filter(space=space, member=moderator).first()
        if membership is not None and membership.role == GroupRole.MEMBER:
            services.set_group_role(owner, membership=membership, role=GroupRole.MODERATOR)
    taken = {owner.pk, *(member.pk for member in members)}
    for reference in spec.requests:
        asking = person(cast, reference)
        if asking is not None and asking.pk not in taken:
            services.request_to_join(asking, space=space)
            taken.add(asking.pk)
    for reference in spec.invitations:
        invited = person(cast, reference)
        if invited is not None and invited.pk not in taken:
            services.invite_to_group(owner, space=space, member=invited)
            taken.add(invited.pk)
    _backdate(space, spec, rng)
    return space


def _members_of(spec: GroupSpec, owner: Member, cast: Cast, rng: random.Random) -> list[Member]:
    """Who the group's members are besides its owner, in the order they join."""
    chosen: list[Member] = []

    def add(member: Member | None) -> None:
        if member is not None and member.pk != owner.pk and member not in chosen:
            chosen.append(member)

    for reference in spec.moderators:
        add(person(cast, reference))
    left_out = {person(cast, reference) for reference in (*spec.requests, *spec.invitations)}
    if spec.audience == EMPLOYEES:
        staff = [m for m in cast.staff_and_employees if m not in left_out]
        for member in rng.sample(staff, min(spec.employees, len(staff))):
            add(member)
        return chosen
    wanted = {interest.lower() for interest in spec.interests}
    customers = [member for member in cast.customers if member not in left_out]
    for member in customers:
        theirs = {interest.lower() for interest in cast.interests.get(member.pk, ())}
        if wanted & theirs and rng.random() < 0.8:
            add(member)
    others = [member for member in customers if member not in chosen]
    for member in rng.sample(others, min(spec.size, len(others))):
        add(member)
    employees = [member for member in cast.employees if member not in left_out]
    for member in rng.sample(employees, min(spec.employees, len(employees))):
        add(member)
    if spec.with_demo_member:
        add(cast.login("member"))
    return chosen


def _bring_in(space: Space, owner: Member, member: Member) -> None:
    """`member` becomes a member the way the group's visibility lets people in."""
    if space.visibility == PUBLIC:
        services.join_group(member, space=space)
    elif space.visibility == PRIVATE:
        request = services.request_to_join(member, space=space)
        services.approve_join_request(owner, membership=request)
    else:
        services.invite_to_group(owner, space=space, member=member)
        services.accept_group_invitation(member, space=space)


def _backdate(space: Space, spec: GroupSpec, rng: random.Random) -> None:
    """Give the group a past: made `days_old` days ago, members joining in the months after."""
    now = timezone.now()
    created = now - timedelta(days=spec.days_old, hours=rng.randint(8, 18))
    Space.objects.filter(pk=space.pk).update(
        created_at=created, updated_at=created, last_activity_at=created
    )
    memberships = list(Membership.objects.filter(space=space).select_related("member"))
    for membership in memberships:
        start = max(created, membership.member.date_joined)
        if membership.role == GroupRole.OWNER:
            moment = created
        elif membership.joined_at is None:  # a request or invitation: recent, still open
            moment = now - timedelta(hours=rng.uniform(5, 240))
        else:
            room = max(1.0, (now - start).total_seconds() * 0.5)
            moment = start + timedelta(seconds=rng.uniform(3600, room))
        moment = min(moment, now - timedelta(hours=1))
        membership.created_at = moment
        if membership.joined_at is not None:
            membership.joined_at = moment
    Membership.objects.bulk_update(memberships, ["created_at", "joined_at"])
