"""Across a story: overview, quote tracker, provenance, outlet vs outlet, revisions."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli.main import cli
from app.config import Settings
from app.services.compare import compare_path


@pytest.fixture
def demo(client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The demo corpus loaded; returns outlet name -> current viaduct article id, and the story."""
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(cli, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    story = max(client.get("/api/stories").json(), key=lambda s: len(s["articles"]))
    ids = {"story": str(story["id"])}
    for article_id in story["articles"]:
        ids[client.get(f"/api/articles/{article_id}").json()["outlet"]["name"]] = article_id
    return ids


def test_overview_matrix_common_copy_and_own_reporting(
    client: TestClient, demo: dict[str, str]
) -> None:
    overview = client.get(f"/api/stories/{demo['story']}/overview").json()
    names = [m["outlet"] for m in overview["members"]]
    assert len(overview["matrix"]) == len(names) and all(
        len(r) == len(names) for r in overview["matrix"]
    )
    cell = {
        (names[i], names[j]): (c["share"], c["facts"])
        for i, row in enumerate(overview["matrix"])
        for j, c in enumerate(row)
    }
    assert cell["Midland Daily Wire", "Continental Press"][0] > 0.8  # near-verbatim reprint
    copied, facts = cell["Northline News", "Continental Press"]
    assert copied < 0.3 and facts > 0.3  # its own words, reporting the wire's facts
    assert overview["common"], "the wire paragraphs run by three outlets are common copy"
    for passage in overview["common"]:
        outlets = {c["outlet"] for c in passage["carriers"]}
        assert len(outlets) >= 3
        assert {"Continental Press", "The Harbour Courier", "Midland Daily Wire"} <= outlets
    own = {o["outlet"]: o for o in overview["own"]}
    # What Northline adds alone: the rest of its own report states the wire's facts.
    assert own["Northline News"]["paragraphs"]
    assert own["Northline News"]["own_share"] > own["Midland Daily Wire"]["own_share"]
    assert own["Continental Press"]["own_share"] < 0.1
    page = client.get(f"/stories/{demo['story']}")
    assert "Who shares what" in page.text and "Common copy" in page.text
    assert (
        f'href="{compare_path(demo["Continental Press"], demo["Midland Daily Wire"])}"' in page.text
    )


def test_quote_tracker_groups_versions_across_outlets(
    client: TestClient, demo: dict[str, str]
) -> None:
    groups = client.get(f"/api/stories/{demo['story']}/quotes").json()
    wren = next(g for g in groups if g["text"].startswith("It sounded like a ship"))
    assert wren["speaker"] == "Tobias Wren"
    assert len(wren["outlets"]) == 5
    verdicts = {v["outlet"]: v["verdict"] for v in wren["variants"]}
    assert verdicts["The Valley Ledger"] == "trimmed"  # "It" cut from the front
    assert verdicts["Continental Press"] == "identical"
    brannigan = next(g for g in groups if g["text"].startswith("We will not reopen"))
    versions = {v["outlet"]: v for v in brannigan["variants"]}
    assert versions["The Harbour Courier"]["verdict"] == "trimmed"  # metre/meter is no edit
    cut = [w["text"] for w in versions["The Harbour Courier"]["words"] if w["change"] == "missing"]
    assert cut and cut[-1] == "about"
    page = client.get(f"/stories/{demo['story']}/quotes")
    assert page.status_code == 200 and "Tobias Wren" in page.text and "<del>" in page.text


def test_article_provenance(client: TestClient, demo: dict[str, str]) -> None:
    page = client.get(f"/articles/{demo['The Valley Ledger']}").text
    assert "shared with other outlets" in page and "its own" in page
    assert f"/compare/{demo['The Valley Ledger']}/{demo['Continental Press']}" in page


def test_outlet_against_outlet(client: TestClient, demo: dict[str, str]) -> None:
    pair = client.get("/api/outlets/continental-press/vs/midland-daily-wire").json()
    assert len(pair["stories"]) == 1 and pair["a_share"] > 0.8
    story = pair["stories"][0]
    assert story["compare_path"] == compare_path(
        demo["Continental Press"], demo["Midland Daily Wire"]
    )
    none = client.get("/api/outlets/northline-news/vs/the-valley-ledger").json()
    assert len(none["stories"]) == 1
    page = client.get(
        "/outlets/compare", params={"a": "continental-press", "b": "midland-daily-wire"}
    )
    assert page.status_code == 200 and "stories covered by both" not in page.text
    assert "1 story covered by both" in page.text
    assert client.get("/api/outlets/nobody/vs/midland-daily-wire").status_code == 404
    assert client.get("/api/outlets/midland-daily-wire/vs/midland-daily-wire").status_code == 422


def test_revisions_side_by_side(client: TestClient, demo: dict[str, str]) -> None:
    current = client.get(f"/api/articles/{demo['Northline News']}").json()
    first, second = (r["id"] for r in current["revisions"])
    page = client.get(f"/articles/{second}").text
    assert f"/compare/{first}/{second}" in page  # "what changed"
    response = client.get(
        "/revisions/compare", params={"a": first, "b": second}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == compare_path(
        first, second
    )
    changed = client.get(f"/api/compare/{first}/{second}").json()
    assert changed["a"]["revision"] == 1 and changed["b"]["revision"] == 2
    assert changed["passages"]
    other = client.get("/revisions/compare", params={"a": first, "b": demo["Continental Press"]})
    assert other.status_code == 422


def test_matrix_tooltip_names_the_share_it_shows(client: TestClient, demo: dict[str, str]) -> None:
    overview = client.get(f"/api/stories/{demo['story']}/overview").json()
    names = [m["outlet"] for m in overview["members"]]
    page = client.get(f"/stories/{demo['story']}").text
    row, col = names.index("Northline News"), names.index("Continental Press")
    percent = round(100 * overview["matrix"][row][col]["share"])
    assert f"{percent}% of Northline News’s text is also in Continental Press" in page
