"""The demo forum: categories in the community (klantenservice, producten, community) and in a
few groups, about three hundred topics over half a year (four in ten questions, most of them
solved, many by employees), replies, a few pinned, closed and locked topics, questions assigned
to employees, and internal notes that only employees see.

Everything is written through the forum services (so counters, watches, product links and
events are what members' own writing gives); afterwards each topic and reply is moved back to
the moment the plan gives it. A topic is keyed on its post's idempotency key ("forum-0042");
a topic that exists is left alone, with its replies. Categories are keyed on (space, address).
Member-written content, not interface text: nothing here goes through gettext.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

from kring.accounts.models import Member
from kring.content.events import CommentCreated
from kring.content.models import Comment, Post
from kring.core.events import publish_on_commit
from kring.core.markup import render_markdown
from kring.demo.cast import Cast, cast_of
from kring.demo.context import DemoContext
from kring.demo.groups import demo_groups
from kring.demo.wall import settle_activity
from kring.forum import services
from kring.forum.models import Category, Topic, TopicWatch
from kring.knowledge.models import KnowledgePage
from kring.spaces.models import Membership, MembershipStatus, Space
from kring.spaces.queries import community_space

KEY_PREFIX = "forum-"
TOPIC_COUNT = 300
SOLVED_SHARE = 0.8
HISTORY_DAYS = 180


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    description: str
    group: str = ""  # the demo group's key; "" for the community space
    customer_service: bool = False
    weight: int = 10  # how many of the topics land here, relatively
    official: float = 0.2  # the chance an employee gives the answer
    # The share of questions among its topics: about four in ten over the whole forum.
    questions: float = 0.3


CATEGORIES = (
    CategorySpec(
        "klantenservice", "Klantenservice",
        "Vragen over je contract, je factuur, storingen en je aansluiting. Onze medewerkers "
        "lezen dagelijks mee.", customer_service=True, weight=30, official=0.8, questions=0.85,
    ),
    CategorySpec(
        "producten", "Producten",
        "Zonnepanelen, thuisbatterijen, warmtepompen en laadpalen: vragen en ervaringen.",
        weight=28, official=0.4, questions=0.35,
    ),
    CategorySpec(
        "community", "Community",
        "Kennismaken, buurtprojecten en alles wat nergens anders past.", weight=20,
        questions=0.1,
    ),
    CategorySpec("vragen", "Vragen", "Technische vragen over je installatie.",
                 "zonnepanelen", weight=8),
    CategorySpec("ervaringen", "Ervaringen", "Opbrengsten, tips en foto's.",
                 "zonnepanelen", weight=6),
    CategorySpec("vragen", "Vragen", "Alles over opslaan en ontladen.",
                 "thuisbatterijen", weight=5),
    CategorySpec("projecten", "Projecten", "Wat we samen in de wijk doen.", "buurt", weight=5),
)  # fmt: skip

# (title, question, the answer that fits it), by the kind of category.
QUESTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "klantenservice": (
        ("Mijn voorschot is ineens verhoogd",
         "Ik kreeg bericht dat mijn maandbedrag naar {amount} euro gaat. Waarom is dat?",
         "Het voorschot volgt je verwachte verbruik. Je past het zelf aan onder *Mijn voorschot*."),
        ("Jaarafrekening klopt niet",
         "Op mijn jaarafrekening staat een veel hogere meterstand dan ik heb doorgegeven.",
         "Stuur ons een foto van je meter met de datum; dan corrigeren we de stand."),
        ("Verhuizen: wat moet ik regelen?",
         "Ik verhuis volgende maand naar {place}. Hoe zet ik mijn contract over?",
         "Geef je verhuizing vijf werkdagen vooraf door. Je contract gaat gewoon mee."),
        ("Terugleververgoeding niet ontvangen",
         "Ik heb dit kwartaal {kwh} kWh teruggeleverd maar zie geen vergoeding.",
         "We verrekenen de vergoeding op je jaarafrekening; de stand staat onder *Teruglevering*."),
        ("Slimme meter geeft geen standen door",
         "In de app zie ik al twee weken geen verbruik meer.",
         "Dan is de verbinding met de netbeheerder vaak verbroken. We vragen een uitlezing aan."),
        ("Stroomstoring in {place}",
         "Sinds vanochtend hebben we geen stroom. Is er iets bekend?",
         "Kijk op de storingskaart van de netbeheerder. Niets te zien? Check je groepenkast."),
        ("Contract opzeggen na overlijden",
         "Mijn vader is overleden. Hoe zeg ik zijn contract op?",
         "Gecondoleerd. Stuur ons de overlijdensakte; er geldt geen opzegtermijn."),
        ("Dubbele incasso deze maand",
         "Er is twee keer {amount} euro afgeschreven.",
         "Excuses! De dubbele incasso storten we binnen drie werkdagen terug."),
    ),
    "producten": (
        ("Omvormer geeft foutcode {code}",
         "Mijn omvormer knippert rood met code {code}. Wat betekent dat?",
         "Dat is meestal een isolatiefout na regen. Zet hem tien minuten uit en weer aan."),
        ("Welke thuisbatterij past bij mij?",
         "We verbruiken zo'n {kwh} kWh per jaar en hebben twaalf panelen. Is een batterij zinvol?",
         "Kijk naar je overschot op zonnige dagen: bij twaalf panelen is 5 kWh meestal genoeg."),
        ("Warmtepomp maakt 's nachts veel geluid",
         "Onze buitenunit bromt hoorbaar in de slaapkamer.",
         "Zet *Stil bedrijf* aan in het menu. Anders helpt een trillingsdemper onder de unit."),
        ("Laadpaal laadt niet op vol vermogen",
         "Mijn auto laadt met 7 kW terwijl de paal 11 kW kan.",
         "Veel auto's laden op wisselstroom met hooguit 7,4 kW: dan is de paal niet de beperking."),
        ("Panelen schoonmaken: wel of niet?",
         "Na de zomer liggen mijn panelen vol stof. Moet ik ze schoonmaken?",
         "Meestal spoelt de regen ze schoon. Anders alleen water en een zachte borstel."),
        ("Dynamisch contract met een batterij",
         "Heeft een dynamisch contract zin als je een thuisbatterij hebt?",
         "Ja: laden als stroom goedkoop is, gebruiken als hij duur is. De app regelt dat zelf."),
        ("Opbrengst panelen lager dan verwacht",
         "Dit jaar leverden mijn panelen {kwh} kWh, vorig jaar veel meer.",
         "Vergelijk met de zonuren; is één string veel lager, dan is er iets defect."),
        ("Warmtepomp en radiatoren",
         "Kan een warmtepomp ook op radiatoren, of heb ik vloerverwarming nodig?",
         "Het kan als ze groot genoeg zijn. Laat een warmteverliesberekening maken."),
    ),
    "community": (
        ("Wie organiseert een zonnecafé in {place}?",
         "Ik wil buren uitnodigen om ervaringen uit te wisselen. Wie deed dat al eens?",
         "Wij deden het in de bibliotheek, met koffie en een spreker van de coöperatie."),
        ("Hoe werkt de ledenvergadering?",
         "Ik ben nieuw. Mag ik meestemmen op de ledenvergadering?",
         "Ja, ieder lid heeft één stem. Je kunt ook iemand machtigen."),
        ("Tips voor een zuinige winter",
         "Wat doen jullie om de winter door te komen zonder hoge rekening?",
         "Radiatorfolie, tochtstrips en een graad lager: dat scheelt ons {amount} euro per jaar."),
    ),
}  # fmt: skip
QUESTIONS["vragen"] = QUESTIONS["producten"]
QUESTIONS["ervaringen"] = QUESTIONS["producten"][4:]
QUESTIONS["projecten"] = QUESTIONS["community"]

DISCUSSIONS = (
    ("Onze eerste maand met een warmtepomp",
     "We zijn van het gas af. Het huis is gelijkmatig warm en we verbruikten {kwh} kWh."),
    ("Opbrengst deze zomer: delen jullie mee?",
     "Bij ons in {place} leverden de panelen in juli een record op. Hoe was het bij jullie?"),
    ("Buurtbatterij in {place}: goed idee?",
     "In onze wijk denken we aan een gedeelde batterij. Wie heeft ervaring?"),
    ("Elektrisch rijden na een jaar",
     "Een jaar elektrisch: laden met eigen zonnestroom is het mooiste wat er is."),
    ("Wat vinden jullie van de nieuwe app?",
     "Sinds de update zie ik mijn verbruik per uur. Handig, maar de grafieken mogen groter."),
    ("Moestuin en zonnepanelen op één dak?",
     "We willen een daktuin én panelen. Combineert dat goed?"),
    ("Excursie naar het windpark",
     "Vorige week was de excursie naar ons windpark. Wat een indruk maakt zo'n molen!"),
    ("Subsidie voor isolatie aangevraagd",
     "De aanvraag ging sneller dan gedacht. Binnen drie weken hadden we bericht."),
)  # fmt: skip

ON_QUESTION = (
    "Dat had ik ook, bij mij hielp precies dit.", "Goede vraag, ik lees mee.",
    "Heb je al in de kennisbank gekeken? Daar staat er iets over.",
    "Bij ons was het na een dag vanzelf opgelost.", "Volg ik, zelfde probleem hier in {place}.",
    "Dank voor de uitleg, dit werkte!", "Misschien kun je ook de installateur bellen.",
)  # fmt: skip
ON_DISCUSSION = (
    "Mooi om te lezen!", "Herkenbaar. Bij ons in {place} precies hetzelfde.",
    "Wat waren de kosten, als ik vragen mag?", "Top, hier doen we het ook zo.",
    "Interessant, ik ga het voorstellen in onze straat.", "Leuk dat je dit deelt.",
    "Wij twijfelen nog. Wat gaf bij jullie de doorslag?", "Dank voor het delen!",
)  # fmt: skip
NOTES = (
    "Klant belde gisteren ook al; terugbelverzoek staat bij de binnendienst.",
    "Bekend probleem bij deze serie, leverancier is ingelicht.",
    "Dossier gecontroleerd: meterstand is inderdaad verkeerd ingelezen.",
    "Let op: klant heeft eerder een klacht ingediend, graag persoonlijk opvolgen.",
)
PLACES = ("Utrecht", "Zwolle", "Deventer", "Amersfoort", "Leiden", "Groningen", "Tilburg", "Delft")
LOCK_REASON = "Dit gesprek ging niet meer over de vraag. Persoonlijke zaken graag in een bericht."
PINNED = (
    ("klantenservice", "Lees dit eerst: zo helpen we je snel",
     ("Zet je klantnummer **nooit** in een bericht: iedereen leest mee. Beschrijf je vraag, "
      "dan reageert een medewerker meestal binnen een werkdag.")),
    ("community", "Welkom in het forum: zo werkt het",
     ("Stel je vraag in de juiste categorie, zoek eerst of hij al beantwoord is en markeer "
      "het antwoord dat je hielp als **geaccepteerd**.")),
)  # fmt: skip


def fill(text: str, rng: random.Random) -> str:
    return text.format(
        place=rng.choice(PLACES),
        amount=rng.randrange(90, 260),
        kwh=rng.randrange(180, 4200),
        code=f"E{rng.randrange(10, 99)}",
    )


@dataclass
class Written:
    topics: int = 0
    replies: int = 0
    moments: dict[int, datetime] = field(default_factory=dict)  # post id -> created
    activity: dict[int, datetime] = field(default_factory=dict)  # post id -> last activity
    comment_times: list[Comment] = field(default_factory=list)
    spaces: set[int] = field(default_factory=set)


def build_categories(cast: Cast) -> list[tuple[CategorySpec, Category]]:
    """The demo categories that can exist (a group the visitor deleted has none)."""
    groups = demo_groups()
    community = community_space()
    made = []
    for spec in CATEGORIES:
        space = groups.get(spec.group) if spec.group else community
        if space is None:
            continue
        category = Category.objects.filter(space=space, slug=spec.slug).first()
        if category is None:
            category = Category.objects.create(
                space=space,
                slug=spec.slug,
                name=spec.name,
                description=spec.description,
                is_customer_service=spec.customer_service,
                position=Category.objects.filter(space=space).count(),
            )
        made.append((spec, category))
    return made


def members_of(space: Space, cast: Cast) -> list[Member]:
    """Who may write in `space`: everyone for the community, active members for a group."""
    if not space.is_group:
        return cast.customers
    ids = set(
        Membership.objects.filter(space=space, status=MembershipStatus.ACTIVE).values_list(
            "member_id", flat=True
        )
    )
    return [member for member in cast.everyone if member.pk in ids]


class Writer:
    """Writes one topic of the plan through the services, and remembers its moments."""

    def __init__(self, cast: Cast, written: Written, products: list[KnowledgePage]) -> None:
        self.cast, self.written, self.products = cast, written, products
        self.employees = cast.staff_and_employees
        self.manager = cast.login("manager") or (self.employees[0] if self.employees else None)

    def topic(self, slot: int, spec: CategorySpec, category: Category, rng: random.Random) -> None:
        writers = members_of(category.space, self.cast)
        customers = [m for m in writers if m not in self.employees] or writers
        # Two days at least: the replies (at most 7 times 6 hours) stay in the past.
        asked = timezone.now() - timedelta(
            minutes=rng.randrange(2 * 24 * 60, HISTORY_DAYS * 24 * 60)
        )
        question = rng.random() < spec.questions
        if question:
            title, body, answer_text = rng.choice(QUESTIONS[spec.slug])
        else:
            (title, body), answer_text = rng.choice(DISCUSSIONS), ""
        words = random.Random(rng.random())  # noqa: S311  (demo data)
        title, body, answer_text = (fill(t, words) for t in (title, body, answer_text))
        product = rng.choice(self.products) if self.products and rng.random() < 0.5 else None
        reply_count = rng.randrange(1, 6) if question else rng.randrange(0, 8)
        draws = [rng.random() for _ in range(8)]
        if not customers:
            return
        asker = rng.choice(customers)
        topic = services.create_topic(
            asker,
            category=category,
            kind="question" if question else "discussion",
            title=title,
            body=body,
            product_page_id=product.pk
            if product and question and spec.slug != "community"
            else None,
            idempotency_key=f"{KEY_PREFIX}{slot:04d}",
        )
        self.written.topics += 1
        self.written.spaces.add(category.space_id)
        self.written.moments[topic.pk] = asked
        moment = asked
        others = [m for m in writers if m.pk != asker.pk] or writers
        # In a group, the employees who are its members answer (they can read it).
        group = category.space.is_group
        answerers = [m for m in self.employees if not group or m in writers]
        replies: list[tuple[Comment, datetime]] = []
        for n in range(reply_count):
            moment += timedelta(minutes=rng.randrange(20, 60 * 6))
            if question and n == 0:
                official = answerers and draws[0] < spec.official
                author = rng.choice(answerers) if official else rng.choice(others)
                text = answer_text
            else:
                author = rng.choice(writers)
                text = fill(rng.choice(ON_QUESTION if question else ON_DISCUSSION), words)
            replies.append((Comment(post=topic.post, author=author, body=text), moment))
        # Internal notes are no activity customers see (the kernel's rule): the last public
        # reply's moment is the topic's activity.
        self.written.activity[topic.pk] = moment
        if question and spec.customer_service and self.employees and draws[1] < 0.2:
            noted = moment + timedelta(minutes=rng.randrange(5, 120))
            note = Comment(
                post=topic.post, author=rng.choice(self.employees), body=rng.choice(NOTES)
            )
            note.is_internal = True
            replies.append((note, noted))
        written = self.write_replies(topic, replies)
        answer = next((reply for reply in written if not reply.is_internal), None)
        self.settle(topic, asker=asker, answer=answer, spec=spec, draws=draws)

    def write_replies(self, topic: Topic, replies: list[tuple[Comment, datetime]]) -> list[Comment]:
        """A topic's replies in one insert, with what `reply_to_topic` would do besides: the
        post's reply count (internal notes never count), the repliers' watches and the events
        (the search index follows them). Category counters are set at the end of the build."""
        for comment, _moment in replies:
            comment.body_html = render_markdown(comment.body)
        made = Comment.objects.bulk_create([comment for comment, _moment in replies])
        public = [comment for comment in made if not comment.is_internal]
        Post.objects.filter(pk=topic.pk).update(comment_count=F("comment_count") + len(public))
        TopicWatch.objects.bulk_create(
            [TopicWatch(member_id=c.author_id, topic_id=topic.pk) for c in public],
            ignore_conflicts=True,
        )
        for comment, (_same, moment) in zip(made, replies, strict=True):
            comment.created_at = moment
            self.written.comment_times.append(comment)
            self.written.replies += 0 if comment.is_internal else 1
            publish_on_commit(
                CommentCreated(
                    comment_id=comment.pk,
                    post_id=topic.pk,
                    author_id=comment.author_id,
                    parent_id=None,
                    is_internal=comment.is_internal,
                )
            )
        return made

    def settle(
        self, topic: Topic, *, asker: Member, answer: Comment | None, spec: CategorySpec,
        draws: list[float],
    ) -> None:  # fmt: skip
        """Accept an answer, or assign the question; close or lock a few topics."""
        topic = Topic.objects.select_related("post", "post__space", "category").get(pk=topic.pk)
        question = topic.post.kind == "question"
        # The right colleague brought in (who then often answered).
        if (
            question
            and spec.customer_service
            and self.manager
            and self.employees
            and draws[4] < 0.4
        ):
            assignee = self.employees[int(draws[5] * len(self.employees))]
            services.assign_question(self.manager, topic=topic, assignee=assignee)
        if question and answer is not None and draws[2] < SOLVED_SHARE:
            # Sometimes an employee marks the answer, when the asker forgot to.
            accepter = asker
            if self.employees and draws[3] < 0.25:
                accepter = self.employees[int(draws[3] * 4 * len(self.employees))]
            services.accept_answer(accepter, topic=topic, reply=answer)
        if draws[6] < 0.03:
            services.close_topic(asker, topic=topic)
        if draws[7] < 0.01 and self.cast.login("moderator") is not None:
            services.lock_topic(self.cast.login("moderator"), topic=topic, reason=LOCK_REASON)


def write_pinned(cast: Cast, categories: dict[str, Category], written: Written) -> None:
    manager = cast.login("manager")
    if manager is None:
        return
    for slug, title, body in PINNED:
        category = categories.get(slug)
        if category is None:
            continue
        key = f"{KEY_PREFIX}pinned-{slug}"
        if Post.objects.filter(idempotency_key=key).exists():
            continue
        topic = services.create_topic(
            manager,
            category=category,
            kind="discussion",
            title=title,
            body=body,
            idempotency_key=key,
        )
        services.pin_topic(manager, topic=topic)
        written.moments[topic.pk] = timezone.now() - timedelta(days=HISTORY_DAYS + 5)
        written.activity[topic.pk] = written.moments[topic.pk]
        written.topics += 1


def move_back(written: Written) -> None:
    """Every topic and reply to its planned moment; first replies, solved and views follow."""
    Comment.objects.bulk_update(written.comment_times, ["created_at"], batch_size=500)
    posts = list(Post.objects.filter(pk__in=list(written.moments)))
    for post in posts:
        post.created_at = written.moments[post.pk]
        post.last_activity_at = written.activity.get(post.pk, post.created_at)
        if post.solved_at is not None:
            post.solved_at = post.last_activity_at
    Post.objects.bulk_update(posts, ["created_at", "last_activity_at", "solved_at"], batch_size=500)
    rng = random.Random(len(posts))  # noqa: S311  (demo data)
    topics = list(Topic.objects.filter(pk__in=list(written.moments)).select_related("post"))
    askers = {topic.pk: topic.post.author_id for topic in topics}
    first: dict[int, datetime] = {}
    for post_id, author_id, created in Comment.objects.filter(
        post_id__in=list(written.moments), is_internal=False, deleted_at__isnull=True
    ).values_list("post_id", "author_id", "created_at"):
        if author_id != askers[post_id] and (post_id not in first or created < first[post_id]):
            first[post_id] = created
    for topic in topics:
        topic.first_reply_at = first.get(topic.pk)
        topic.view_count = rng.randrange(3, 40) * (1 + topic.post.comment_count)
        if topic.closed_at is not None:
            topic.closed_at = topic.post.last_activity_at
        if topic.assigned_at is not None:
            topic.assigned_at = topic.post.created_at + timedelta(hours=2)
    Topic.objects.bulk_update(
        topics, ["first_reply_at", "view_count", "closed_at", "assigned_at"], batch_size=500
    )


def build_forum(context: DemoContext, rng: random.Random) -> str:
    """Categories and half a year of topics with replies; keyed, so never twice."""
    cast = cast_of(context)
    specs = build_categories(cast)
    if not specs:
        return "no forum: no community"
    products = list(KnowledgePage.objects.filter(is_product=True).order_by("slug"))
    existing = set(
        Post.objects.filter(idempotency_key__startswith=KEY_PREFIX).values_list(
            "idempotency_key", flat=True
        )
    )
    written = Written()
    write_pinned(cast, {spec.slug: c for spec, c in specs if not spec.group}, written)
    writer = Writer(cast, written, products)
    weights = [spec.weight for spec, _category in specs]
    for slot in range(context.scaled(TOPIC_COUNT)):
        slot_rng = random.Random(rng.random())  # noqa: S311  (drawn for every slot, made or not)
        spec, category = slot_rng.choices(specs, weights=weights)[0]
        if f"{KEY_PREFIX}{slot:04d}" in existing:
            continue
        writer.topic(slot, spec, category, slot_rng)
    move_back(written)
    settle_activity(written.spaces)
    services.recount_categories(Category.objects.filter(pk__in=[c.pk for _s, c in specs]))
    topics = Topic.objects.filter(post__idempotency_key__startswith=KEY_PREFIX)
    solved = topics.filter(post__solved_at__isnull=False).count()
    return f"{topics.count()} topics ({solved} solved), {written.replies} new replies"
