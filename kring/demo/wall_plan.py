"""The plan of the demo's wall: who writes what, where and when, drawn before anything is written.

Each post is a numbered slot with a generator of its own (one draw from the step's generator),
and its key ("demo-0042") is its slot number. Whether a slot yields a post (its author may have
joined too recently, the scale may leave it out) does not change who writes where and when in
the other slots, so the same seed gives the same posts under the same keys on every run, and a
key that exists is a post already written (which is never written again).

Who comments where is a simplification of the visibility policy that stays inside it: members
of a group, staff everywhere, participants in public groups of their audience, friends on a
profile. The services check every write again.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from kring.accounts import roles
from kring.accounts.models import Member
from kring.content.models import PostAudience
from kring.demo import vocabulary
from kring.demo.cast import Cast, cast_of
from kring.demo.context import DemoContext
from kring.demo.groups import GROUPS, GroupSpec, demo_groups
from kring.demo.wall_vocabulary import (
    ANNOUNCEMENTS,
    APP_VERSIONS,
    CLOSERS_QUESTION,
    CLOSERS_STORY,
    EDIT_ADDITIONS,
    ERROR_CODES,
    FRIENDS_ONLY,
    GREETING_ANSWERS,
    INTERNAL_NOTES,
    INTRODUCTIONS,
    INTRODUCTIONS_EMPLOYEES,
    LINK_SENTENCES,
    MONTHS,
    ON_FRIENDS_ONLY,
    ON_QUESTION,
    ON_STORY,
    OPENERS_QUESTION,
    OPENERS_STORY,
    PHOTO_EXTRAS,
    REPLIES,
    SPAM,
    TEAMS,
    THANKS,
    TIMES,
    TIMES_LATE,
    TOPICS,
    WALL_GREETINGS,
    WEEKDAYS,
    WELCOME,
    WELCOME_EMPLOYEES,
    Topic,
)
from kring.social.models import Friendship
from kring.spaces.models import (
    Audience,
    GroupRole,
    Membership,
    MembershipStatus,
    Space,
    Visibility,
)
from kring.spaces.queries import community_space

KEY_PREFIX = "demo-"
HISTORY_DAYS = 180
COMMUNITY_POSTS = 55
PROFILE_POSTS = 60
FRIENDS_ONLY_SHARE = 0.4
GREETING_SHARE = 0.2
LINK_SHARE = 0.15
EDIT_SHARE = 0.012
PINNED_GROUPS = frozenset({"klantenservice", "zonnepanelen", "buurt", "medewerkers"})
# How likely a post about a topic carries a drawn picture.
PHOTO_SHARE = {
    "fotografie": 0.85,
    "moestuin": 0.5,
    "zonnepanelen": 0.15,
    "thuisbatterijen": 0.1,
    "buurt": 0.1,
    "profiel": 0.15,
}
# How many comments a post gets: mostly a few.
COMMENT_COUNTS = (0, 1, 2, 3, 4, 5, 6)
COMMENT_WEIGHTS = (20, 25, 22, 15, 9, 6, 3)
ANSWER_SHARE = 0.85  # questions in service groups an employee answers
THANKS_SHARE = 0.6  # answers the asker thanks for
INTERNAL_SHARE = 0.12  # answered questions with an employees' internal note
REPLY_SHARE = 0.2  # further comments that reply to an earlier one


@dataclass
class PlannedComment:
    author: Member
    body: str
    at: datetime
    reply_to: int | None = None  # index of the top-level comment this one answers
    internal: bool = False


@dataclass
class PlannedPost:
    key: str
    space: Space | None  # None: a profile wall, made when the post is written
    author: Member
    body: str
    at: datetime
    audience: str = PostAudience.SPACE
    photo: bool = False  # with a picture drawn after its caption (the body)
    picture_seed: float = 0.0
    comments: list[PlannedComment] = field(default_factory=list)
    wall_owner: Member | None = None  # for a post on a profile wall
    pin: bool = False
    edit: str = ""  # appended by the author in an edit (the edit history shows it)
    deleted_by: Member | None = None


class Words(dict[str, str]):
    """Slot values for a template; an unknown slot stays as it is ("{post_link}" is filled in
    when the post is written, once the earlier post it links to exists)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def dutch_decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def dutch_thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def words_for(rng: random.Random, at: datetime, **extra: str) -> Words:
    """Values for every slot of the wall vocabulary; dates fall a few weeks after `at`."""
    later = at + timedelta(days=rng.randint(8, 40))
    place, _province = rng.choice(vocabulary.PLACES)
    words = Words(
        place=place,
        month=rng.choice(MONTHS),
        amount=str(rng.randrange(80, 260, 5)),
        amount2=str(rng.randrange(15, 400, 5)),
        kwh=dutch_thousands(rng.randrange(2000, 6500, 10)),
        kwh_day=dutch_decimal(rng.uniform(14, 43)),
        kwh_month=str(rng.randrange(150, 460, 5)),
        days=str(rng.randint(2, 12)),
        version=rng.choice(APP_VERSIONS),
        error=rng.choice(ERROR_CODES),
        panels=str(rng.randint(6, 24)),
        wp=str(rng.randrange(350, 455, 5)),
        years=str(rng.randint(3, 14)),
        capacity=str(rng.choice((5, 7, 10, 13, 15))),
        percent=str(rng.randrange(15, 70, 5)),
        year=str(rng.randint(1930, 2005)),
        year_recent=str(rng.randint(2015, at.year)),
        degrees=str(rng.randint(-8, 2)),
        watt=str(rng.randrange(60, 240, 5)),
        km=dutch_thousands(rng.randrange(600, 1800, 10)),
        people=str(rng.randint(12, 60)),
        date=f"{WEEKDAYS[later.weekday()]} {later.day} {MONTHS[later.month - 1]}",
        weekday=rng.choice(WEEKDAYS[:5]),
        time=rng.choice(TIMES),
        time_late=rng.choice(TIMES_LATE),
        team=rng.choice(TEAMS),
        few=rng.choice(("twee", "drie", "vier")),
    )
    words.update(extra)
    return words


