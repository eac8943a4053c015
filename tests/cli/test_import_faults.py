"""`parallax import` on a full disk or a locked database: one line says so, exit 1, intact."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app import db
from app.cli.main import cli
from app.config import Settings
from tests.cli.corpus import write_corpus
from tests.faults import capped, compacted, integrity, write_locked

FIRST, SECOND, BATCH = 100, 400, 50


def articles(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM article").fetchone()[0])


def test_a_full_disk_stops_the_import_with_one_line_and_keeps_what_was_stored(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    database = Path(settings.database_url.removeprefix("sqlite:///"))
    runner = CliRunner()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    write_corpus(first, FIRST, seed=1)
    write_corpus(second, SECOND, seed=2)
    assert runner.invoke(cli, ["regroup"]).exit_code == 0  # the schema, empty
    empty = compacted(database)
    assert runner.invoke(cli, ["import", str(first)]).exit_code == 0
    per_article = (compacted(database) - empty) / FIRST
    # Room for about two and a half batches of the second file.
    room = compacted(database) + int(per_article * BATCH * 2.5)

    with capped(room):
        result = runner.invoke(cli, ["import", str(second), "--batch-size", str(BATCH)])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if "full" in line]
    assert line.startswith("failed: The database's disk is full")
    kept = int(re.findall(r"The (\d+) article\(s\) imported before it are kept", line)[0])
    assert 0 < kept < SECOND and kept % BATCH == 0
    assert integrity(database) == "ok"
    assert articles(database) == FIRST + kept


def test_a_database_locked_past_the_wait_stops_the_import_with_one_line(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 50)  # not the half minute imports wait
    database = Path(settings.database_url.removeprefix("sqlite:///"))
    source = tmp_path / "articles.jsonl"
    write_corpus(source, 20)
    runner = CliRunner()
    assert runner.invoke(cli, ["regroup"]).exit_code == 0  # the schema, empty

    with write_locked(database):
        result = runner.invoke(cli, ["import", str(source)])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if "busy" in line]
    assert line.startswith("failed: The database is busy") and "try again" in line
    assert integrity(database) == "ok"
    assert articles(database) == 0
