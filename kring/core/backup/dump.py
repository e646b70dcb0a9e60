"""`kring backup`: one zip archive holding the database as JSON Lines (Django's serializer, one
file per table, streamed in batches), every media file, and manifest.json with the versions, the
applied migrations, each table's row count and checksums, and each media file's sha256.

The tables are read in one consistent snapshot: a REPEATABLE READ, read-only transaction on
PostgreSQL; on SQLite a deferred read transaction, which in WAL mode sees one moment while the
server goes on writing (Django's own IMMEDIATE transactions would lock writers out meanwhile).
"""

from __future__ import annotations

import datetime
import io
import json
import platform
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

import django
from django.core.files.storage import Storage, storages
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from kring.core.backup.tables import (
    BATCH,
    NaturalKeys,
    backed_up_models,
    copy_hashing,
    media_names,
    table_figures,
)

FORMAT = 1
Progress = Callable[[str], None]


def quiet(line: str) -> None:
    """Progress lines nobody asked for."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds, as JavaScript does)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class TableSerializer(jsonl.Serializer):
    """Django's JSON Lines with natural keys only for content types and permissions (ids that
    differ between databases); many-to-many rows are written from their own through tables."""

    def __init__(self, natural: NaturalKeys) -> None:
        super().__init__()
        self.natural = natural
        self.rows = 0

    def handle_fk_field(self, obj: Any, field: Any) -> None:
        key = self.natural.key_of(field.related_model, getattr(obj, field.attname))
        if key is None:
            super().handle_fk_field(obj, field)
        else:
            self._current[field.name] = key  # type: ignore[attr-defined]  # set by the base

    def handle_m2m_field(self, obj: Any, field: Any) -> None:
        """Left to the through table, which is backed up as a table of its own."""

    def end_object(self, obj: Any) -> None:
        super().end_object(obj)
        self.rows += 1


@contextmanager
def snapshot(using: str) -> Iterator[None]:
    """Read the database as of one moment. Inside a transaction already (tests), that one is
    used as it is."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")  # read only: nothing to keep
    else:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


def applied_migrations(using: str) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _dump_table(
    archive: zipfile.ZipFile, model: type[Model], using: str, natural: NaturalKeys
) -> dict[str, Any]:
    label = model._meta.label_lower
    rows = model._base_manager.using(using).order_by("pk").iterator(chunk_size=BATCH)
    serializer = TableSerializer(natural)
    with archive.open(f"data/{label}.jsonl", "w", force_zip64=True) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        serializer.serialize(rows, stream=stream, cls=ExactJSONEncoder)
        stream.flush()
        stream.detach()
    figures = table_figures(model, using, natural)
    if figures["rows"] != serializer.rows:  # cannot happen inside one snapshot
        raise RuntimeError(f"{label} changed while it was written")
    return figures


def write_backup(
    output: Path,
    *,
    using: str = "default",
    storage: Storage | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write the archive to `output` (through `output`.partial, renamed when complete, so an
    interrupted backup never leaves a file that looks whole); returns its manifest."""
    storage = storage if storage is not None else storages["default"]
    progress = progress or quiet
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            with snapshot(using):
                natural = NaturalKeys(using)
                tables = {}
                for model in backed_up_models(using):
                    tables[model._meta.label_lower] = _dump_table(archive, model, using, natural)
                    progress(
                        f"{model._meta.label_lower}: {tables[model._meta.label_lower]['rows']}"
                    )
                migrations = applied_migrations(using)
            # Files are read after the snapshot (storage keeps no history): one added meanwhile
            # is a harmless extra, one deleted meanwhile (a replaced avatar) is left out.
            media = {}
            for name in media_names(storage):
                try:
                    with (
                        storage.open(name, "rb") as source,
                        archive.open(f"media/{name}", "w", force_zip64=True) as target,
                    ):
                        sha256, size = copy_hashing(source, target)
                except FileNotFoundError:
                    continue
                media[name] = {"sha256": sha256, "size": size}
            progress(f"media: {len(media)} files")
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "engine": connections[using].vendor,
                "versions": {
                    "kring": version("kring"),
                    "django": django.get_version(),
                    "python": platform.python_version(),
                },
                "migrations": migrations,
                "tables": tables,
                "media": media,
            }
            archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return manifest
