"""The engine's own full-text index beside search_searchentry.

PostgreSQL: a generated tsvector column (title weight A, body weight B, each in Dutch and
English) with a GIN index: the database keeps it in step with every insert and update. Angle
brackets become spaces first: the text is plain text, and PostgreSQL's parser would take
"<script>" in it for markup and skip the words after it.
SQLite: an FTS5 table whose rowid is the entry's id, holding text the application pre-stems
(Dutch and English snowball stems of each word, see kring.search.text), so both engines stem
both languages. Other engines get no full-text index (search then finds nothing).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

POSTGRES_CREATE = [
    """
    ALTER TABLE search_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch'::regconfig, translate(coalesce(title, ''), '<>', '  ')), 'A')
        || setweight(to_tsvector('english'::regconfig, translate(coalesce(title, ''), '<>', '  ')), 'A')
        || setweight(to_tsvector('dutch'::regconfig, translate(coalesce(body, ''), '<>', '  ')), 'B')
        || setweight(to_tsvector('english'::regconfig, translate(coalesce(body, ''), '<>', '  ')), 'B')
    ) STORED
    """,
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector",
]
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')"
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts"]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_index(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE})


def drop_index(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
