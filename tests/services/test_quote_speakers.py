"""Who the text says spoke a quotation, and which quotations are one statement."""

from __future__ import annotations

import warnings

import pytest

from app.services.quote_marks import quote_spans
from app.services.quote_speakers import attribute, find_quotations, speaker_key
from app.services.quote_tracker import Source, group_quotations
from tests.conftest import shared_path

SAID = "“We have been promised a new pier before, and we are still waiting,” "


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        (SAID + "said Marta Quill.", "Marta Quill"),
        (SAID + "Marta Quill, a ferry pilot, told reporters.", "Marta Quill"),
        ("Marta Quill said: " + SAID.strip(), "Marta Quill"),
        ("According to the Harbour Office, " + SAID.strip(), "Harbour Office"),
        (SAID + "said harbour official Ivo Brandt.", "Ivo Brandt"),
        # Places, events and words inside the quotation never speak; nor does a document.
        ("At the Winter Games, " + SAID.strip(), None),
        ("Since the Cold War the United States " + SAID.strip(), None),
        ("“Marta Quill said we have been promised a new pier,” the statement said.", None),
        ("The pier was quiet. " + SAID.strip(), None),
    ],
)
def test_speaker_is_who_the_text_says_spoke(paragraph: str, speaker: str | None) -> None:
    (quote,) = find_quotations(paragraph)
    assert quote.speaker == speaker


def test_he_said_is_the_speaker_named_before() -> None:
    paragraphs = ["Marta Quill, who runs the ferry, said the pier was rotten.", SAID + "she said."]
    ((_, quote),) = attribute(paragraphs)
    assert quote.speaker == "Marta Quill"
    ((_, alone),) = attribute([SAID + "she said."])
    assert alone.speaker is None  # the text does not say who


def test_speaker_key_is_the_last_name() -> None:
    assert speaker_key("Republican Sen. John McCain of Arizona") == "mccain"
    assert speaker_key("California Secretary of State Alex Padilla") == "padilla"
    assert speaker_key("Putin") == speaker_key("Vladimir Putin")


def test_groups_hold_one_statement_and_each_outlet_once() -> None:
    full = "“We have been promised a new pier before, and we are still waiting for it,” she said."
    sources = [
        Source("a", "Bay News", [f"Marta Quill said. {full}", SAID + "said Marta Quill."]),
        Source("b", "Lantern", [SAID + "said Marta Quill."]),
        # Same words, another speaker: another statement.
        Source("c", "Gazette", [SAID + "said Ivo Brandt."]),
        # A different statement sharing a few words.
        Source(
            "d", "Courier", ["“We have been promised nothing by the council so far,” said Quill."]
        ),
    ]
    groups = group_quotations(sources)
    quill = next(g for g in groups if g.speaker == "Marta Quill" and len(g.outlets) > 1)
    assert quill.outlets == ["Bay News", "Lantern"]  # Bay News once, with its fuller version
    assert quill.text.endswith("waiting for it")
    assert all("Gazette" not in g.outlets or len(g.outlets) == 1 for g in groups)
    assert all("Courier" not in g.outlets or len(g.outlets) == 1 for g in groups)


def test_a_quotation_in_a_reported_clause_is_the_speakers() -> None:
    paragraph = (
        "In May, while opening the new terminal with the mayor, Marta Quill said in the same"
        " breath that the ferry was “late again” and that the council would never pay for"
        " “a new pier before the end of the century,” although it already has."
    )
    (quote,) = find_quotations(paragraph)
    assert quote.speaker == "Marta Quill"
    # A full stop closes the clause: the next sentence's quotation is not hers.
    (other,) = find_quotations("Marta Quill said so. Then “a new pier is not on the list,” ...")
    assert other.speaker is None


@pytest.mark.parametrize(
    "paragraphs",
    [
        # "he" after a sentence whose subject is the name, with an adverb before the verb.
        [
            "Before leaving the harbour on Thursday, Ivo Brandt was asked about the pier.",
            "His answer was short. Then he vaguely spoke about how “the pier will be"
            " built before the winter comes to the bay.”",
        ],
        # The name two paragraphs up, as the subject of a long appositive, no speaking verb.
        [
            "Ivo Brandt, a senior fellow for harbours and ferries at the Institute of Coastal"
            " Studies in Porto, sees room for a deal.",
            "The council has not said what it wants.",
            SAID + "he said.",
        ],
        # "according to" names who spoke.
        [
            "Pier money is short, according to Ivo Brandt, an adviser to the council.",
            SAID + "he said.",
        ],
    ],
)
def test_he_said_is_the_person_named_before(paragraphs: list[str]) -> None:
    (*_, (_, quote)) = attribute(paragraphs)
    assert quote.speaker == "Ivo Brandt"


def test_he_said_looks_back_only_so_far() -> None:
    subject = "Ivo Brandt, a harbour pilot, sees room for a deal."
    quiet = "The council has not said what it wants."
    ((_, quote),) = attribute([subject, quiet, quiet, SAID + "he said."])
    assert quote.speaker is None


