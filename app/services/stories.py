"""Stories in the database: grouping on import, listing, users' corrections, regrouping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import repo
from app.db import read_session, write_session
from app.errors import Conflict, InvalidInput, NotFound
from app.models import Article, Story
from app.services import articles, candidates
from app.stories import (
    Arrival,
    Candidate,
    Choice,
    Corpus,
    Doc,
    Extent,
    GroupingParams,
    choose_story,
    group,
    mentions,
    regroup_plan,
    story_title,
)
from app.stories.grouping import Profile, in_align_band
from app.stories.regroup_plan import RegroupPlan
from app.stories.tfidf import cosine

# The grouping knobs every service uses (read when called, so a test may replace them).
GROUPING_PARAMS = GroupingParams()


def story_path(story_id: int) -> str:
    return f"/stories/{story_id}"


def doc_of(article: Article) -> Doc:
    return Doc(
        id=article.id,
        title=article.title,
        body=articles.body_of(article),
        published=article.published,
    )


def get(session: Session, story_id: int) -> Story:
    story = repo.stories.get_story(session=session, story_id=story_id)
    if story is None:
        raise NotFound(f"There is no story {story_id}.")
    return story


def assign_article(engine: Engine, article_id: str) -> int:
    """Put an article into the story it belongs to (a new one if none); return its id."""
    with write_session(engine) as session:
        return assign_in(session, articles.get(session, article_id))


def assign_in(session: Session, article: Article) -> int:
    """`assign_article` inside the caller's transaction."""
    if article.story_id is not None:
        return article.story_id
    # A new revision belongs where the earlier revisions are.
    story_id = repo.stories.lineage_story_id(
        session=session, lineage_id=article.lineage_id, exclude_id=article.id
    )
    if story_id is None:
        story_id = _choose_story(session, article)
    article.story_id = story_id
    session.add(article)
    session.flush()
    _retitle(session, story_id)
    return story_id


def retitle(session: Session, story_ids: Sequence[int]) -> None:
    """Recompute the titles of these stories from their members (locked titles stay):
    `_retitle` for many stories, with a few queries for all of them."""
    found = repo.stories.get_stories(session=session, story_ids=story_ids)
    free = sorted(i for i, story in found.items() if not story.title_locked)
    rows = repo.grouping.stories_grouping_rows(session=session, story_ids=free)
    docs = iter(_docs(session, [r for i in free for r in rows.get(i, [])]))
    for story_id in free:
        members = [next(docs) for _ in rows.get(story_id, [])]
        if members:
            found[story_id].title = story_title(members, Corpus(), GROUPING_PARAMS)
            session.add(found[story_id])
    session.flush()


def is_stale(weights: object, corpus_docs: int | None, now: int, params: GroupingParams) -> bool:
    """Whether a stored vector (`weights`, decoded or not; None if there is none), weighed
    when the corpus had `corpus_docs` documents, is to be weighed afresh now that it has
    `now` (see `vector_refresh_growth`)."""
    return (
        weights is None
        or corpus_docs is None
        or (
            corpus_docs != now
            and (
                corpus_docs < params.small_corpus
                or now > params.vector_refresh_growth * corpus_docs
            )
        )
    )


