"""`parallax export` then `parallax import` restores every article revision exactly."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from app.cli.main import DEMO_CORPUS, cli
from app.config import Settings
from app.db import make_engine
from app.main import create_app
from app.models import Article, Outlet
from app.services import records
from tests.conftest import shared_path

FIELDS = (
    "id",
    "title",
    "title_derived",
    "byline",
    "published",
    "url",
    "language",
    "source",
    "source_name",
    "paragraphs",
    "captions",
    "imported_at",
    "lineage_id",
    "revision",
    "is_current",
    "raw",
)


def snapshot(database_url: str) -> dict[str, dict[str, Any]]:
    """Every revision's restorable fields, with its outlet's name and domain, by id."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        rows = session.exec(select(Article, Outlet).join(Outlet).order_by(col(Article.id))).all()
        result = {
            a.id: {
                **{f: getattr(a, f) for f in FIELDS},
                "outlet": o.name,
                "outlet_domain": o.domain,
            }
            for a, o in rows
        }
    engine.dispose()
    return result


def story_partition(database_url: str) -> set[frozenset[str]]:
    engine = make_engine(database_url)
    with Session(engine) as session:
        groups: dict[int | None, set[str]] = {}
        for article in session.exec(select(Article)).all():
            groups.setdefault(article.story_id, set()).add(article.id)
    engine.dispose()
    return {frozenset(ids) for ids in groups.values()}


@pytest.fixture
def runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    return CliRunner()


def test_export_then_import_restores_everything(
    runner: CliRunner, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = shared_path("seeds")
    loaded = runner.invoke(cli, ["import", str(DEMO_CORPUS), str(seeds)])
    assert loaded.exit_code == 0, loaded.output

    # Corrections after import: the id no longer matches a hash of the content, and the
    # new outlet has no domain although the article has a URL.
    with TestClient(create_app(settings)) as client:
        items = client.get("/api/articles", params={"per_page": 100}).json()["items"]
        patched = next(i for i in items if i["url"])["id"]
        changes = {"title": "A corrected headline", "outlet": "Corrections Desk"}
        assert client.patch(f"/api/articles/{patched}", json=changes).status_code == 200
        derived = next(i for i in items if i["id"] != patched)["id"]

    out = tmp_path / "corpus.jsonl"
    exported = runner.invoke(cli, ["export", str(out)])
    assert exported.exit_code == 0, exported.output
    lines = out.read_text(encoding="utf-8").splitlines()
    before = snapshot(settings.database_url)
    assert len(lines) == len(before) and f"{len(before)} article revision(s)" in exported.output
    stdout = runner.invoke(cli, ["export"])
    assert stdout.exit_code == 0 and stdout.stdout_bytes == out.read_bytes()

    records_ = [json.loads(line) for line in lines]
    assert [r["revision"] for r in records_ if r["url"] and "northline" in r["url"]] == [1, 2]
    assert next(r for r in records_ if r["id"] == patched)["title"] == "A corrected headline"
    assert all(isinstance(r["story"], str) for r in records_)
    assert {r["id"] for r in records_} >= {patched, derived}

    # Restore into a fresh database; the file is larger than the import limit, which
    # applies to each line of a JSON Lines file.
    fresh = Settings(database_url=f"sqlite:///{tmp_path / 'restored.db'}")
    monkeypatch.setenv("PARALLAX_DATABASE_URL", fresh.database_url)
    monkeypatch.setenv("PARALLAX_MAX_IMPORT_BYTES", str(out.stat().st_size // 2))
    first = runner.invoke(cli, ["import", str(out)])
    assert first.exit_code == 0, first.output
    assert f"{len(lines)} imported, 0 already present, 0 failed" in first.output
    after = snapshot(fresh.database_url)
    assert after.keys() == before.keys()
    for article_id, fields in before.items():
        assert after[article_id] == fields, article_id
    assert after[patched]["outlet"] == "Corrections Desk"
    assert after[patched]["outlet_domain"] is None
    assert story_partition(fresh.database_url) == story_partition(settings.database_url)

    second = runner.invoke(cli, ["import", str(out)])
    assert second.exit_code == 0, second.output
    assert f"0 imported, {len(lines)} already present, 0 failed" in second.output
    assert snapshot(fresh.database_url) == after

    again = tmp_path / "again.jsonl"
    assert runner.invoke(cli, ["export", str(again)]).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


PARAGRAPHS = [
    "Harbour officials said on Monday that the old ferry pier would close for repairs.",
    "Work is expected to take six weeks.\u2028A line separator is not a line break in JSONL.",
]


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"outlet": "Bay News", "title": "Pier closes", "paragraphs": PARAGRAPHS}
    return {**base, **changes}


def job_error(value: dict[str, Any]) -> str | None:
    data = (json.dumps(value, ensure_ascii=False) + "\n").encode("utf-8")
    jobs = list(records.jobs_for_bytes("in.jsonl", data, records.Defaults(), 1_000_000))
    assert len(jobs) == 1
    return jobs[0].error


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (record(paragraphs="one paragraph"), "paragraphs must be a list of strings"),
        (record(paragraphs=["ok", 3]), "paragraphs must be a list of strings"),
        (record(paragraphs=["", "  "]), "paragraphs holds no text"),
        (record(captions=[None]), "captions must be a list of strings"),
        (record(raw="not base64!"), "raw is not valid base64"),
        (record(title_derived="yes"), "title_derived must be true or false"),
        (record(revision=0), "revision must be a positive whole number"),
        (record(id="NOT-AN-ID"), "is not a Parallax article id"),
        (record(source="fax"), "source must be one of"),
        (record(imported_at="yesterday"), "imported_at 'yesterday' is not an ISO 8601"),
        (record(text="also text"), "text, html or paragraphs, not more than one"),
        (record(colour="red"), "unknown field(s) colour"),
        ({"text": "Some text", "byline": "Ann"}, "byline need a list of paragraphs"),
        ({"text": "Some text", "title": 3}, "title must be a string"),
    ],
)
def test_bad_records_are_named_precisely(value: dict[str, Any], reason: str) -> None:
    error = job_error(value)
    assert error is not None and reason in error


