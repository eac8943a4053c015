"""An independent checker for junk headlines: the patterns found reading the Helsinki set.

Written apart from `app.ingest.headlines` on purpose (a checker that shared the
extractor's rules could only agree with it): each pattern below is a kind of line that
stood where a headline should in the Helsinki week's scraped articles.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
JUNK: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "counter",
        re.compile(r"^\W*(image|photo|slide)?\s*\d+\s*(of|/)\s*\d+\W*$|\bepisode \d+ of", _I),
    ),
    (
        "caption",
        re.compile(
            r"^image (caption|copyright)|^file\s*[-–—]|\((l|r)\)|photograph by"
            r"|^photo:",
            _I,
        ),
    ),
    (
        "byline",
        re.compile(
            r"^(analysis |opinion )?by\s|\bassociated press$|contact reporter"
            r"|, (the )?(washington post|associated press|usa today|cnn)\b"
            r"|posted at \d|email the author|^from cnn's",
            _I,
        ),
    ),
    ("byline", re.compile(r"^With [A-Z]\w+ [A-Z]\w+( and [A-Z]\w+ [A-Z]\w+)?$")),
    ("byline in capitals", re.compile(r"^[A-Z][A-Z .'-]+(, [A-Z][A-Z .'-]+)* and [A-Z .'-]+$")),
    (
        "navigation",
        re.compile(
            r"scroll to top|go to permalink|back to gallery|close share panel"
            r"|tap here|you are signed in|powered by|post to facebook|filed under"
            r"|enter city|external links|read more about|enlarge this image"
            r"|conversation guidelines|want to get this briefing",
            _I,
        ),
    ),
    (
        "promotion",
        re.compile(
            r"get breaking news|^get daily|try one month|order reprint"
            r"|subscribe to|newsletter|sign[- ]up|question of the day"
            r"|day forecast",
            _I,
        ),
    ),
    (
        "outlet name",
        re.compile(
            r"^(the )?(boston globe|associated press|south park magazine"
            r"|human wrongs watch|yahoo view|washington times)\W*$",
            _I,
        ),
    ),
    (
        "date or time",
        re.compile(
            r"\b(updated|published)\b.*\d|^\w+day, \w+\.? \d+|\d{1,2}:\d{2}"
            r"\s*([ap]\.?m\.?|et)?$",
            _I,
        ),
    ),
    ("tweet or address", re.compile(r"\(@\w+\)|\w@\w|https?://|\w\.com\b", _I)),
    ("label", re.compile(r"interpretation of the news|what we're covering|welcome to our", _I)),
)
UNTITLED_PREFIX = "Untitled: "


def junk_kind(title: str) -> str | None:
    """The kind of junk a headline is, or None; an "Untitled: ..." one is judged on its words."""
    text = " ".join(title.split()).removeprefix(UNTITLED_PREFIX)
    for kind, pattern in JUNK:
        if pattern.search(text):
            return kind
    return None
