"""Every stored revision keeps the latest day its text names with its year
(`Article.latest_named_day`), and a story's extent reads it instead of the text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from app import repo
from app.config import Settings
from app.db import read_session, write_session
from app.models import ArticleUpdate
from app.services import articles, importer, stories
from app.services.bulk_import import BulkImporter
from app.services.importer import Extracted, ImportRequest
from app.stories import mentions
from app.stories.extent import earliest_day

SLACK = stories.GROUPING_PARAMS.named_day_slack
NAMES_TWO = (
    "The summit in Helsinki on July 16, 2018 followed the meeting of 2018-06-12 in "
    "Singapore, officials said on Monday."
)
NAMES_NONE = "Harbour officials said the old ferry pier would close for six weeks of repairs."
FILLER = (
    " Officials from both delegations told reporters that the talks had gone well and that a"
    " further statement would follow later in the week."
)


def _stored(engine: Engine, article_id: str) -> dt.date | None:
    with read_session(engine) as session:
        query = text("SELECT latest_named_day FROM article WHERE id = :i")
        day = session.execute(query, {"i": article_id}).scalar_one()
    # SQLite hands the raw column back through text(): a string.
    return dt.date.fromisoformat(day) if isinstance(day, str) else day


def test_latest_is_the_latest_day_named_and_earliest_is_it_less_the_slack() -> None:
    assert mentions.latest(NAMES_TWO) == dt.date(2018, 7, 16)
    assert mentions.latest(NAMES_NONE) is None
    assert mentions.earliest(NAMES_TWO, 3) == dt.date(2018, 7, 13)
    assert mentions.earliest_from(dt.date(2018, 7, 16), 3) == dt.date(2018, 7, 13)
    assert mentions.earliest(NAMES_NONE, 3) is None


def test_one_by_one_imports_store_it_dated_or_not_and_a_revision_anew(
    engine: Engine, settings: Settings
) -> None:
    url = "https://example.org/summit"
    undated = importer.import_content(
        engine, settings, ImportRequest(content=NAMES_TWO, outlet="Wire", url=url)
    ).article
    assert _stored(engine, undated.id) == dt.date(2018, 7, 16)
    dated = importer.import_content(
        engine,
        settings,
        ImportRequest(content=NAMES_TWO + " Again.", outlet="Post", published=dt.date(2018, 7, 17)),
    ).article
    assert _stored(engine, dated.id) == dt.date(2018, 7, 16)  # dated ones too
    none = importer.import_content(
        engine, settings, ImportRequest(content=NAMES_NONE, outlet="Post")
    ).article
    assert _stored(engine, none.id) is None
    # A revision (the same URL, new text) stores its own text's day.
    revised = importer.import_content(
        engine,
        settings,
        ImportRequest(content=NAMES_TWO + " Updated on July 18, 2018.", outlet="Wire", url=url),
    )
    assert revised.superseded == undated.id
    assert _stored(engine, revised.article.id) == dt.date(2018, 7, 18)
    assert _stored(engine, undated.id) == dt.date(2018, 7, 16)
    # Correcting the date leaves the text's day as it is: nothing to read again.
    with write_session(engine) as session:
        articles.update(session, revised.article.id, ArticleUpdate(published=dt.date(2018, 7, 20)))
        session.commit()
    assert _stored(engine, revised.article.id) == dt.date(2018, 7, 18)


def test_a_restored_record_stores_it(engine: Engine, settings: Settings) -> None:
    extracted = Extracted("Summit", False, None, None, None, "en", (NAMES_TWO,), ())
    request = ImportRequest(
        content=NAMES_TWO, extracted=extracted, article_id="restored01", outlet="Wire"
    )
    result = importer.import_content(engine, settings, request)
    assert result.article.id == "restored01"
    assert _stored(engine, "restored01") == dt.date(2018, 7, 16)


def test_bulk_imports_store_it_for_new_articles_and_revisions(
    engine: Engine, settings: Settings
) -> None:
    url = "https://example.org/bulk"
    requests = [
        ImportRequest(content=NAMES_TWO, outlet="Wire", url=url),
        ImportRequest(content=NAMES_NONE, outlet="Post"),
        ImportRequest(content="On 3 August 2018 talks resumed in Vienna." + FILLER, outlet="Daily"),
        ImportRequest(content=NAMES_TWO + " Updated on July 19, 2018.", outlet="Wire", url=url),
    ]
    ids: dict[int, str] = {}

    def report(tag: int, outcome: object) -> None:
        assert isinstance(outcome, importer.ImportResult), outcome
        ids[tag] = outcome.article.id

    with BulkImporter(engine, settings, report, 2) as bulk:
        for tag, request in enumerate(requests):
            bulk.add(request, tag)
    days = [_stored(engine, ids[tag]) for tag in range(len(requests))]
    assert days == [dt.date(2018, 7, 16), None, dt.date(2018, 8, 3), dt.date(2018, 7, 19)]


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_story_s_extent_reads_no_article_text(engine: Engine, settings: Settings) -> None:
    texts = [
        (NAMES_TWO, None),
        ("Talks went on; the next round is set for 2018-07-25 in Vienna." + FILLER, None),
        (NAMES_NONE, None),
        ("The summit began on July 16, 2018 in Helsinki." + FILLER, dt.date(2018, 7, 16)),
    ]
    ids = [
        importer.import_content(
            engine, settings, ImportRequest(content=body, outlet=f"O{i}", published=day)
        ).article.id
        for i, (body, day) in enumerate(texts)
    ]
    with write_session(engine) as session:
        story = repo.stories.add_story(session=session, title="Helsinki")
        assert story.id is not None
        session.execute(
            text("UPDATE article SET story_id = :s WHERE id IN (:a, :b, :c, :d)"),
            {"s": story.id, **dict(zip("abcd", ids, strict=True))},
        )
        session.commit()
    key = str(story.id)
    with read_session(engine) as session, _statements(engine) as seen:
        extent = stories.extents_in(session, [key])[key]
    assert seen and not any("paragraphs" in s or "raw" in s.split() for s in seen)
    # What reading every undated member's text gives.
    with read_session(engine) as session:
        floors = [
            earliest_day(None, articles.body_of(articles.get(session, i)), stories.GROUPING_PARAMS)
            for i, (_, day) in zip(ids, texts, strict=True)
            if day is None
        ]
    assert extent.floor == max(f for f in floors if f is not None)
    assert extent.floor == dt.date(2018, 7, 25) - dt.timedelta(days=SLACK)
    assert (extent.members, extent.first, extent.last) == (4, dt.date(2018, 7, 16)) + (
        dt.date(2018, 7, 16),
    )
