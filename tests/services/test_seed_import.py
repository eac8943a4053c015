"""The five seeds import end to end (CLI and API) with the clean bodies the gold names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli.main import cli
from app.config import Settings
from tests.conftest import shared_path
from tests.ingest.seed_gold import SEED_GOLD
from tests.ingest.test_seeds import raw_paragraphs

EXPECTED_OUTLETS = {
    "000_ad3bfccb636176e3.txt": "Newsweek",
    "001_6b1d6993757bcc95.txt": "TheJournal.ie",
    # No outlet anywhere: each gets a provisional source of its own, numbered in order.
    "002_bfc1200b97cbf55b.txt": "Unnamed source 1",
    "003_b802ec7bfaceef8d.txt": "Unnamed source 2",
    "004_e7c2231e7c8682f0.txt": "America Age",
}


def expected_body(folder: Path, name: str) -> tuple[str, list[str]]:
    raw = raw_paragraphs((folder / name).read_text(encoding="utf-8"))
    gold = SEED_GOLD[name]
    return "\n\n".join(raw[i] for i in gold.body), [raw[i] for i in gold.captions]


def test_cli_imports_the_seed_folder(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shared_path("seeds")
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(cli, ["import", str(folder)])
    assert result.exit_code == 0, result.output
    assert "5 imported, 0 already present, 0 failed" in result.output
    again = CliRunner().invoke(cli, ["import", str(folder)])
    assert "0 imported, 5 already present, 0 failed" in again.output

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = client.get("/api/articles", params={"per_page": 10}).json()["items"]
    assert len(listed) == 5
    assert len({item["outlet"]["id"] for item in listed}) == 5  # five distinct sources
    by_outlet: dict[str, list[dict[str, object]]] = {}
    for item in listed:
        article = client.get(f"/api/articles/{item['id']}").json()
        by_outlet.setdefault(article["outlet"]["name"], []).append(article)
    for entry in manifest:
        name = entry["file"]
        body, captions = expected_body(folder, name)
        matches = [a for a in by_outlet[EXPECTED_OUTLETS[name]] if a["body"] == body]
        assert len(matches) == 1, f"{name}: no stored article has the gold body"
        article = matches[0]
        assert article["captions"] == captions
        assert article["published"] == entry["published"]
        assert article["language"] == "en"
        assert article["title"] and article["title"] not in article["paragraphs"]
        assert article["title_derived"] is (SEED_GOLD[name].title == "derived")


@pytest.mark.parametrize("name", sorted(SEED_GOLD))
def test_api_imports_each_seed(client: TestClient, name: str) -> None:
    folder = shared_path("seeds")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest if e["file"] == name)
    text = (folder / name).read_text(encoding="utf-8")
    payload = {"text": text, "outlet": entry["outlet"], "published": entry["published"]}
    response = client.post("/api/articles", json=payload)
    assert response.status_code == 201, response.text
    article = response.json()
    body, captions = expected_body(folder, name)
    assert article["body"] == body
    assert article["captions"] == captions
    # Each test has a database of its own: an unnamed seed is its first unnamed source.
    assert article["outlet"]["name"] == EXPECTED_OUTLETS[name].replace("source 2", "source 1")
    page = client.get(f"/articles/{article['id']}")
    assert page.status_code == 200


def test_a_named_source_holds_through_a_reimport(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shared_path("seeds")
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    assert CliRunner().invoke(cli, ["import", str(folder)]).exit_code == 0
    listed = client.get("/api/articles", params={"per_page": 10}).json()["items"]
    unnamed = next(a for a in listed if a["outlet"]["name"] == "Unnamed source 1")
    response = client.patch(f"/api/articles/{unnamed['id']}", json={"outlet": "Latin Desk"})
    assert response.status_code == 200

    again = CliRunner().invoke(cli, ["import", str(folder)])
    assert "0 imported, 5 already present, 0 failed" in again.output
    article = client.get(f"/api/articles/{unnamed['id']}").json()
    assert article["outlet"]["name"] == "Latin Desk"
    names = sorted(o["outlet"]["name"] for o in client.get("/api/outlets").json())
    assert names == ["America Age", "Latin Desk", "Newsweek", "TheJournal.ie", "Unnamed source 2"]
