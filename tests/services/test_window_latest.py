"""`choosing.topical` on `candidates.window_latest`: the date window's latest articles, as
`repo.grouping.recent_grouped_ids` reads them, from a few rows per day."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest
from sqlalchemy.engine import Engine

from app import repo
from app.config import Settings
from app.db import read_session
from app.ingest import Extracted
from app.services import candidates, importer, stories
from app.stories.choosing import Arrival, topical

D = dt.date(2024, 3, 10)
WORDS = [
    "harbour",
    "orchid",
    "council",
    "valley",
    "tram",
    "pier",
    "budget",
    "harvest",
    "glasshouse",
    "survey",
]


def _add(engine: Engine, settings: Settings, k: int, published: dt.date | None) -> None:
    body = " ".join(random.Random(k).choices(WORDS, k=40)) + f" Item {k}."
    extracted = Extracted(f"Item {k}", False, None, published, None, "en", (body,), ())
    request = importer.ImportRequest(content=body, extracted=extracted)
    importer.import_content(engine, settings, request)


@pytest.mark.parametrize("days_per_query", [100, 3])
def test_the_window_s_latest_come_from_its_days_and_the_undated(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch, days_per_query: int
) -> None:
    params = replace(stories.GROUPING_PARAMS, topical_candidates=4)
    # The days are read a few per statement (3: a window's seven days and the undated
    # span three statements).
    monkeypatch.setattr(repo.grouping, "_DAYS_PER_QUERY", days_per_query)
    rnd = random.Random(3)
    for k in range(70):  # up to nine a day on the busiest days: more than the limit
        day = None if k % 9 == 4 else D + dt.timedelta(days=rnd.choice([-4, -3, -1, 0, 0, 2, 3, 6]))
        _add(engine, settings, k, day)
    days = [None, *(D + dt.timedelta(days=d) for d in range(-9, 11))]
    with read_session(engine) as session:
        expected = [
            repo.grouping.recent_grouped_ids(
                session=session, exclude_id="", around=day, window_days=3, limit=4
            )
            for day in days
        ]
        for day, latest in zip(days, expected, strict=True):
            new = [Arrival("new", day, ())]
            [got] = topical(new, candidates.window_latest(session, [day], params), params)
            assert got == latest, day
        # All the days in one run, as a bulk import reads them: the run's earlier
        # articles in the window come first (imported last), then the stored ones.
        run = [Arrival(f"n{k}", day, ()) for k, day in enumerate(days)]

        def near(a: dt.date | None, b: dt.date | None) -> bool:
            return a is None or b is None or abs((a - b).days) <= 3

        latest = candidates.window_latest(session, days, params)
        for k, got in enumerate(topical(run, latest, params)):
            earlier = [run[j].id for j in range(k - 1, -1, -1) if near(days[j], days[k])]
            assert got == [*earlier, *expected[k]][:4], days[k]
        windows = [
            repo.grouping.recent_grouped_ids(
                session=session, exclude_id="", around=day, window_days=3, limit=4
            )
            for day in days
        ]
    assert {len(w) for w in windows} == {4}  # every window holds more than the limit
    assert len({tuple(w) for w in windows}) > 8
