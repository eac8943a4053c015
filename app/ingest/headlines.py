"""Does a line read as a headline? Captions, bylines, navigation, dates and counters don't."""

from __future__ import annotations

import re

from app.ingest.rules import is_date_line, parse_date, words

# A headline has between these many words.
MIN_WORDS, MAX_WORDS = 3, 25
# A title-cased line has at least this share of its longer words capitalised.
TITLE_CASE_SHARE = 0.7
# Words this long or longer count for title case ("of", "the", "and" do not).
TITLE_CASE_MIN_LETTERS = 4
# The headline of an article without one, followed by ": " and the body's first words.
UNTITLED = "Untitled"

_I = re.IGNORECASE
# Each pattern is one kind of page furniture that sits where a headline would and that
# the line rules let through (they judge lines for the body, not for the headline).
_NOT_HEADLINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "Image 1 of 15", "1 / 6", "Series 1 Episode 3 of 4".
    ("counter", re.compile(r"^\W*\d+\s*(of|/)\s*\d+\W*$|\b(image|photo|picture|slide|episode"
                           r"|part|page|item|video)s?\s+\d+\s*(of|/)\s*\d+\b", _I)),
    # "Image caption ...", "FILE - In this July 7, 2017, file photo, ...", "Putin (L) and ...".
    ("caption", re.compile(r"^(image|media|photo|video) (caption|copyright)\b|^FILE\s*[-–—]"
                           r"|\bfile photo\b|^(photo|image|picture)s?\s*:|\((L|R|C|left|right)\)"
                           r"|^\(.*\)$|^enlarge this image", _I)),
    # A caption run into its credit: "... in Helsinki.Pablo Martinez Monsivais/Associated Press".
    ("caption", re.compile(r"[a-z]{2}\.[A-Z][a-z]+ [A-Z]|\w/(The )?Associated Press$")),
    # "Analysis by A , CNN", "Jill Colvin, Associated Press Published ...", "A Contact Reporter".
    ("byline", re.compile(r"^((analysis|opinion|commentary|review|story|text|words|reporting)"
                          r"\s+)?by\s|\bcontact reporter\b|\bemail the author\b|posted at\b"
                          r"|\s[—–-]\s+by\s|(^|\s)@\w+|\S@\S", _I)),
    # "With Breanne Deppisch and Joanie Greve", "From CNN's Kevin Liptak".
    ("byline", re.compile(r"^(From|With) ([A-Z][\w.'’-]+'s )?[A-Z][\w.'’-]+ [A-Z][\w.'’-]+"
                          r"( and [A-Z][\w.'’-]+ [A-Z][\w.'’-]+)?$")),
    # "Updated 7:04 PM ET", "Published 9:21 a.m. ET July 15, 2018", "Watch ... 04:45".
    ("time", re.compile(r"\b(published|updated|posted|modified)\b[^|]{0,40}\d"
                        r"|\b\d{1,2}:\d{2}\s*([ap]\.?m\.?|ET|EDT|EST|CDT|GMT|BST)?\s*$", _I)),
    # Navigation, sign-in and promotion lines.
    ("navigation", re.compile(
        r"^(scroll|go|back|skip|jump|return)\s+to\b|^(tap|click|press)\s+here\b"
        r"|^you are (signed|logged) in\b|\bpowered by\b|^get (breaking|daily|the latest|our"
        r"|free)\b|^try\b.*\bfor \$|\border reprint\b|^purchase\b|^question of the day$"
        r"|^welcome to\b|^what we'?re covering\b|\bconversation guidelines\b|\bsign[- ]?up\b"
        r"|\bnotifications?\b|\bnewsletters?\b|\binterpretation of the news\b"
        r"|^(top|full|live) coverage$|[•|»›]\s*$|^(permalink|share|print|close|subscribe"
        r"|read more|filed under|enter)\b|\bexternal links?\b|^(post|share) (to|on) \w+$|https?://"
        r"|\b[\w-]+\.(com|org|net|co\.uk|ie)\b", _I)),
)  # fmt: skip
# Names as a byline gives them: "Anton Troianovski and Philip Rucker".
_PERSON = r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}"
_NAMES = re.compile(rf"^{_PERSON}(?:\s*(?:,|and|&)\s*{_PERSON})*$")
# An outlet's own name: a few capitalised words ending in a newspaper word.
_SITE_NAME = re.compile(
    r"^(the )?([A-Z][\w.'’&-]*\s+){0,3}(times|post|globe|news|press|herald|tribune|journal"
    r"|magazine|watch|daily|chronicle|observer|gazette|star|sun|telegraph|guardian|review"
    r"|online|today|wire|media|network|radio|tv)$",
    _I,
)


def not_a_headline(line: str) -> str | None:
    """Why `line` is not a headline ("byline", "counter", ...), or None when it reads as one."""
    n = len(words(line))
    if n < MIN_WORDS:
        return "too short"
    if n > MAX_WORDS:
        return "too long"
    if line.rstrip()[-1:] in ".,;:" and not line.rstrip().endswith(("...", "…")):
        return "sentence"
    if is_date_line(line):
        return "date"
    if not re.search(r"[^\W\d_]", line):
        return "no words"
    if " ".join(w for w in words(line) if w not in ("and", "&")).isupper() and n <= 8:
        return "byline"  # "JONATHAN LEMIRE and VLADIMIR ISACHENKOV": names in capitals
    for reason, pattern in _NOT_HEADLINES:
        if pattern.search(line):
            return reason
    if _SITE_NAME.match(line) and title_cased(line):
        return "site name"
    if _names_and_outlet(line):
        return "byline"
    if (date := parse_date(line)) and date.year > 1900 and re.search(r"\b\d{4}\b", line):
        return "date"  # a full date: "... meet on July 7, 2017, in Hamburg" is a caption
    return None


def _names_and_outlet(line: str) -> bool:
    """ "James Hohmann, The Washington Post", "Newser — Rob Quinn": people and an outlet."""
    for sep in (",", " — ", " – ", " - "):
        head, found, tail = line.rpartition(sep)
        if found and head.strip() and tail.strip():
            head, tail = head.strip(), tail.strip().removeprefix("By ").removeprefix("by ")
            if _NAMES.match(head) and (_SITE_NAME.match(tail) or _NAMES.match(tail)):
                return title_cased(line) and len(words(line)) <= 12
    return False


def title_cased(line: str) -> bool:
    """Are most of the line's longer words capitalised, as in "Will Putin Spare Trump"?"""
    longer = [w for w in words(line) if len(re.sub(r"\W", "", w)) >= TITLE_CASE_MIN_LETTERS]
    if not longer:
        return False
    capitalised = sum(w.lstrip("\"'“‘(")[:1].isupper() for w in longer)
    return capitalised >= TITLE_CASE_SHARE * len(longer)
