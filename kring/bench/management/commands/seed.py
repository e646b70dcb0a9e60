"""`kring seed --scale small|medium|large`: a large, realistic community for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from kring.accounts.models import Member
from kring.bench.scales import SCALES
from kring.bench.seeding import BENCH_PASSWORD, seed_community

DEFAULT_SEED = 2026


class Command(BaseCommand):
    help = (
        "Generate a realistic community in bulk for benchmarks (make bench). Scales: "
        + ", ".join(
            f"{s.name} ({s.members:,} members, {s.posts:,} posts)"
            for s in SCALES.values()
            if s.name != "tiny"
        )
        + ". Refuses a database that already has members unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="small",
            help="How big a community (tiny is for the unit tests).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Same seed, same community."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the community even though the database already has members.",
        )

    def handle(self, *args: Any, scale: str, seed: int, force: bool, **options: Any) -> None:
        if Member.objects.exists() and not force:
            raise CommandError(
                "This database already has members: kring seed is meant for an empty benchmark "
                "database. Pass --force to add a generated community anyway."
            )
        size = SCALES[scale]
        self.stdout.write(
            f"Seeding a {size.name} community on {connection.vendor} (seed {seed}): "
            f"{size.members:,} members, {size.groups:,} groups, {size.posts:,} posts, "
            f"{size.comments:,} comments, {size.reactions:,} reactions, "
            f"{size.relations:,} friendships and follows; {size.topics:,} topics with "
            f"{size.replies:,} replies, {size.pages:,} knowledge pages, ~{size.reviews:,} "
            f"reviews, {size.articles:,} articles; {size.conversations:,} conversations with "
            f"{size.messages:,} private messages, {size.flag_cases:,} flag cases, "
            f"{size.sanctions:,} sanctions, {size.audit_entries:,} audit entries; then the "
            "search index."
        )
        counts = seed_community(size, seed=seed, write=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {sum(counts.values()):,} rows. Every seeded member logs in with "
                f"lid<id>@bench.example.org and the password {BENCH_PASSWORD}."
            )
        )
