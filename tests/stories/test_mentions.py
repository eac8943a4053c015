"""The days a text names with their year, and the earliest day an undated article can be
from."""

from __future__ import annotations

import datetime as dt

import pytest

from app.stories.mentions import earliest, named_days


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks open on July 16, 2018, in Helsinki.", [dt.date(2018, 7, 16)]),
        ("It sank on 13 November 2015.", [dt.date(2015, 11, 13)]),
        ("the 3rd of March 2021 and Sept. 11, 2001", [dt.date(2021, 3, 3), dt.date(2001, 9, 11)]),
        ("Filed 2019-05-31 at noon", [dt.date(2019, 5, 31)]),
        ("Feb. 4 2022; Feb. 4, 2022", [dt.date(2022, 2, 4)]),  # each day once
        ("May 5, 2018 and they may 5 2018", [dt.date(2018, 5, 5)]),  # the verb is no month
        # Without its year a day cannot be placed; weekdays and years alone name none.
        ("on Friday, 13 November, as in 2015", []),
        ("31 April 2020, February 29, 2021", []),  # no such days
        ("July 16, 20189 and 2018-07-160", []),  # parts of longer numbers
    ],
)
def test_named_days(text: str, expected: list[dt.date]) -> None:
    assert named_days(text) == expected


def test_earliest_is_the_latest_named_day_less_the_slack() -> None:
    text = "The crash on 21 January 2027 led to the inquiry's report of May 3, 2027."
    assert earliest(text, 7) == dt.date(2027, 4, 26)
    assert earliest("No day is named here.", 7) is None
