"""The plain-text extractor on a page written for these tests (fictional outlet and story)."""

from __future__ import annotations

import datetime

import pytest

from app.errors import InvalidInput
from app.ingest import extract_text
from app.ingest.extract_text import TextParams, derive_title, extract_text_with

BODY = [
    "The harbour council of Port Elwin voted on Tuesday to close the old ferry pier for "
    "repairs, ending a service that islanders have relied on for more than forty years.",
    "Council members said the timber supports had rotted beyond repair and that a survey "
    "in the spring found the pier could no longer carry the weight of a loaded ferry.",
    "What happens next",
    "A temporary landing will be built at the fishing quay, the council said, although "
    "residents of the outer islands warned that the walk from the quay to the bus stop "
    "would be too long for many older passengers.",
    "“We have been promised a new pier before, and we are still waiting,” said one "
    "islander, who has used the ferry every week since she was a child.",
    "The council expects the repairs to take at least eighteen months and to cost more "
    "than the harbour budget allows, so it will ask the regional government for help.",
]
COMMENTS = [
    "This pier has been falling apart for years and everyone in the harbour knew it, so the "
    "council should have acted much sooner.",
    "I agree completely, and the temporary landing at the fishing quay is a bad idea for all "
    "of the older passengers.",
]
CAPTION = "Passengers leave the ferry at the old pier in Port Elwin. (Photo: Harbour Office)"
PAGE = f"""Saturday, 2 March 2024
The Lantern Gazette
• News
• Sport
• Weather
Home > News > Port Elwin > Ferry pier to close
Have an account? Sign in

Ferry pier to close for repairs as islanders protest

By Marta Quill
Published 3 March 2024

Share
Facebook Twitter Email

{BODY[0]}

{BODY[1]}

Advertisement

{BODY[2]}

{BODY[3]}

Read also: Lighthouse keeper retires after thirty years

{CAPTION}

{BODY[4]}

{BODY[5]}

Support independent journalism: please donate what you can so that our reporters can keep
covering the islands. Subscribe today.

Share this article
Twitter Email Copy Link Print

Related articles
Island school gets a new roof
Bus timetable changes from April

12 Comments
Leave a comment
{COMMENTS[0]}
{COMMENTS[1]}

© 2024 The Lantern Gazette. All rights reserved.
"""


def test_fictional_page_body_is_only_the_story() -> None:
    got = extract_text(PAGE)
    assert got.paragraphs == tuple(BODY)


def test_fictional_page_metadata_and_captions() -> None:
    got = extract_text(PAGE)
    assert got.title == "Ferry pier to close for repairs as islanders protest"
    assert not got.title_derived
    assert got.byline == "Marta Quill"
    assert got.published == datetime.date(2024, 3, 3)
    assert got.site_name == "The Lantern Gazette"
    assert got.language == "en"
    assert got.captions == (CAPTION,)


def test_single_newline_paragraphs_and_derived_title() -> None:
    text = "\n".join(BODY[i] for i in (0, 1, 3, 5))
    got = extract_text(text)
    assert got.paragraphs == tuple(BODY[i] for i in (0, 1, 3, 5))
    assert got.title_derived
    # No line reads as a headline: "Untitled" and the body's first words, marked as cut.
    assert got.title == "Untitled: The harbour council of Port Elwin voted on Tuesday to close…"


def test_whitespace_is_normalised_but_words_are_kept() -> None:
    messy = "  " + BODY[0].replace(" ", "   \t ", 3) + "\u00a0 \n\n" + BODY[1] + "\r\n"
    got = extract_text(messy)
    assert got.paragraphs == (BODY[0], BODY[1])


def test_hard_wrapped_paragraphs_are_joined() -> None:
    wrapped = "\n\n".join(_wrap(p, 72) for p in (BODY[0], BODY[1], BODY[3]))
    got = extract_text(wrapped)
    assert got.paragraphs == (BODY[0], BODY[1], BODY[3])


def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t\n  ", "Home\nNews\nSport\nContact us", "• News\n• Sport\n© 2024 Someone"],
)
def test_no_article_raises(text: str) -> None:
    with pytest.raises(InvalidInput, match="(?i)no article text found"):
        extract_text(text)


@pytest.mark.parametrize(
    ("paragraph", "title"),
    [
        ("LISBON (Reuters) — The port reopened on Monday.", "The port reopened on Monday"),
        (
            "Mr. Abel and the U.S. team left early. Then rain came.",
            "Mr. Abel and the U.S. team left early",
        ),
        (
            "Officials from the regional water authority confirmed late on Friday evening that "
            "the reservoir had reached its lowest level in a decade.",
            "Officials from the regional water authority confirmed late on Friday evening",
        ),
    ],
)
def test_derive_title(paragraph: str, title: str) -> None:
    assert derive_title(paragraph) == title


WIRE_CAPTION = "The old ferry pier at Port Elwin, March 3, 2024. LGP/Ana Lisk"
WIRE_PAGE = f"""Lantern Gazette Pictures
Harbours | March 3, 2024 9:15 AM GMT | Updated 41 min ago

Ferry pier to close for repairs as islanders protest

By Marta Quill

4 minute read

{WIRE_CAPTION}

{BODY[0]}

{BODY[1]}

{BODY[3]}

(Reporting by Marta Quill in Port Elwin; additional reporting by Ana Lisk; editing by Tomas Brede)

Read Next
Lighthouse keeper retires after thirty years
"""


def test_wire_page_title_is_the_headline_not_the_reading_time() -> None:
    got = extract_text(WIRE_PAGE)
    assert got.title == "Ferry pier to close for repairs as islanders protest"
    assert not got.title_derived
    assert got.byline == "Marta Quill"


def test_wire_page_credit_line_is_not_body_and_caption_is_apart() -> None:
    got = extract_text(WIRE_PAGE)
    assert got.paragraphs == (BODY[0], BODY[1], BODY[3])
    assert got.captions == (WIRE_CAPTION,)


def test_caption_credit_in_brackets_after_the_headline() -> None:
    caption = "Islanders queue for the last crossing on Sunday. (Ana Lisk/Lantern Gazette)"
    text = f"Ferry pier to close for repairs\n\n{caption}\n\n" + "\n\n".join(BODY[:2])
    got = extract_text(text)
    assert got.title == "Ferry pier to close for repairs"
    assert got.captions == (caption,)
    assert got.paragraphs == tuple(BODY[:2])


LEDE = "PORT ELWIN (AP) — Rotten timber. A halted ferry. Furious islanders. Eighteen months."
QUOTE_LINE = "“It is a sad day.”"


def test_a_short_dateline_lede_and_a_one_line_quote_stay_in_the_body() -> None:
    # Few stopwords and short sentences make both look like furniture to jusText alone.
    page = "\n\n".join(
        [
            "Image 1 of 3",
            "Ferry pier to close for repairs as islanders protest",
            "Marta Quill and Ivo Brandt, Associated Press",
            "Back to Gallery",
            LEDE,
            BODY[0],
            BODY[1],
            QUOTE_LINE,
            BODY[3],
        ]
    )
    got = extract_text(page)
    assert got.title == "Ferry pier to close for repairs as islanders protest"
    assert got.paragraphs == (LEDE, BODY[0], BODY[1], QUOTE_LINE, BODY[3])


def test_rules_off_drop_the_lede_as_they_used_to() -> None:
    page = "\n\n".join(["Ferry pier to close", "Share", LEDE, BODY[0], BODY[1]])
    assert extract_text(page).paragraphs[0] == LEDE
    old = extract_text_with(page, TextParams(keep_ledes=False, headline_rules=False))
    assert LEDE not in old.paragraphs
