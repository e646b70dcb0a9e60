"""Migrations apply forward on a populated database: a scratch database is migrated to the first
migration of every Kring app, every table that exists then gets rows (made generically from the
historical models, so a new app is covered without a line here), and the database is migrated to
the latest state. No row may be lost, and every row must load through today's models.

Run in a `kring` process of its own on a scratch database: the run's SQLite file, and a scratch
PostgreSQL database too when the run has one (DATABASE_URL). `makemigrations --check` runs in
`make test` beside this."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kring.core.tests.security.conftest import Probe
from kring.core.tests.security.test_durability import kring_env, run_kring, scratch_postgres

MIGRATIONS = "Migrations forward on a populated database"

PROBE = r'''
import datetime, decimal, json, uuid
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

ROWS = 2  # per table: two, so that pairs (a member and a friend) can differ


def plain_value(field, n):
    kind = field.get_internal_type()
    if field.choices:
        return field.choices[min(n, len(field.choices) - 1)][0]
    if kind == "EmailField":
        return f"probe{n}@example.nl"
    if kind in ("CharField", "SlugField", "TextField", "URLField"):
        text = f"https://example.nl/{n}" if kind == "URLField" else f"probe-{n}"
        return text[: field.max_length] if field.max_length else text
    if kind in ("DateTimeField",):
        return timezone.now()
    if kind == "DateField":
        return datetime.date.today()
    if kind == "TimeField":
        return datetime.time(12, n)
    if kind == "DurationField":
        return datetime.timedelta(minutes=n)
    if kind == "BooleanField":
        return False
    if kind == "DecimalField":
        return decimal.Decimal(n)
    if kind == "FloatField":
        return float(n)
    if kind == "JSONField":
        return {}
    if kind == "UUIDField":
        return uuid.uuid4()
    if kind == "GenericIPAddressField":
        return "127.0.0.1"
    if kind == "BinaryField":
        return b"probe"
    if kind in ("FileField", "ImageField"):
        return ""
    return n + 1  # the integer kinds


def fill(registry):
    """Two rows in every table, parents first; which tables could not be filled, and why."""
    models = [
        m for m in registry.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]
    made, failed = {}, {}
    pending = list(models)
    relaxed = False  # first wait for optional parents too; on a cycle, only for required ones
    while pending:
        progress = False
        for model in list(pending):
            fks = [f for f in model._meta.concrete_fields if f.is_relation]
            needs = {f.related_model._meta.label_lower for f in fks if not (relaxed and f.null)}
            needs.discard(model._meta.label_lower)
            if not needs <= set(made):
                continue
            pending.remove(model)
            progress = True
            made[model._meta.label_lower] = rows = []
            optional = [f for f in fks if f.null and f.related_model._meta.label_lower in made]
            for n in range(ROWS):
                for extra in [[], *([f] for f in optional), optional]:
                    values, seen = {}, {}
                    for field in model._meta.concrete_fields:
                        if field.primary_key and not field.is_relation:
                            continue
                        if field.is_relation:
                            if field.null and field not in extra:
                                continue
                            label = field.related_model._meta.label_lower
                            targets = made.get(label) or []
                            if not targets:
                                break
                            offset = seen[label] = seen.get(label, -1) + 1
                            values[field.attname] = targets[(n + offset) % len(targets)]
                        elif not field.null and not field.has_default():
                            values[field.attname] = plain_value(field, n)
                    else:
                        try:
                            with transaction.atomic():
                                rows.append(model._base_manager.create(**values).pk)
                            break
                        except Exception as error:  # a constraint this generic row misses
                            failed[model._meta.label_lower] = f"{type(error).__name__}: {error}"
            if rows:
                failed.pop(model._meta.label_lower, None)
        if not progress and not relaxed:
            relaxed = True
            continue
        relaxed = False
        if not progress:
            for model in pending:
                failed[model._meta.label_lower] = "its parents have no rows"
            break
    return {label: len(rows) for label, rows in made.items() if rows}, failed


executor = MigrationExecutor(connection)
graph = executor.loader.graph
ours = {c.label for c in apps.get_app_configs() if c.name.startswith("kring.")}
firsts = sorted(node for node in graph.root_nodes() if node[0] in ours)
executor.migrate(firsts)
executor.loader.build_graph()
applied = sorted(executor.loader.applied_migrations)
early = executor.loader.project_state(applied, at_end=True).apps
inserted, failed = fill(early)

executor = MigrationExecutor(connection)
executor.migrate(executor.loader.graph.leaf_nodes())
after, unreadable, removed = {}, {}, []
for label in inserted:
    try:
        model = apps.get_model(label)
    except LookupError:  # removed by a later migration
        removed.append(label)
        continue
    try:
        after[label] = len(list(model._base_manager.all()))  # every column of today's model
    except Exception as error:
        unreadable[label] = f"{type(error).__name__}: {error}"
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT 1")
    else:
        cursor.execute("PRAGMA foreign_key_check")
        dangling = cursor.fetchall()
print("PROBE " + json.dumps({
    "first": [".".join(node) for node in firsts],
    "early": len(applied),
    "inserted": inserted,
    "failed": failed,
    "after": after,
    "unreadable": unreadable,
    "removed": removed,
    "dangling": [] if connection.vendor == "postgresql" else [list(row) for row in dangling],
}))
'''


def migrate_populated(env: dict[str, str]) -> dict[str, object]:
    output = run_kring(env, ["shell", "-c", PROBE])
    result: dict[str, object] = json.loads(output.split("PROBE ", 1)[1])
    return result


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_migrations_apply_forward_on_a_populated_database(
    engine: str, tmp_path: Path, probe: Probe
) -> None:
    with scratch_postgres("migrations") as postgres:
        if engine == "postgresql" and postgres is None:
            pytest.skip("PostgreSQL: the run has no DATABASE_URL (the PostgreSQL run covers it)")
        result = migrate_populated(kring_env(tmp_path, postgres if engine != "sqlite" else None))

    inserted = result["inserted"]
    assert isinstance(inserted, dict)
    print(f"{engine}: {len(inserted)} tables filled at {result['early']} migrations")  # noqa: T201
    print(f"not filled: {result['failed']}")  # noqa: T201
    first = result["first"]
    assert isinstance(first, list)
    assert {"accounts", "content", "spaces", "social"} <= {node.split(".")[0] for node in first}
    # The tables every community has got rows at the early state, and none lost any.
    core = {"accounts.member", "spaces.space", "spaces.membership", "content.post"}
    core |= {"content.comment", "content.reaction", "social.friendship", "social.friendrequest"}
    assert core <= set(inserted), result["failed"]
    assert result["unreadable"] == {}
    removed = result["removed"]
    assert isinstance(removed, list)
    assert result["after"] == {k: rows for k, rows in inserted.items() if k not in removed}
    assert result["dangling"] == []
    probe(MIGRATIONS, cases=sum(inserted.values()))
