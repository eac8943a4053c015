"""`parallax serve` says plainly when anyone who can reach it can write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

from app.cli.main import cli


@pytest.fixture(autouse=True)
def no_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    hosts: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: hosts.append(host))
    monkeypatch.setenv("PARALLAX_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    monkeypatch.delenv("PARALLAX_WRITE_TOKEN", raising=False)
    return hosts


def test_serving_beyond_loopback_without_a_token_warns(no_server: list[str]) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert "anyone" in result.output and "PARALLAX_WRITE_TOKEN" in result.output
    assert no_server == ["0.0.0.0"]


def test_loopback_or_a_token_does_not_warn(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "anyone" not in CliRunner().invoke(cli, ["serve"]).output
    monkeypatch.setenv("PARALLAX_WRITE_TOKEN", "secret")
    assert "anyone" not in CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"]).output


def test_the_module_runs_as_the_parallax_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "demo" in done.stdout and "regroup" in done.stdout
