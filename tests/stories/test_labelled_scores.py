"""The benchmark's grouping scores (bench/labelled_events.py) on a hand-counted example."""

from __future__ import annotations

import datetime

from app.stories import Doc
from bench.labelled_events import UNLABELLED, EventScore, Labelled, score, strip_dates

EVENT = {"a1": "a", "a2": "a", "a3": "a", "b1": "b", "h1": UNLABELLED, "h2": UNLABELLED}


def test_pair_precision_and_largest_story_recall() -> None:
    scores = score([["a1", "a2", "b1"], ["a3"], ["h1", "h2"]], EVENT)
    # Story one holds three pairs: a1-a2 right, a1-b1 and a2-b1 wrong.
    assert scores.events["a"] == EventScore(articles=3, stories=2, largest=2, pairs=3, correct=1)
    assert scores.events["a"].recall == 2 / 3
    assert scores.events["b"] == EventScore(articles=1, stories=1, largest=1, pairs=2, correct=0)
    assert scores.events["b"].precision == 0.0
    # Two unlabelled articles together are not scored; the week's stories are counted.
    assert (scores.pairs, scores.correct, scores.precision) == (3, 1, 1 / 3)
    assert (scores.unlabelled_stories, scores.unlabelled_largest) == (1, 2)


def test_an_unlabelled_article_beside_a_labelled_one_is_a_wrong_pair() -> None:
    scores = score([["a1", "a2", "a3", "h1"], ["b1"], ["h2"]], EVENT)
    assert scores.events["a"].precision == 3 / 6
    assert scores.events["b"].precision is None  # alone: no pairs to judge
    assert scores.precision == 3 / 6


def test_strip_dates_takes_half_of_each_event_the_same_each_time() -> None:
    day = datetime.date(2026, 11, 13)
    docs = [Doc(id=f"{e}{i}", title="", body="", published=day) for e in "ab" for i in range(4)]
    labelled = Labelled(docs, {d.id: d.id[0] for d in docs})
    stripped = strip_dates(labelled)
    assert stripped == strip_dates(labelled)
    for e in "ab":
        assert sum(d.published is None for d in stripped if d.id[0] == e) == 2
