"""Placing one article: align() is asked only where it could change the decision, and the
decision (the story joined, and those bridged) is the one every pair's score would give."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import replace

import pytest

from app.stories import Choice, Corpus, Doc, GroupingParams, assign, decide
from app.stories.choosing import extent_of
from app.stories.extent import earliest_day
from app.stories.grouping import doc_profile, in_window, pair_score
from app.stories.tfidf import cosine

PARAMS = GroupingParams()
D = datetime.date(2022, 2, 4)
# Sentences long enough (over eight words) that docs built from the same ones share
# shingles, so the pre-filter lets some pairs through to align().
SENTENCES = [
    f"sentence {k} says the council met on the bridge repairs and voted {k} times again"
    for k in range(12)
]


class Counting:
    """A stand-in for align()'s passage share: any fixed number per pair, counted."""

    def __init__(self, seed: int) -> None:
        self.seed, self.calls = seed, 0

    def __call__(self, a: str, b: str) -> float:
        self.calls += 1
        return random.Random(f"{self.seed}|{a}|{b}").random()


def _doc(rng: random.Random, name: str, vocabulary: list[str]) -> Doc:
    terms = rng.sample(vocabulary, 6)
    weights = [rng.random() + 0.05 for _ in terms]
    norm = sum(w * w for w in weights) ** 0.5
    body = " ".join(rng.sample(SENTENCES, 3))
    published = D + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 5]))
    vector = {t: w / norm for t, w in zip(terms, weights, strict=True)}
    return Doc(name, "", body, published, vector=vector)


def _case(seed: int) -> tuple[Doc, dict[str, list[Doc]]]:
    rng = random.Random(seed)
    vocabulary = [f"t{k}" for k in range(rng.choice([24, 40, 60]))]
    new = _doc(rng, "new", vocabulary)
    if seed % 4 == 1:  # undated, and naming a day that holds it to the later stories
        named = D + datetime.timedelta(days=PARAMS.named_day_slack + rng.choice([0, 1, 3]))
        new = replace(new, body=f"{new.body} It ends on {named:%B %d, %Y}.", published=None)
    elif seed % 4 == 2:
        new = replace(new, published=None)
    stories = {
        f"s{k}": [_doc(rng, f"s{k}m{m}", vocabulary) for m in range(rng.randint(1, 6))]
        for k in range(rng.randint(1, 5))
    }
    if seed % 5 == 3:  # an undated member naming a day holds its story to that day
        for key, members in stories.items():
            named = D + datetime.timedelta(days=PARAMS.named_day_slack + rng.choice([-2, 0, 3]))
            body = f"{members[0].body} The hearing opens on {named:%d %B %Y}."
            stories[key] = [replace(members[0], body=body, published=None), *members[1:]]
    return new, stories


def _every_pair(
    new: Doc,
    stories: dict[str, list[Doc]],
    shared: Callable[[str, str], float],
    fixed: frozenset[str] = frozenset(),
) -> Choice | None:
    """The decision from every pair's score, worked out one by one."""
    mine = doc_profile(new, Corpus(), PARAMS)
    scores = {
        key: [
            pair_score(mine, theirs, cosine(mine.vec, theirs.vec), PARAMS, shared)
            if in_window(new, doc, PARAMS)
            else 0.0
            for doc in members
            for theirs in (doc_profile(doc, Corpus(), PARAMS),)
        ]
        for key, members in stories.items()
    }
    extents = {key: extent_of(members, PARAMS) for key, members in stories.items()}
    floor = earliest_day(new.published, new.body, PARAMS)
    return decide(scores, PARAMS, fixed, extents, new.published, floor)


def test_the_decision_is_every_pairs_with_fewer_alignments() -> None:
    lazy_calls = eager_calls = joined = bridged = 0
    for seed in range(400):
        new, stories = _case(seed)
        # Now and then a user corrected one of the stories: it is never merged.
        fixed = frozenset(sorted(stories)[:1] if seed % 3 == 0 else [])
        eager, lazy = Counting(seed), Counting(seed)
        expected = _every_pair(new, stories, eager, fixed)
        assert assign(new, stories, Corpus(), PARAMS, lazy, fixed) == expected, seed
        assert lazy.calls <= eager.calls, seed
        lazy_calls, eager_calls = lazy_calls + lazy.calls, eager_calls + eager.calls
        joined += expected is not None
        bridged += expected is not None and bool(expected.merged)
        assert expected is None or not fixed & set(expected.merged), seed
    assert 150 < joined < 380  # the cases join a story and start one, both
    assert 20 < bridged < joined  # and some bridge stories
    assert eager_calls > 250
    assert lazy_calls < eager_calls * 0.8