def _docs(
    session: Session, rows: Sequence[repo.grouping.GroupingRow], against: Doc | None = None
) -> list[Doc]:
    """Grouping docs carrying their TF-IDF vectors; a missing or stale vector is computed
    (from the text, with idf from term_df) and stored.

    A body is read only where grouping may look at it: to weigh a doc afresh, and where
    the cosine with `against` is in the band in which the alignment engine may be asked
    (see `app.stories.choose_story`); elsewhere the body is left empty, unread.
    """
    now = candidates.corpus_size(session)
    stale = {r[0] for r in rows if is_stale(r[4], r[5], now, GROUPING_PARAMS)}
    band = {
        r[0]
        for r in rows
        if against is not None
        and against.vector is not None
        and r[4] is not None
        and in_align_band(cosine(against.vector, r[4]), GROUPING_PARAMS)
    }
    bodies = articles.bodies_by_id(session, sorted(stale | band))
    counts = {
        r[0]: candidates.terms_of(r[0], r[1], bodies.get(r[0], "")) for r in rows if r[0] in stale
    }
    # One idf lookup for all the stale docs: the corpus is the same for each of them.
    corpus = (
        candidates.corpus_for(session, sorted(set().union(*counts.values()))) if counts else None
    )
    docs = []
    for article_id, title, published, _story, weights, _docs_then in rows:
        if corpus is not None and article_id in counts:
            weights = candidates.weigh(counts[article_id], corpus, GROUPING_PARAMS)
            repo.index.put_vector(
                session=session, article_id=article_id, weights=weights, corpus_docs=len(corpus)
            )
        docs.append(Doc(article_id, title, bodies.get(article_id, ""), published, vector=weights))
    return docs


def _choose_story(session: Session, article: Article) -> int:
    """The story its candidates point to (`app.stories.choosing`); a new one if none."""
    body = articles.body_of(article)
    arrival = Arrival(article.id, article.published, candidates.fingerprints(body))
    [found] = candidates.find(session, [arrival], GROUPING_PARAMS, indexed=True)
    rows = {
        r[0]: r
        for r in repo.grouping.grouping_rows_by_id(
            session=session, article_ids=[article.id, *found]
        )
    }
    [new] = _docs(session, [rows[article.id]])
    new = replace(new, body=body)
    # Only articles already in a story (and current) are candidates.
    grouped = [rows[i] for i in found if i in rows and rows[i][3] is not None]
    assert new.vector is not None
    mine = Profile(new, dict(new.vector))
    in_stories = [i for r in grouped if (i := r[3]) is not None]
    fixed = repo.stories.fixed_story_ids(session=session, story_ids=in_stories)
    choice = choose_story(
        mine,
        (
            Candidate(str(row[3]), doc.published, cosine(mine.vec, doc.vector), _given(doc))
            for row, doc in zip(grouped, _docs(session, grouped, against=new), strict=True)
            if doc.vector is not None
        ),
        GROUPING_PARAMS,
        fixed={str(i) for i in fixed},
        extents=lambda keys: extents_in(session, keys),
    )
    if choice is not None:
        return bridge(session, choice)
    story = repo.stories.add_story(session=session, title=article.title)
    assert story.id is not None
    return story.id


def extents_in(
    session: Session,
    keys: Sequence[str],
    placed: Iterable[tuple[int, dt.date | None, dt.date | None]] = (),
) -> dict[str, Extent]:
    """The extents of the stories `keys` (`app.stories.Extent`): of their stored current
    members, and of `placed` (the story, date and earliest day (`earliest_day`) of
    articles placed, not stored yet). A stored undated member's earliest day comes from
    the latest day its text names, stored with it (`Article.latest_named_day`): no text
    is read."""
    ids = [int(key) for key in keys]
    extents = {}
    unstored: dict[int, list[tuple[dt.date | None, dt.date | None]]] = {}
    for story, published, floor in placed:
        unstored.setdefault(story, []).append((published, floor))
    stored = repo.stories.story_extents(session=session, story_ids=ids)
    floors: dict[int, list[dt.date]] = {}
    for story, day in repo.stories.undated_named_days(session=session, story_ids=ids):
        floors.setdefault(story, []).append(
            mentions.earliest_from(day, GROUPING_PARAMS.named_day_slack)
        )
    for i in ids:
        # A story made in this import may have no stored member yet.
        members, first, last = stored.get(i, (0, None, None))
        extents[str(i)] = Extent(
            members, first, last, max(floors.get(i, []), default=None)
        ).widened(
            Extent.of((d for d, _ in unstored.get(i, [])), (f for _, f in unstored.get(i, [])))
        )
    return extents


