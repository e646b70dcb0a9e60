"""Production settings pass Django's deployment checklist (run in a fresh process)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TEST_ONLY_VARIABLES = {
    "KRING_TESTING",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"KRING_TESTING", "DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        SITE_URL="https://community.example.nl",
        ALLOWED_HOSTS="community.example.nl",
        KRING_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="kring.config.settings",
        **extra,
    )
    return environment


def test_check_deploy_is_clean_in_production_mode(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kring", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    environment = _production_env(tmp_path)
    del environment["SECRET_KEY"]
    environment.pop("SECRET_KEY_FILE", None)
    result = subprocess.run(
        [sys.executable, "-m", "kring", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_cookies_are_secure(tmp_path: Path) -> None:
    probe = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "True", "False"]
