"""Line rules for reading times, metadata rows, wire credits and photo credits (own examples)."""

from __future__ import annotations

import pytest

from app.ingest.rules import Kind, classify_line, parse_date


@pytest.mark.parametrize(
    "line",
    [
        "4 minute read",
        "3 min read",
        "6-minute read",
        "12 mins read",
        "2 min listen",
        "Reading time: 5 minutes",
        "Estimated reading time 7 min",
        "⏱ 4 min read",
    ],
)
def test_reading_time_lines_are_boilerplate(line: str) -> None:
    assert classify_line(line) is Kind.BOILER


@pytest.mark.parametrize(
    "line",
    ["Updated 41 min ago", "Published 3 hours ago", "2 days ago", "Last updated: 5 minutes ago"],
)
def test_relative_timestamps_are_boilerplate(line: str) -> None:
    assert classify_line(line) is Kind.BOILER


@pytest.mark.parametrize(
    "line",
    [
        "It takes a 4 minute read of the manual to learn how the lock works.",
        "The ferry left 20 minutes ago, the harbour master said.",
        "Reading time has fallen among teenagers, a survey of Elwin schools found.",
    ],
)
def test_sentences_about_time_are_left_alone(line: str) -> None:
    assert classify_line(line) is None


def test_metadata_row_with_a_date_is_a_date_line() -> None:
    line = "Harbours | March 3, 2024 9:15 AM GMT | Updated 41 min ago"
    assert classify_line(line) is Kind.DATE
    assert parse_date(line) is not None


def test_metadata_row_without_a_date_is_boilerplate() -> None:
    assert classify_line("Islands | 4 min read | Updated 2 hours ago") is Kind.BOILER


@pytest.mark.parametrize(
    "line",
    [
        "Ferries | Buses | Trains",  # labels only: no time, so not a metadata row
        "The pier | which islanders built in 1981 | will close for eighteen months from May",
    ],
)
def test_rows_without_times_are_not_metadata(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "(Reporting by Marta Quill in Port Elwin; editing by Tomas Brede)",
        "(Reporting by Marta Quill; additional reporting by Ana Lisk in Dunmore; "
        "Writing by Oren Pell; Editing by Tomas Brede)",
        "Reporting by Marta Quill; Editing by Tomas Brede",
        "(Compiled by the Gazette news desk)",
    ],
)
def test_wire_credit_lines_are_boilerplate(line: str) -> None:
    assert classify_line(line) is Kind.BOILER


def test_a_sentence_opening_with_reporting_by_is_not_a_credit() -> None:
    line = "Reporting by the harbour office suggests the pier could reopen in spring."
    assert classify_line(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "The ferry leaves the old pier at Port Elwin, March 3, 2024. LGP/Ana Lisk",
        "Islanders queue for the last crossing on Sunday. (Ana Lisk/Lantern Gazette Pictures)",
        "The pier at low tide. Photograph: Ana Lisk/Lantern Gazette",
        "The pier at low tide. (Photo: Ana Lisk / Harbour Office)",
        "The temporary landing at the fishing quay. (Image: reader submission)",
    ],
)
def test_caption_lines_ending_in_a_photo_credit(line: str) -> None:
    assert classify_line(line) is Kind.CAPTION


@pytest.mark.parametrize(
    "line",
    [
        "The council said repairs would start in May and last until 2026.",
        "Fares rise on 1 June (the council/harbour board decision is final).",
        "Traffic on the A9/M90 junction was slow on Monday.",
    ],
)
def test_body_sentences_with_slashes_are_not_captions(line: str) -> None:
    assert classify_line(line) is not Kind.CAPTION