def test_a_story_its_reprints_already_carry_needs_no_alignment() -> None:
    # Two members link on their cosine alone; the third, in the band, could only raise
    # a mean that already wins: align() is not asked.
    new = Doc("n", "", SENTENCES[0], D, vector={"a": 1.0})
    linked = [Doc(f"l{k}", "", SENTENCES[0], D, vector={"a": 1.0}) for k in range(2)]
    band = Doc("b", "", SENTENCES[0], D, vector={"a": 0.15, "z": (1 - 0.15**2) ** 0.5})
    shared = Counting(0)
    assert assign(new, {"s": [*linked, band]}, Corpus(), PARAMS, shared) == Choice("s")
    assert shared.calls == 0
    assert _every_pair(new, {"s": [*linked, band]}, Counting(0)) == Choice("s")


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_a_rival_story_in_reach_is_aligned(share: float) -> None:
    # The rival's one member is in the band; only align() tells whether it links: then
    # its mean beats the leader's, and the article bridges the two stories.
    new = Doc("n", "", SENTENCES[0], D, vector={"a": 0.6, "b": 0.8})
    leader = [Doc("l", "", SENTENCES[1], D, vector={"a": 1.0})]
    rival = [Doc("r", "", SENTENCES[0], D, vector={"b": 0.15, "z": (1 - 0.15**2) ** 0.5})]
    shared = Counting(0)
    expected = Choice("r", ("l",)) if share else Choice("l")
    assert assign(new, {"l": leader, "r": rival}, Corpus(), PARAMS, lambda a, b: share) == expected
    assert assign(new, {"l": leader, "r": rival}, Corpus(), PARAMS, shared) is not None


def test_an_undated_article_needs_a_stronger_mean_to_join() -> None:
    """One member links (0.25) and the mean is 0.13: enough for a dated article (the
    guard is 0.10), not for an undated one, which the date window cannot hold back
    (0.15)."""
    scores = {"s": [0.25, 0.07, 0.07]}
    assert decide(scores, PARAMS, day=D) == Choice("s")
    assert decide(scores, PARAMS, day=None) is None
    assert decide({"s": [0.25, 0.12, 0.12]}, PARAMS, day=None) == Choice("s")


def test_an_undated_article_joins_no_story_older_than_the_days_it_names() -> None:
    """Its text names a day with its year: it is from then or later, give or take
    `named_day_slack` days, so a story whose members all come before is out; a later
    one it links to as well is joined instead, and an undated story stays open to it."""
    slack = datetime.timedelta(days=PARAMS.named_day_slack)
    named = D + datetime.timedelta(days=30)
    body = f"{SENTENCES[0]} The inquiry reports on {named:%d %B %Y}."
    new = Doc("n", "", body, None, vector={"a": 1.0})
    assert earliest_day(new.published, new.body, PARAMS) == named - slack

    def member(key: str, day: datetime.date | None) -> Doc:
        return Doc(key, "", SENTENCES[1], day, vector={"a": 1.0})

    old = [member("o", D)]
    assert assign(new, {"old": old}, Corpus(), PARAMS) is None
    assert assign(replace(new, body=SENTENCES[0]), {"old": old}, Corpus(), PARAMS) == Choice("old")
    later = {"later": [member("p", named - slack)]}
    assert assign(new, later, Corpus(), PARAMS) == Choice("later")
    assert assign(new, {"old": old, "new": [member("m", named)]}, Corpus(), PARAMS) == Choice(
        "new"
    )  # and the old story is not merged into it
    assert assign(new, {"undated": [member("u", None)]}, Corpus(), PARAMS) == Choice("undated")
    # And the other way round: the undated article, in a story, holds it to that day.
    dated = member("d", D)
    assert assign(dated, {"s": [new]}, Corpus(), PARAMS) is None
    assert assign(replace(dated, published=named), {"s": [new]}, Corpus(), PARAMS) == Choice("s")
    # A dated article is held by its own date alone.
    assert earliest_day(named, new.body, PARAMS) is None
