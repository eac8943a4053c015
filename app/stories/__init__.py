"""Grouping articles about the same event into stories.

A pure library: `Doc`s in, clusters of ids (or a story key) out. The linking score of two
articles is the cosine of their TF-IDF vectors (`tfidf`), raised by shared passages
found by the alignment engine; articles dated further apart than a window never link.
`group` clusters a batch (average linkage over the link graph, `cluster`); `assign`
(`placing`) places one new article among existing stories; `story_title` names a story.
"""

from app.stories.grouping import (
    SharedShare,
    aligned_share,
    group,
    similarity,
    story_title,
)
from app.stories.placing import assign
from app.stories.tfidf import Corpus
from app.stories.types import Doc, GroupingParams

__all__ = [
    "Corpus",
    "Doc",
    "GroupingParams",
    "SharedShare",
    "aligned_share",
    "assign",
    "group",
    "similarity",
    "story_title",
]
