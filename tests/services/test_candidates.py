"""The candidate index in the database: who shares text with whom, the df cap, revisions."""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlalchemy.engine import Engine

from app import repo
from app.config import Settings
from app.db import read_session
from app.index import fingerprint
from app.ingest import Extracted
from app.services import articles, candidates, importer, records
from tests.conftest import shared_path

BOILERPLATE = (
    "Copyright 2026 The Example Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed without written permission."
)
TOPICS = [
    "The harbour authority closed the northern pier after storm surges cracked the "
    "concrete deck and swept two fishing boats onto the breakwater overnight.",
    "A rare orchid flowered in the botanical garden glasshouse for the first time in "
    "forty years, drawing queues of visitors and a team of visiting botanists.",
    "The city council approved a budget that raises library funding, freezes parking "
    "charges and delays the tram extension until engineers finish a soil survey.",
    "Farmers in the valley began the apple harvest early after a hot summer ripened "
    "the orchards weeks ahead of schedule and pickers arrived from the coast.",
]


def add(engine: Engine, settings: Settings, body: str, url: str | None = None) -> str:
    """Store `body` as it is (no extraction, which would drop a copyright line)."""
    paragraphs = tuple(body.split("\n\n"))
    extracted = Extracted(None, False, None, None, None, "en", paragraphs, ())
    request = importer.ImportRequest(content=body, url=url, extracted=extracted)
    return importer.import_content(engine, settings, request).article.id


def overlapping(engine: Engine, article_id: str, max_df: int = 100) -> list[tuple[str, int]]:
    with read_session(engine) as session:
        article = articles.get(session, article_id)
        return candidates.overlapping(session, article, limit=10, max_df=max_df)


def test_the_ap_copies_among_the_seeds_are_each_others_top_candidate(
    engine: Engine, settings: Settings
) -> None:
    folder = shared_path("seeds")
    ids = {}
    for job in records.jobs_for_paths([folder], records.Defaults(), settings.max_import_bytes):
        ids[job.label.rsplit("/", 1)[-1][:3]] = records.run(engine, settings, job).article.id
    top_of_001, top_of_004 = overlapping(engine, ids["001"]), overlapping(engine, ids["004"])
    assert top_of_001[0][0] == ids["004"] and top_of_004[0][0] == ids["001"]
    assert top_of_001[0][1] == top_of_004[0][1] >= 50  # the shared body, fingerprint by fingerprint
    assert all(article_id != ids["001"] for article_id, _ in top_of_001)  # never itself


def test_unrelated_articles_are_not_candidates(engine: Engine, settings: Settings) -> None:
    ids = [add(engine, settings, body) for body in TOPICS]
    assert all(overlapping(engine, i) == [] for i in ids)
    with read_session(engine) as session:
        stored = session.execute(text("SELECT count(*) FROM shingle")).scalar_one()
        article = articles.get(session, ids[0])
        body = articles.body_of(article)
        assert candidates.overlapping_body(session, body) == [(ids[0], len(fingerprint(body)))]
    assert stored == sum(len(fingerprint(body)) for body in TOPICS)


def test_boilerplate_over_the_df_cap_is_ignored(engine: Engine, settings: Settings) -> None:
    ids = [add(engine, settings, f"{body}\n\n{BOILERPLATE}") for body in TOPICS]
    assert all(overlapping(engine, i, len(TOPICS) - 1) == [] for i in ids)
    shared = overlapping(engine, ids[0], len(TOPICS))
    assert {i for i, _ in shared} == set(ids[1:])  # under the cap, the footer links them all


def stage(engine: Engine, article_ids: list[str]) -> None:
    """Move these articles' index rows to the staged table, as a bulk import leaves them."""
    moved = "FROM shingle WHERE article_id IN (SELECT value FROM json_each(:ids))"
    with engine.begin() as conn:
        ids = {"ids": json.dumps(article_ids)}
        conn.execute(text(f"INSERT INTO shingle_staged SELECT hash, article_id {moved}"), ids)
        conn.execute(text(f"DELETE {moved}"), ids)


