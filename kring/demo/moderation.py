"""The demo's moderation queue: a few reported posts and a comment (open cases, Dutch reasons),
one post a moderator hid with a reason its author reads, and one post waiting for approval.

The posts are keyed on their idempotency key ("moderatie-…"), flags on (case, flagger): a
second run adds nothing. Member-written content, not interface text: no gettext here.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from kring.accounts.models import Member
from kring.content.models import Comment, ModerationState, Post
from kring.content.services import comment_on_post, create_post, set_post_moderation
from kring.core.permissions import NotFound
from kring.demo.cast import cast_of
from kring.demo.context import DemoContext
from kring.demo.wall import settle_activity
from kring.moderation import services
from kring.moderation.models import FlagCase
from kring.spaces.queries import community_space

KEY_PREFIX = "moderatie-"

# (key, text, [(reason, explanation)]): reported by as many members as it has flags.
REPORTED = (
    (
        "reclame",
        (
            "Verdien makkelijk bij met mijn bijbaantje vanuit huis! Stuur me een berichtje voor de "
            "details."
        ),
        [("spam", ""), ("other", "Dit is reclame voor iets wat niets met energie te maken heeft.")],
    ),
    (
        "ruzie",
        "Wie nog denkt dat een warmtepomp in een oud huis werkt, heeft echt niet opgelet. Typisch.",
        [("offensive", "Erg neerbuigend naar andere leden.")],
    ),
    (
        "voetbal",
        "Zag iemand gisteren de wedstrijd? Wat een doelpunt in de laatste minuut!",
        [("off_topic", "")],
    ),
)
HIDDEN = (
    "telefoon",
    "Mijn buurman kan je helpen met je omvormer, bel hem gerust op 06-12345678.",
    (
        "Verborgen: er stond het telefoonnummer van iemand anders in. Je mag het bericht zonder "
        "nummer opnieuw plaatsen."
    ),
)
PENDING = (
    "wachtend",
    "Hallo allemaal, ik ben nieuw hier en heb vanaf volgende maand zonnepanelen. Tips welkom!",
    "Eerste bericht van een nieuw lid: een moderator kijkt er even naar.",
)
REPORTED_COMMENT = "Wat een onzin schrijf jij altijd, doe eerst eens onderzoek."


def _post(author: Member, key: str, body: str) -> Post:
    space = community_space()
    existing = Post.objects.filter(idempotency_key=KEY_PREFIX + key).first()
    if existing is not None:
        return existing
    post = create_post(author, space=space, body=body, idempotency_key=KEY_PREFIX + key)
    # Written a little while ago, like the rest of the demo's posts (its comment, if any, and
    # the reports come after).
    moment = timezone.now() - timedelta(hours=2 + len(key))
    Post.objects.filter(pk=post.pk).update(created_at=moment, last_activity_at=moment)
    post.created_at = post.last_activity_at = moment
    return post


def _flag_post(flagger: Member, post: Post, reason: str, text: str) -> int:
    try:
        services.flag_post(flagger, post_id=post.pk, reason=reason, text=text)
    except (ValidationError, NotFound):
        return 0  # reported already, or hidden by the reports (a second run)
    return 1


def build_moderation(context: DemoContext, rng: random.Random) -> str:
    """Open flag cases on a few posts and a comment, one hidden post, one waiting post."""
    cast = cast_of(context)
    moderator = context.logins.get("moderator") or cast.login("moderator")
    people = cast.customers
    if len(people) < 3:
        people = [m for key, m in cast.logins.items() if key != "moderator"]
    if moderator is None or len(people) < 3:
        return "no moderation demo: too few members"
    people = sorted(people, key=lambda m: m.pk)
    posts = [
        _post(people[index % len(people)], key, body)
        for index, (key, body, _reports) in enumerate(REPORTED)
    ]
    # A rude comment on the first reported post (written before the reports may hide it).
    target = posts[0]
    comment = Comment.objects.filter(post=target, body=REPORTED_COMMENT).first()
    if comment is None and target.moderation == ModerationState.PUBLISHED:
        comment = comment_on_post(people[-1], post=target, body=REPORTED_COMMENT)
    flags = 0
    for post, (_key, _body, reports) in zip(posts, REPORTED, strict=True):
        flaggers = [m for m in people if m.pk != post.author_id]
        rng.shuffle(flaggers)
        for flagger, (reason, text) in zip(flaggers, reports, strict=False):
            flags += _flag_post(flagger, post, reason, text)
    if comment is not None:
        try:
            services.flag_comment(target.author, comment_id=comment.pk, reason="offensive")
            flags += 1
        except (ValidationError, NotFound):
            pass  # reported already, or hidden (a second run)
    # Hidden by a moderator, with the reason its author reads.
    key, body, reason = HIDDEN
    hidden = _post(people[1], key, body)
    if hidden.moderation == ModerationState.PUBLISHED:
        if not FlagCase.objects.filter(post=hidden).exists():
            services.flag_post(moderator, post_id=hidden.pk, reason="other", text="Telefoonnummer")
        case = FlagCase.objects.select_related("post", "space").get(post=hidden)
        services.hide_case(moderator, case=case, reason=reason, reason_code="personal_data")
    # Waiting for a moderator's approval.
    key, body, reason = PENDING
    waiting = _post(people[2], key, body)
    if (
        waiting.moderation == ModerationState.PUBLISHED
        and not FlagCase.objects.filter(post=waiting).exists()
    ):
        set_post_moderation(None, post=waiting, state=ModerationState.PENDING, reason=reason)
        services.open_case_for_pending(post_id=waiting.pk)
    # Writing them moved their spaces' last activity to this very moment: settle it as the
    # wall does (the liveliest published post's).
    settle_activity({post.space_id for post in [*posts, hidden, waiting]})
    open_cases = FlagCase.objects.filter(status="open").count()
    return f"{open_cases} open moderation cases ({flags} new reports), 1 hidden, 1 waiting post"
