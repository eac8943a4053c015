"""The comparison: API contract, storage, permalinks, markup contract, preview image."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app import repo
from app.align import align
from app.db import make_engine
from app.facts import FACTS_REVISION
from app.facts.analysis import analyse
from app.models import Comparison
from app.services.compare import ANALYSIS_VERSION, compare_path
from app.services.records import Defaults, jobs_for_paths
from tests.facts import lantern_bay
from tests.web.conftest import engine_of

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo" / "corpus"


@pytest.fixture
def demo_ids(client: TestClient) -> dict[str, str]:
    """Import the demo corpus through the API; return outlet name -> current article id."""
    settings = client.app.state.settings  # type: ignore[attr-defined]
    for job in jobs_for_paths([DEMO], Defaults(), settings.max_import_bytes):
        assert job.request is not None
        content = job.request.content
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        key = "html" if job.request.format == "html" else "text"
        payload = {
            key: text,
            "outlet": job.request.outlet,
            "url": job.request.url,
            "published": job.request.published.isoformat() if job.request.published else None,
        }
        assert client.post("/api/articles", json=payload).status_code in (200, 201)
    items = client.get("/api/articles", params={"per_page": 50}).json()["items"]
    return {i["outlet"]["name"]: i["id"] for i in items if "Lantern" not in i["title"]}


def test_api_contract_offsets_index_the_bodies(
    client: TestClient, demo_ids: dict[str, str]
) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["Midland Daily Wire"]
    data = client.get(f"/api/compare/{a}/{b}").json()
    assert set(data) >= {"a", "b", "passages", "stats", "params", "version", "permalink"}
    assert data["permalink"].endswith(f"/compare/{a}/{b}?v={data['version']}")
    body_a = client.get(f"/api/articles/{a}").json()["body"]
    body_b = client.get(f"/api/articles/{b}").json()["body"]
    assert data["a"]["body"] == body_a and data["b"]["body"] == body_b
    assert data["passages"], "the wire and its reprint share text"
    for passage in data["passages"]:
        assert set(passage) >= {"id", "kind", "a", "b", "similarity", "edits"}
        (sa, ea), (sb, eb) = passage["a"], passage["b"]
        assert 0 <= sa < ea <= len(body_a) and 0 <= sb < eb <= len(body_b)
        if passage["kind"] == "verbatim":
            words_a = re.findall(r"\w+", body_a[sa:ea].lower())
            assert words_a == re.findall(r"\w+", body_b[sb:eb].lower())
    assert data["stats"]["share_b"] > 0.8


def test_result_is_stored_once_per_pair_and_version(
    client: TestClient, demo_ids: dict[str, str]
) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["The Harbour Courier"]
    first = client.get(f"/api/compare/{a}/{b}").json()
    again = client.get(f"/api/compare/{a}/{b}").json()
    client.get(f"/compare/{a}/{b}")
    assert first["passages"] == again["passages"]
    engine = make_engine(client.app.state.settings.database_url)  # type: ignore[attr-defined]
    with Session(engine) as session:
        rows = session.exec(select(func.count()).select_from(Comparison)).one()
    engine.dispose()
    assert rows == 1


def test_swapped_comparison_is_the_mirror(client: TestClient, demo_ids: dict[str, str]) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["The Harbour Courier"]
    ab = client.get(f"/api/compare/{a}/{b}").json()
    ba = client.get(f"/api/compare/{b}/{a}").json()
    assert [(p["id"], p["a"], p["b"]) for p in ab["passages"]] == sorted(
        ((p["id"], p["b"], p["a"]) for p in ba["passages"]), key=lambda t: t[1][0]
    )


def test_page_markup_contract(client: TestClient, demo_ids: dict[str, str]) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["The Harbour Courier"]
    passages = client.get(f"/api/compare/{a}/{b}").json()["passages"]
    page = client.get(f"/compare/{a}/{b}")
    assert page.status_code == 200
    html = page.text
    col_a = html.index('data-side="a"')
    col_b = html.index('data-side="b"')
    gutter = html.index('class="gutter"')
    for passage in passages:
        marker = f'data-passage="{passage["id"]}"'
        assert col_a < html.index(marker, col_a) < gutter
        assert html.find(marker, col_b) > col_b
    assert f'id="p{passages[0]["id"]}"' in html  # the #p<id> deep-link target
    assert "<del>" in html and "<ins>" in html  # word-level edits of near passages
    image = f"http://testserver/compare/{a}/{b}/preview.png?v={ANALYSIS_VERSION}"
    assert f'property="og:image" content="{image}"' in html
    # The preview quotes the figures the page's head shows, each side's share.
    shown = re.findall(r'class="share-figure">(\d+)% shared<', html)
    assert len(shown) == 2
    title = f"Continental Press vs The Harbour Courier: {shown[0]}% and {shown[1]}% shared"
    assert f'og:title" content="{title}"' in html


def test_preview_image_is_a_png(client: TestClient, demo_ids: dict[str, str]) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["Northline News"]
    response = client.get(f"/compare/{a}/{b}/preview.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert "immutable" in response.headers["cache-control"]


def test_unrelated_articles_share_nothing(client: TestClient, demo_ids: dict[str, str]) -> None:
    items = client.get("/api/articles", params={"per_page": 50}).json()["items"]
    parade = next(i["id"] for i in items if "Lantern" in i["title"])
    data = client.get(f"/api/compare/{demo_ids['Continental Press']}/{parade}").json()
    assert data["passages"] == []
    page = client.get(f"/compare/{demo_ids['Continental Press']}/{parade}")
    assert "share no passages" in page.text


def test_errors(client: TestClient, demo_ids: dict[str, str]) -> None:
    a = demo_ids["Continental Press"]
    assert client.get(f"/api/compare/{a}/nothing").status_code == 404
    same = client.get(f"/api/compare/{a}/{a}")
    assert same.status_code == 422 and "two different" in same.json()["error"]["message"]
    assert client.get(f"/compare/{a}/nothing").status_code == 404


def test_a_download_suffix_is_part_of_the_address(
    client: TestClient, demo_ids: dict[str, str]
) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["Midland Daily Wire"]
    for suffix, kind in ((".json", "application/json"), (".csv", "text/csv"), ("", "text/html")):
        response = client.get(f"/compare/{a}/{b}{suffix}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind)
    # Only the known suffixes are formats: anything else is part of the (unknown) id.
    missing = client.get(f"/compare/{a}/{b}.pdf", headers={"Accept": "application/json"})
    assert missing.status_code == 404 and f"{b}.pdf" in missing.text
    story = client.get(f"/api/articles/{a}").json()["story_id"]
    assert client.get(f"/stories/{story}.csv").status_code == 422
    assert client.get(f"/stories/{story}.json").headers["content-type"] == "application/json"


def test_links_keep_the_analysis_they_were_shared_with(
    client: TestClient, demo_ids: dict[str, str]
) -> None:
    a, b = sorted((demo_ids["Continental Press"], demo_ids["The Harbour Courier"]))
    bodies = [client.get(f"/api/articles/{i}").json()["body"] for i in (a, b)]
    old = "align-1-00000000"
    with Session(engine_of(client)) as session:
        first = replace(align(*bodies), version=old)
        repo.articles.add_alignments(session=session, version=old, alignments={(a, b): first})
        session.commit()
    plain = client.get(f"/compare/{a}/{b}")
    assert "as it was first analysed" in plain.text and f"engine {old}" in plain.text
    # Its facts are counted from the passages it stored, and it says it looked for copy only.
    assert 'class="facts-line"' in plain.text and "copied words and quotations only" in plain.text
    pinned = client.get(f"/api/compare/{a}/{b}", params={"v": old}).json()
    assert pinned["facts"]["shared_a"] and pinned["facts"]["only_a"] >= 0
    assert f'href="{compare_path(a, b)}"' in plain.text  # the way to the current analysis
    current = client.get(compare_path(a, b))
    assert "as it was first analysed" not in current.text and "same fact" in current.text
    assert "copied words and quotations only" not in current.text
    assert f"engine {ANALYSIS_VERSION}" in current.text
    assert f"engine {old}" in client.get(f"/compare/{a}/{b}").text  # still what it showed
    assert client.get(f"/api/compare/{a}/{b}", params={"v": old}).json()["version"] == old
    assert client.get(f"/api/compare/{a}/{b}").json()["version"] == ANALYSIS_VERSION
    assert client.get(f"/compare/{a}/{b}", params={"v": "align-9-ffffffff"}).status_code == 404
    assert client.get(f"/compare/{a}/{b}", params={"v": "<script>"}).status_code == 422


FERRY = (
    "The Ardent Gull ran aground off Holmsey Point late on Tuesday, the coastguard said.",
    "The operator said all 214 passengers were taken ashore by lifeboat crews before midnight.",
    "Divers will inspect the hull once the tide turns, a coastguard spokesman told reporters.",
)
FERRY_OTHER = (
    "Lifeboat crews brought every one of the 214 passengers on the ferry safely to shore "
    "before midnight, its operator confirmed on Wednesday morning.",
    "Holmsey has had three groundings in a decade, according to harbour records seen here.",
    "The weather office had issued a gale warning for the strait on Monday evening, it said.",
)


def _ferry_pair(client: TestClient) -> tuple[str, str]:
    """Two outlets' reports of the ferry grounding that share one fact in other words."""
    ids = []
    for outlet, paragraphs in (("Holmsey Herald", FERRY), ("Strait Times", FERRY_OTHER)):
        text = "Ferry aground off Holmsey Point\n\n" + "\n\n".join(paragraphs)
        created = client.post("/api/articles", json={"text": text, "outlet": outlet})
        assert created.status_code in (200, 201)
        ids.append(created.json()["id"])
    a, b = ids
    return a, b


