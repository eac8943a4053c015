"""A story's title: the headline its articles have in common, never a made-up one."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence

from app.stories.types import Doc

# How representative a doc is, lowest first: (-mean cosine, date, position).
Rank = tuple[float, datetime.date, int]


# What the extractor calls an article without a headline: "Untitled: First words…"
# (app.ingest.headlines.UNTITLED; grouping is a pure library and cannot import it).
UNTITLED = "Untitled"


def usable(docs: Sequence[Doc]) -> list[Doc]:
    """The docs with a headline of their own (not an "Untitled: ..." one made up at import);
    when none has one, those with any title (an "Untitled: " one names the first words).

    Page furniture never reaches a title: the extractor only takes a line that reads as
    a headline (app.ingest.headlines).
    """
    titled = [d for d in docs if d.title.strip()]
    real = [d for d in titled if d.title != UNTITLED and not d.title.startswith(UNTITLED + ": ")]
    return real or titled


def _normal(title: str) -> str:
    # "Summit Fever: Trump Reaches ..." and "Summit fever: Trump reaches ..." are one headline.
    return " ".join(re.findall(r"\w+", title.casefold()))


def choose(titled: Sequence[Doc], key: Callable[[Doc], Rank]) -> str:
    """The headline most of `titled` carry (wire copy reprinted), else the best by `key`.

    `key` orders docs from most to least representative (lowest first); among headlines
    carried equally often, the one with the most representative doc wins.
    """
    groups: dict[str, list[Doc]] = {}
    for doc in titled:
        groups.setdefault(_normal(doc.title), []).append(doc)
    best = [min(members, key=key) for members in groups.values()]
    counts = {id(doc): len(groups[_normal(doc.title)]) for doc in best}
    ranked = sorted(best, key=key)
    winner = max(ranked, key=lambda doc: counts[id(doc)])  # first of the most carried
    return " ".join(winner.title.split())
