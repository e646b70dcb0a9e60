"""The benchmark driver `bench/run` calls once the production server answers.

It picks the pages from the seeded data, logs a member in (a session row, as a login makes),
counts the SQL queries of every page once with Django's test client, profiles each page
in-process, then drives every page and form with wrk on loopback and measures the bare view
/bench/ok under the same server in the same run (at the start and at the end: every figure is
also given as a ratio to it, because shared machines drift). Results: a Markdown table, an SVG
chart, and the summary between the markers in README.md.

Run it through `make bench` (bench/run sets the environment: database, SECRET_KEY, DEBUG off).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.config.settings")

import django  # noqa: E402  (after the settings module is chosen)

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.report import write_results  # noqa: E402
from bench.targets import Target, choose_targets, data_counts  # noqa: E402
from kring.accounts.models import Member  # noqa: E402
from kring.bench.people import bench_moderator  # noqa: E402
from kring.bench.scales import SCALES  # noqa: E402
from kring.core.pagecache import CACHE_STATUS_HEADER  # noqa: E402

IN_PROCESS_BUDGET = 5.0  # seconds of in-process requests per page for timing and profiling
# A page slower than this in-process is not put under load: 16 connections would queue minutes
# of work behind gunicorn's 30 s worker timeout and measure nothing but the queue.
TOO_SLOW_MS = 3_000.0


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@dataclass
class Login:
    cookie: str
    csrf: str
    member: Member


def log_in(member: Member) -> Login:
    """A session for `member`, as logging in makes one, and a CSRF cookie and token."""
    client = Client()
    client.force_login(member)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = secrets.token_hex(16)  # a 32-character secret is also a valid unmasked token
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
    return Login(cookie=cookie, csrf=csrf, member=member)


def log_ins(member: Member, moderator: Member | None) -> dict[str, Login]:
    """The member's login, and the moderator's (the member's when there is no moderator)."""
    logins = {"member": log_in(member)}
    logins["moderator"] = log_in(moderator) if moderator is not None else logins["member"]
    return logins


def fill_form(form: str) -> dict[str, str]:
    unique = secrets.token_hex(6)
    pairs = (pair.split("=", 1) for pair in form.replace("{n}", unique).split("&") if pair)
    return {key: value.replace("+", " ") for key, value in pairs}


def clients(member: Member, moderator: Member | None) -> dict[str, Client]:
    """A test client per kind of target: the member (reads and writes), the moderator, and a
    visitor (not logged in)."""
    host = {"HTTP_HOST": "127.0.0.1"}
    member_client, visitor_client = Client(**host), Client(**host)  # type: ignore[arg-type]
    member_client.force_login(member)
    moderator_client = Client(**host)  # type: ignore[arg-type]
    if moderator is not None:
        moderator_client.force_login(moderator)
    return {
        "member": member_client,
        "write": member_client,
        "moderator": moderator_client,
        "visitor": visitor_client,
    }


def count_queries(targets: list[Target], member: Member, moderator: Member | None) -> None:
    """Queries, response size and in-process time per page (the test client: no HTTP)."""
    by_who = clients(member, moderator)
    for target in targets:
        client = by_who[target.who]
        path = target.paths[0]

        def fetch(client: Client = client, path: str = path, target: Target = target) -> Any:
            if target.method == "POST":
                return client.post(path, fill_form(target.form))
            return client.get(path)

        fetch()  # the first request of a process fills caches (site settings, templates)
        with CaptureQueriesContext(connection) as captured:
            response = fetch()
        if response.status_code != target.expect:
            raise SystemExit(f"{target.name}: {path} answered {response.status_code}")
        target.queries = len(captured.captured_queries)
        target.size = len(response.content)
        began = time.perf_counter()
        fetch()
        first = time.perf_counter() - began
        runs = max(1, min(10, int(IN_PROCESS_BUDGET / max(first, 1e-3))))
        began = time.perf_counter()
        for _ in range(runs):
            fetch()
        target.inprocess_ms = (time.perf_counter() - began) * 1000 / runs


def profile(targets: list[Target], member: Member, moderator: Member | None, out: Path) -> None:
    """cProfile of each read page in-process (up to 10 requests): where a request's time goes."""
    by_who = clients(member, moderator)
    report = io.StringIO()
    for target in targets:
        if target.method != "GET":
            continue
        client = by_who[target.who]
        runs = max(1, min(10, int(IN_PROCESS_BUDGET * 1000 / max(target.inprocess_ms, 1))))
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            client.get(target.paths[0])
        profiler.disable()
        report.write(f"\n\n=== {target.name} ({target.who}) {target.paths[0]}: {runs} requests\n")
        stats = pstats.Stats(profiler, stream=report)
        stats.strip_dirs().sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(15)
    out.write_text(report.getvalue(), encoding="utf-8")


def login_for(target: Target, logins: dict[str, Login]) -> Login:
    return logins["moderator"] if target.who == "moderator" else logins["member"]


def check_live(base: str, target: Target, login: Login) -> None:
    """The server answers the page (or form) as the test client did."""
    request = urllib.request.Request(base + target.paths[0], method=target.method)  # noqa: S310
    if target.who != "visitor":
        request.add_header("Cookie", login.cookie)
    data = None
    if target.method == "POST":
        fields = fill_form(target.form) | {"csrfmiddlewaretoken": login.csrf}
        data = urllib.parse.urlencode(fields).encode()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, data=data, timeout=30) as answer:
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != target.expect:
        raise SystemExit(f"{target.name}: the server answered {status} to {target.paths[0]}")


