"""Durability: `kring backup` and `kring restore` (in-process, then a round trip of the demo
community through SQLite and PostgreSQL in real `kring` processes), and a production server
killed with SIGKILL while it writes, which must leave no half-written post and its queued
background tasks must run after the restart.

The round trip crosses engines when the run has PostgreSQL (DATABASE_URL): the demo is built
on SQLite, restored into a scratch PostgreSQL database, backed up there and restored into SQLite
again. On the SQLite run it goes SQLite to SQLite."""

from __future__ import annotations

import hashlib
import http.client
import itertools
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from kring.accounts.models import Member
from kring.content.models import Comment, Post
from kring.content.services import comment_on_post, create_post
from kring.core.backup.tables import NaturalKeys, backed_up_models, table_figures
from kring.core.tests.security.conftest import Probe
from kring.spaces.queries import community_space

ROOT = Path(__file__).resolve().parents[4]
FTS_SHADOWS = ("data", "idx", "content", "docsize", "config")
ROUND_TRIP = "Durability: backup and restore round trip, SQLite and PostgreSQL"


# Real `kring` processes on scratch databases ------------------------------------------------


def kring_env(var_dir: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """A production-like environment of its own: files under `var_dir` (SQLite, media, cache),
    or the PostgreSQL database `database_url`; no test settings, no Redis."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("KRING_", "DATABASE_URL", "REDIS_URL", "PYTEST", "DJANGO_"))
    }
    env.update(
        KRING_VAR_DIR=str(var_dir),
        SECRET_KEY="durability-probe-secret-key-not-used-anywhere-else",
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="kring.config.settings",
        **extra,
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def start_kring(env: dict[str, str], *commands: list[str]) -> subprocess.Popen[str]:
    """Start management commands, one after the other, in one `kring` process."""
    script = (
        "import json, sys, django; django.setup()\n"
        "from django.core.management import call_command\n"
        "for argv in json.loads(sys.argv[1]): call_command(*argv)\n"
    )
    return subprocess.Popen(  # noqa: S603  (our own interpreter and arguments)
        [sys.executable, "-c", script, json.dumps(commands)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> str:
    """Wait for a `kring` process to succeed; its output."""
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, f"{process.args!r}:\n{stdout}\n{stderr}"
    return stdout


def run_kring(env: dict[str, str], *commands: list[str]) -> str:
    return finish(start_kring(env, *commands))


@contextmanager
def scratch_postgres(hint: str) -> Iterator[str | None]:
    """A fresh PostgreSQL database beside the run's own (None on a SQLite run), dropped after."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield None
        return
    parts = urlsplit(url)
    name = f"{parts.path.strip('/') or 'kring'}_{hint}_{os.getpid()}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manifest_of(archive: Path) -> dict[str, Any]:
    with zipfile.ZipFile(archive) as opened:
        manifest: dict[str, Any] = json.loads(opened.read("manifest.json"))
    return manifest


def sqlite_table_counts(path: Path) -> dict[str, int]:
    """Rows of every table in a SQLite file, whatever made it (models, full-text indexes …);
    not the shadow tables of a full-text index, whose layout depends on how it was built."""
    counts = {}
    with sqlite3.connect(path) as database:
        tables = database.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        rows = tables.fetchall()
        virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]
        shadows = {f"{name}_{part}" for name in virtual for part in FTS_SHADOWS}
        for name, _sql in rows:
            if name.startswith("sqlite_") or name in shadows or name == "django_session":
                continue
            query = f'SELECT count(*) FROM "{name}"'  # noqa: S608  (a name from sqlite_master)
            counts[name] = database.execute(query).fetchone()[0]
    return counts


