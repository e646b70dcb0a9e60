"""`kring demo`: fill the database with a believable Dutch community to show Kring with."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kring.demo.context import DEFAULT_SEED, DemoContext
from kring.demo.members import DEMO_LOGINS
from kring.demo.steps import build_demo


class Command(BaseCommand):
    help = (
        "Build the demo community (site settings, demo logins, sixty members). "
        "Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Seed of the generated community."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Build even on an https site (the demo logins have a published password).",
        )

    def handle(self, *args: Any, seed: int, force: bool, **options: Any) -> None:
        if settings.SITE_URL.startswith("https://") and not force:
            raise CommandError(
                f"SITE_URL is {settings.SITE_URL}: this looks like a real site, and the demo "
                "creates accounts whose password is published. Pass --force if it is a demo."
            )
        context = DemoContext(seed=seed)
        for step, summary in build_demo(context):
            self.stdout.write(f"  {step.name:<14} {summary}")
        self.stdout.write(self.style.SUCCESS("Demo community ready."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for each: {context.password})")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.spec.email:<26} {login.description}")
