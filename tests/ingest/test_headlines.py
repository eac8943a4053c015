"""What reads as a headline, and what is page furniture standing where one would."""

from __future__ import annotations

import pytest

from app.ingest.headlines import not_a_headline

FURNITURE = [
    ("Image 1 of 15", "counter"),
    ("1 / 6", "no words"),
    ("Series 1 Episode 3 of 4", "counter"),
    ("Image caption The ferry leaves the old pier", "caption"),
    ("FILE - In this March 2, 2024, file photo, a ferry docks", "caption"),
    ("Analysis by Marta Quill , Lantern Gazette", "byline"),
    ("Marta Quill and Ivo Brandt, Associated Press", "byline"),
    ("MARTA QUILL and IVO BRANDT", "byline"),
    ("Marta Quill Contact Reporter", "byline"),
    ("With Marta Quill and Ivo Brandt", "byline"),
    ("Updated 7:04 PM ET, Sun March 3, 2024", "date"),
    ("Watch the council vote on the pier 04:45", "time"),
    ("Scroll to top of page", "navigation"),
    ("Tap here to turn on desktop notifications", "navigation"),
    ("Get breaking news alerts from the Gazette", "navigation"),
    ("Yahoo View •", "navigation"),
    ("The Lantern Gazette", "site name"),
    ("Saturday, 2 March 2024", "date"),
    ("Islanders meet the ferry crew on March 2, 2024, in Port Elwin", "date"),
    ("Council votes to close the pier.", "sentence"),
    ("Pier", "too short"),
]
HEADLINES = [
    "Ferry pier to close for repairs as islanders protest",
    "Will the Pier Survive Another Winter?",
    "Pier closes: 'We have been promised a new one before'",
    "The Latest: Council votes on ferry pier",
    "12 islanders sue council over pier closure",
]


@pytest.mark.parametrize(("line", "reason"), FURNITURE)
def test_page_furniture_is_not_a_headline(line: str, reason: str) -> None:
    assert not_a_headline(line) == reason


@pytest.mark.parametrize("line", HEADLINES)
def test_headlines_read_as_headlines(line: str) -> None:
    assert not_a_headline(line) is None