def media_hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_demo_community_round_trip_keeps_every_row_body_and_file(
    tmp_path: Path, probe: Probe
) -> None:
    first, last = tmp_path / "first", tmp_path / "last"
    archives = [tmp_path / "a.zip", tmp_path / "b.zip"]
    with scratch_postgres("roundtrip") as postgres:
        # The empty target databases are migrated while the demo is built.
        targets = [kring_env(last)]
        if postgres:  # SQLite -> PostgreSQL -> SQLite
            targets.insert(0, kring_env(tmp_path / "postgres", postgres))
            archives.append(tmp_path / "c.zip")
        migrating = [start_kring(env, ["migrate", "-v0"]) for env in targets]
        scale = os.environ.get("KRING_ROUND_TRIP_SCALE", "0.2")
        run_kring(
            kring_env(first),
            ["migrate", "-v0"],
            ["demo", "--scale", scale],
            ["backup", "--output", str(archives[0])],
        )
        for process in migrating:
            finish(process)
        for env, (source, target) in zip(targets, itertools.pairwise(archives), strict=True):
            run_kring(env, ["restore", str(source)], ["backup", "--output", str(target)])
    # The engine's own full-text index (SQLite FTS5) is no model's table: `restore` has the
    # search app rebuild it, and the count of every SQLite table below includes it.

    manifests = [manifest_of(archive) for archive in archives]
    tables, media = manifests[0]["tables"], manifests[0]["media"]
    assert tables["content.post"]["rows"] > 80  # the demo, not a stub
    assert len(media) > 30
    for manifest in manifests[1:]:
        assert manifest["tables"] == tables  # every table's rows and text checksum
        assert manifest["media"] == media  # every file's sha256
    assert [manifest["engine"] for manifest in manifests] == (
        ["sqlite", "postgresql", "sqlite"] if len(archives) == 3 else ["sqlite", "sqlite"]
    )
    # Counted outside Kring too: every table of both SQLite files, every file on disk.
    assert sqlite_table_counts(last / "kring.sqlite3") == sqlite_table_counts(
        first / "kring.sqlite3"
    )
    assert media_hashes(last / "media") == media_hashes(first / "media")
    probe(ROUND_TRIP, cases=sum(t["rows"] for t in tables.values()) + len(media))


# In-process: the archive, the refusals, --force ----------------------------------------------


@pytest.fixture
def community(media: Path, member: Member, friend: Member) -> Post:
    """A post with a comment, and a file in the media folder."""
    post = create_post(member, space=community_space(), body="Back-ups **maken** we 's nachts.")
    comment_on_post(friend, post=post, body="Goed geregeld.")
    default_storage.save("covers/dak.png", ContentFile(b"\x89PNG pretend", name="dak.png"))
    return post


def current_figures() -> dict[str, Any]:
    natural = NaturalKeys("default")
    return {
        m._meta.label_lower: table_figures(m, "default", natural)
        for m in backed_up_models("default")
    }


@pytest.mark.django_db
def test_backup_manifest_counts_every_table_and_hashes_every_file(
    community: Post, media: Path, tmp_path: Path, probe: Probe
) -> None:
    archive = tmp_path / "backup.zip"
    call_command("backup", "--output", str(archive), verbosity=0)

    manifest = manifest_of(archive)
    assert manifest["tables"] == current_figures()
    assert {"accounts.member", "content.post", "spaces.space_tags"} <= set(manifest["tables"])
    assert manifest["media"] == {
        "covers/dak.png": {
            "sha256": hashlib.sha256(b"\x89PNG pretend").hexdigest(),
            "size": len(b"\x89PNG pretend"),
        }
    }
    with zipfile.ZipFile(archive) as opened:
        assert opened.testzip() is None
        posts = opened.read("data/content.post.jsonl").decode().splitlines()
    assert [json.loads(line)["fields"]["body"] for line in posts] == [community.body]
    assert not list(tmp_path.glob("*.partial"))
    probe(ROUND_TRIP, cases=len(manifest["tables"]))


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(
    community: Post, tmp_path: Path, probe: Probe
) -> None:
    archive = tmp_path / "backup.zip"
    call_command("backup", "--output", str(archive), verbosity=0)
    before = current_figures()

    with pytest.raises(CommandError, match=r"not empty.*--force"):
        call_command("restore", str(archive), verbosity=0)
    assert current_figures() == before
    probe(ROUND_TRIP, cases=1)


@pytest.mark.django_db
def test_restore_with_force_brings_back_exactly_the_backed_up_community(
    community: Post, member: Member, media: Path, tmp_path: Path, probe: Probe
) -> None:
    archive = tmp_path / "backup.zip"
    call_command("backup", "--output", str(archive), verbosity=0)
    backed_up = current_figures()
    create_post(member, space=community_space(), body="Na de back-up geschreven.")
    Comment.objects.all().delete()
    (media / "covers" / "dak.png").write_bytes(b"overwritten")

    call_command("restore", str(archive), "--force", verbosity=0)

    assert current_figures() == backed_up
    assert Post.objects.get().body_html == community.body_html
    assert Post.objects.get().created_at == community.created_at  # stored times, not now()
    assert (media / "covers" / "dak.png").read_bytes() == b"\x89PNG pretend"
    # The sequences follow the restored ids: the next post gets a fresh one.
    newer = create_post(member, space=community_space(), body="Weer verder.")
    assert newer.pk > community.pk
    probe(ROUND_TRIP, cases=1)


