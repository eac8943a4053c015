"""Grouping articles about the same event into stories.

A pure library: `Doc`s in, clusters of ids (or a story key) out. The linking score of two
articles is the cosine of their TF-IDF vectors (`tfidf`), raised by shared passages
found by the alignment engine; articles dated further apart than a window never link.
How a new article's story is chosen is `choosing` (its candidates, `find_candidates`,
and the decision, `choose_story`: the story it joins and those it bridges), with every
knob in `params.GroupingParams`. `group` clusters a batch (average linkage over the
link graph, `cluster`); `story_title` names a story.
"""

from app.stories.choosing import (
    Arrival,
    Candidate,
    Choice,
    assign,
    choose_story,
    decide,
    find_candidates,
)
from app.stories.extent import Extent
from app.stories.grouping import (
    SharedShare,
    aligned_share,
    group,
    similarity,
    story_title,
)
from app.stories.params import GroupingParams
from app.stories.tfidf import Corpus
from app.stories.types import Doc

__all__ = [
    "Arrival",
    "Candidate",
    "Choice",
    "Extent",
    "Corpus",
    "Doc",
    "GroupingParams",
    "SharedShare",
    "aligned_share",
    "assign",
    "choose_story",
    "decide",
    "find_candidates",
    "group",
    "similarity",
    "story_title",
]