def compose(rng: random.Random, core: str, *, question: bool, words: Words) -> str:
    """A post as members write one: an opener, the core text, a closer, filled in."""
    openers, closers = (
        (OPENERS_QUESTION, CLOSERS_QUESTION) if question else (OPENERS_STORY, CLOSERS_STORY)
    )
    parts = [rng.choice(openers), core, rng.choice(closers)]
    return "\n\n".join(part.format_map(words) for part in parts if part)


def mention_of(member: Member) -> str:
    """The mention picker's syntax, @[Name](id) (the template writes the @)."""
    return f"[{member.display_name}]({member.pk})"


def first_name(member: Member) -> str:
    return (member.display_name.split() or [""])[0]


class Readers:
    """Who reads (and so may comment on) the posts of each space, among the cast."""

    def __init__(self, cast: Cast, groups: dict[str, Space]) -> None:
        self.everyone = cast.everyone
        by_id = {member.pk: member for member in self.everyone}
        self.staff = [member for member in self.everyone if roles.may_moderate(member)]
        self.employees = cast.staff_and_employees
        self.members: dict[int, list[Member]] = {space.pk: [] for space in groups.values()}
        self.owners: dict[int, Member] = {}
        self.joined: dict[tuple[int, int], datetime | None] = {}
        active = Membership.objects.filter(
            space__in=list(groups.values()), status=MembershipStatus.ACTIVE
        ).order_by("space_id", "pk")
        for space_id, member_id, role, joined_at in active.values_list(
            "space_id", "member_id", "role", "joined_at"
        ):
            member = by_id.get(member_id)
            if member is None:
                continue
            self.members[space_id].append(member)
            self.joined[(space_id, member_id)] = joined_at
            if role == GroupRole.OWNER:
                self.owners[space_id] = member
        self.friends: dict[int, list[Member]] = {member.pk: [] for member in self.everyone}
        pairs = Friendship.objects.filter(member_id__in=by_id, friend_id__in=by_id).order_by("pk")
        for member_id, friend_id in pairs.values_list("member_id", "friend_id"):
            self.friends[member_id].append(by_id[friend_id])

    def of_group(self, space: Space) -> list[Member]:
        readers = list(self.members.get(space.pk, []))
        if space.visibility == Visibility.PUBLIC:
            audience = self.everyone if space.audience == Audience.EVERYONE else self.employees
            readers += [member for member in audience if member not in readers]
        return readers + [member for member in self.staff if member not in readers]

    def answering_employees(self, space: Space) -> list[Member]:
        """Who answers customers in `space`: its employee members, then the other employees
        (not the managers: they run the community, the service desk answers)."""
        own = [member for member in self.members.get(space.pk, []) if roles.is_employee(member)]
        if space.visibility == Visibility.PUBLIC:
            own += [m for m in self.employees if m not in own and not roles.may_manage(m)]
        return own


