"""Read Kring's configuration from environment variables (the only place it comes from)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """The variable's value, or `default` when unset."""
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool = False) -> bool:
    """A yes/no variable; anything unrecognised is a configuration error, not a silent False."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    """A whole number; anything else is a configuration error."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated variable as a list, blanks dropped."""
    return [part.strip() for part in env_str(name, default).split(",") if part.strip()]


def secret_key(*, debug: bool, testing: bool) -> str:
    """SECRET_KEY, else the file SECRET_KEY_FILE names; a throwaway key only in DEBUG or tests."""
    key = env_str("SECRET_KEY")
    key_file = env_str("SECRET_KEY_FILE")
    if not key and key_file:
        key = Path(key_file).read_text(encoding="utf-8").strip()
    if key:
        return key
    if debug or testing:
        return "insecure-development-key-never-use-in-production"
    raise ImproperlyConfigured(
        "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off. "
        "`make demo` generates one into var/secret_key."
    )


def database(url: str, *, var_dir: Path) -> dict[str, Any]:
    """DATABASES['default'] from DATABASE_URL; the embedded SQLite file in var/ otherwise."""
    if not url:
        var_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{var_dir / 'kring.sqlite3'}"
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while the task worker writes; IMMEDIATE avoids
        # "database is locked" on lock upgrades inside write transactions.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # No JIT: it pays off for long analytical queries, and Kring's are short. The
        # visibility policy makes plans whose estimated cost passes jit_above_cost, and
        # PostgreSQL then spent 1.2 s compiling a search query that runs in 7 ms.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


def redis_url_for_test_worker(url: str, worker: str) -> str:
    """A Redis database of its own for each pytest-xdist worker ("gw0" -> base + 1 …): tests
    clear the cache, and clearing flushes a whole database under the other worker's feet."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    number = base + 1 + int(worker.removeprefix("gw") or 0)
    return parts._replace(path=f"/{number}").geturl()


def caches(redis_url: str, *, var_dir: Path, testing: bool = False) -> dict[str, Any]:
    """Redis when REDIS_URL is set; else files in var/cache, shared by the server's processes.

    A per-process memory cache would give each gunicorn worker its own login rate limits and its
    own copy of the site settings; files keep the embedded set-up free of services and still
    shared. Tests use process memory.
    """
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "kring",
            }
        }
    if testing:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(var_dir / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }


def email(url: str) -> dict[str, Any]:
    """Django e-mail settings from EMAIL_URL: console://, locmem://, smtp://, smtp+tls://, smtps://."""
    parts = urlsplit(url or "console://")
    scheme = parts.scheme.lower()
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if scheme in backends:
        return {"EMAIL_BACKEND": backends[scheme]}
    if scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ImproperlyConfigured(f"EMAIL_URL scheme {scheme!r} is not supported.")
    query = parse_qs(parts.query)
    settings: dict[str, Any] = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port
        or (465 if scheme == "smtps" else 587 if scheme == "smtp+tls" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": scheme == "smtp+tls",
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_TIMEOUT": 10,
    }
    if "from" in query:
        settings["DEFAULT_FROM_EMAIL"] = query["from"][0]
    return settings
