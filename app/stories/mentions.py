"""The days an article's text names with their year ("July 16, 2018", "13 November 2015"):
what keeps an undated article out of stories older than it.

A report is not older than the days it tells of, give or take a few days for what it says
is coming (`GroupingParams.named_day_slack`): an undated article that names a day may
share a story only with articles of which one is dated on or after that day less the
slack (`earliest`), whether it joins them or they join it.
Of the labelled set's 212 articles naming a day with its year, 2 name one more than a
week after their own date (bench_stories prints the figure).

Only a day named with its year bounds an article. Other mentions were measured and left
out: a day named without its year ("13 November", "Sept. 11") cannot be placed in a year
(the same day a year earlier is always possible, and placing it in the nearest year put
18 of the 232 Helsinki reports that name one more than a week after their own date);
reports name older days at will ("the policy announced on May 10"), so no mention bounds
an article from above; and every week-long window holds each weekday, so "on Friday"
tells one news day from another only when the week is known.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# A month's name as news prints it: "November", "Nov.", "Sept"; "May" only capitalised,
# so that the verb is not read as a month.
_MONTH = (
    r"(?P<{g}>(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?|May)"
)
_DAY = r"(?P<{g}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r",?\s+(?P<{g}>(?:19|20)\d\d)"
_DAY_FIRST = _DAY.format(g="d1") + r"(?:\s+of)?\s+" + _MONTH.format(g="m1") + _YEAR.format(g="y1")
_MONTH_FIRST = _MONTH.format(g="m2") + r"\s+" + _DAY.format(g="d2") + _YEAR.format(g="y2")
_ISO = r"(?P<y3>(?:19|20)\d\d)-(?P<m3>0[1-9]|1[0-2])-(?P<d3>[0-3]\d)"
# A day with its year, not part of a longer number ("July 16, 20189", "2018-07-160").
_NAMED_DAY = re.compile(rf"\b(?:{_DAY_FIRST}|{_MONTH_FIRST}|{_ISO})(?!\d)")


def named_days(text: str) -> list[dt.date]:
    """The days `text` names with their year, in order, each once."""
    found: dict[dt.date, None] = {}
    for match in _NAMED_DAY.finditer(text):
        groups = {k[0]: v for k, v in match.groupdict().items() if v is not None}
        month = groups["m"]
        try:
            day = dt.date(
                int(groups["y"]),
                int(month) if month.isdigit() else _month_number(month),
                int(groups["d"]),
            )
        except ValueError:  # 31 April, 29 February of a common year
            continue
        found[day] = None
    return list(found)


def latest(text: str) -> dt.date | None:
    """The latest day `text` names with its year (None when it names none): what every
    stored revision keeps (`Article.latest_named_day`), so that an undated member's
    earliest day is known without reading its text again."""
    return max(named_days(text), default=None)


def earliest_from(latest_day: dt.date, slack: int) -> dt.date:
    """The earliest day an undated article can be from, given the latest day its text
    names with its year (`latest`): that day less `slack` days."""
    return latest_day - dt.timedelta(days=slack)


def earliest(text: str, slack: int) -> dt.date | None:
    """The earliest day an undated article of this text can be from: the latest day it
    names with its year, less `slack` days (None when it names none)."""
    day = latest(text)
    return None if day is None else earliest_from(day, slack)


def _month_number(name: str) -> int:
    prefix = name.lower()[:3]
    return next(i for i, month in enumerate(_MONTHS, 1) if month.startswith(prefix))