def test_a_same_fact_passage_is_marked_and_returned_like_the_others(
    client: TestClient,
) -> None:
    a, b = _ferry_pair(client)
    data = client.get(f"/api/compare/{a}/{b}").json()
    (same,) = [p for p in data["passages"] if p["kind"] == "paraphrase"]
    body_a, body_b = data["a"]["body"], data["b"]["body"]
    assert "214 passengers" in body_a[same["a"][0] : same["a"][1]]
    assert body_b[same["b"][0] : same["b"][1]].startswith("Lifeboat crews")
    assert data["stats"]["paraphrase"] == 1
    html = client.get(compare_path(a, b)).text
    assert f'class="psg k-paraphrase" data-passage="{same["id"]}"' in html
    assert '<b class="both">214</b>' in html
    assert "1 same fact in other words" in html


def _import_pair(client: TestClient, *texts: str) -> list[str]:
    ids = []
    for outlet, text in zip(("Bay Herald", "Lantern Post"), texts, strict=True):
        created = client.post("/api/articles", json={"text": text, "outlet": outlet})
        assert created.status_code in (200, 201)
        ids.append(created.json()["id"])
    return ids


def test_a_passage_names_who_both_articles_say_said_it(client: TestClient) -> None:
    a, b = _import_pair(client, lantern_bay.A, lantern_bay.C)
    data = client.get(f"/api/compare/{a}/{b}").json()
    assert all("speaker" in p for p in data["passages"])
    (said,) = [p for p in data["passages"] if p["speaker"]]
    assert (said["kind"], said["speaker"]) == ("paraphrase", "Marta Quill")
    body_a, body_b = data["a"]["body"], data["b"]["body"]
    assert body_a[said["a"][0] : said["a"][1]] == lantern_bay.QUILL
    assert body_b[said["b"][0] : said["b"][1]] == lantern_bay.QUILL_REPORTED
    html = client.get(compare_path(a, b)).text
    # Beside the passage in both columns, as text, and in its title.
    label = f'<small class="said-by" data-passage="{said["id"]}">— Marta Quill</small>'
    assert html.count(label) == 2
    assert f"Passage {said['id']}: same fact, said by Marta Quill" in html
    rows = client.get(f"/compare/{a}/{b}.csv").content.decode("utf-8-sig")
    assert rows.splitlines()[0].endswith(",speaker") and ",Marta Quill\r\n" in rows