def test_he_is_named_before_the_pronoun_not_after() -> None:
    paragraphs = [
        "Marta Quill told the council about the ferry.",
        "She said that in Porto, Ivo Brandt should “build a new pier before the winter comes.”",
    ]
    ((_, quote),) = attribute(paragraphs)
    assert quote.speaker == "Marta Quill"


def test_the_president_is_the_person_the_text_calls_president() -> None:
    opening = (
        "President Ana Duarte met Veldian President Tomas Reis and former President Jon Alves."
    )
    said = "The President said the pier “will be built before the winter comes to the bay.”"
    ((_, quote),) = attribute([opening, said])
    assert speaker_key(quote.speaker) == "duarte"  # not the Veldian president, nor the former
    ((_, veldian),) = attribute([opening, said.replace("The President", "The Veldian President")])
    assert speaker_key(veldian.speaker) == "reis"
    # A text that names no president, or does not say which, keeps the title: someone in
    # that office spoke.
    ((_, alone),) = attribute([said])
    assert alone.speaker == "President"
    two = "Veldian President Tomas Reis met Ostrian President Ana Duarte."
    ((_, which),) = attribute([two, said])
    assert which.speaker == "President"
    # "King" alone is a name more often than an office.
    ((_, king),) = attribute(["Martin Luther King Jr. marched.", "As Dr. King said, " + SAID])
    assert speaker_key(king.speaker) == "king"


@pytest.mark.parametrize(
    ("paragraph", "quotations"),
    [
        # A curly mark closed by a straight one, and two apostrophes for a straight mark.
        ('She said “we will see what happens" on the pier.', ["we will see what happens"]),
        ("\"We thanked the council for that.'' she said.", ["We thanked the council for that."]),
        # Quotations inside one stay inside it, of either kind.
        ("“Her “new pier” is a fiction” he said.", ["Her “new pier” is a fiction"]),
        ('“Her "new pier" is a fiction” he said.', ['Her "new pier" is a fiction']),
        # One not closed stops where the next opens, or runs to the paragraph's end.
        (
            'Quill told "Harbour Hour. "We are still waiting."',
            ["Harbour Hour.", "We are still waiting."],
        ),
        ("“We are still waiting. And waiting", ["We are still waiting. And waiting"]),
        # A stray closing mark opens nothing.
        ("The pier” is old. “It leaks,” she said.", ["It leaks,"]),
    ],
)
def test_quotation_marks_pair_as_a_reader_pairs_them(paragraph: str, quotations: list[str]) -> None:
    spans = quote_spans(paragraph)
    assert [paragraph[s.text_start : s.text_end] for s in spans] == quotations
    assert [s.runs_on for s in spans][-1] == quotations[-1].endswith("waiting")


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        # A quoted title inside the attribution does not end it.
        (
            "Marta Quill told the “Harbour Hour” show that the pier was “a danger to every"
            " passenger who waits on it.”",
            "Marta Quill",
        ),
        # An office, then its holder: the holder speaks, not the office's country.
        (
            "The Mayor of Lantern Bay, Marta Quill, told reporters that the pier was"
            " “a danger to every passenger who waits on it.”",
            "Marta Quill",
        ),
        # When it was said, between the name and the verb.
        (
            "Marta Quill on Friday praised the council and called on it to close the pier"
            " unless it is “ready to mend every plank before the winter storms.”",
            "Marta Quill",
        ),
    ],
)
def test_attribution_reads_on_past_titles_offices_and_days(paragraph: str, speaker: str) -> None:
    (quote,) = find_quotations(paragraph)
    assert quote.speaker == speaker


def test_a_quotation_goes_on_in_the_next_paragraph_and_after_he_added() -> None:
    paragraphs = [
        SAID + "Marta Quill said on Friday. “The council has had the money since the spring.",
        "“And not one plank of the pier has been mended since then, not one,” she added."
        " “We will keep asking the council until someone listens to us.”",
        "“Nobody listens to the ferry pilots, and nobody ever will,” the old sign read.",
    ]
    speakers = [q.speaker for _, q in attribute(paragraphs)]
    assert speakers == ["Marta Quill"] * 4 + [None]
    # A quotation closed in its paragraph lends its speaker to nothing after it.
    closed = [SAID + "said Marta Quill.", "“Nobody listens to the ferry pilots, and nobody will.”"]
    assert [q.speaker for _, q in attribute(closed)] == ["Marta Quill", None]


def test_labelled_quotations() -> None:
    shared_path("seeds")  # skips outside CI when the reference material is missing
    from bench.bench_quotes import TUNING, score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = score(show=False)
    for name in TUNING:
        result = results[name]
        assert result.not_found == 0 and result.unlabelled == 0, name
        assert result.speakers_right >= 0.95 * result.labelled, name
    # The held-out set is measured, not held to a figure here: it must only be read.
    assert results["held out"].labelled > 0
    every = results["all"]
    assert every.pairs_together > 20
    assert every.pairs_right >= 0.95 * every.pairs_together
