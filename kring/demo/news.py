"""The demo's news: ten articles by the community manager (news, a vacancy, a whitepaper with
a PDF drawn here, a video), one of them sponsored, two featured, one scheduled for next week;
an outage banner running now and an information banner that ended last week.

Written through the news services, as an editor would; publishing dates are moved back
afterwards. Articles are found by their title and announcements by theirs, so a second run adds
nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kring.content.models import Post, PostKind
from kring.demo.cast import cast_of
from kring.demo.context import DemoContext
from kring.demo.wall import settle_activity
from kring.news.models import Announcement, AnnouncementLevel, Article, ArticleKind
from kring.news.services import (
    AnnouncementText,
    ArticleDraft,
    create_announcement,
    create_article,
)
from kring.spaces.queries import community_space

SCHEDULED_IN_DAYS = 7


@dataclass(frozen=True)
class ArticleSpec:
    title: str
    summary: str
    body: str
    kind: str = ArticleKind.NEWS
    days_ago: int = 0  # negative: scheduled that many days ahead
    featured: bool = False
    sponsored: bool = False
    video_url: str = ""
    pdf: tuple[str, ...] = field(default_factory=tuple)  # the whitepaper's lines


ARTICLES = [
    ArticleSpec(
        "Nieuw in de app: je opbrengst per uur",
        "Zie precies wanneer je panelen het meest opleveren, uur voor uur.",
        "Vanaf vandaag toont de Zonnestroom-app je opbrengst **per uur**. Zo zie je wanneer je "
        "het best de wasmachine aanzet.\n\n- Werk de app bij via de appwinkel\n- Koppel je "
        "omvormer opnieuw als de grafiek leeg blijft\n\nVragen? Stel ze op het forum.",
        days_ago=3,
        featured=True,
    ),
    ArticleSpec(
        "Whitepaper: een thuisbatterij, slim of niet?",
        "Wanneer een thuisbatterij zich terugverdient, met rekenvoorbeelden.",
        "Na het einde van de salderingsregeling vragen veel leden zich af of een thuisbatterij "
        "loont. In deze whitepaper zetten we de sommen op een rij.",
        kind=ArticleKind.WHITEPAPER,
        days_ago=10,
        featured=True,
        pdf=(
            "Een thuisbatterij, slim of niet?",
            "Energiecooperatie Zonnestroom - whitepaper",
            "1. Wat kost een thuisbatterij?",
            "2. Hoeveel stroom gebruik je zelf?",
            "3. Rekenvoorbeelden voor drie huishoudens",
        ),
    ),
    ArticleSpec(
        "Video: zo lees je je omvormer uit",
        "In vier minuten laat Sanne zien waar je op let.",
        "Het lampje op je omvormer zegt veel. In deze video leggen we uit wat de kleuren "
        "betekenen en wanneer je contact opneemt met de klantenservice.",
        kind=ArticleKind.VIDEO,
        days_ago=17,
        video_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
    ),
    ArticleSpec(
        "Vacature: installateur zonnepanelen (32-40 uur)",
        "Kom ons team in Amersfoort versterken.",
        "Wij zoeken een **installateur** die graag op daken staat.\n\n## Wat je doet\n\n"
        "- Panelen en omvormers plaatsen\n- Leden uitleg geven bij de oplevering\n\n"
        "## Wat we bieden\n\nEen vast contract, een bus van de zaak en fijne collega's.",
        kind=ArticleKind.VACANCY,
        days_ago=6,
    ),
    ArticleSpec(
        "Partnerbericht: panelen reinigen met Glashelder",
        "Tien procent korting voor leden op een reinigingsbeurt.",
        "Schone panelen leveren tot vijf procent meer op. Onze partner Glashelder reinigt ze "
        "zonder zeep en zonder krassen. Leden krijgen tien procent korting.",
        days_ago=8,
        sponsored=True,
    ),
    ArticleSpec(
        "Ledenvergadering op 12 december",
        "Praat en stem mee over de plannen voor het nieuwe jaar.",
        "De ledenvergadering is op **12 december** in het buurthuis in Amersfoort en online. "
        "Op de agenda: het zonnedak op de sporthal en de begroting.",
        days_ago=21,
    ),
    ArticleSpec(
        "Terugleververgoeding per 1 januari",
        "Wat verandert er voor je rekening?",
        "Per 1 januari passen we de terugleververgoeding aan. Je ziet het nieuwe tarief vanaf "
        "volgende week in de app. Niets doen is genoeg: we passen het automatisch toe.",
        days_ago=28,
    ),
    ArticleSpec(
        "Storing van vorige week: wat er misging",
        "Een terugblik op de storing in het inlogsysteem.",
        "Vorige week konden veel leden een paar uur niet inloggen. Een update van onze "
        "inlogdienst liep vast. We hebben de update teruggedraaid en testen voortaan langer.",
        days_ago=35,
    ),
    ArticleSpec(
        "Servicepunt in Amersfoort open",
        "Loop binnen met je vragen over panelen en omvormers.",
        "Ons nieuwe servicepunt aan de Stationsstraat is elke dinsdag en donderdag open.",
        days_ago=50,
    ),
    ArticleSpec(
        "Zomeractie: gratis dakschouw",
        "Laat gratis je dak bekijken voordat je panelen neemt.",
        "Deze zomer bekijkt een van onze installateurs gratis of je dak geschikt is.",
        days_ago=-SCHEDULED_IN_DAYS,
    ),
]


def pdf_file(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF with `lines` of text (Helvetica, ASCII), made without a library."""
    text = "\n".join(
        f"BT /F1 {18 if n == 0 else 12} Tf 72 {760 - 28 * n} Td ({line}) Tj ET"
        for n, line in enumerate(lines)
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        ),
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def write_article(author: Any, spec: ArticleSpec, rng: random.Random) -> Article:
    """One article as the editor writes it, then dated back to its publishing day."""
    now = timezone.now()
    scheduled = spec.days_ago < 0
    moment = now + timedelta(days=-spec.days_ago, hours=rng.randint(-3, 3))
    files = []
    if spec.pdf:
        name = "thuisbatterij-whitepaper.pdf"
        files.append(SimpleUploadedFile(name, pdf_file(spec.pdf), "application/pdf"))
    article = create_article(
        author,
        draft=ArticleDraft(
            title=spec.title,
            body=spec.body,
            kind=spec.kind,
            summary=spec.summary,
            video_url=spec.video_url,
            is_featured=spec.featured,
            is_sponsored=spec.sponsored,
            publish_at=moment if scheduled else None,
        ),
        files=files,
    )
    if not scheduled:
        Post.objects.filter(pk=article.post_id).update(created_at=moment, last_activity_at=moment)
        Article.objects.filter(pk=article.post_id).update(publish_at=moment)
    return article


