"""The demo's knowledge base: twenty pages about Zonnestroom's products and services in a
catalogue tree (kring.demo.knowledge_pages), a few of them edited since (revisions), reviews
by demo members in a realistic spread of stars, employees' answers, and the wall posts about
each product linked to its page.

Everything is written through the knowledge services, as editors and members would; dates are
moved back afterwards. Pages are found by their address (slug) and reviews by page and author,
so a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from kring.accounts import services as account_services
from kring.accounts.models import Member
from kring.content.models import Post, PostKind, PostRevision
from kring.demo.cast import Cast, cast_of
from kring.demo.context import DemoContext
from kring.demo.groups import demo_groups
from kring.demo.knowledge_pages import PAGES, REPLY_TEXTS, REVIEW_TEXTS, PageSpec
from kring.demo.wall import settle_activity
from kring.knowledge import services
from kring.knowledge.models import KnowledgePage, ProductLink, Review
from kring.spaces.models import Space
from kring.spaces.queries import community_space

# How often each number of stars is given: most members are content, a few are not.
STAR_WEIGHTS = {5: 40, 4: 32, 3: 13, 2: 8, 1: 7}
MAX_REVIEWS_PER_PRODUCT = 14
MAX_LINKED_POSTS = 4
PAGES_AGE_DAYS = 400


def body_of(spec: PageSpec, *, updated: bool) -> str:
    """The page's Dutch Markdown text (with the later addition when `updated`)."""
    parts = [spec.intro]
    if spec.features:
        parts.append("## Wat je krijgt\n\n" + "\n".join(f"- {item}" for item in spec.features))
    if spec.price:
        parts.append(f"## Prijs\n\n| | |\n|---|---|\n| Prijs | {spec.price} |")
    if spec.product:
        parts.append(
            "## Vragen?\n\nStel je vraag aan de community met de knop bovenaan: leden en "
            "medewerkers helpen je verder."
        )
    if updated and spec.update:
        parts.append(f"## Nieuw\n\n{spec.update}")
    return "\n\n".join(parts)


def editors_of(cast: Cast) -> list[Member]:
    """Who writes the pages: the community manager, and the demo employee made an editor."""
    manager, employee = cast.login("manager"), cast.login("employee")
    editors = [m for m in (manager, employee) if m is not None]
    if manager is not None and employee is not None and not employee.is_editor:
        account_services.set_editor(manager, member=employee, is_editor=True)
    return editors


def build_knowledge(context: DemoContext, rng: random.Random) -> str:
    """Twenty catalogue pages with revisions, reviews, answers and linked wall posts."""
    cast = cast_of(context)
    editors = editors_of(cast)
    if not editors:
        return "no editors among the demo logins: knowledge base skipped"
    groups = demo_groups()
    pages = {page.slug: page for page in KnowledgePage.objects.select_related("post")}
    new_pages = 0
    for number, spec in enumerate(PAGES):
        if spec.slug not in pages:
            pages[spec.slug] = write_page(
                spec, number, editors=editors, pages=pages, groups=groups, rng=rng
            )
            new_pages += 1
    new_reviews = 0
    for spec in PAGES:
        page = pages[spec.slug]
        if spec.product and not page.post.is_deleted:
            # A generator per product: what exists already never changes what is drawn.
            page_rng = random.Random(f"{context.seed}:knowledge:{spec.slug}")  # noqa: S311
            new_reviews += write_reviews(context, page, cast, page_rng)
            link_posts(spec, page, editors[0], groups)
    settle_activity({community_space().pk})  # pages were written now, dated in the past
    demo_pages = KnowledgePage.objects.filter(slug__in=[spec.slug for spec in PAGES])
    reviews = Review.objects.filter(page__in=demo_pages)
    return (
        f"{demo_pages.count()} knowledge pages "
        f"({demo_pages.filter(is_product=True).count()} products), {reviews.count()} reviews "
        f"({reviews.exclude(reply='').count()} answered), "
        f"{ProductLink.objects.filter(page__in=demo_pages).count()} linked posts "
        f"({new_pages} pages and {new_reviews} reviews new)"
    )