def test_an_older_same_fact_analysis_keeps_showing_what_it_showed(client: TestClient) -> None:
    a, b = sorted(_import_pair(client, lantern_bay.A, lantern_bay.B))
    bodies = [client.get(f"/api/articles/{i}").json()["body"] for i in (a, b)]
    old = ANALYSIS_VERSION.replace(f".facts-{FACTS_REVISION}-", ".facts-1-")
    assert old != ANALYSIS_VERSION
    with Session(engine_of(client)) as session:
        # As the engine before speakers analysed it: Quill's words linked to Brandt's.
        first = replace(analyse(*bodies), version=old)
        repo.articles.add_alignments(session=session, version=old, alignments={(a, b): first})
        session.commit()

    def linked(data: dict[str, Any]) -> set[tuple[str, str]]:
        body_a, body_b = data["a"]["body"], data["b"]["body"]
        return {
            (body_a[p["a"][0] : p["a"][1]], body_b[p["b"][0] : p["b"][1]]) for p in data["passages"]
        }

    pinned = client.get(f"/api/compare/{a}/{b}", params={"v": old}).json()
    both = {(lantern_bay.QUILL, lantern_bay.BRANDT), (lantern_bay.BRANDT, lantern_bay.QUILL)}
    assert linked(pinned) & both and all(p["speaker"] is None for p in pinned["passages"])
    page = client.get(f"/compare/{a}/{b}", params={"v": old}).text
    assert f"engine {old}" in page and "as it was first analysed" in page
    assert "same facts in other words" in page  # it linked same facts, and says so
    assert "no longer links two people's statements as one fact" in page
    current = client.get(f"/api/compare/{a}/{b}").json()
    assert current["version"] == ANALYSIS_VERSION and not linked(current) & both


