"""`kring restore`: rebuild a community from a `kring backup` archive, on SQLite or PostgreSQL
whichever engine made it.

In order: the archive is checked whole (every table's line count and every media file's sha256
against the manifest) before anything is touched; the database must be empty (or `force`); it
is migrated to the backup's own migrations; the media files are written; then one transaction
loads every table through the historical models of that state, resets the PostgreSQL sequences
and recounts every table and checksum against the manifest. Any difference rolls the whole load
back. Last, the database is migrated forward to this Kring's migrations, so a backup of an older
version is upgraded exactly as a live database would have been.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.apps.registry import Apps
from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.core.serializers import python
from django.db import IntegrityError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model
from django.dispatch import Signal

from kring.core.backup.dump import FORMAT, Progress, quiet
from kring.core.backup.tables import (
    BATCH,
    NaturalKeys,
    backed_up_models,
    copy_hashing,
    table_figures,
)

# Sent after a restore (with `using`): apps that keep data outside their models' tables, such
# as an engine's own full-text index, rebuild it from the restored rows.
backup_restored = Signal()


class RestoreError(Exception):
    """The archive cannot be restored here; the message says why and what to do."""


class TableDeserializer(python.Deserializer):
    """Django's deserializer, reading content types and permissions by natural key from a
    table read once (Django's own asks the database once per row)."""

    def __init__(self, objects: Any, *, using: str, natural: NaturalKeys, registry: Apps) -> None:
        super().__init__(objects, using=using)
        self.natural = natural
        self.registry = registry

    def _get_model_from_node(self, model_identifier: str) -> type[Model]:
        return self.registry.get_model(model_identifier)

    def _handle_fk_field_node(self, field: Any, field_value: Any) -> Any:
        if isinstance(field_value, list):
            return self.natural.pk_of(field.related_model, field_value)
        return super()._handle_fk_field_node(field, field_value)  # type: ignore[misc]


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise RestoreError("This is not a Kring backup: it has no readable manifest.") from error
    if manifest.get("format") != FORMAT:
        raise RestoreError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _lines(archive: zipfile.ZipFile, label: str) -> Iterator[str]:
    with archive.open(f"data/{label}.jsonl") as raw:
        yield from io.TextIOWrapper(raw, encoding="utf-8")


def verify_archive(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    """Raise RestoreError unless every table file and media file is whole."""
    problems = []
    for label, figures in manifest["tables"].items():
        try:
            rows = sum(1 for line in _lines(archive, label) if line.strip())
        except (KeyError, zipfile.BadZipFile, OSError) as error:
            problems.append(f"{label}: {error}")
            continue
        if rows != figures["rows"]:
            problems.append(f"{label}: {rows} rows, the manifest says {figures['rows']}")
    for name, figures in manifest["media"].items():
        try:
            with archive.open(f"media/{name}") as source:
                sha256, _size = copy_hashing(source, None)
        except (KeyError, zipfile.BadZipFile, OSError) as error:
            problems.append(f"media/{name}: {error}")
            continue
        if sha256 != figures["sha256"]:
            problems.append(f"media/{name}: its sha256 differs from the manifest")
    if problems:
        raise RestoreError("The archive is damaged: " + "; ".join(problems[:10]))


def backup_state(manifest: dict[str, Any], using: str) -> list[tuple[str, str | None]]:
    """The migration targets of the backup's schema: per app, its last migration in the
    backup (None: the app came later). Refuses migrations this Kring does not know."""
    graph = MigrationExecutor(connections[using]).loader.graph
    known = {f"{app}.{name}" for app, name in graph.nodes}
    theirs = set(manifest["migrations"])
    if newer := sorted(theirs - known):
        raise RestoreError(
            "This backup was made by a newer Kring (it has migrations this version lacks: "
            f"{', '.join(newer[:5])}). Upgrade Kring first, then restore."
        )
    last: dict[str, tuple[int, str | None]] = {app: (0, None) for app, _name in graph.nodes}
    for node in graph.nodes:
        if f"{node[0]}.{node[1]}" in theirs:
            depth = len(graph.forwards_plan(node))
            if depth > last[node[0]][0]:
                last[node[0]] = (depth, node[1])
    return sorted((app, name) for app, (_depth, name) in last.items())


def occupied_tables(using: str, registry: Apps = apps) -> dict[str, int]:
    """Tables of the community that hold rows (`migrate` itself fills none of them)."""
    counts = {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in backed_up_models(using, registry)
    }
    return {label: rows for label, rows in counts.items() if rows}


def _require_empty(using: str, registry: Apps = apps) -> None:
    if occupied := occupied_tables(using, registry):
        listed = ", ".join(f"{label} ({rows} rows)" for label, rows in list(occupied.items())[:5])
        raise RestoreError(
            f"The database is not empty: {listed}. Restore into an empty database, or add "
            "--force to replace everything in this one by the backup."
        )


def _empty_tables(using: str, registry: Apps) -> None:
    """Delete every row of the community (sessions too: nobody stays logged in to it)."""
    connection = connections[using]
    models = backed_up_models(using, registry)
    tables = [model._meta.db_table for model in models] + ["django_session"]
    existing = set(connection.introspection.table_names())
    statements = connection.ops.sql_flush(
        no_style(), [table for table in tables if table in existing], allow_cascade=False
    )
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with deferred checks pending in this transaction: run them.
        statements = ["SET CONSTRAINTS ALL IMMEDIATE", *statements, "SET CONSTRAINTS ALL DEFERRED"]
    connection.ops.execute_sql_flush(statements)


def _insert(model: type[Model], objects: list[Model], using: str) -> None:
    """Insert rows as they are (raw: auto_now fields keep their stored times)."""
    fields = model._meta.local_concrete_fields
    size = connections[using].ops.bulk_batch_size(list(fields), objects) or len(objects)
    manager = cast(Any, model._base_manager.using(using))  # _insert: Django's raw insert
    for start in range(0, len(objects), size):
        manager._insert(objects[start : start + size], fields=fields, using=using, raw=True)


def _load_table(
    archive: zipfile.ZipFile, model: type[Model], using: str, natural: NaturalKeys
) -> None:
    rows = (json.loads(line) for line in _lines(archive, model._meta.label_lower) if line.strip())
    batch: list[Model] = []
    registry = model._meta.apps
    for deserialized in TableDeserializer(rows, using=using, natural=natural, registry=registry):
        batch.append(deserialized.object)
        if len(batch) >= BATCH:
            _insert(model, batch, using)
            batch = []
    if batch:
        _insert(model, batch, using)


def _restore_media(archive: zipfile.ZipFile, manifest: dict[str, Any], storage: Storage) -> None:
    for name, figures in manifest["media"].items():
        if storage.exists(name):
            storage.delete(name)
        with archive.open(f"media/{name}") as source:
            saved = storage.save(name, File(source, name=name))
        if saved != name:
            raise RestoreError(f"media/{name} was stored as {saved}")
        with storage.open(name, "rb") as written:
            sha256, _size = copy_hashing(written, None)
        if sha256 != figures["sha256"]:
            raise RestoreError(f"media/{name} differs from the backup after writing it")


def _verify_tables(
    manifest: dict[str, Any], models: dict[str, type[Model]], using: str, natural: NaturalKeys
) -> None:
    problems = []
    for label, model in models.items():
        expected = manifest["tables"].get(label, {"rows": 0})
        found = table_figures(model, using, natural)
        if found["rows"] != expected["rows"]:
            problems.append(f"{label}: {found['rows']} rows restored, {expected['rows']} backed up")
        elif "text_sha256" in expected and found["text_sha256"] != expected["text_sha256"]:
            problems.append(f"{label}: its text differs from the backup")
        elif "rows_sha256" in expected and found["rows_sha256"] != expected["rows_sha256"]:
            problems.append(f"{label}: its values differ from the backup")
    if problems:
        raise RestoreError("The restored database differs: " + "; ".join(problems[:10]))


def _migrate_to(targets: list[tuple[str, str | None]], using: str) -> tuple[Apps, int]:
    """Bring the database to the backup's schema; the historical models of that state, and how
    many migrations this Kring has beyond it."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(targets)
    if plan:
        executor.migrate(targets, plan=plan)
        executor.loader.build_graph()
    nodes = [(app, name) for app, name in targets if name is not None]
    registry = executor.loader.project_state(nodes, at_end=True).apps
    # Content types and permissions of the models in the backup, for its natural keys.
    emit_post_migrate_signal(0, False, using, apps=registry, plan=plan)
    beyond = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return registry, len(beyond)


def restore_backup(
    path: Path,
    *,
    using: str = "default",
    force: bool = False,
    storage: Storage | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Rebuild the community of archive `path` into database `using`; returns its manifest.

    The rows are loaded into the schema they were written from (the database is first migrated
    to the backup's migrations, with historical models), then migrated forward to this Kring's,
    so a backup from an older version is upgraded exactly as a live database would be."""
    storage = storage if storage is not None else storages["default"]
    progress = progress or quiet
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise RestoreError(f"Cannot read {path}: {error}") from error
    with archive:
        manifest = read_manifest(archive)
        verify_archive(archive, manifest)
        progress("archive checked: every table and media file is whole")
        targets = backup_state(manifest, using)
        if not force:
            _require_empty(using)
        registry, beyond = _migrate_to(targets, using)
        models = {model._meta.label_lower: model for model in backed_up_models(using, registry)}
        if unknown := sorted(set(manifest["tables"]) - set(models)):
            raise RestoreError(f"The database has no tables for {', '.join(unknown[:5])}.")
        _restore_media(archive, manifest, storage)
        progress(f"media restored: {len(manifest['media'])} files")
        with transaction.atomic(using=using):
            if force:
                _empty_tables(using, registry)
            else:
                _require_empty(using, registry)  # again, now inside the transaction
            natural = NaturalKeys(using)
            connection = connections[using]
            for label in manifest["tables"]:
                _load_table(archive, models[label], using, natural)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(
                    no_style(), list(models.values())
                ):
                    cursor.execute(statement)
            try:
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                else:
                    connection.check_constraints()
            except IntegrityError as error:
                raise RestoreError(f"The backup's rows do not fit together: {error}") from error
            _verify_tables(manifest, models, using, natural)
            progress(f"{len(manifest['tables'])} tables restored and verified")
    if beyond:
        call_command("migrate", database=using, interactive=False, verbosity=0)
        progress(f"migrated forward: {beyond} migrations newer than the backup")
    cache.clear()  # cached pages and settings describe the community that was here before
    backup_restored.send(sender=None, using=using)
    return manifest