def kind_of_post(rng: random.Random, spec: GroupSpec, topic: Topic) -> str:
    """ "photo", "question", "notice" (the organisation's) or "story", as fits the group."""
    photo = bool(topic.photos) and rng.random() < PHOTO_SHARE.get(spec.key, 0.0)
    draw = rng.random()
    ask_share = (0.6 if spec.service else 0.35) if topic.asks else 0.0
    notice_share = 0.12 if topic.stories or topic.asks else 1.0
    if photo:
        return "photo"
    if draw < ask_share:
        return "question"
    if topic.notices and draw < ask_share + notice_share:
        return "notice"
    return "story" if topic.stories else "notice" if topic.notices else "question"


def author_pool(kind: str, spec: GroupSpec, writers: list[Member]) -> list[Member]:
    """Who writes a post of `kind`: employees the notices; customers the questions, and in
    service groups their stories too (the organisation answers there)."""
    if kind == "notice":
        pool = [member for member in writers if roles.is_employee(member)]
    elif spec.service or kind == "question":
        pool = [member for member in writers if not roles.is_employee(member)]
    else:
        pool = writers
    return pool or writers


@dataclass
class Planner:
    """Draws the plan slot by slot; each slot's generator comes from `rng`, one draw each."""

    rng: random.Random
    cast: Cast
    groups: dict[str, Space]
    readers: Readers
    now: datetime
    context: DemoContext
    posts: list[PlannedPost] = field(default_factory=list)
    slots: int = 0
    used: set[str] = field(default_factory=set)
    notices: Counter[str] = field(default_factory=Counter)  # notices planned, by group

    @property
    def start(self) -> datetime:
        return self.now - timedelta(days=HISTORY_DAYS)

    def slot(self) -> tuple[str, random.Random]:
        """The next key and the generator of its post."""
        key = f"{KEY_PREFIX}{self.slots:04d}"
        self.slots += 1
        return key, random.Random(self.rng.random())  # noqa: S311  (demo data)

    def moment(self, rng: random.Random, *lower: datetime | None) -> datetime | None:
        """A moment after the latest of `lower` (and the start of the history), an hour ago at
        the latest; None when there is no such time. Busier lately, as communities grow."""
        draw = rng.random()
        earliest = max([self.start, *(moment for moment in lower if moment is not None)])
        latest = self.now - timedelta(hours=1)
        if earliest >= latest:
            return None
        seconds: float = (latest - earliest).total_seconds() * draw**0.7
        return earliest + timedelta(seconds=seconds)

    def unique(self, make: Callable[[], str]) -> str:
        """A text from `make()` that no earlier post has (a few tries)."""
        text = make()
        for _attempt in range(6):
            if text not in self.used:
                break
            text = make()
        self.used.add(text)
        return text

    def group_link(self, rng: random.Random, exclude: Space | None = None) -> str:
        """A link to an open group (never a private or secret one: it would not open)."""
        open_groups = [
            space
            for space in self.groups.values()
            if space.visibility == Visibility.PUBLIC
            and space.audience == Audience.EVERYONE
            and space != exclude
        ]
        if not open_groups:
            return "[het groepenoverzicht](/groepen/)"
        space = rng.choice(open_groups)
        return f"[de groep {space.name}](/groepen/{space.slug}/)"

    def finish(self, post: PlannedPost, rng: random.Random) -> None:
        post.edit = rng.choice(EDIT_ADDITIONS) if rng.random() < EDIT_SHARE else ""
        self.posts.append(post)

    # Groups

    def plan_group(self, spec: GroupSpec, space: Space) -> None:
        topic = TOPICS[spec.key]
        key, rng = self.slot()
        owner = self.readers.owners.get(space.pk)
        if owner is not None and self.context.scaled(spec.posts):
            joined = self.readers.joined.get((space.pk, owner.pk))
            lower = max(moment for moment in (joined, owner.date_joined) if moment is not None)
            at = max(self.start + timedelta(hours=rng.uniform(2, 72)), lower + timedelta(hours=1))
            if at < self.now - timedelta(hours=1):
                words = words_for(rng, at, group=space.name)
                internal = spec.audience == Audience.EMPLOYEES
                body = rng.choice(WELCOME_EMPLOYEES if internal else WELCOME).format_map(words)
                post = PlannedPost(key, space, owner, body, at, pin=spec.key in PINNED_GROUPS)
                introductions = INTRODUCTIONS_EMPLOYEES if internal else INTRODUCTIONS
                self.plan_comments(post, rng, self.readers.of_group(space), introductions)
                self.finish(post, rng)
        kept = self.context.scaled(spec.posts) - 1  # the welcome was one
        for number in range(spec.posts - 1):
            self.plan_group_post(spec, space, topic, keep=number < kept)

    def plan_group_post(
        self, spec: GroupSpec, space: Space, topic: Topic, *, keep: bool = True
    ) -> None:
        """A photo, a question, a notice from the organisation, or a member's story."""
        key, rng = self.slot()
        writers = self.readers.members.get(space.pk, [])
        if not writers or not keep:
            return
        kind = kind_of_post(rng, spec, topic)
        if kind == "notice" and self.notices[spec.key] >= len(topic.notices) * 2:
            # Each notice at most twice (they have few words that change): a member's post.
            kind = "story" if topic.stories else "question" if topic.asks else kind
        author = rng.choice(author_pool(kind, spec, writers))
        at = self.moment(rng, self.readers.joined.get((space.pk, author.pk)), author.date_joined)
        if at is None:
            return
        self.notices[spec.key] += kind == "notice"
        question = kind == "question"
        # Links to the open groups, from posts in groups for everyone (not in notices).
        link = rng.random() < LINK_SHARE and kind != "notice" and spec.audience == Audience.EVERYONE
        links = Words(group_link=self.group_link(rng, space))
        answers: list[str] = []

        def make() -> str:
            """The post's text; drawn again (another template too) when it was used before."""
            words = words_for(rng, at)
            if kind == "photo":
                caption = rng.choice(topic.photos).format_map(words)
                body = " ".join(text for text in (caption, rng.choice(PHOTO_EXTRAS)) if text)
            elif kind == "notice":
                body = rng.choice(topic.notices).format_map(words)
            elif kind == "question":
                core, answer = rng.choice(topic.asks)
                answers.append(answer)
                body = compose(rng, core, question=True, words=words)
            else:
                body = compose(rng, rng.choice(topic.stories), question=False, words=words)
            if link:
                body += "\n\n" + rng.choice(LINK_SENTENCES).format_map(links)
            return body

        post = PlannedPost(key, space, author, self.unique(make), at)
        if kind == "photo":
            post.photo = True
            post.picture_seed = rng.random()
        readers = self.readers.of_group(space)
        if question:
            answerers = self.readers.answering_employees(space) if spec.service else []
            self.plan_answer(post, rng, answers[-1], readers, answerers)
        own = topic.on_question if question else topic.on_story
        # Enough to say for a lively thread: the topic's own words, else general ones too.
        texts = own if len(own) >= 4 else own + (ON_QUESTION if question else ON_STORY)
        self.plan_comments(post, rng, readers, texts)
        self.finish(post, rng)

    # Comments

    def later(self, post: PlannedPost, rng: random.Random) -> datetime | None:
        """The moment of the post's next comment: minutes to a day after the last one."""
        last = post.comments[-1].at if post.comments else post.at
        moment = last + timedelta(minutes=rng.uniform(8, 60 * 30))
        return moment if moment < self.now - timedelta(minutes=5) else None

    def plan_answer(
        self,
        post: PlannedPost,
        rng: random.Random,
        answer: str,
        readers: Sequence[Member],
        answerers: Sequence[Member],
    ) -> None:
        """The answer to a question: by an employee in a service group (then perhaps the
        asker's thanks and an internal note), else by another member, now and then."""
        answerers = [member for member in answerers if member.pk != post.author.pk]
        others = [member for member in readers if member.pk != post.author.pk]
        if answerers:
            if rng.random() >= ANSWER_SHARE:
                return
            by = rng.choice(answerers)
        elif others and rng.random() < 0.6:
            by = rng.choice(others)
        else:
            return
        at = self.later(post, rng)
        if at is None:
            return
        post.comments.append(PlannedComment(by, answer.format_map(words_for(rng, post.at)), at))
        index = len(post.comments) - 1
        if rng.random() < THANKS_SHARE and (at := self.later(post, rng)) is not None:
            words = words_for(rng, post.at, first=first_name(by), mention=mention_of(by))
            thanks = rng.choice(THANKS).format_map(words)
            post.comments.append(PlannedComment(post.author, thanks, at, reply_to=index))
        colleagues = [member for member in answerers if member != by]
        if colleagues and rng.random() < INTERNAL_SHARE and (at := self.later(post, rng)):
            note = rng.choice(INTERNAL_NOTES)
            post.comments.append(PlannedComment(rng.choice(colleagues), note, at, internal=True))

    def plan_comments(
        self, post: PlannedPost, rng: random.Random, readers: Sequence[Member], texts: Sequence[str]
    ) -> None:
        """A few comments by different readers, each saying something else; some reply to an
        earlier comment."""
        others = [member for member in readers if member.pk != post.author.pk]
        count = min(rng.choices(COMMENT_COUNTS, COMMENT_WEIGHTS)[0], len(others))
        people = rng.sample(others, count)
        sayings = rng.sample(list(texts), min(count, len(texts)))
        for number, author in enumerate(people):
            at = self.later(post, rng)
            if at is None:
                return
            tops = [
                comment
                for comment in post.comments
                if comment.reply_to is None and not comment.internal and comment.author != author
            ]
            if tops and (rng.random() < REPLY_SHARE or number >= len(sayings)):
                parent = rng.choice(tops)
                words = words_for(
                    rng, post.at, first=first_name(parent.author), mention=mention_of(parent.author)
                )
                index = post.comments.index(parent)
                body = rng.choice(REPLIES).format_map(words)
                post.comments.append(PlannedComment(author, body, at, reply_to=index))
            elif number < len(sayings):
                body = sayings[number].format_map(words_for(rng, post.at))
                post.comments.append(PlannedComment(author, body, at))

    # The community space and the profiles

    def plan_community(self, space: Space) -> None:
        topic = TOPICS["community"]
        managers = [member for member in self.cast.staff_and_employees if roles.may_manage(member)]
        for index, text in enumerate(ANNOUNCEMENTS):
            key, rng = self.slot()
            if not managers or index >= self.context.scaled(len(ANNOUNCEMENTS)):
                continue
            author = managers[index % len(managers)]
            if index == 0:  # the welcome, pinned: from the start of the history
                at: datetime | None = max(self.start, author.date_joined) + timedelta(hours=3)
            else:
                at = self.moment(rng, author.date_joined)
            if at is None or at >= self.now:
                continue
            body = text.format_map(words_for(rng, at))
            post = PlannedPost(key, space, author, body, at, pin=index == 0)
            self.plan_comments(post, rng, self.readers.everyone, topic.on_story + ON_STORY)
            self.finish(post, rng)
        for index, text in enumerate(SPAM):
            key, rng = self.slot()
            if index >= self.context.scaled(len(SPAM)):
                continue
            author = rng.choice(self.cast.customers or self.readers.everyone)
            at = self.moment(rng, author.date_joined)
            moderator = self.cast.login("moderator")
            if at is not None and moderator is not None:
                self.posts.append(PlannedPost(key, space, author, text, at, deleted_by=moderator))
        others = COMMUNITY_POSTS - len(ANNOUNCEMENTS) - len(SPAM)
        for number in range(others):
            self.plan_community_post(space, topic, keep=number < self.context.scaled(others))

    def plan_community_post(self, space: Space, topic: Topic, *, keep: bool = True) -> None:
        key, rng = self.slot()
        if not keep:
            return
        author = rng.choice(self.readers.everyone)
        at = self.moment(rng, author.date_joined)
        if at is None:
            return
        question = rng.random() < 0.4
        link = rng.random() < 2 * LINK_SHARE
        links = Words(group_link=self.group_link(rng))
        answers: list[str] = []

        def make() -> str:
            if question:
                core, answer = rng.choice(topic.asks)
                answers.append(answer)
            else:
                core = rng.choice(topic.stories)
            body = compose(rng, core, question=question, words=words_for(rng, at))
            if link:
                body += "\n\n" + rng.choice(LINK_SENTENCES).format_map(links)
            return body

        post = PlannedPost(key, space, author, self.unique(make), at)
        everyone = self.readers.everyone
        if question:
            self.plan_answer(post, rng, answers[-1], everyone, answerers=())
        texts = topic.on_question + ON_QUESTION if question else topic.on_story + ON_STORY
        self.plan_comments(post, rng, everyone, texts)
        self.finish(post, rng)

    def plan_profiles(self) -> None:
        writers = [
            member for member in self.readers.everyone if self.readers.friends.get(member.pk)
        ]
        for number in range(PROFILE_POSTS):
            self.plan_profile_post(writers, keep=number < self.context.scaled(PROFILE_POSTS))

    def plan_profile_post(self, writers: list[Member], *, keep: bool = True) -> None:
        key, rng = self.slot()
        if not writers or not keep:
            return
        topic = TOPICS["profiel"]
        owner = rng.choice(writers)
        friends = self.readers.friends[owner.pk]
        greeting = rng.random() < GREETING_SHARE
        author = rng.choice(friends) if greeting else owner
        at = self.moment(rng, owner.date_joined, author.date_joined)
        if at is None:
            return
        when: datetime = at  # for the lambdas below (mypy does not narrow into them)
        words = words_for(rng, when, first=first_name(owner))
        post = PlannedPost(key, None, author, "", when, wall_owner=owner)
        if greeting:
            post.body = self.unique(lambda: rng.choice(WALL_GREETINGS).format_map(words))
        elif rng.random() < FRIENDS_ONLY_SHARE:
            post.audience = PostAudience.FRIENDS
            post.body = self.unique(lambda: rng.choice(FRIENDS_ONLY).format_map(words))
        elif rng.random() < PHOTO_SHARE["profiel"]:
            post.body = rng.choice(topic.photos).format_map(words)
            post.photo = True
            post.picture_seed = rng.random()
        else:
            post.body = self.unique(
                lambda: rng.choice(topic.stories).format_map(words_for(rng, when))
            )
        if greeting:  # the wall's owner answers
            at = self.later(post, rng)
            if at is not None:
                answer = rng.choice(GREETING_ANSWERS).format(first=first_name(author))
                post.comments.append(PlannedComment(owner, answer, at))
        else:
            # A wall is read by its owner's friends; a friends-only post by them alone.
            friendly = post.audience == PostAudience.FRIENDS
            texts = ON_FRIENDS_ONLY if friendly else topic.on_story + ON_STORY
            self.plan_comments(post, rng, [owner, *friends], texts)
        self.finish(post, rng)


def wall_plan(context: DemoContext, rng: random.Random) -> list[PlannedPost]:
    """Every demo post with its comments, oldest first."""
    cast = cast_of(context)
    groups = demo_groups()
    planner = Planner(
        rng=rng,
        cast=cast,
        groups=groups,
        readers=Readers(cast, groups),
        now=timezone.now(),
        context=context,
    )
    for spec in GROUPS:
        space = groups.get(spec.key)
        if space is None:
            for _number in range(spec.posts):
                planner.slot()  # the slots of a missing group stay its own
            continue
        planner.plan_group(spec, space)
    planner.plan_community(community_space())
    planner.plan_profiles()
    return sorted(planner.posts, key=lambda post: post.at)
