"""The frozen input type of story grouping: a Doc."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Doc:
    """One article as grouping sees it: clean title and body, and its date if known.

    `vector`, when given, is the doc's TF-IDF vector (`tfidf.vector`) computed earlier,
    e.g. stored at import: grouping then uses it instead of tokenising title and body.
    """

    id: str
    title: str
    body: str
    published: datetime.date | None
    vector: Mapping[str, float] | None = field(default=None, compare=False)
