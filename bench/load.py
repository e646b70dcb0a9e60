"""Putting pages under load: a member's login, wrk on loopback, the server settling between
pages, and the bare view /bench/ok measured before and after them. Used by bench/driver.py once
Django is set up."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client

from bench.targets import Target
from kring.accounts.models import Member
from kring.core.pagecache import CACHE_STATUS_HEADER

ROOT = Path(__file__).resolve().parent.parent
# A page slower than this in-process is not put under load: 16 connections would queue minutes
# of work (behind gunicorn's 30 s worker timeout; granian has none) and measure only the queue.
TOO_SLOW_MS = 3_000.0
BARE = "Bare Django view (/bench/ok)"


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


@dataclass
class Load:
    """How the pages are put under load: the same for every page and server of a run."""

    base: str
    logins: dict[str, Login]
    seconds: int
    warmup: int
    connections: int

    def measure(self, target: Target) -> dict[str, Any]:
        """wrk on one page after its warm-up; the server settles before and after."""
        if target.inprocess_ms > TOO_SLOW_MS:
            say(f"  {target.name:<40} not loaded: {target.inprocess_ms / 1000:.1f} s in-process")
            return {"skipped": True}
        login = login_for(target, self.logins)
        if self.warmup:
            wrk(self.base, target, login, seconds=self.warmup, connections=self.connections)
            settle(self.base)
        numbers = wrk(self.base, target, login, seconds=self.seconds, connections=self.connections)
        if target.who == "visitor" and target.name != BARE:
            target.cache = cache_status(self.base, target)
        settle(self.base)
        say(
            f"  {target.name:<40} {numbers['rps']:>8.1f} req/s  p50 {numbers['p50_us'] / 1000:6.1f}"
            f"  p99 {numbers['p99_us'] / 1000:6.1f} ms  errors {numbers['errors']}"
        )
        return numbers

    def run(self, targets: list[Target]) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        """The bare view, every target, the bare view again; the load average before and after."""
        bare = Target(BARE, "visitor", ["/bench/ok"])
        for target in [bare, *targets]:
            if target.inprocess_ms <= TOO_SLOW_MS:
                check_live(self.base, target, login_for(target, self.logins))
        say(
            f"Load: wrk, {self.connections} connections, {self.seconds} s per page after "
            f"{self.warmup} s warm-up"
        )
        loads = [load_average()]
        settle(self.base)
        bare_start = self.measure(bare)
        for target in targets:
            target.load = self.measure(target)
        bare_end = self.measure(bare)
        loads.append(load_average())
        return bare_start, bare_end, loads
