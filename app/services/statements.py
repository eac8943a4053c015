"""Who an article says said what: its quotations and reported speech as spans of its body,
from which a comparison names a passage's speaker (`app.facts.speakers`)."""

from __future__ import annotations

from functools import lru_cache

from app.facts.speakers import Said
from app.services.articles import paragraph_spans
from app.services.quote_speakers import attribute, plain_name, speaker_key

# Bodies read lately: a story page analyses each article with every other one.
_CACHED_BODIES = 256


@lru_cache(maxsize=_CACHED_BODIES)
def statements(body: str) -> tuple[Said, ...]:
    """Every quotation and reported statement of `body` (`attribute`, with reported speech)
    whose speaker the text names, with offsets into `body`. The quote tracker's rules
    decide who spoke, "he said" and "the President said" resolved as it resolves them.

    A change here that could change who is found saying what changes stored analyses:
    bump `app.facts.params.FACTS_REVISION` with it.
    """
    paragraphs = body.split("\n\n")
    starts = [start for start, _ in paragraph_spans(paragraphs)]
    out = []
    for index, found in attribute(paragraphs, reported=True):
        key = speaker_key(found.speaker)
        if found.speaker and key:
            start = starts[index] + found.start
            out.append(Said(start, start + len(found.text), plain_name(found.speaker), key))
    return tuple(out)
