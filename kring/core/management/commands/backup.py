"""`kring backup [--output FILE]`: the whole community in one archive (docs/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from kring.core.backup import write_backup


def default_output() -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"kring-{stamp}.zip"


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the community: every table (engine-neutral JSON Lines, "
        "read in one snapshot), every media file and a manifest with counts and checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", "-o", type=Path, help="Archive to write (default var/backups/kring-….zip)."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"] or default_output()
        manifest = write_backup(
            output,
            using=options["database"],
            progress=lambda line: (
                self.stdout.write(f"  {line}") if options["verbosity"] > 1 else None
            ),
        )
        rows = sum(table["rows"] for table in manifest["tables"].values())
        size = sum(item["size"] for item in manifest["media"].values())
        self.stdout.write(
            f"Backup written to {output}: {rows} rows in {len(manifest['tables'])} tables, "
            f"{len(manifest['media'])} media files ({size / 1e6:.1f} MB), "
            f"{output.stat().st_size / 1e6:.1f} MB in all."
        )
