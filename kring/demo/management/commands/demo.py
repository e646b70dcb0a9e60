"""`kring demo`: fill the database with a believable Dutch community to show Kring with."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kring.demo.context import DEFAULT_SEED, DemoContext
from kring.demo.members import DEMO_LOGINS
from kring.demo.steps import build_demo


class Command(BaseCommand):
    help = (
        "Build the demo community (site settings, demo logins, sixty members, groups, "
        "friendships, follows, six months of wall posts with comments and reactions). "
        "Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Seed of the generated community."
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Share of the wall posts to write: 1 (the default) is about 600, 0.1 is quick.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Build even on an https site (the demo logins have a published password).",
        )

    def handle(self, *args: Any, seed: int, scale: float, force: bool, **options: Any) -> None:
        if settings.SITE_URL.startswith("https://") and not force:
            raise CommandError(
                f"SITE_URL is {settings.SITE_URL}: this looks like a real site, and the demo "
                "creates accounts whose password is published. Pass --force if it is a demo."
            )
        if not 0 <= scale <= 1:
            raise CommandError("--scale is a share of the demo posts: between 0 and 1.")
        context = DemoContext(seed=seed, scale=scale)
        started = step_started = time.monotonic()
        for step, summary in build_demo(context):
            now = time.monotonic()
            self.stdout.write(f"  {step.name:<14} {summary} [{now - step_started:.1f} s]")
            step_started = now
        self.stdout.write(
            self.style.SUCCESS(f"Demo community ready in {time.monotonic() - started:.0f} s.")
        )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for each: {context.password})")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.spec.email:<26} {login.description}")
