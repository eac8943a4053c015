"""`parallax import`: files, folders with manifests, JSON records, summaries and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import main as cli_main
from app.cli.main import cli
from app.config import Settings
from app.db import make_engine
from app.models import Article, Outlet
from app.services import records
from app.services.bulk_import import BulkImporter

STORY = (
    "Lighthouse keeper retires after forty years\n\n"
    "The last keeper of the Gull Point lighthouse retired on Saturday after forty years of "
    "climbing its 212 steps every evening, the harbour board said in a statement.\n\n"
    "Automatic lamps will take over the light from next month, ending a tradition that began "
    "when the tower was built in 1868 to guard the entrance to the bay."
)


@pytest.fixture
def runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    return CliRunner()


def stored(settings: Settings) -> list[tuple[str, str]]:
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        rows = session.exec(select(Article, Outlet).join(Outlet)).all()
        result = sorted((a.title, o.name) for a, o in rows)
    engine.dispose()
    return result


def test_imports_a_text_file_with_options(
    runner: CliRunner, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "keeper.txt"
    path.write_text(STORY, encoding="utf-8")
    result = runner.invoke(
        cli, ["import", str(path), "--outlet", "Bay News", "--published", "2026-10-03"]
    )
    assert result.exit_code == 0, result.output
    assert "1 imported, 0 already present, 0 failed" in result.output
    again = runner.invoke(cli, ["import", str(path), "--outlet", "Bay News"])
    assert "0 imported, 1 already present, 0 failed" in again.output
    assert stored(settings) == [("Lighthouse keeper retires after forty years", "Bay News")]


def test_folder_with_manifest_and_json_records(
    runner: CliRunner, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    html = (
        "<html><body><article><h1>Keeper retires</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY.split("\n\n")[1:])
        + "</article></body></html>"
    )
    (folder / "b.html").write_text(html, encoding="utf-8")
    (folder / "manifest.json").write_text(
        json.dumps(
            [
                {"file": "b.html", "outlet": "Coast Post", "url": None, "published": "2026-10-04"},
                {"file": "a.txt", "outlet": "Bay News", "url": None, "published": None},
            ]
        ),
        encoding="utf-8",
    )
    records = tmp_path / "more.jsonl"
    records.write_text(
        json.dumps({"text": STORY.replace("forty", "thirty"), "outlet": "Gull Times"})
        + "\n"
        + json.dumps({"text": "", "outlet": "Gull Times"})
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["import", str(folder), str(records)])
    assert result.exit_code == 1
    assert "3 imported, 0 already present, 1 failed" in result.output
    assert "more.jsonl:2" in result.output and "empty" in result.output
    assert [o for _, o in stored(settings)] == ["Bay News", "Gull Times", "Coast Post"] or sorted(
        o for _, o in stored(settings)
    ) == ["Bay News", "Coast Post", "Gull Times"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.pdf", b"%PDF-1.7 ...", "unsupported file type"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t ", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (
            "menu.html",
            b"<html><body><nav><ul><li>Home</li><li>News</li></ul></nav></body></html>",
            "article",
        ),
        ("bad.json", b"{not json", "invalid JSON"),
        ("odd.json", b'{"text": "x", "colour": "red"}', "unknown field"),
    ],
)
def test_bad_files_fail_with_a_reason_and_write_nothing(
    runner: CliRunner, settings: Settings, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 1
    assert "0 imported, 0 already present, 1 failed" in result.output
    assert reason in result.output
    assert stored(settings) == []


def test_file_over_the_size_limit(
    runner: CliRunner, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARALLAX_MAX_IMPORT_BYTES", "1000")
    path = tmp_path / "long.txt"
    path.write_text(STORY * 5, encoding="utf-8")
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 1
    assert "over the limit of 1,000 bytes" in result.output
    assert stored(settings) == []


def test_missing_path_and_bad_date(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["import", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "no such file" in result.output
    result = runner.invoke(cli, ["import", str(tmp_path), "--published", "soon"])
    assert result.exit_code == 2 and "not a date" in result.output


def test_help_lists_the_commands(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("import", "import-url", "serve", "demo"):
        assert command in result.output


def test_the_progress_rate_is_the_average_when_articles_come_a_batch_at_a_time() -> None:
    """A batch of 1,000 is reported within milliseconds: the rate and the time left are
    the average since the start, not rich's estimate from the last burst of samples."""
    from rich.progress import Progress

    from app.cli.main import _RateColumn, _RemainingColumn

    now = [0.0]
    progress = Progress(get_time=lambda: now[0], disable=True)
    task_id = progress.add_task("Importing", total=3000)
    task = progress.tasks[0]
    assert _RateColumn().render(task).plain == ""
    assert _RemainingColumn().render(task).plain == "-:--:--"
    now[0] = 10.0
    for _ in range(1000):
        progress.advance(task_id)
        now[0] += 1e-6
    assert _RateColumn().render(task).plain == "100 articles/s"
    assert _RemainingColumn().render(task).plain == "0:00:20"


def test_batch_size_sets_the_articles_per_transaction_and_refuses_zero(
    runner: CliRunner, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[int] = []

    class Recording(BulkImporter[records.Job]):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            sizes.append(self.size)

    monkeypatch.setattr(cli_main, "BulkImporter", Recording)
    path = tmp_path / "three.jsonl"
    lines = [
        json.dumps({"text": STORY.replace("forty", n), "outlet": o})
        for n, o in (("forty", "Bay News"), ("thirty", "Gull Times"), ("fifty", "Coast Post"))
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = runner.invoke(cli, ["import", str(path), "--batch-size", "0"])
    assert refused.exit_code == 2
    assert "--batch-size" in refused.output
    result = runner.invoke(cli, ["import", str(path), "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "3 imported, 0 already present, 0 failed" in result.output
    assert sorted(o for _, o in stored(settings)) == ["Bay News", "Coast Post", "Gull Times"]
    assert sizes == [2]