def rewrite(archive: Path, change: dict[str, bytes | str]) -> Path:
    """A copy of `archive` with some members replaced (a damaged or doctored backup)."""
    copy = archive.with_name(f"changed-{len(list(archive.parent.glob('changed-*')))}.zip")
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(copy, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, change.get(item.filename, source.read(item)))
    return copy


@pytest.mark.django_db
def test_restore_refuses_a_damaged_or_newer_archive_before_changing_anything(
    community: Post, media: Path, tmp_path: Path, probe: Probe
) -> None:
    archive = tmp_path / "backup.zip"
    call_command("backup", "--output", str(archive), verbosity=0)
    before = current_figures()
    manifest = manifest_of(archive)
    manifest["migrations"].append("content.9999_from_the_future")
    with zipfile.ZipFile(archive) as opened:
        posts = opened.read("data/content.post.jsonl")
    refused: dict[str, dict[str, bytes | str]] = {
        r"damaged.*covers/dak.png": {"media/covers/dak.png": b"bit rot"},
        r"damaged.*content.post": {"data/content.post.jsonl": posts + posts},
        "not a Kring backup": {"manifest.json": b"{"},
        r"newer Kring.*content.9999_from_the_future": {"manifest.json": json.dumps(manifest)},
    }
    for message, change in refused.items():
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(rewrite(archive, change)), "--force", verbosity=0)
        if "newer" not in message:
            with pytest.raises(CommandError, match=message):
                call_command("restore", str(rewrite(archive, change)), "--check", verbosity=0)
    assert current_figures() == before
    assert (media / "covers" / "dak.png").read_bytes() == b"\x89PNG pretend"
    probe(ROUND_TRIP, cases=len(refused) * 2 - 1)


# A server killed while it writes ---------------------------------------------------------------

KILLED = "Durability: a killed server leaves no half-written post"
SETUP = """
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from kring.accounts.models import Member
from kring.content.services import create_post
from kring.spaces.queries import community_space
member = Member.objects.create_user(
    "schrijver@example.nl", "Kring-2026-wachtwoord", display_name="Schrijver"
)
EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
first = create_post(member, space=community_space(), body="Het eerste bericht")
session = SessionStore()
session[SESSION_KEY] = str(member.pk)
session[BACKEND_SESSION_KEY] = "kring.accounts.backends.MemberModelBackend"
session[HASH_SESSION_KEY] = member.get_session_auth_hash()
session.create()
print("SESSION", session.session_key, community_space().pk, first.pk)
"""
# The slow point: every new post row costs a cross join of 1500 x 1500 rows, inside the
# transaction that writes the post, its link preview and its space's counter.
SLOW_POINT = """
CREATE TABLE slow_point (n INTEGER);
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1500)
INSERT INTO slow_point SELECT n FROM c;
CREATE TRIGGER slow_post AFTER INSERT ON content_post
BEGIN SELECT count(*) FROM slow_point a, slow_point b; END;
"""
CSRF = "k" * 32


def one(db: sqlite3.Connection, query: str, *parameters: object) -> Any:
    """The single value `query` answers."""
    return db.execute(query, parameters).fetchone()[0]


def free_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return int(free.getsockname()[1])