def build_announcements(author: Any) -> int:
    """The outage running now and the information banner that ended; returns how many new."""
    now = timezone.now()
    texts = [
        AnnouncementText(
            title="Inloggen op de app gaat traag",
            level=AnnouncementLevel.OUTAGE,
            body="We werken aan een oplossing. Inloggen op de website werkt gewoon.",
            starts_at=now - timedelta(hours=2),
        ),
        AnnouncementText(
            title="Stem mee over het zonnedak op de sporthal",
            level=AnnouncementLevel.INFO,
            body="De stemming liep tot vorige week.",
            starts_at=now - timedelta(days=14),
            ends_at=now - timedelta(days=7),
        ),
    ]
    existing = set(Announcement.objects.values_list("title", flat=True))
    new = [text for text in texts if text.title not in existing]
    for text in new:
        create_announcement(author, text=text)
    return len(new)


def build_news(context: DemoContext, rng: random.Random) -> str:
    """Ten articles and two announcements by the community manager."""
    author = cast_of(context).login("manager")
    if author is None:
        return "no community manager among the demo logins: news skipped"
    titles = [spec.title for spec in ARTICLES]
    existing = set(
        Post.objects.filter(kind=PostKind.ARTICLE, title__in=titles).values_list("title", flat=True)
    )
    new = [spec for spec in ARTICLES if spec.title not in existing]
    for spec in new:
        write_article(author, spec, rng)
    announcements = build_announcements(author)
    settle_activity({community_space().pk})  # articles were written now, dated in the past
    return (
        f"{len(ARTICLES)} articles ({len(new)} new, one scheduled), "
        f"{Announcement.objects.count()} announcements ({announcements} new)"
    )
