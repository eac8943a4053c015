"""Who the text says spoke a quotation, and which quotations are one statement."""

from __future__ import annotations

import warnings

import pytest

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


def test_labelled_quotations() -> None:
    shared_path("seeds")  # skips outside CI when the reference material is missing
    from bench.bench_quotes import NAMES, score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = dict(zip((*NAMES, "all"), score(show=False), strict=True))
    for name in ("seeds", "helsinki", "check"):
        result = results[name]
        assert result.not_found == 0 and result.unlabelled == 0, name
        assert result.speakers_right >= 0.95 * result.labelled, name
    every = results["all"]
    assert every.pairs_together > 20
    assert every.pairs_right >= 0.95 * every.pairs_together
