"""A story's title: the headline its articles have in common, never page furniture."""

from __future__ import annotations

import datetime

from app.stories import Corpus, Doc, story_title

D = datetime.date(2024, 3, 2)
BODY = (
    "The harbour council of Port Elwin voted on Tuesday to close the old ferry pier for "
    "repairs, ending a service that islanders have relied on for more than forty years."
)
WIRE = "Ferry pier to close for repairs as islanders protest"


def doc(id: str, title: str, body: str = BODY) -> Doc:
    return Doc(id=id, title=title, body=f"{body} ({id})", published=D)


def test_the_headline_most_articles_carry_wins() -> None:
    docs = [
        doc("a", "Islanders fight pier closure"),
        doc("b", WIRE),
        doc("c", "Ferry Pier to Close for Repairs as Islanders Protest"),
        doc("d", "Council shuts pier"),
    ]
    assert story_title(docs, Corpus()).casefold() == WIRE.casefold()


def test_made_up_headlines_are_never_chosen_however_many_carry_them() -> None:
    docs = [
        doc("a", "Untitled: The harbour council of Port Elwin voted…"),
        doc("b", "Untitled: The harbour council of Port Elwin voted…"),
        doc("c", "Council shuts pier after survey"),
    ]
    assert story_title(docs, Corpus()) == "Council shuts pier after survey"


def test_without_any_headline_an_untitled_one_names_the_story() -> None:
    docs = [doc("a", ""), doc("b", "Untitled: The harbour council…")]
    assert story_title(docs, Corpus()) == "Untitled: The harbour council…"