def cache_status(base: str, target: Target) -> str:
    """What the visitor page cache answered to one more request, right after the load."""
    try:
        with urllib.request.urlopen(base + target.paths[0], timeout=30) as answer:  # noqa: S310
            return str(answer.headers.get(CACHE_STATUS_HEADER) or "not cached")
    except urllib.error.HTTPError as error:
        return f"error {error.code}"


def wrk(
    base: str, target: Target, login: Login, *, seconds: int, connections: int
) -> dict[str, Any]:
    env = os.environ | {
        "BENCH_METHOD": target.method,
        "BENCH_PATHS": ",".join(target.paths),
        "BENCH_COOKIE": "" if target.who == "visitor" else login.cookie,
        "BENCH_CSRF": login.csrf,
        "BENCH_FORM": target.form,
    }
    command = [
        "wrk", "--threads", "1", "--connections", str(connections), "--duration",
        f"{seconds}s", "--timeout", "30s", "--latency", "--script",
        str(ROOT / "bench" / "wrk.lua"), base + target.paths[0],
    ]  # fmt: skip
    # wrk from Debian, on loopback only; the command is ours, not the user's.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("BENCH_JSON "))
    numbers: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    seconds_run = numbers["duration_us"] / 1e6
    numbers["rps"] = numbers["requests"] / seconds_run if seconds_run else 0.0
    numbers["errors"] = sum(v for k, v in numbers.items() if k.startswith("errors_"))
    return numbers


def settle(base: str) -> None:
    """Wait until the server has worked off what the last run left queued (sync workers finish
    requests whose client has gone), so no run pays for the one before it."""
    deadline = time.monotonic() + 300
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        began = time.monotonic()
        try:
            with urllib.request.urlopen(base + "/bench/ok", timeout=60) as answer:  # noqa: S310
                answer.read()
        except OSError:  # a worker killed by its timeout is being replaced
            quick = 0
            time.sleep(1)
            continue
        quick = quick + 1 if time.monotonic() - began < 0.05 else 0
        time.sleep(0.05)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])


def worker_rss(master: int) -> list[float]:
    """Resident memory (MB) of each gunicorn worker (the master's children)."""
    result = subprocess.run(  # noqa: S603
        ["/usr/bin/ps", "--ppid", str(master), "-o", "rss="],
        capture_output=True,
        text=True,
        check=False,
    )
    return [int(kb) / 1024 for kb in result.stdout.split()]


