"""Search: FTS5 results with highlighted snippets, filters, story groups, revisions, and
input that must never break the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.config import Settings
from app.db import alembic_config, make_engine, read_session, upgrade_schema, write_session
from app.main import create_app
from app.models import ArticleSummary, OutletPublic
from app.services import search
from app.services.records import Defaults, jobs_for_paths, run

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo" / "corpus"

FERRY = (
    "Ferry service resumes after storm\n\n"
    "The harbour ferry returned to service on Tuesday after three days of cancellations, "
    "the operator said, with extra sailings added to clear the backlog of passengers.\n\n"
    "Inspectors cleared the pier after checking the moorings for damage overnight."
)
MARKET = (
    "Fish market opens in the old customs hall\n\n"
    "Traders moved into the restored customs hall on Saturday, where the Zephyrine "
    "Bakery will share the ground floor with eleven fish stalls and the Brûlerie.\n\n"
    "The <script>alert('x')</script> council paid for new drains and lighting in the hall."
)

HOSTILE = [
    '"',
    '"unbalanced',
    'unbalanced"',
    '"a" "b',
    '""',
    '"col:term"',
    '"NEAR(ferry" pier',
    '"ferry * (" "^ pier"',
    '"AND" "OR"',
    "AND OR NOT",
    "ferry AND",
    "NOT ferry",
    "*",
    "ferry*",
    "^",
    "^ferry",
    "NEAR(",
    "NEAR(ferry pier, 3)",
    "col:term",
    "title:ferry",
    "body : ferry",
    "{title body}: ferry",
    "(",
    ")",
    "()",
    "-",
    "-ferry",
    "+",
    "ferry OR",
    "\\",
    "''",
    "%",
    "_",
    "ferry%",
    "Ümlaut café naïve",
    "東京 地震",
    "مرحبا",
    "🚆🌊",
    "ferry 🚆",
    "\u200b\u200d",
    "\x00\x01\x02\x03",
    "x" * 10_000,
    "ferry " * 2_000,
    "'; DROP TABLE article; --",
    '" OR 1=1 --',
    "ferry') UNION SELECT * FROM outlet --",
    "1; DELETE FROM article_fts",
    "<script>alert(1)</script>",
]


def demo(client: TestClient) -> None:
    """Import the demo corpus straight through the import service."""
    engine, settings = client.app.state.engine, client.app.state.settings  # type: ignore[attr-defined]
    for job in jobs_for_paths([DEMO], Defaults(), settings.max_import_bytes):
        run(engine, settings, job)


def add(client: TestClient, body: str, outlet: str, published: str | None = None) -> Any:
    response = client.post(
        "/api/articles", json={"text": body, "outlet": outlet, "published": published}
    )
    assert response.status_code == 201, response.text
    return response.json()


def find(client: TestClient, **params: str) -> dict[str, Any]:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def hits(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [hit for group in data["groups"] for hit in group["hits"]]


def marked(segments: list[dict[str, Any]]) -> list[str]:
    return [s["text"] for s in segments if s["highlighted"]]


@pytest.fixture
def small(client: TestClient) -> TestClient:
    """Two articles of our own."""
    add(client, FERRY, "Harbour Times", "2026-09-01")
    add(client, MARKET, "Bay News", "2026-09-20")
    return client


@pytest.fixture
def corpus(small: TestClient) -> TestClient:
    """Ours and the demo corpus (two stories, five outlets, one article in two revisions)."""
    demo(small)
    return small


def test_a_word_finds_articles_with_highlighted_snippets(corpus: TestClient) -> None:
    data = find(corpus, q="Zephyrine")
    assert data["total"] == 1 and data["ranking"] == "bm25" and data["terms"] == ["Zephyrine"]
    [hit] = hits(data)
    assert hit["article"]["title"] == "Fish market opens in the old customs hall"
    assert marked(hit["snippet"]) == ["Zephyrine"]
    assert "".join(s["text"] for s in hit["snippet"]).startswith("Traders moved into")
    page = corpus.get("/search", params={"q": "Zephyrine"}).text
    assert '<mark class="hit-mark">Zephyrine</mark> Bakery' in page
    assert "1 article matches" in page


def test_a_word_is_found_in_headlines_and_bodies_best_first(corpus: TestClient) -> None:
    data = find(corpus, q="viaduct")
    found = hits(data)
    assert data["total"] == len(found) >= 4
    assert len({h["article"]["story_id"] for h in found}) == 1  # all about the collapse
    # A headline match weighs more than the body: titled "... viaduct ..." come first.
    assert "viaduct" in found[0]["article"]["title"].lower()
    assert any(m.lower() == "viaduct" for m in marked(found[0]["title"]))


def test_a_phrase_matches_only_the_exact_words_in_order(corpus: TestClient) -> None:
    phrase = find(corpus, q='"customs hall"')
    assert phrase["terms"] == ["“customs hall”"]
    [hit] = hits(phrase)
    assert marked(hit["title"]) == ["customs hall"]
    assert "customs hall" in marked(hit["snippet"])
    assert find(corpus, q='"hall customs"')["total"] == 0
    assert find(corpus, q="hall customs")["total"] == 1  # as words, order does not matter


def test_words_are_case_and_accent_insensitive_and_prefixes_work(corpus: TestClient) -> None:
    assert find(corpus, q="BRULERIE")["total"] == 1
    assert find(corpus, q="brûlerie")["total"] == 1
    assert find(corpus, q="Zephyrine zephyrine ZEPHYRINE")["terms"] == ["Zephyrine"]
    prefix = find(corpus, q="zephyr*")
    assert prefix["terms"] == ["zephyr*"] and prefix["total"] == 1
    assert find(corpus, q="zephyr")["total"] == 0


def test_outlet_filter(corpus: TestClient) -> None:
    everyone = find(corpus, q="Port Ellis")["total"]
    courier = find(corpus, q="Port Ellis", outlet="the-harbour-courier")
    assert 1 == courier["total"] < everyone
    assert {h["article"]["outlet"]["slug"] for h in hits(courier)} == {"the-harbour-courier"}
    missing = corpus.get("/api/search", params={"q": "ferry", "outlet": "nobody"})
    assert missing.status_code == 404 and "There is no outlet" in missing.json()["error"]["message"]
    page = corpus.get("/search", params={"q": "ferry", "outlet": "nobody"})
    assert page.status_code == 404 and "There is no outlet" in page.text
    assert 'name="q" value="ferry"' in page.text  # the form stays, with the user's input


def test_date_filters(corpus: TestClient) -> None:
    assert find(corpus, q="Marrowby")["total"] >= 3
    on_17th = find(corpus, q="Marrowby", **{"from": "2026-10-17", "to": "2026-10-17"})
    assert [h["article"]["published"] for h in hits(on_17th)] == ["2026-10-17"]
    before = find(corpus, q="Marrowby", to="2026-10-15")
    assert {h["article"]["published"] for h in hits(before)} == {"2026-10-12"}
    assert find(corpus, q="ferry", **{"from": "2026-09-02"})["total"] == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "yesterday"}, "is not a date"),
        ({"to": "2026-13-45"}, "is not a date"),
        ({"from": "2026-10-17", "to": "2026-10-01"}, "after"),
        ({"from": "x" * 5_000}, "is not a date"),
    ],
)
def test_bad_dates_are_friendly_422s(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    api = client.get("/api/search", params={"q": "ferry", **params})
    assert api.status_code == 422 and message in api.json()["error"]["message"]
    assert len(api.json()["error"]["message"]) < 200
    page = client.get("/search", params={"q": "ferry", **params})
    assert page.status_code == 422 and message in page.text and 'role="search"' in page.text


def test_results_are_grouped_by_story(corpus: TestClient) -> None:
    data = find(corpus, q="Marrowby")
    titles = [g["story"]["title"] if g["story"] else None for g in data["groups"]]
    assert len(titles) == len(set(titles)) >= 2  # each story once
    viaduct = next(g for g in data["groups"] if len(g["hits"]) > 1)
    assert {h["article"]["story_id"] for h in viaduct["hits"]} == {viaduct["story"]["id"]}
    assert viaduct["story"]["permalink"].endswith(f"/stories/{viaduct['story']['id']}")
    page = corpus.get("/search", params={"q": "Marrowby"}).text
    assert f'<a href="/stories/{viaduct["story"]["id"]}">' in page


def test_grouping_keeps_articles_without_a_story_on_their_own(engine: Engine) -> None:
    outlet = OutletPublic(id=1, name="Bay News", slug="bay-news", domain=None)

    def hit(article_id: str) -> search.SearchHit:
        summary = ArticleSummary(
            id=article_id,
            title=article_id,
            outlet=outlet,
            published=None,
            url=None,
            word_count=1,
            revision=1,
            imported_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
            story_id=None,
            permalink="",
        )
        return search.SearchHit(article=summary, title=[], snippet=[])

    with read_session(engine) as session:
        groups = search.group_by_story(session, [hit("a"), hit("b")])
    assert [(g.story, [h.article.id for h in g.hits]) for g in groups] == [
        (None, ["a"]),
        (None, ["b"]),
    ]


def test_only_the_current_revision_is_found(corpus: TestClient) -> None:
    # Northline's first revision spelled the chief executive "Branigan"; the second fixed it.
    assert find(corpus, q="Branigan")["total"] == 0
    [hit] = hits(find(corpus, q="Astley"))
    assert hit["article"]["revision"] == 2
    northline = find(corpus, q="Port Ellis", outlet="northline-news")
    assert [h["article"]["revision"] for h in hits(northline)] == [2]


def test_a_corrected_title_is_found_by_its_new_title(client: TestClient) -> None:
    article = add(client, FERRY, "Harbour Times")
    assert find(client, q="Ferry service resumes")["total"] == 1
    patched = client.patch(
        f"/api/articles/{article['id']}", json={"title": "Quillback crossing back in business"}
    )
    assert patched.status_code == 200
    [hit] = hits(find(client, q="quillback"))
    assert marked(hit["title"]) == ["Quillback"]
    assert find(client, q='"Ferry service resumes"')["total"] == 0


def test_hostile_input_never_breaks_search(small: TestClient) -> None:
    # One app for all of them (a fresh one per input is slow); every failure is listed.
    failures = []
    for query in HOSTILE:
        for path in ("/api/search", "/search"):
            response = small.get(path, params={"q": query})
            if response.status_code != 200:
                failures.append((query[:40], path, response.status_code, response.text[:200]))
        data = find(small, q=query)
        assert len(data["terms"]) <= search.MAX_TERMS and len(data["query"]) <= 1_000
    assert failures == []
    assert find(small, q="ferry")["total"] == 1  # and nothing was dropped or deleted


def test_long_queries_are_shortened_with_a_note(client: TestClient) -> None:
    add(client, FERRY, "Harbour Times")
    many = find(client, q=" ".join(f"w{i}" for i in range(80)))
    assert len(many["terms"]) == search.MAX_TERMS
    assert any("first 50" in note for note in many["notes"])
    long = find(client, q="ferry " + "y" * 10_000)
    assert any("first 1,000 characters" in note for note in long["notes"])
    page = client.get("/search", params={"q": "ferry " + "y" * 10_000})
    assert page.status_code == 200 and "first 1,000 characters" in page.text


def test_empty_query_shows_the_form_and_a_hint(client: TestClient) -> None:
    add(client, FERRY, "Harbour Times")
    page = client.get("/search")
    assert page.status_code == 200
    assert 'role="search"' in page.text and "double quotes" in page.text
    assert "<mark" not in page.text
    data = find(client, q="   ")
    assert data["total"] == 0 and data["groups"] == [] and data["notes"] == []
    nothing = find(client, q="!!! ???")
    assert nothing["total"] == 0 and "no words to search for" in nothing["notes"][0]


def test_every_page_has_a_search_box(client: TestClient) -> None:
    for path in ("/", "/articles", "/outlets", "/import"):
        page = client.get(path).text
        assert '<form class="site-search" role="search" method="get" action="/search">' in page


def test_snippets_are_escaped(small: TestClient) -> None:
    page = small.get("/search", params={"q": "script"})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert '&lt;<mark class="hit-mark">script</mark>&gt;alert(' in page.text
    query_echo = small.get("/search", params={"q": '"><script>alert(1)</script>'})
    assert "<script>alert(1)" not in query_echo.text


def test_paging_keeps_the_query_and_filters(corpus: TestClient) -> None:
    first = find(corpus, q="Port Ellis", per_page="2")
    second = find(corpus, q="Port Ellis", per_page="2", page="2")
    ids = [h["article"]["id"] for h in hits(first) + hits(second)]
    assert len(ids) == len(set(ids)) == 4 and first["total"] > 4
    assert corpus.get("/api/search", params={"q": "x", "page": "0"}).status_code == 422
    assert corpus.get("/api/search", params={"q": "x", "page": str(10**30)}).status_code == 422
    assert corpus.get("/search", params={"q": "x", "page": "abc"}).status_code == 422
    page = corpus.get("/search", params={"q": "Port Ellis", "to": "2026-10-31"}).text
    assert "page=2" not in page or "to=2026-10-31" in page


def test_without_the_index_search_falls_back_to_headlines(corpus: TestClient) -> None:
    engine = corpus.app.state.engine  # type: ignore[attr-defined]
    with write_session(engine) as session:
        session.execute(text("DROP TABLE article_fts"))
    data = find(corpus, q="customs HALL")
    assert data["ranking"] == "basic" and any("not available" in n for n in data["notes"])
    [hit] = hits(data)
    assert marked(hit["title"]) == ["customs", "hall"]
    assert find(corpus, q="Zephyrine")["total"] == 0  # bodies are not searched
    assert find(corpus, q="50%_off")["total"] == 0  # LIKE wildcards are literal
    for query in HOSTILE:
        assert corpus.get("/search", params={"q": query}).status_code == 200


def test_the_migration_indexes_articles_imported_before_it(tmp_path: Path) -> None:
    from alembic import command

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'old.db'}")
    engine = make_engine(settings.database_url)
    upgrade_schema(engine)
    command.downgrade(alembic_config(engine), "0002")
    with TestClient(create_app(settings)) as client:  # its startup upgrades to head again
        add(client, FERRY, "Harbour Times")
    command.downgrade(alembic_config(engine), "0002")
    upgrade_schema(engine)  # the backfill
    with TestClient(create_app(settings)) as client:
        assert find(client, q="moorings")["total"] == 1
    engine.dispose()


def test_any_query_is_answered_without_a_server_error(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'prop.db'}")
    with TestClient(create_app(settings)) as client:
        add(client, FERRY, "Harbour Times")
        add(client, MARKET, "Bay News")
        syntax = st.sampled_from(list("\"*^():-+{}[],.'%_\\") + ["AND", "OR", "NOT", "NEAR"])
        pieces = st.lists(st.one_of(syntax, st.text(max_size=12)), max_size=12).map(" ".join)

        @hypothesis_settings(
            max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        )
        @given(q=st.one_of(st.text(max_size=200), pieces))
        def check(q: str) -> None:
            for path in ("/api/search", "/search"):
                response = client.get(path, params={"q": q})
                assert response.status_code < 500, (q, response.text[:300])

        check()