def bridge(session: Session, choice: Choice) -> int:
    """The story a new article joins (`choose_story`'s choice), with the stories it
    bridges merged into it: all of them keep the id of the oldest (the smallest), so a
    story's address stays as long as it can. Returns that id."""
    ids = sorted(int(key) for key in choice.keys)
    repo.stories.absorb_stories(session=session, into=ids[0], others=ids[1:])
    return ids[0]


def _given(doc: Doc) -> Callable[[], Profile]:
    assert doc.vector is not None
    profile = Profile(doc, dict(doc.vector))
    return lambda: profile


def _retitle(session: Session, story_id: int) -> None:
    story = repo.stories.get_story(session=session, story_id=story_id)
    if story is None or story.title_locked:
        return
    docs = _docs(session, repo.grouping.story_grouping_rows(session=session, story_id=story_id))
    if docs:
        story.title = story_title(docs, Corpus(), GROUPING_PARAMS)
        session.add(story)
        session.flush()


def _lineage_move(session: Session, article: Article, story_id: int) -> None:
    for revision in repo.articles.lineage_articles(session=session, lineage_id=article.lineage_id):
        revision.story_id = story_id
        session.add(revision)
    session.flush()


def move(engine: Engine, article_id: str, story_id: int | None) -> int:
    """Move an article (with all its revisions) to another story, or to a new one."""
    with write_session(engine) as session:
        article = articles.get(session, article_id)
        old = article.story_id
        if story_id is None:
            target = repo.stories.add_story(session=session, title=article.title)
            assert target.id is not None
            story_id = target.id
        else:
            get(session, story_id)
        _lineage_move(session, article, story_id)
        _corrected(session, story_id)
        if old is not None and old != story_id:
            repo.stories.delete_story_if_empty(session=session, story_id=old)
            if repo.stories.get_story(session=session, story_id=old) is not None:
                _corrected(session, old)
                _retitle(session, old)
        _retitle(session, story_id)
        return story_id


def merge(engine: Engine, into_id: int, other_id: int) -> int:
    """Merge story `other_id` into `into_id`; the other story disappears."""
    if into_id == other_id:
        raise InvalidInput("A story cannot be merged with itself.")
    with write_session(engine) as session:
        get(session, into_id)
        get(session, other_id)
        for article in repo.stories.story_articles(
            session=session, story_id=other_id, current_only=False
        ):
            article.story_id = into_id
            session.add(article)
        session.flush()
        repo.stories.delete_story_if_empty(session=session, story_id=other_id)
        _corrected(session, into_id)
        _retitle(session, into_id)
        return into_id


def split(engine: Engine, story_id: int, article_ids: Sequence[str]) -> int:
    """Move some of a story's articles into a new story of their own; return its id."""
    with write_session(engine) as session:
        get(session, story_id)
        members = {a.id: a for a in repo.stories.story_articles(session=session, story_id=story_id)}
        chosen = list(dict.fromkeys(article_ids))
        if not chosen:
            raise InvalidInput("Choose the articles that form the new story.")
        strangers = [i for i in chosen if i not in members]
        if strangers:
            raise InvalidInput(f"Not in story {story_id}: {', '.join(strangers)}.")
        if len(chosen) == len(members):
            raise InvalidInput("Splitting off every article would leave the story empty.")
        new = repo.stories.add_story(session=session, title=members[chosen[0]].title)
        assert new.id is not None
        for article_id in chosen:
            _lineage_move(session, members[article_id], new.id)
        _corrected(session, story_id)
        _corrected(session, new.id)
        _retitle(session, story_id)
        _retitle(session, new.id)
        return new.id


def rename(engine: Engine, story_id: int, title: str) -> None:
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("A story needs a title.")
    with write_session(engine) as session:
        story = get(session, story_id)
        story.title, story.title_locked = title, True
        session.add(story)


def date_range(members: Sequence[Article]) -> tuple[dt.date | None, dt.date | None]:
    dates = [a.published for a in members if a.published is not None]
    return (min(dates), max(dates)) if dates else (None, None)


def ungrouped_ids(engine: Engine) -> list[str]:
    with read_session(engine) as session:
        return list(repo.stories.ungrouped_article_ids(session=session))


