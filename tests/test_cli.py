from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from callpilot import __version__
from callpilot.cli import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0 and result.stdout.strip() == __version__


@pytest.mark.parametrize(
    "command", [[], ["serve"], ["demo"], ["db"], ["db", "upgrade"], ["version"]]
)
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_db_upgrade_creates_the_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLPILOT_DATABASE__DATA_DIR", str(tmp_path))
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(tmp_path / "callpilot.db")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    assert {"lead", "call", "leg", "event", "rep", "alembic_version"} <= tables


@pytest.mark.parametrize("env", ["staging", "prod"])
def test_default_secret_is_refused_outside_dev(monkeypatch: pytest.MonkeyPatch, env: str) -> None:
    monkeypatch.setenv("CALLPILOT_ENV", env)
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 2
    assert "secret_key" in result.output
    monkeypatch.setenv("CALLPILOT_SECURITY__SECRET_KEY", "a-real-secret")
    monkeypatch.setenv("CALLPILOT_DATABASE__URL", "sqlite+aiosqlite:///:memory:")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0


def test_settings_come_from_a_toml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from callpilot.config import load_settings

    config = tmp_path / "callpilot.toml"
    config.write_text('[server]\nport = 9123\n[copilot]\nsensitivity = "proactive"\n')
    monkeypatch.setenv("CALLPILOT_CONFIG", str(config))
    monkeypatch.setenv("CALLPILOT_SERVER__HOST", "0.0.0.0")
    settings = load_settings()
    assert settings.server.port == 9123 and settings.server.host == "0.0.0.0"
    assert settings.copilot.sensitivity == "proactive"