@contextmanager
def production_server(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn as bin/demo starts it, in a process group of its own; answered on /healthz."""
    with log.open("ab") as output:
        server = subprocess.Popen(  # noqa: S603  (our own gunicorn and settings)
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while request(env, "GET", "/healthz")[0] != 200:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield server
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)


def request(
    env: dict[str, str], method: str, path: str, form: dict[str, str] | None = None
) -> tuple[int, str]:
    """One request with the member's session and a CSRF token; the status (0: no answer)."""
    host, port = env["GUNICORN_CMD_ARGS"].split()[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {
        "Cookie": f"sessionid={env['PROBE_SESSION']}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    try:
        connection.request(method, path, urlencode(form or {}), headers)
        answer = connection.getresponse()
        return answer.status, answer.read().decode(errors="replace")
    except OSError as error:  # refused, reset, cut off mid-answer
        return 0, str(error)
    finally:
        connection.close()


def test_server_killed_mid_write_leaves_whole_posts_and_its_queue_runs_after_restart(
    tmp_path: Path, probe: Probe
) -> None:
    port = free_port()
    env = kring_env(
        tmp_path,
        SITE_URL=f"http://127.0.0.1:{port}",
        GUNICORN_CMD_ARGS=f"--bind 127.0.0.1:{port} --workers 2",
        POST_RATE="100000/m",
        COMMENT_RATE="100000/m",
    )
    output = run_kring(
        env, ["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["shell", "-c", SETUP]
    )
    env["PROBE_SESSION"], space_id, first_id = output.split("SESSION ")[1].split()
    database = tmp_path / "kring.sqlite3"
    with sqlite3.connect(database) as db:
        db.executescript(SLOW_POINT)

    outcomes: dict[str, int] = {}  # idempotency key -> HTTP status (0: cut off by the kill)
    comments: dict[str, int] = {}
    stop = threading.Event()

    def write(worker: int) -> None:
        for n in range(100_000):
            if stop.is_set():
                return
            key = f"w{worker}-{n}"
            outcomes[key] = request(
                env,
                "POST",
                f"/prikbord/ruimte/{space_id}/plaatsen/",
                {"body": f"Bericht {key} http://127.0.0.1:9/{key}", "idempotency_key": key},
            )[0]
            comment = {"body": f"Over {key}"}
            comments[key] = request(env, "POST", f"/berichten/{first_id}/reageren/", comment)[0]

    with production_server(env, tmp_path / "server.log") as server:
        writers = [threading.Thread(target=write, args=(i,)) for i in range(6)]
        for writer in writers:
            writer.start()
        time.sleep(3)
        stop.set()  # no new requests: those still unanswered are cut off mid-write
        os.killpg(server.pid, signal.SIGKILL)  # the master and both workers
        server.wait(timeout=30)
        for writer in writers:
            writer.join()

    placed = {key for key, status in outcomes.items() if status == 302}
    cut = {key for key, status in outcomes.items() if status == 0}
    assert placed, (tmp_path / "server.log").read_text()
    assert cut or 0 in comments.values()  # the kill did land in the middle of writes
    assert set(outcomes.values()) | set(comments.values()) <= {0, 302}
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {key for (key,) in db.execute("SELECT idempotency_key FROM content_post")}
        assert placed <= stored <= placed | cut | {""}  # every answered post is kept
        # No half-written post: each has its preview, each counter equals a recount.
        assert not one(
            db,
            "SELECT count(*) FROM content_post p LEFT JOIN wall_linkpreview l ON l.post_id = p.id"
            " WHERE p.idempotency_key != '' AND l.id IS NULL",
        )
        assert one(db, "SELECT post_count FROM spaces_space WHERE id = ?", space_id) == one(
            db, "SELECT count(*) FROM content_post WHERE space_id = ?", space_id
        )
        assert one(db, "SELECT comment_count FROM content_post WHERE id = ?", first_id) == one(
            db, "SELECT count(*) FROM content_comment WHERE post_id = ?", first_id
        )
        db.executescript("DROP TRIGGER slow_post; DROP TABLE slow_point;")
        queued = one(
            db, "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
        )

    # Restarted, the server answers and writes again; the worker runs what was queued.
    with production_server(env, tmp_path / "server.log"):
        again = {"body": "Weer in de lucht http://127.0.0.1:9/", "idempotency_key": "after"}
        assert request(env, "POST", f"/prikbord/ruimte/{space_id}/plaatsen/", again)[0] == 302
    run_kring(env, ["db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0"])
    with sqlite3.connect(database) as db:
        tasks = db.execute("SELECT status, args_kwargs FROM django_tasks_database_dbtaskresult")
        statuses = Counter(status for status, _args in tasks.fetchall())
        tasks = db.execute("SELECT args_kwargs FROM django_tasks_database_dbtaskresult")
        queued_previews = {json.loads(args)["args"][0] for (args,) in tasks}
        pending = db.execute("SELECT id FROM wall_linkpreview WHERE status = 'pending'")
        unfetched = {pk for (pk,) in pending}
    assert queued > 0
    assert statuses == {"SUCCESSFUL": queued + 1}  # none left READY or RUNNING
    # Every preview was queued with its post (the queue is a table of the same transaction:
    # kring.core.queueing) and fetched (here refused: a loopback address).
    assert unfetched == set(), f"previews left without a task by the kill: {unfetched}"
    assert queued_previews
    probe(KILLED, cases=len(outcomes) + len(comments))