def scale_of(members: int) -> str:
    """The seed scale a database was made at, known by its number of members."""
    return next((s.name for s in SCALES.values() if s.members == members), "custom")


def versions() -> dict[str, str]:
    def output(*command: str) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        except OSError:
            return "?"
        return (
            (done.stdout or done.stderr).strip().splitlines()[0]
            if (done.stdout or done.stderr)
            else "?"
        )

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    import gunicorn

    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
    total_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))  # type: ignore[union-attr]
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    commit = output("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD")
    dirty = output("git", "-C", str(ROOT), "status", "--porcelain")
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "database": database,
        "wrk": output("wrk", "--version").split(" [")[0],
        "cpus": str(os.cpu_count()),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory": f"{total_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "commit": commit + (" (with uncommitted changes)" if dirty not in ("", "?") else ""),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--db-label", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--command", default="make bench")
    parser.add_argument("--seed-log", default="")
    parser.add_argument("--results", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()

    counts = data_counts()
    scale = scale_of(counts["members"])
    say(f"Data: {counts} (scale: {scale})")
    targets, member = choose_targets()
    moderator = bench_moderator()
    targets = [t for t in targets if moderator is not None or t.who != "moderator"]
    logins = log_ins(member, moderator)
    say(f"Reading as {member.display_name} (#{member.pk}); counting queries and profiling …")
    count_queries(targets, member, moderator)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    results = Path(args.results)
    results.mkdir(parents=True, exist_ok=True)
    stem = f"{stamp}-{args.db_label}-{scale}"
    profile(targets, member, moderator, results / f"{stem}-profiles.txt")

    bare = Target("Bare Django view (/bench/ok)", "visitor", ["/bench/ok"])
    for target in [bare, *targets]:
        if target.inprocess_ms <= TOO_SLOW_MS:
            check_live(args.base_url, target, login_for(target, logins))

    def measure(target: Target) -> dict[str, Any]:
        if target.inprocess_ms > TOO_SLOW_MS:
            say(f"  {target.name:<40} not loaded: {target.inprocess_ms / 1000:.1f} s in-process")
            return {"skipped": True}
        if args.warmup:
            wrk(
                args.base_url,
                target,
                login_for(target, logins),
                seconds=args.warmup,
                connections=args.connections,
            )
            settle(args.base_url)
        numbers = wrk(
            args.base_url,
            target,
            login_for(target, logins),
            seconds=args.seconds,
            connections=args.connections,
        )
        if target.who == "visitor" and target is not bare:
            target.cache = cache_status(args.base_url, target)
        settle(args.base_url)
        say(
            f"  {target.name:<40} {numbers['rps']:>8.1f} req/s  p50 {numbers['p50_us'] / 1000:6.1f}"
            f"  p99 {numbers['p99_us'] / 1000:6.1f} ms  errors {numbers['errors']}"
        )
        return numbers

    say(f"Load: wrk, 16 connections, {args.seconds} s per page after {args.warmup} s warm-up")
    loads = [load_average()]
    settle(args.base_url)
    bare_start = measure(bare)
    for target in targets:
        target.load = measure(target)
    bare_end = measure(bare)
    loads.append(load_average())
    rss = worker_rss(args.server_pid)
    say(f"Worker memory after the run: {', '.join(f'{mb:.0f} MB' for mb in rss)}")
    written = write_results(
        results=results,
        stem=stem,
        db_label=args.db_label,
        scale=scale,
        counts=counts,
        targets=targets,
        bare=(bare_start, bare_end),
        rss=rss,
        versions=versions() | {"load": f"{loads[0]} at the start, {loads[1]} at the end"},
        command=args.command,
        seconds=args.seconds,
        warmup=args.warmup,
        connections=args.connections,
        seed_log=(
            Path(args.seed_log).read_text(encoding="utf-8")
            if args.seed_log and Path(args.seed_log).exists()
            else ""
        ),
        readme=ROOT / "README.md",
    )
    for path in written:
        say(f"Wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
