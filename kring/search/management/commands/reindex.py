"""`kring reindex`: rebuild the search index (after an import, a restore, or `kring seed`)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from kring.search.rebuild import BATCH, progress_bar, rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index of posts, replies, groups and members in batches. Safe on a "
        "live site: search keeps working while it runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=BATCH, help="Rows written per transaction."
        )

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        self.stdout.write(f"Rebuilding the search index on {connection.vendor}…")
        began = time.monotonic()

        def write(text: str) -> None:
            self.stdout.write(text, ending="")
            self.stdout.flush()

        counts = rebuild_index(progress_bar(write), batch_size=max(1, batch_size))
        indexed = sum(count for name, count in counts.items() if name != "dropped")
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {indexed:,} items in {time.monotonic() - began:.1f} s "
                f"({counts['dropped']:,} stale entries dropped)."
            )
        )