def test_a_pre_extracted_record_is_stored_as_given(
    runner: CliRunner, settings: Settings, tmp_path: Path
) -> None:
    raw = b"<html><body><p>The original page, \xe2\x80\x94 exactly as fetched.</p></body></html>"
    path = tmp_path / "given.jsonl"
    given = record(byline="Ann Lee", captions=["The pier at dawn."], source="html")
    given["raw"] = base64.b64encode(raw).decode("ascii")
    path.write_text(json.dumps(given, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 0, result.output
    (stored,) = snapshot(settings.database_url).values()
    assert stored["paragraphs"] == PARAGRAPHS and stored["captions"] == ["The pier at dawn."]
    assert stored["raw"] == raw and stored["source"] == "html" and stored["byline"] == "Ann Lee"
    assert stored["title"] == "Pier closes" and stored["title_derived"] is False


def test_an_id_held_by_different_content_is_refused(
    runner: CliRunner, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "first.jsonl"
    path.write_text(json.dumps(record()) + "\n", encoding="utf-8")
    assert runner.invoke(cli, ["import", str(path)]).exit_code == 0
    (article_id,) = snapshot(settings.database_url)
    clash = tmp_path / "clash.jsonl"
    other = record(id=article_id, paragraphs=["Entirely different text about something else."])
    clash.write_text(json.dumps(other) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(clash)])
    assert result.exit_code == 1
    assert f"Article id {article_id} is already used by a different article" in result.output
    same = tmp_path / "same.jsonl"
    same.write_text(json.dumps(record(id=article_id)) + "\n", encoding="utf-8")
    assert "0 imported, 1 already present" in runner.invoke(cli, ["import", str(same)]).output
