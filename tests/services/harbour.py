"""Three unrelated harbour-town reports (and a second outlet's copy of the first) for the
grouping tests, and helpers that read and upset their grouping in the database."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from app import repo
from app.config import Settings
from app.db import read_session, write_session
from app.services import importer
from app.services.importer import ImportRequest

CRANE = (
    "Crane collapses at Veldport dock\n\n"
    "A container crane operated by the Veldport harbour authority toppled onto the quay "
    "before dawn, crushing two lorries and injuring four dockworkers. Engineers blamed "
    "corroded bolts in the gantry; the harbourmaster closed berths seven and eight while "
    "inspectors examined the remaining cranes."
)
# The wire copy of CRANE as a second outlet ran it: one story with CRANE.
CRANE_AGAIN = (
    "Veldport dock crane topples onto quay\n\n"
    "A container crane operated by the Veldport harbour authority toppled onto the quay "
    "before dawn on Tuesday, crushing two lorries and injuring four dockworkers. Engineers "
    "blamed corroded bolts in the gantry; the harbourmaster closed berths seven and eight "
    "while inspectors examined the remaining cranes."
)
RESCUE = (
    "Sailors rescued from the freighter Marisol\n\n"
    "Firefighters from Onsberg pulled eleven sailors off the freighter Marisol after its "
    "foredeck buckled under falling steel. Paramedics treated the crew for smoke and "
    "fractures; the captain praised the volunteers who launched lifeboats within minutes."
)
FESTIVAL = (
    "Bakers crowd the Lindholm spring fair\n\n"
    "Thousands queued for cardamom buns and rye loaves as the Lindholm spring fair opened "
    "with a brass band, a sourdough contest and a parade of antique tractors."
)


def import_texts(engine: Engine, settings: Settings, texts: list[str]) -> list[str]:
    """Import each text from an outlet of its own, as a user would; their article ids."""
    return [
        importer.import_content(
            engine, settings, ImportRequest(content=text, outlet=f"Outlet {k}")
        ).article.id
        for k, text in enumerate(texts)
    ]


def story_of(engine: Engine) -> dict[str, int]:
    """Each current article's story."""
    with read_session(engine) as session:
        current = repo.articles.current_articles(session=session)
        return {a.id: a.story_id for a in current if a.story_id is not None}


def titles(engine: Engine) -> dict[int, str]:
    """Each story's title, by id."""
    ids = sorted(set(story_of(engine).values()))
    with read_session(engine) as session:
        return {
            i: s.title for i, s in repo.stories.get_stories(session=session, story_ids=ids).items()
        }


def misplace(engine: Engine, article_id: str, story_id: int | None = None) -> int:
    """Put an article into another story (a new one if None) as grouping might have, not as
    a user would: no story is marked corrected. A story left empty is deleted."""
    with write_session(engine) as session:
        article = repo.articles.get_article(session=session, article_id=article_id)
        assert article is not None and article.story_id is not None
        old = article.story_id
        if story_id is None:
            story = repo.stories.add_story(session=session, title=article.title)
            assert story.id is not None
            story_id = story.id
        article.story_id = story_id
        session.add(article)
        session.flush()
        repo.stories.delete_story_if_empty(session=session, story_id=old)
        return story_id


def ungroup(engine: Engine, article_id: str) -> None:
    """Take an article out of its story, as if grouping had failed when it was imported."""
    with write_session(engine) as session:
        article = repo.articles.get_article(session=session, article_id=article_id)
        assert article is not None and article.story_id is not None
        old, article.story_id = article.story_id, None
        session.add(article)
        session.flush()
        repo.stories.delete_story_if_empty(session=session, story_id=old)
