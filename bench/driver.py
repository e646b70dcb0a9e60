"""The benchmark driver `bench/run` calls once the production server answers.

It picks the pages from the seeded data, logs a member in (a session row, as a login makes),
counts the SQL queries of every page once with Django's test client, profiles each page
in-process, then drives every page and form with wrk on loopback and measures the bare view
/bench/ok under the same server in the same run (at the start and at the end: every figure is
also given as a ratio to it, because shared machines drift). Results: a Markdown table, an SVG
chart, and the summary between the markers in README.md.

Run it through `make bench` (bench/run sets the environment: database, SECRET_KEY, DEBUG off).
`bench/servers` calls it once per server with --servers-part (a few pages under load, numbers to
a JSON file), then once with --servers-summary to write the comparison of the servers.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.metadata
import io
import json
import os
import platform
import pstats
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.config.settings")

import django  # noqa: E402  (after the settings module is chosen)

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.comparison import write_comparison  # noqa: E402
from bench.load import Load, fill_form, log_ins, say  # noqa: E402
from bench.report import write_results  # noqa: E402
from bench.targets import Target, choose_targets, data_counts  # noqa: E402
from kring.accounts.models import Member  # noqa: E402
from kring.bench.people import bench_moderator  # noqa: E402
from kring.bench.scales import SCALES  # noqa: E402

IN_PROCESS_BUDGET = 5.0  # seconds of in-process requests per page for timing and profiling
# The server production runs (gunicorn.conf.py): its runs keep the plain file name and README's
# summary; another server's results get its name in the file name.
PRODUCTION_SERVER = "gunicorn"


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


# Django logs these with the queries (since 4.2); they are not queries of the page's data.
TRANSACTION_STATEMENTS = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")


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
        statements = [query["sql"] for query in captured.captured_queries]
        target.transactions = sum(sql.startswith(TRANSACTION_STATEMENTS) for sql in statements)
        target.queries = len(statements) - target.transactions
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


def worker_rss(master: int) -> list[float]:
    """Resident memory (MB) of each worker: the master's children, for gunicorn and for
    granian alike (granian's workers are multiprocessing children of its master process)."""
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


def server_version(server: str) -> str:
    return f"{server} {importlib.metadata.version(server)}"


def versions(server: str = PRODUCTION_SERVER) -> dict[str, str]:
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
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
    total_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))  # type: ignore[union-attr]
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    commit = output("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD")
    dirty = output("git", "-C", str(ROOT), "status", "--porcelain")
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "server": server_version(server),
        "database": database,
        "wrk": output("wrk", "--version").split(" [")[0],
        "cpus": str(os.cpu_count()),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory": f"{total_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "commit": commit + (" (with uncommitted changes)" if dirty not in ("", "?") else ""),
    }


def selected(targets: list[Target], only: list[str] | None) -> list[Target]:
    """The targets whose name starts with one of `only` (all of them without --only)."""
    return [t for t in targets if not only or t.name.startswith(tuple(only))]


def measure_servers_part(args: argparse.Namespace) -> None:
    """One server's part of bench/servers: the chosen pages under load, numbers to JSON."""
    counts = data_counts()
    targets, member = choose_targets()
    moderator = bench_moderator()
    targets = selected(
        [t for t in targets if moderator is not None or t.who != "moderator"], args.only
    )
    load = Load(
        args.base_url, log_ins(member, moderator), args.seconds, args.warmup, args.connections
    )
    say(f"{args.server}: {len(targets)} pages, reading as {member.display_name} (#{member.pk})")
    bare_start, bare_end, loads = load.run(targets)
    part = {
        "server": args.server,
        "version": server_version(args.server),
        "setup": args.server_setup,
        "scale": scale_of(counts["members"]),
        "loads": loads,
        "rss": worker_rss(args.server_pid),
        "bare": [bare_start, bare_end],
        "pages": [{"name": t.name, "who": t.who, "load": t.load} for t in targets],
    }
    Path(args.servers_part).write_text(json.dumps(part, indent=1), encoding="utf-8")


def summarise_servers(args: argparse.Namespace) -> None:
    """bench/servers' last step: the comparison of the servers' parts, as Markdown."""
    parts = [json.loads(Path(p).read_text(encoding="utf-8")) for p in args.servers_summary]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    path = write_comparison(
        results=Path(args.results).resolve(),
        stem=f"{stamp}-{args.db_label}-{parts[0]['scale']}-servers",
        parts=parts,
        versions=versions(parts[0]["server"]),
        command=args.command,
        seconds=args.seconds,
        warmup=args.warmup,
        connections=args.connections,
    )
    say(f"Wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url")
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--server", choices=["gunicorn", "granian"], default=PRODUCTION_SERVER)
    parser.add_argument("--server-setup", default="2 sync workers")
    parser.add_argument("--db-label", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--command", default="make bench")
    parser.add_argument("--seed-log", default="")
    parser.add_argument("--results", default=str(ROOT / "bench" / "results"))
    parser.add_argument(
        "--only", action="append", help="measure only the pages whose name starts with this"
    )
    parser.add_argument("--servers-part", help="bench/servers: this server's numbers to this file")
    parser.add_argument("--servers-summary", nargs="+", help="bench/servers: the parts to compare")
    args = parser.parse_args()
    if args.servers_summary:
        summarise_servers(args)
        return
    if args.base_url is None or args.server_pid is None:
        parser.error("--base-url and --server-pid are needed to measure")
    if args.servers_part:
        measure_servers_part(args)
        return

    counts = data_counts()
    scale = scale_of(counts["members"])
    say(f"Data: {counts} (scale: {scale})")
    targets, member = choose_targets()
    moderator = bench_moderator()
    targets = selected(
        [t for t in targets if moderator is not None or t.who != "moderator"], args.only
    )
    logins = log_ins(member, moderator)
    say(f"Reading as {member.display_name} (#{member.pk}); counting queries and profiling …")
    count_queries(targets, member, moderator)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    results = Path(args.results).resolve()
    results.mkdir(parents=True, exist_ok=True)
    stem = f"{stamp}-{args.db_label}-{scale}"
    if args.server != PRODUCTION_SERVER:
        stem += f"-{args.server}"
    profile(targets, member, moderator, results / f"{stem}-profiles.txt")

    load = Load(args.base_url, logins, args.seconds, args.warmup, args.connections)
    bare_start, bare_end, loads = load.run(targets)
    rss = worker_rss(args.server_pid)
    say(f"Worker memory after the run: {', '.join(f'{mb:.0f} MB' for mb in rss)}")
    # README summarises the production server's runs into bench/results, not test runs elsewhere.
    official = args.server == PRODUCTION_SERVER and results == ROOT / "bench" / "results"
    written = write_results(
        results=results,
        stem=stem,
        db_label=args.db_label,
        scale=scale,
        counts=counts,
        targets=targets,
        bare=(bare_start, bare_end),
        rss=rss,
        versions=versions(args.server)
        | {
            "server_setup": args.server_setup,
            "load": f"{loads[0]} at the start, {loads[1]} at the end",
        },
        command=args.command,
        seconds=args.seconds,
        warmup=args.warmup,
        connections=args.connections,
        seed_log=(
            Path(args.seed_log).read_text(encoding="utf-8")
            if args.seed_log and Path(args.seed_log).exists()
            else ""
        ),
        readme=ROOT / "README.md" if official else None,
    )
    for path in written:
        say(f"Wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
