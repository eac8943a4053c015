"""The invented reports load and are well formed: independent reports, no shared sentences."""

from __future__ import annotations

import datetime
import itertools
import re
from collections import Counter
from itertools import combinations

import pytest

from tests.stories.corpora import Report, load_invented

# Events and how many reports each has (the bench counts on one large and one small event).
EVENTS = {
    "holmsey-ferry": 30,
    "skelness-trawler": 8,
    "curlew-missing": 3,
    "curlew-search": 3,
    "curlew-called-off": 3,
    "curlew-debris": 3,
    "curlew-inquiry": 3,
    "sollas-landing": 4,
}
# The developing story the Curlew's five news days make (see the README); other events
# are their own thread.
THREADS = {e: "curlew-aircraft" if e.startswith("curlew-") else e for e in EVENTS}
WORDS = (120, 300)  # headline and body of each report
# Two reports never share a run of this many words: names and places recur ("the Ardent
# Gull grounded off Gannet Point" is seven), reused sentences must not.
LONGEST_SHARED_RUN = 10
_SENTENCE = re.compile(r"(?<=[.!?])[\"')]*\s+")


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    return load_invented()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _sentences(report: Report) -> set[str]:
    parts = [report.headline, *_SENTENCE.split(report.body)]
    return {" ".join(w) for p in parts if (w := _words(p))}


def _runs(report: Report, n: int) -> set[tuple[str, ...]]:
    w = _words(f"{report.headline}\n{report.body}")
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def test_every_report_has_an_outlet_an_event_and_a_body(reports: list[Report]) -> None:
    assert Counter(r.event for r in reports) == EVENTS
    for r in reports:
        assert r.outlet and r.headline and r.body, r.file
        assert WORDS[0] <= len(_words(f"{r.headline} {r.body}")) <= WORDS[1], r.file


def test_some_reports_are_undated(reports: list[Report]) -> None:
    for thread in set(THREADS.values()):
        dated = [r.published is not None for r in reports if r.thread == thread]
        assert any(dated) and not all(dated), thread


def test_every_report_names_its_thread(reports: list[Report]) -> None:
    assert {r.event: r.thread for r in reports} == THREADS


def test_the_developing_story_spans_three_months_of_news_days(reports: list[Report]) -> None:
    days: dict[str, list[datetime.date]] = {}
    for r in reports:
        if r.thread == "curlew-aircraft" and r.published is not None:
            days.setdefault(r.event, []).append(r.published)
    spans = sorted((min(d), max(d)) for d in days.values())
    assert len(spans) == 5
    # News days further apart than the story window (3 days), three months in all.
    assert all((b[0] - a[1]).days > 3 for a, b in itertools.pairwise(spans))
    assert (spans[-1][1] - spans[0][0]).days >= 90


def test_one_report_per_outlet_and_event(reports: list[Report]) -> None:
    assert len({(r.outlet, r.event) for r in reports}) == len(reports)


def test_no_two_reports_share_a_sentence(reports: list[Report]) -> None:
    shared = [
        (a.file, b.file, s)
        for a, b in combinations(reports, 2)
        for s in _sentences(a) & _sentences(b)
    ]
    assert shared == []


def test_no_two_reports_share_a_long_run_of_words(reports: list[Report]) -> None:
    runs = {r.file: _runs(r, LONGEST_SHARED_RUN) for r in reports}
    shared = [(a, b) for a, b in combinations(runs, 2) if runs[a] & runs[b]]
    assert shared == []


def test_docs_carry_the_headline_and_date(reports: list[Report]) -> None:
    doc = reports[0].doc()
    assert (doc.id, doc.title, doc.published) == (
        reports[0].file,
        reports[0].headline,
        reports[0].published,
    )
