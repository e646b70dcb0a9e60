from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kring.config import env


def test_env_bool_rejects_words_it_does_not_know(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "misschien")
    with pytest.raises(ImproperlyConfigured):
        env.env_bool("DEBUG")


def test_secret_key_is_required_when_debug_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured):
        env.secret_key(debug=False, testing=False)


def test_secret_key_is_read_from_the_file_the_demo_generates(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text("een-lange-geheime-sleutel\n")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(key_file))
    assert env.secret_key(debug=False, testing=False) == "een-lange-geheime-sleutel"


def test_database_defaults_to_the_embedded_sqlite_file_in_var(tmp_path: Path) -> None:
    config = env.database("", var_dir=tmp_path / "var")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "var" / "kring.sqlite3")
    assert (tmp_path / "var").is_dir()  # created, so a first `kring migrate` works
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_database_url_selects_postgresql_with_persistent_connections() -> None:
    config = env.database("postgres://kring:geheim@db.example.nl:5432/kring", var_dir=Path("/x"))
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["HOST"] == "db.example.nl"
    assert config["CONN_MAX_AGE"] == 600


def test_redis_url_moves_the_cache_to_redis(tmp_path: Path) -> None:
    redis = env.caches("redis://127.0.0.1:6379/0", var_dir=tmp_path)
    assert redis["default"]["BACKEND"].endswith("RedisCache")


def test_without_redis_the_server_processes_share_a_file_cache(tmp_path: Path) -> None:
    """Rate limits and site settings must be the same in every gunicorn worker."""
    cache = env.caches("", var_dir=tmp_path)["default"]
    assert cache["BACKEND"].endswith("FileBasedCache")
    assert cache["LOCATION"] == str(tmp_path / "cache")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "smtp+tls://post%40example.nl:ge%20heim@smtp.example.nl:587?from=kring@example.nl",
            {
                "EMAIL_HOST": "smtp.example.nl",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "post@example.nl",
                "EMAIL_HOST_PASSWORD": "ge heim",
                "EMAIL_USE_TLS": True,
                "DEFAULT_FROM_EMAIL": "kring@example.nl",
            },
        ),
        ("smtps://smtp.example.nl", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
    ],
)
def test_email_url_forms(url: str, expected: dict[str, object]) -> None:
    config = env.email(url)
    assert {key: config[key] for key in expected} == expected


def test_email_url_with_an_unknown_scheme_is_a_configuration_error() -> None:
    with pytest.raises(ImproperlyConfigured):
        env.email("pigeon://dak")


def test_each_test_worker_gets_a_redis_database_of_its_own() -> None:
    assert env.redis_url_for_test_worker("redis://127.0.0.1:6379/0", "gw0").endswith(":6379/1")
    assert env.redis_url_for_test_worker("redis://127.0.0.1:6379/0", "gw1").endswith(":6379/2")
    assert env.redis_url_for_test_worker("redis://127.0.0.1:6379", "gw1").endswith(":6379/2")
