"""What a backup holds and how it is checked: every installed model's table (never a hand list,
so new apps are included by themselves), its row count and a checksum of its text, and the media
files with their sha256.

ContentType and Permission rows are not copied: `migrate` makes them on every database, under
other ids, so rows pointing at them carry their natural keys instead (as `dumpdata
--natural-foreign` writes them). Sessions are left out: a restored community logs in afresh.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from django.apps import apps
from django.apps.registry import Apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage
from django.db import connections
from django.db.models import CharField, Model, TextField

NOT_COPIED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
BATCH = 2000
CHUNK = 1 << 20


def backed_up_models(using: str, registry: Apps = apps) -> list[type[Model]]:
    """Every concrete model with a table in database `using`, many-to-many tables included
    (`registry`: the models of this code, or the historical ones of a migration state)."""
    tables = set(connections[using].introspection.table_names())
    return [
        model
        for model in registry.get_models(include_auto_created=True)
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.label_lower not in NOT_COPIED
        and model._meta.db_table in tables
    ]


def _plain(value: Any) -> Any:
    """`value` as both engines give it back alike (JSON key order, bytes, times in UTC)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # dates, times, decimals, UUIDs


def _add(total: int, row: list[Any]) -> int:
    encoded = json.dumps(row, ensure_ascii=False, default=str).encode()
    return (total + int.from_bytes(hashlib.sha256(encoded).digest(), "big")) % (1 << 256)


def table_figures(model: type[Model], using: str, natural: NaturalKeys) -> dict[str, Any]:
    """Row count and two checksums of `model`'s table, as the manifest records them: of its
    text columns (bodies, titles, names, their stored HTML) and of every column. Each is a sum
    of row hashes, independent of row order, so SQLite and PostgreSQL agree whatever order or
    collation they read the rows in; content types and permissions count by natural key."""
    # By name: a historical model (a migration state's) lists its fields in another order.
    fields = sorted(model._meta.local_concrete_fields, key=lambda field: field.attname)
    text = [i for i, field in enumerate(fields) if isinstance(field, CharField | TextField)]
    keyed = {
        i: field.related_model
        for i, field in enumerate(fields)
        if isinstance(field.related_model, type)
    }
    rows = text_total = all_total = 0
    values = model._base_manager.using(using).values_list(*(f.attname for f in fields))
    for row in values.order_by().iterator(chunk_size=BATCH):
        plain = [_plain(value) for value in row]
        for i, related in keyed.items():
            key = natural.key_of(related, row[i])
            if key is not None:
                plain[i] = key
        pk = str(row[fields.index(model._meta.pk)])
        text_total = _add(text_total, [pk, *(plain[i] for i in text)])
        all_total = _add(all_total, plain)
        rows += 1
    return {"rows": rows, "text_sha256": f"{text_total:064x}", "rows_sha256": f"{all_total:064x}"}


class NaturalKeys:
    """Content types and permissions by natural key, both ways, read once per database."""

    def __init__(self, using: str) -> None:
        content_types = ContentType.objects.using(using).values_list("pk", "app_label", "model")
        permissions = Permission.objects.using(using).values_list(
            "pk", "codename", "content_type__app_label", "content_type__model"
        )
        # By label: historical models (a migration state's) are other classes of the same name.
        self.keys: dict[str, dict[Any, list[str]]] = {
            "contenttypes.contenttype": {pk: [app, name] for pk, app, name in content_types},
            "auth.permission": {pk: [code, app, name] for pk, code, app, name in permissions},
        }
        self.pks: dict[str, dict[tuple[str, ...], Any]] = {
            label: {tuple(key): pk for pk, key in keys.items()} for label, keys in self.keys.items()
        }

    def key_of(self, model: type[Model] | None, pk: Any) -> list[str] | None:
        """The natural key of row `pk` of `model`, or None when `model` keeps its ids."""
        if model is None or pk is None or model._meta.label_lower not in self.keys:
            return None
        return self.keys[model._meta.label_lower][pk]

    def pk_of(self, model: type[Model], key: Iterable[str]) -> Any:
        found = self.pks.get(model._meta.label_lower, {}).get(tuple(key))
        if found is None:
            raise LookupError(f"{model._meta.label} {list(key)} does not exist in this database")
        return found


def media_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in `storage`, depth first, sorted; nothing when the media folder is missing."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for sub in sorted(folders):
        yield from media_names(storage, posixpath.join(folder, sub) if folder else sub)


def copy_hashing(source: Any, target: Any) -> tuple[str, int]:
    """Copy file object `source` into `target` in chunks; its sha256 and size."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest(), size