def write_page(
    spec: PageSpec,
    number: int,
    *,
    editors: list[Member],
    pages: dict[str, KnowledgePage],
    groups: dict[str, Space],
    rng: random.Random,
) -> KnowledgePage:
    """One page as an editor writes it, edited later when the spec has an update."""
    author = editors[number % len(editors)]
    page = services.create_page(
        author,
        title=spec.title,
        body=body_of(spec, updated=False),
        slug=spec.slug,
        parent=pages.get(spec.parent) if spec.parent else None,
        position=number,
        is_product=spec.product,
        group=groups.get(spec.group) if spec.group else None,
    )
    now = timezone.now()
    written_at = now - timedelta(days=PAGES_AGE_DAYS - number * 3, hours=rng.randint(8, 17))
    dates: dict[str, Any] = {"created_at": written_at, "last_activity_at": written_at}
    if spec.update:
        editor = editors[(number + 1) % len(editors)]
        services.edit_page(
            editor,
            page=page,
            title=spec.title,
            body=body_of(spec, updated=True),
            is_product=page.is_product,
            group=page.group,
        )
        edited_at = now - timedelta(days=rng.randint(10, 120))
        PostRevision.objects.filter(post_id=page.pk).update(created_at=edited_at)
        dates["edited_at"] = edited_at
    Post.objects.filter(pk=page.pk).update(**dates)
    page.post.refresh_from_db()
    return page


def write_reviews(context: DemoContext, page: KnowledgePage, cast: Cast, rng: random.Random) -> int:
    """Reviews by customers (and the demo member), some answered by employees."""
    reviewers = [m for m in cast.customers if m.pk != page.post.author_id]
    demo_member = cast.login("member")
    wanted = context.scaled(rng.randint(4, MAX_REVIEWS_PER_PRODUCT))
    chosen = rng.sample(reviewers, min(wanted, len(reviewers)))
    if demo_member is not None and rng.random() < 0.3:
        chosen.append(demo_member)
    answerers = cast.staff_and_employees
    done = set(Review.objects.filter(page=page).values_list("author_id", flat=True))
    written = 0
    for author in chosen:
        if author.pk in done:
            continue
        stars = rng.choices(list(STAR_WEIGHTS), weights=list(STAR_WEIGHTS.values()))[0]
        text = rng.choice(REVIEW_TEXTS[stars]).format(title=page.post.title)
        review = services.write_review(author, page=page, rating=stars, body=text)
        at = timezone.now() - timedelta(days=rng.randint(1, PAGES_AGE_DAYS - 30))
        fields: dict[str, Any] = {"created_at": at}
        answer = stars <= 2 or rng.random() < 0.15
        if answer and answerers:
            services.reply_to_review(
                rng.choice(answerers),
                review=review,
                body=rng.choice(REPLY_TEXTS["low" if stars <= 2 else "high"]),
            )
            fields["replied_at"] = min(at + timedelta(hours=rng.randint(2, 40)), timezone.now())
        Review.objects.filter(pk=review.pk).update(**fields)
        written += 1
    return written


def link_posts(
    spec: PageSpec, page: KnowledgePage, editor: Member, groups: dict[str, Space]
) -> None:
    """The newest wall posts in the product's group that mention it, linked to its page."""
    group = groups.get(spec.group) if spec.group else None
    if group is None or not spec.keywords:
        return
    posts = Post.objects.filter(
        space=group, deleted_at__isnull=True, kind=PostKind.STATUS, audience="space"
    ).order_by("-created_at", "-id")
    found = [
        post for post in posts[:200] if any(word in post.body.lower() for word in spec.keywords)
    ][:MAX_LINKED_POSTS]
    for post in found:
        services.link_post_to_product(editor, post=post, page=page)
