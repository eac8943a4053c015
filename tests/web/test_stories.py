"""Stories: grouping on import, the story API and pages, the picker, corrections."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli.main import cli
from app.config import Settings
from app.services.compare import compare_path
from tests.conftest import shared_path


@pytest.fixture
def seeded(client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The five seeds imported through the CLI; returns their article ids."""
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(cli, ["import", str(shared_path("seeds"))])
    assert result.exit_code == 0, result.output
    return [i["id"] for i in client.get("/api/articles").json()["items"]]


def test_the_five_seeds_form_one_story(client: TestClient, seeded: list[str]) -> None:
    listed = client.get("/api/stories").json()
    assert len(listed) == 1
    story = listed[0]
    assert sorted(story["articles"]) == sorted(seeded)
    assert {"Newsweek", "TheJournal.ie", "America Age"} <= set(story["outlets"])
    detail = client.get(f"/api/stories/{story['id']}").json()
    assert detail["title"] and len(detail["articles"]) == 5
    shares = {row["article"]["outlet"]["name"]: row["shared"] for row in detail["articles"]}
    assert shares["America Age"] > 0.5  # AP copy, carried by TheJournal.ie too
    for article_id in seeded:
        assert client.get(f"/api/articles/{article_id}").json()["story_id"] == story["id"]


