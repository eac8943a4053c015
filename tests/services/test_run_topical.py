"""`run_grouping._topical`: the date window's latest articles, as importing one by one
reads them (`repo.recent_grouped_ids`), from a few rows per day."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy.engine import Engine

from app import repo
from app.config import Settings
from app.db import read_session
from app.ingest import Extracted
from app.services import importer, run_grouping, stories
from app.services.run_grouping import NewArticle

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


def test_the_window_s_latest_come_from_its_days_and_the_undated(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stories, "TOPICAL_CANDIDATES", 4)
    rnd = random.Random(3)
    for k in range(70):  # up to nine a day on the busiest days: more than the limit
        day = None if k % 9 == 4 else D + dt.timedelta(days=rnd.choice([-4, -3, -1, 0, 0, 2, 3, 6]))
        _add(engine, settings, k, day)
    days = [None, *(D + dt.timedelta(days=d) for d in range(-9, 11))]
    with read_session(engine) as session:
        for day in days:
            new = NewArticle("new", "", day, "", "", ())
            [got] = run_grouping._topical(session, [new])
            expected = repo.recent_grouped_ids(
                session=session, exclude_id="", around=day, window_days=3, limit=4
            )
            assert got == expected, day
        windows = [
            repo.recent_grouped_ids(
                session=session, exclude_id="", around=day, window_days=3, limit=4
            )
            for day in days
        ]
    assert {len(w) for w in windows} == {4}  # every window holds more than the limit
    assert len({tuple(w) for w in windows}) > 8
