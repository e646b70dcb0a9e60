"""The organisation's own content of a seeded community, in bulk: knowledge pages (a Post of
kind "page" with its KnowledgePage row) in a small catalogue tree, members' reviews of the
product pages with exact rating counters, links from questions to products, and articles
(a Post of kind "article" with its news Article row), a few of them sponsored."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.utils.text import slugify

from kring.bench.bulk import Progress, moment
from kring.bench.community import DAY, SPAN
from kring.bench.people import Cast
from kring.bench.scales import Scale
from kring.bench.texts import Body
from kring.content.models import Post
from kring.knowledge.models import KnowledgePage, ProductLink, Review
from kring.news.models import Article

SECTIONS = ["Zonnepanelen", "Thuisbatterijen", "Warmtepompen", "Laadpalen", "Service en contract"]
PRODUCTS = [
    "Omvormer {n} kW", "Thuisbatterij {n} kWh", "Hybride warmtepomp {n}", "Laadpaal {n} kW",
    "Zonnepaneel {n}00 Wp", "Slimme meter module {n}", "Energiecontract Vast {n} jaar",
]  # fmt: skip
REVIEW_TEXTS = [
    "Werkt prima, de installatie was binnen een dag klaar.",
    "Na een storing in de omvormer snel geholpen door de klantenservice.",
    "Goede thuisbatterij, maar de app kan beter.",
    "Doet wat het moet doen. Iets aan de dure kant.",
    "Na drie maanden weer uitgevallen, nog geen oplossing.",
]
ARTICLE_TITLES = [
    "Nieuwe terugleverregels: wat verandert er voor jou?",
    "Zo haal je meer uit je thuisbatterij in de winter",
    "Vacature: monteur warmtepompen",
    "Whitepaper: slim laden met een dynamisch contract",
    "Video: zo installeer je een laadpaal",
    "Storing in de regio opgelost: wat er gebeurde",
]
ARTICLE_KINDS = ["news", "news", "vacancy", "whitepaper", "video", "news"]
VIDEO_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
RATING_WEIGHTS = [4, 6, 12, 35, 43]  # 1 to 5 stars: mostly content, a long unhappy tail


@dataclass
class Library:
    pages: int = 0
    products: list[int] = field(default_factory=list)
    reviews: int = 0
    articles: int = 0
    links: int = 0
    latest: float = 0.0  # the newest page or article (the community's last activity)


def write_library(
    *,
    scale: Scale,
    rng: random.Random,
    cast: Cast,
    community_id: int,
    first_post: int,
    now: float,
    bodies: list[Body],
    questions: list[int],
    progress: Progress,
) -> Library:
    library = Library()
    editors = cast.managers or cast.members
    posts: list[Post] = []
    pages: list[KnowledgePage] = []
    taken = set(KnowledgePage.objects.values_list("slug", flat=True))
    sections = min(len(SECTIONS), max(1, scale.pages // 4))
    parent_of: list[int | None] = []
    for p in range(scale.pages):
        section = p < sections
        if section:
            title = SECTIONS[p]
        else:
            title = PRODUCTS[p % len(PRODUCTS)].format(n=2 + p // len(PRODUCTS))
        slug = slugify(title, allow_unicode=True)[:80]
        while slug in taken:
            slug = f"{slug}-{p}"
        taken.add(slug)
        created = now - SPAN * rng.random() * 0.9
        library.latest = max(library.latest, created)
        body = rng.choice(bodies)
        pk = first_post + p
        posts.append(
            Post(
                pk=pk,
                space_id=community_id,
                author_id=rng.choice(editors),
                kind="page",
                title=title,
                body=body.text,
                body_html=body.html,
                created_at=moment(created),
                last_activity_at=moment(created),
            )
        )
        parent_of.append(None if section else first_post + (p % sections))
        pages.append(
            KnowledgePage(
                post_id=pk,
                parent_id=None,
                slug=slug,
                position=p,
                body_html=body.html,
                is_product=not section,
            )
        )
    reviews: list[Review] = []
    products = [page for page in pages if page.is_product]
    # The reviews over the products, skewed (a few bestsellers, a long tail), about
    # scale.reviews in all and at most one per member per product.
    shares = [min(20.0, rng.paretovariate(1.2)) for _ in products]
    for page, share in zip(products, shares, strict=True):
        library.products.append(page.post_id)
        count = min(len(cast.members), round(scale.reviews * share / sum(shares)))
        tally: dict[str, int] = {}
        for author in rng.sample(cast.members, count):
            rating = rng.choices(range(1, 6), weights=RATING_WEIGHTS)[0]
            tally[str(rating)] = tally.get(str(rating), 0) + 1
            page.rating_sum += rating
            text = rng.choice(REVIEW_TEXTS)
            reviews.append(
                Review(
                    page_id=page.post_id,
                    author_id=author,
                    rating=rating,
                    body=text,
                    body_html=f"<p>{text}</p>",
                    created_at=moment(now - rng.random() * 300 * DAY),
                )
            )
        page.review_count, page.rating_counts = count, tally
    progress.insert("pages (posts)", Post, posts)
    progress.insert("knowledge pages", KnowledgePage, pages)
    for page, parent in zip(pages, parent_of, strict=True):
        if parent is not None:
            KnowledgePage.objects.filter(pk=page.post_id).update(parent_id=parent)
    library.pages = len(pages)
    library.reviews = progress.insert("reviews", Review, reviews)
    links = []
    if library.products:
        for q in rng.sample(questions, min(len(questions), len(library.products) * 20)):
            links.append(
                ProductLink(page_id=rng.choice(library.products), post_id=q, created_at=moment(now))
            )
    library.links = progress.insert("product links", ProductLink, links)
    library.articles = write_articles(
        scale=scale,
        rng=rng,
        cast=cast,
        community_id=community_id,
        first_post=first_post + len(pages),
        now=now,
        bodies=bodies,
        progress=progress,
        library=library,
    )
    return library


def write_articles(
    *,
    scale: Scale,
    rng: random.Random,
    cast: Cast,
    community_id: int,
    first_post: int,
    now: float,
    bodies: list[Body],
    progress: Progress,
    library: Library,
) -> int:
    posts, articles = [], []
    editors = cast.managers or cast.members
    for a in range(scale.articles):
        created = now - SPAN * rng.random() ** 2
        library.latest = max(library.latest, created)
        body = rng.choice(bodies)
        kind = ARTICLE_KINDS[a % len(ARTICLE_KINDS)]
        posts.append(
            Post(
                pk=first_post + a,
                space_id=community_id,
                author_id=rng.choice(editors),
                kind="article",
                title=ARTICLE_TITLES[a % len(ARTICLE_TITLES)],
                body=body.text,
                body_html=body.html,
                created_at=moment(created),
                last_activity_at=moment(created),
                is_sponsored=a % 10 == 3,
            )
        )
        articles.append(
            Article(
                post_id=first_post + a,
                kind=kind,
                summary=body.text[:200],
                is_featured=a % 7 == 0,
                publish_at=moment(created),
                video_url=VIDEO_URL if kind == "video" else "",
                video_provider="youtube" if kind == "video" else "",
                video_id=VIDEO_URL.rsplit("=", 1)[1] if kind == "video" else "",
            )
        )
    progress.insert("articles (posts)", Post, posts)
    return progress.insert("articles", Article, articles)
