"""Developing stories in the database: the stories one story is linked with, on demand.

Nothing is stored. From the story asked about, the stories it links with are found by
walking the link graph (`app.stories.threads.score` at or above `link`): a story's
candidates are the stories whose articles hold the heaviest terms of its centroid, within
the thread window of its dates (the full-text index answers), scored by their stored
TF-IDF vectors; each story linked in is walked the same way, a whole level per query.
The stories so reached are clustered by `app.stories.threads.cluster` (average linkage),
and the thread holding the story is returned. The stories of one event reach one
another, so their pages show the same thread, unless a walk stops at `max_stories` first
(where hundreds of stories of one week all link).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlmodel import Session

from app import repo
from app.models import DevelopingStory, ThreadArticle, ThreadStory
from app.repo.grouping import GroupingRow
from app.repo.search import TermLookup
from app.services import stories
from app.services.candidates import DOCS_KEY
from app.stories import Doc
from app.stories.threads import Profile, StoryDocs, Thread, ThreadParams, cluster, profile, score

# The knobs every page uses (read when called, so a test may replace them).
THREAD_PARAMS = ThreadParams()


def developing(
    session: Session, story_id: int, *, base_url: str = "", params: ThreadParams | None = None
) -> DevelopingStory | None:
    """The developing story `story_id` is part of, or None when it links to no other."""
    params = params or THREAD_PARAMS
    rows = {story_id: repo.grouping.story_grouping_rows(session=session, story_id=story_id)}
    profiles = {story_id: _profile(story_id, rows[story_id], params)}
    if not profiles[story_id].centroid:
        return None
    reached, frontier = {story_id}, [story_id]
    while frontier and len(reached) < params.max_stories:
        found = candidates(session, [profiles[i] for i in frontier], params)
        new = sorted({c for cs in found for c in cs} - profiles.keys())
        rows.update(repo.grouping.stories_grouping_rows(session=session, story_ids=new))
        profiles.update((i, _profile(i, rows.get(i, []), params)) for i in new)
        linked = {
            c
            for i, cs in zip(frontier, found, strict=True)
            for c in cs
            if c not in reached and score(profiles[i], profiles[c], params) >= params.link
        }
        frontier = sorted(linked)[: params.max_stories - len(reached)]
        reached.update(frontier)
    if len(reached) == 1:
        return None
    threads = cluster([profiles[i] for i in sorted(reached)], params)
    thread = next(t for t in threads if str(story_id) in t.keys)
    if len(thread.keys) == 1:
        return None
    return _view(session, thread, rows, base_url)


def candidates(
    session: Session, stories_: Sequence[Profile], params: ThreadParams
) -> list[list[int]]:
    """For each story, the ids of the stories that may link with it: those whose articles
    hold most of its centroid's `candidate_terms` heaviest terms (up to `max_candidates`),
    dated within `window_days` of it (any, if it is undated) or undated.

    A term more articles hold than `candidate_df_share` of them (bounded below and above,
    see ThreadParams) is passed over: such a word does not single out one event, and its
    postings are long to read.
    """
    ranked = {p.key: p.heavy_terms(4 * params.candidate_terms) for p in stories_}
    every = sorted({t for terms in ranked.values() for t in terms})
    df = repo.index.term_df(session=session, terms=[DOCS_KEY, *every])
    share = params.candidate_df_share * df.get(DOCS_KEY, 0)
    common = max(params.candidate_df_floor, min(share, params.candidate_max_df))
    window = dt.timedelta(days=params.window_days)
    lookups: dict[TermLookup, int] = {}
    asked: list[list[int]] = []
    for p in stories_:
        terms = [t for t in ranked[p.key] if df.get(t, 0) <= common]
        span = (p.dates[0] - window, p.dates[1] + window) if p.dates else (None, None)
        keys = [TermLookup(t, *span) for t in terms[: params.candidate_terms]]
        asked.append([lookups.setdefault(k, len(lookups)) for k in keys])
    holders = repo.search.stories_with_terms(session=session, lookups=list(lookups))
    found = []
    for p, numbers in zip(stories_, asked, strict=True):
        shared: dict[int, int] = {}
        for n in numbers:
            for story_id in holders[n]:
                shared[story_id] = shared.get(story_id, 0) + 1
        shared.pop(int(p.key), None)
        found.append(sorted(shared, key=lambda i: (-shared[i], -i))[: params.max_candidates])
    return found


def _profile(story_id: int, rows: Sequence[GroupingRow], params: ThreadParams) -> Profile:
    return profile(_story_docs(story_id, rows), params)


def _story_docs(story_id: int, rows: Sequence[GroupingRow]) -> StoryDocs:
    """A story's current articles with their stored vectors (an article without one, not
    weighed yet, is left out: its story is linked by the others)."""
    docs = tuple(
        Doc(article_id, title, "", published, vector=weights)
        for article_id, title, published, _story, weights, _corpus in rows
        if weights
    )
    return StoryDocs(str(story_id), docs)


def _view(
    session: Session, thread: Thread, rows: dict[int, list[GroupingRow]], base_url: str
) -> DevelopingStory:
    ids = [int(k) for k in thread.keys]
    titles = repo.stories.get_stories(session=session, story_ids=ids)
    outlets = repo.stories.story_members_with_outlets(session=session, story_ids=ids)
    timeline, reports = [], []
    for story_id in ids:
        outlet_of = dict(outlets[story_id])
        members = [r for r in rows[story_id] if r[0] in outlet_of]
        first, last = _span([r[2] for r in members])
        timeline.append(
            ThreadStory(
                id=story_id,
                title=titles[story_id].title,
                first_date=first,
                last_date=last,
                articles=len(members),
                outlets=list(dict.fromkeys(outlet_of[r[0]] for r in members)),
                permalink=base_url + stories.story_path(story_id),
            )
        )
        reports += [
            ThreadArticle(
                id=r[0], title=r[1], outlet=outlet_of[r[0]], published=r[2], story=story_id
            )
            for r in members
        ]
    first, last = _span([d for s in timeline for d in (s.first_date, s.last_date)])
    return DevelopingStory(first_date=first, last_date=last, stories=timeline, articles=reports)


def _span(days: Sequence[dt.date | None]) -> tuple[dt.date | None, dt.date | None]:
    dated = [d for d in days if d is not None]
    return (min(dated), max(dated)) if dated else (None, None)