def test_the_head_counts_facts_and_each_column_can_show_only_its_own(
    client: TestClient,
) -> None:
    a, b = _ferry_pair(client)
    data = client.get(f"/api/compare/{a}/{b}").json()
    # The passengers are the one fact both report; each reports two more of its own.
    assert data["facts"] == {
        "both": 1,
        "only_a": 2,
        "only_b": 2,
        "shared_a": 1,
        "shared_b": 1,
        "min_content_words": 4,
    }
    html = client.get(compare_path(a, b)).text
    line = re.search(r'<p class="facts-line"[^>]*>(.*?)</p>', html, re.S)
    assert line is not None
    words = " ".join(re.sub(r"<[^>]+>", "", line.group(1)).split())
    assert words == (
        "Both report 1 fact; only Holmsey Herald reports 2; only Strait Times reports 2."
    )
    # One filter per column, a real toggle, shown by the script only.
    for side, outlet in (("a", "Holmsey Herald"), ("b", "Strait Times")):
        button = re.search(
            rf'<button type="button" class="only-toggle" data-only="{side}"[^>]*>', html
        )
        assert button is not None
        assert 'aria-pressed="false"' in button.group(0) and " hidden" in button.group(0)
        assert f'aria-controls="body-{side}"' in button.group(0) and f'id="body-{side}"' in html
        assert f"Only in {outlet} <span" in html
    # The facts only one article reports are marked in the columns, sentence by sentence.
    col_a, col_b = html.index('data-side="a"'), html.index('data-side="b"')
    only = re.findall(r'<span class="only">([^<]*)</span>', html[col_a:])
    assert only == [FERRY[0], FERRY[2], *FERRY_OTHER[1:]]
    assert col_a < html.index(FERRY[2]) < col_b < html.index(FERRY_OTHER[2])
    assert "A fact is a sentence with at least 4 content words" in html  # its definition
    # The downloaded file states the same counts, and carries no filter.
    export = client.get(f"/compare/{a}/{b}.html").text
    assert "Both report <strong>1</strong> fact;" in export and 'class="only-toggle"' not in export
