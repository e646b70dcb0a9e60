"""`kring reindex` rebuilds the index in batches with a progress bar, on a live index."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from conftest import MemberFactory
from kring.accounts.models import Member
from kring.content.models import Comment, Post
from kring.content.tests.samples import community_space, make_group
from kring.core.backup.restore import backup_restored
from kring.search.models import SearchEntry
from kring.search.rebuild import rebuild_index
from kring.search.tests.samples import found

pytestmark = pytest.mark.django_db


def made_without_events(member: Member, count: int) -> list[Post]:
    """Rows written in bulk (as `kring seed` does): no events, so nothing indexed yet."""
    posts = Post.objects.bulk_create(
        Post(space=community_space(), author=member, body="Tulpen", body_html="<p>Tulpen</p>")
        for _ in range(count)
    )
    Comment.objects.bulk_create(
        Comment(post=p, author=member, body="Bollen", body_html="<p>Bollen</p>") for p in posts
    )
    return posts


def test_reindex_command_indexes_everything_with_a_progress_bar(member: Member) -> None:
    made_without_events(member, 7)
    make_group(name="Bloemenclub", slug="bloemen")
    out = StringIO()
    call_command("reindex", "--batch-size", "3", stdout=out)
    text = out.getvalue()
    assert "posts    [##############################] 100%" in text
    assert "Indexed" in text
    assert len(found(member, "tulpen")) == 7
    assert len(found(member, "bollen")) == 7
    assert len(found(member, "bloemenclub")) == 1
    assert SearchEntry.objects.filter(kind="member").count() == Member.objects.count()


def test_reindex_drops_entries_of_what_is_gone_and_keeps_the_rest(member: Member) -> None:
    posts = made_without_events(member, 3)
    rebuild_index()
    Post.objects.filter(pk=posts[0].pk).update(deleted_at=timezone.now())
    Post.objects.filter(pk=posts[1].pk).delete()
    counts = rebuild_index(batch_size=2)
    assert counts["posts"] == 1
    assert counts["dropped"] == 3  # both posts and the reply that went with the second
    assert found(member, "tulpen") == [f"post:{posts[2].pk}"]


def test_reindex_is_idempotent(member: Member) -> None:
    made_without_events(member, 2)
    MemberFactory(display_name="Vera Lelie")
    first = rebuild_index()
    ids = set(SearchEntry.objects.values_list("pk", flat=True))
    second = rebuild_index()
    assert first == {**second, "dropped": first["dropped"]}
    assert set(SearchEntry.objects.values_list("pk", flat=True)) == ids
    assert len(found(member, "lelie")) == 1


def test_refilling_the_engine_index_after_a_restore_keeps_the_rows(member: Member) -> None:
    made_without_events(member, 2)
    rebuild_index()
    rows = list(SearchEntry.objects.order_by("pk").values())
    if connection.vendor == "sqlite":  # a restore brings the rows, not the FTS5 table
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
        assert found(member, "tulpen") == []
    backup_restored.send(sender=None, using="default")
    assert len(found(member, "tulpen")) == 2
    assert list(SearchEntry.objects.order_by("pk").values()) == rows