def test_story_page_picker_leads_to_the_canonical_comparison(
    client: TestClient, seeded: list[str]
) -> None:
    story = client.get("/api/stories").json()[0]
    page = client.get(f"/stories/{story['id']}")
    assert page.status_code == 200 and "Compare two outlets" in page.text
    a, b = seeded[0], seeded[1]
    response = client.get(
        f"/stories/{story['id']}/compare", params={"a": a, "b": b}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == compare_path(a, b)
    assert client.get(response.headers["location"]).status_code == 200
    same = client.get(f"/stories/{story['id']}/compare", params={"a": a, "b": a})
    assert same.status_code == 422


def test_article_page_offers_comparisons_most_overlapping_first(
    client: TestClient, seeded: list[str]
) -> None:
    articles = {client.get(f"/api/articles/{i}").json()["outlet"]["name"]: i for i in seeded}
    page = client.get(f"/articles/{articles['TheJournal.ie']}").text
    links = [line for line in page.splitlines() if f"/compare/{articles['TheJournal.ie']}/" in line]
    assert len(links) == 4
    assert articles["America Age"] in links[0]  # the other AP copy overlaps most


def test_corrections_move_split_merge_rename(client: TestClient, seeded: list[str]) -> None:
    story_id = client.get("/api/stories").json()[0]["id"]
    moved = client.put(f"/api/articles/{seeded[0]}/story", json={"story": None}).json()
    assert moved["story_id"] != story_id
    assert len(client.get("/api/stories").json()) == 2
    merged = client.post(f"/api/stories/{story_id}/merge", json={"story": moved["story_id"]})
    assert merged.status_code == 200 and len(merged.json()["articles"]) == 5
    assert client.get(f"/api/stories/{moved['story_id']}").status_code == 404
    split = client.post(f"/api/stories/{story_id}/split", json={"articles": seeded[:2]})
    assert split.status_code == 201
    assert sorted(r["article"]["id"] for r in split.json()["articles"]) == sorted(seeded[:2])
    renamed = client.patch(f"/api/stories/{story_id}", json={"title": "Putin and Xi meet"})
    assert renamed.json()["title"] == "Putin and Xi meet" and renamed.json()["title_locked"]
    # Bad corrections are refused and change nothing.
    assert (
        client.post(f"/api/stories/{story_id}/merge", json={"story": story_id}).status_code == 422
    )
    assert client.post(f"/api/stories/{story_id}/split", json={"articles": []}).status_code == 422
    assert (
        client.post(f"/api/stories/{story_id}/split", json={"articles": ["nope"]}).status_code
        == 422
    )
    assert client.put(f"/api/articles/{seeded[0]}/story", json={"story": 999}).status_code == 404
    assert client.patch(f"/api/stories/{story_id}", json={"title": "  "}).status_code == 422
    assert len(client.get("/api/stories").json()) == 2


def test_correction_forms(client: TestClient, seeded: list[str]) -> None:
    story_id = client.get("/api/stories").json()[0]["id"]
    response = client.post(
        f"/stories/{story_id}/split", data={"articles": [seeded[0]]}, follow_redirects=False
    )
    assert response.status_code == 303
    new_id = int(response.headers["location"].rsplit("/", 1)[1])
    back = client.post(
        f"/stories/{story_id}/merge", data={"other": str(new_id)}, follow_redirects=False
    )
    assert back.status_code == 303
    assert len(client.get(f"/api/stories/{story_id}").json()["articles"]) == 5
    bad = client.post(f"/stories/{story_id}/merge", data={"other": "abc"})
    assert bad.status_code == 422 and "not a story number" in bad.text


def test_regroup_all_keeps_the_story_its_id_and_a_users_move(
    client: TestClient, seeded: list[str], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    before = client.get("/api/stories").json()
    result = CliRunner().invoke(cli, ["regroup", "--all"])
    assert result.exit_code == 0, result.output
    assert (
        result.output.strip() == "Regrouping 5 articles: 1 of 1 story unchanged; nothing to change."
    )
    # The same story under the same id and title: links to /stories/{id} still lead to it.
    assert client.get("/api/stories").json() == before
    # A user moves one article into a story of its own: regrouping leaves it there.
    client.put(f"/api/articles/{seeded[0]}/story", json={"story": None})
    result = CliRunner().invoke(cli, ["regroup", "--all", "--yes"])
    assert result.exit_code == 0, result.output
    listed = client.get("/api/stories").json()
    assert sorted(sorted(s["articles"]) for s in listed) == sorted(
        [[seeded[0]], sorted(seeded[1:])]
    )
    assert before[0]["id"] in {s["id"] for s in listed}


def test_demo_corpus_groups_the_viaduct_reports(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(cli, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    listed = client.get("/api/stories").json()
    by_title = {s["title"]: s for s in listed}
    parade = next(s for t, s in by_title.items() if "Lantern" in t)
    assert parade["outlets"] == ["The Valley Ledger"] and len(parade["articles"]) == 1
    viaduct = max(listed, key=lambda s: len(s["articles"]))
    assert set(viaduct["outlets"]) >= {
        "Continental Press",
        "The Harbour Courier",
        "Midland Daily Wire",
        "Northline News",
    }


def test_a_story_longer_than_a_page_lists_all_and_compares_some(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `COMPARED_REPORTS` articles the page lists every article and compares that
    many (the demo's viaduct story has one article from each of five outlets)."""
    from app.services import story_view

    monkeypatch.setattr(story_view, "COMPARED_REPORTS", 3)
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(cli, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    viaduct = max(client.get("/api/stories").json(), key=lambda s: len(s["articles"]))
    rows = client.get(f"/api/stories/{viaduct['id']}").json()["articles"]
    assert len(rows) == len(viaduct["articles"]) == 5
    compared = [r["article"]["id"] for r in rows if r["shared"] is not None]
    assert compared == [r["article"]["id"] for r in rows[:3]]  # the earliest three
    assert all(r["closest"] is None for r in rows[3:])
    assert {r["closest"] for r in rows[:3]} <= set(compared) | {None}

    overview = client.get(f"/api/stories/{viaduct['id']}/overview").json()
    assert overview["reports"] == 5
    assert [m["id"] for m in overview["members"]] == compared
    assert len(overview["matrix"]) == 3 and all(len(row) == 3 for row in overview["matrix"])
    page = client.get(f"/stories/{viaduct['id']}").text
    assert "This story has 5 articles." in page and "compare 3 of them" in page
    assert page.count(">not compared here<") == 2
