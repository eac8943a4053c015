"""A story's extent in time, and the date rule that every way of forming stories applies:
placing one article (`choosing`) and clustering a batch (`cluster`) alike.

A story is one news event: its dated articles lie within `window_days` of each other. An
undated article whose text names a day with its year is from that day or later, less
`named_day_slack` (`earliest_day`, `app.stories.mentions`), so a story holding it has a
member dated on or after that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.stories import mentions
from app.stories.params import GroupingParams


@dataclass(frozen=True, slots=True)
class Extent:
    """What placing and merging ask of a story: how many current members it has, the
    first and last of their publication dates (None when none is dated), and the latest
    of its undated members' earliest days (`earliest_day`; None when none has one)."""

    members: int
    first: dt.date | None = None
    last: dt.date | None = None
    floor: dt.date | None = None

    @classmethod
    def of(cls, dates: Iterable[dt.date | None], floors: Iterable[dt.date | None] = ()) -> Extent:
        """The extent of members published on `dates` (None: undated), the undated of
        which can be from no earlier than `floors`."""
        every = list(dates)
        dated = [d for d in every if d is not None]
        return cls(len(every), min(dated, default=None), max(dated, default=None), _latest(floors))

    def widened(self, other: Extent) -> Extent:
        """The extent of this story's members and `other`'s taken together."""
        firsts = [d for d in (self.first, other.first) if d is not None]
        lasts = [d for d in (self.last, other.last) if d is not None]
        return Extent(
            self.members + other.members,
            min(firsts, default=None),
            max(lasts, default=None),
            _latest((self.floor, other.floor)),
        )


def earliest_day(published: dt.date | None, body: str, params: GroupingParams) -> dt.date | None:
    """The earliest day an undated article with this text can be from, by the days it
    names with their year (`mentions.earliest`); None for a dated one, or one naming none."""
    if published is not None:
        return None
    return mentions.earliest(body, params.named_day_slack)


def within_span(
    stories: Sequence[Extent],
    window_days: int,
    day: dt.date | None = None,
    floor: dt.date | None = None,
) -> bool:
    """Whether `stories` may be one story, with an article of date `day` (None: undated)
    and earliest day `floor` if one joins them: their dated members and the article are
    all within `window_days` of each other (so an undated article, which may join any
    story, cannot join two news days into one), and one of them is dated on or after the
    earliest day each undated member, and the article, can be from."""
    dates = [d for e in stories for d in (e.first, e.last) if d is not None]
    if day is not None:
        dates.append(day)
    highest = _latest([floor, *(e.floor for e in stories)])
    if highest is not None and dates and max(dates) < highest:
        return False
    return not dates or (max(dates) - min(dates)).days <= window_days


def _latest(days: Iterable[dt.date | None]) -> dt.date | None:
    return max((d for d in days if d is not None), default=None)
