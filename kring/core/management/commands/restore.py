"""`kring restore FILE`: rebuild a community from a `kring backup` archive (docs/backup.md)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError

from kring.core.backup import RestoreError, restore_backup, verify_archive
from kring.core.backup.restore import read_manifest


class Command(BaseCommand):
    help = (
        "Restore a backup made by `kring backup` into an empty database (SQLite or PostgreSQL, "
        "whichever made it): migrates, loads every table and media file, and checks every count "
        "and checksum against the backup's manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The backup archive (.zip).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a database that is not empty.",
        )
        parser.add_argument(
            "--check", action="store_true", help="Only check that the archive is whole."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["archive"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        try:
            if options["check"]:
                with zipfile.ZipFile(path) as archive:
                    manifest = read_manifest(archive)
                    verify_archive(archive, manifest)
            else:
                manifest = restore_backup(
                    path,
                    using=options["database"],
                    force=options["force"],
                    progress=lambda line: self.stdout.write(f"  {line}"),
                )
        except (RestoreError, zipfile.BadZipFile, IntegrityError, DeserializationError) as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        done = "is whole" if options["check"] else "restored and verified"
        self.stdout.write(
            f"{path} {done}: {rows} rows in {len(manifest['tables'])} tables and "
            f"{len(manifest['media'])} media files, made {manifest['created_at']} "
            f"on {manifest['engine']} by Kring {manifest['versions']['kring']}."
        )