def plan_regroup(engine: Engine) -> RegroupPlan:
    """What `apply_regroup` would change: every current article outside the stories a
    user corrected or named, grouped afresh in a batch (average linkage, steadier than
    placing articles one by one), the new clusters matched to the stories they replace
    (`app.stories.regroup_plan`). Changes nothing; the grouping, minutes on a large
    corpus, runs after the read is over and holds no lock."""
    with read_session(engine) as session:
        free = _free_grouping(session)
        docs = [doc_of(a) for a in free.articles]
    return regroup_plan.plan(
        free.before,
        group(docs, GROUPING_PARAMS),
        titles=free.titles,
        article_titles={d.id: d.title for d in docs},
        left_alone=free.left_alone,
    )


def apply_regroup(engine: Engine, plan: RegroupPlan) -> None:
    """Make exactly the stories `plan` shows, in one transaction: each cluster keeps its
    story's id (new stories are created), moved articles take their earlier revisions
    with them, stories left empty are deleted, and the stories whose articles changed
    are titled afresh (an unchanged story keeps its title).

    Raises Conflict, changing nothing, if the grouping outside the stories users
    corrected is no longer the one the plan was made from (an import, a correction since):
    a plan applied anyway could undo a correction it never showed.
    """
    with write_session(engine) as session:
        free = _free_grouping(session)
        if free.before != plan.before or free.ungrouped != plan.ungrouped:
            raise Conflict(
                "The stories changed since this plan was made (an import or a correction); "
                "nothing was changed. Regroup again for a plan of the stories as they are now."
            )
        made: dict[int, int] = {}  # cluster index -> its story's id
        for k, cluster in enumerate(plan.clusters):
            if cluster.story_id is None:
                story = repo.stories.add_story(session=session, title=cluster.title)
                assert story.id is not None
                made[k] = story.id
            else:
                made[k] = cluster.story_id
        by_id = {a.id: a for a in free.articles}
        for move in plan.moves:
            _lineage_move(session, by_id[move.article_id], made[move.cluster])
        for story_id in plan.removed:
            repo.stories.delete_story_if_empty(session=session, story_id=story_id)
        new = [made[k] for k, cluster in enumerate(plan.clusters) if cluster.story_id is None]
        retitle(session, [*plan.changed_story_ids(), *new])


def regroup_all(engine: Engine) -> RegroupPlan:
    """`plan_regroup`, then `apply_regroup` of that plan; returns the plan applied."""
    plan = plan_regroup(engine)
    if plan.changes_anything:
        apply_regroup(engine, plan)
    return plan


@dataclass(frozen=True, slots=True)
class _FreeGrouping:
    """The current articles outside the stories a user corrected or named (which
    regrouping leaves alone), and how they are grouped now."""

    articles: Sequence[Article]
    before: dict[int, frozenset[str]]  # story id -> its current articles
    ungrouped: frozenset[str]
    titles: dict[int, str]
    left_alone: int  # stories a user corrected or named


def _free_grouping(session: Session) -> _FreeGrouping:
    current = repo.articles.current_articles(session=session)
    found = repo.stories.get_stories(
        session=session, story_ids=[a.story_id for a in current if a.story_id is not None]
    )
    kept = {i for i, story in found.items() if story.corrected or story.title_locked}
    free = [a for a in current if a.story_id not in kept]
    members: dict[int, set[str]] = {}
    for article in free:
        if article.story_id is not None:
            members.setdefault(article.story_id, set()).add(article.id)
    return _FreeGrouping(
        articles=free,
        before={i: frozenset(m) for i, m in members.items()},
        ungrouped=frozenset(a.id for a in free if a.story_id is None),
        titles={i: found[i].title for i in members},
        left_alone=len(kept),
    )


def _corrected(session: Session, story_id: int) -> None:
    """Record that a user changed which articles the story holds."""
    story = get(session, story_id)
    story.corrected = True
    session.add(story)
    session.flush()
