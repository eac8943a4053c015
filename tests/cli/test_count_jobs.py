"""The import progress bar knows its total up front for files and folders."""

from __future__ import annotations

import json
from pathlib import Path

from app.cli.main import _count_jobs
from tests.conftest import shared_path


def test_a_folder_counts_its_manifest_entries_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps([{"file": "a.txt"}, {"file": "gone.txt"}]))
    (tmp_path / "a.txt").write_text("text")
    (tmp_path / "b.html").write_text("<p>page</p>")
    (tmp_path / "list.json").write_text(json.dumps([{"text": "one"}, {"text": "two"}]))
    (tmp_path / "more.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n{"text": "3"}\n')
    (tmp_path / "notes.md").write_text("not importable")
    # a.txt, the missing gone.txt (a failed job), b.html, two records, three lines.
    assert _count_jobs([tmp_path]) == 8
    assert _count_jobs([tmp_path / "list.json", tmp_path / "a.txt"]) == 3


def test_the_seeds_folder_counts_five() -> None:
    assert _count_jobs([shared_path("seeds")]) == 5