def test_the_index_is_read_from_both_its_tables(engine: Engine, settings: Settings) -> None:
    """Lookups give the same answers with some articles' rows staged: a fingerprint's
    holders and its count against the df cap span both tables."""
    ids = [add(engine, settings, f"{body}\n\n{BOILERPLATE}") for body in TOPICS]
    ids.append(add(engine, settings, f"{TOPICS[0]} Repairs will take a month."))
    hashes = sorted({h for body in TOPICS for h in fingerprint(f"{body}\n\n{BOILERPLATE}")})

    def lookups() -> list[object]:
        found: list[object] = []
        with read_session(engine) as session:
            for cap in (len(TOPICS), len(TOPICS) + 1):
                held = repo.index.shingle_holders(session=session, hashes=hashes, cap=cap)
                found.append({h: sorted(a.split(" ")) for h, a in held})
            found.append(repo.index.count_shingles(session=session))
        for max_df in (len(TOPICS) - 1, len(TOPICS)):  # the footer: ignored, then counted
            found.append([overlapping(engine, i, max_df) for i in ids])
        return found

    before = lookups()
    stage(engine, ids[1::2])
    with read_session(engine) as session:
        assert (
            0
            < repo.index.count_staged_shingles(session=session)
            < repo.index.count_shingles(session=session)
        )
    assert lookups() == before
    with read_session(engine) as session:
        repo.index.fold_staged_shingles(session=session)
        session.commit()
        assert repo.index.count_staged_shingles(session=session) == 0
    assert lookups() == before


def test_superseded_revisions_drop_out_of_the_index(engine: Engine, settings: Settings) -> None:
    url = "https://example.org/harbour"
    first = add(engine, settings, TOPICS[0], url=url)
    other = add(engine, settings, TOPICS[0] + " Repairs will take a month.")
    assert overlapping(engine, other)[0][0] == first
    stage(engine, [first])  # as a bulk import left it
    second = add(engine, settings, TOPICS[0] + " The pier reopens on Monday.", url=url)
    assert [i for i, _ in overlapping(engine, other)] == [second]
    with read_session(engine) as session:
        rows = session.execute(
            text(
                "SELECT (SELECT count(*) FROM shingle WHERE article_id = :a) "
                "+ (SELECT count(*) FROM shingle_staged WHERE article_id = :a)"
            ),
            {"a": first},
        ).scalar_one()
        vectors = session.execute(text("SELECT article_id FROM article_vector")).scalars().all()
        assert rows == 0 and set(vectors) == {other, second}
        assert candidates.corpus_size(session) == 2  # current revisions only
        assert candidates.corpus_for(session, ["harbour"]).df("harbour") == 2


def test_reindex_writes_what_the_imports_wrote(engine: Engine, settings: Settings) -> None:
    url = "https://example.org/harbour"
    add(engine, settings, f"{TOPICS[0]}\n\n{BOILERPLATE}", url=url)
    for body in TOPICS[1:]:
        add(engine, settings, f"{body}\n\n{BOILERPLATE}")
    add(engine, settings, TOPICS[0] + " The pier reopens on Monday.", url=url)  # supersedes

    def rows() -> list[tuple[int, str]]:
        with read_session(engine) as session:
            query = text("SELECT hash, article_id FROM shingle ORDER BY hash, article_id")
            return [(h, a) for h, a in session.execute(query)]

    imported = rows()
    with read_session(engine) as session:
        session.execute(text("DELETE FROM shingle WHERE hash % 2 = 0"))
        session.execute(text("INSERT INTO shingle (hash, article_id) VALUES (1, 'gone')"))
        session.execute(text("INSERT INTO shingle_staged (hash, article_id) VALUES (2, 'gone')"))
        assert candidates.reindex(session, batch=2) == len(TOPICS)  # pages of two
        session.commit()
        assert repo.index.count_staged_shingles(session=session) == 0  # all in the main table
    assert rows() == imported and len({a for _, a in imported}) == len(TOPICS)
