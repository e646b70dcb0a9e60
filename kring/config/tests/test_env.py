"""The database settings made from DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

from kring.config.env import database


def test_postgresql_connections_run_without_jit(tmp_path: Path) -> None:
    config = database("postgres://kring@db.example:5432/kring", var_dir=tmp_path)
    assert config["OPTIONS"]["options"] == "-c jit=off"


def test_sqlite_gets_wal_and_immediate_transactions(tmp_path: Path) -> None:
    config = database("", var_dir=tmp_path)
    assert config["NAME"] == str(tmp_path / "kring.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
