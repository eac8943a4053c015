"""`parallax import` killed with SIGKILL mid-way, then run again, stores every article once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.corpus import write_corpus
from tests.conftest import ROOT

ARTICLES = 2_400


def parallax_import(database: Path, source: Path, log: Path) -> subprocess.Popen[bytes]:
    """`parallax import source` in a process of its own, as a user would run it; its
    output goes to `log`."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PARALLAX_DATABASE_URL": f"sqlite:///{database}",
    }
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-c", "from app.cli.main import main; main()", "import", str(source)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its worker processes are killed with it, by group
        )


def stored_articles(database: Path) -> int:
    """Articles committed so far, read without taking any lock a writer waits on."""
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            return int(connection.execute("SELECT count(*) FROM article").fetchone()[0])
    except sqlite3.OperationalError:  # no schema yet
        return 0


def test_an_import_killed_mid_way_then_run_again_stores_each_article_once(
    tmp_path: Path,
) -> None:
    source = tmp_path / "articles.jsonl"
    total = write_corpus(source, ARTICLES)
    database = tmp_path / "parallax.db"

    first, second = tmp_path / "first.log", tmp_path / "second.log"
    process = parallax_import(database, source, first)
    deadline = time.monotonic() + 120
    while (count := stored_articles(database)) == 0:
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"no batch was stored: {first.read_text()[-2000:]}")
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the command and its worker processes
    process.wait()
    killed_at = stored_articles(database)
    assert 0 < count <= killed_at < total, "killed too late to test anything"

    again = parallax_import(database, source, second)
    assert again.wait(timeout=300) == 0, second.read_text()[-2000:]
    summary = f"{total - killed_at} imported, {killed_at} already present, 0 failed"
    assert summary in second.read_text()

    with sqlite3.connect(database) as connection:

        def one(query: str) -> object:
            return connection.execute(query).fetchone()[0]

        assert one("PRAGMA integrity_check") == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # Every article once.
        assert one("SELECT count(*) FROM article") == total
        assert one("SELECT count(DISTINCT content_hash) FROM article") == total
        assert one("SELECT count(DISTINCT title) FROM article") == total
        # Every article in a story, and no story left empty.
        assert one("SELECT count(*) FROM article WHERE story_id IS NULL") == 0
        assert one("SELECT count(*) FROM story WHERE id NOT IN (SELECT story_id FROM article)") == 0
        # The candidate index agrees with the articles: term counts, vectors, fingerprints.
        assert one("SELECT df FROM term_df WHERE term = ''") == total
        assert one("SELECT count(*) FROM article_vector") == total
        fingerprinted = (
            "SELECT count(DISTINCT article_id) FROM "
            "(SELECT article_id FROM shingle UNION ALL SELECT article_id FROM shingle_staged)"
        )
        assert one(fingerprinted) == total
        # Search finds each article once.
        assert one("SELECT count(*) FROM article_fts") == total
        assert one("SELECT count(DISTINCT article_id) FROM article_fts") == total
