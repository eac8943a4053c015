"""Who an article says said what, quoted or not, and the speakers a comparison names."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.align import Alignment
from app.services.compare import analyse
from app.services.quote_speakers import attribute, plain_name
from app.services.statements import statements
from tests.facts.lantern_bay import BRANDT, QUILL, QUILL_REPORTED, A, B, C
from tests.stories.corpora import load_seeds

PIER = "the council had promised a new pier twice and had never found the money for it"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (f"Marta Quill told reporters that {PIER}.", "Marta Quill"),
        (f"Harbour master Ivo Brandt, who has run the port for years, said {PIER}.", "Ivo Brandt"),
        (
            f"Sen. John Warner, D-Va., who chairs the harbour committee, said {PIER}.",
            "Sen. John Warner",
        ),
        (f"On Friday, Marta Quill said {PIER}.", "Marta Quill"),
        (f"According to Marta Quill, {PIER}.", "Marta Quill"),
        (f"The mayor says {PIER}, Marta Quill said on Friday.", "Marta Quill"),
        (f"Marta Quill has also noted that {PIER}.", "Marta Quill"),
        # A document, a news agency reporting, or nobody: no one the text says said it.
        (f"The joint statement said {PIER}.", None),
        (f"Reuters reported that {PIER}.", None),
        (f"Everyone in the bay knows {PIER}.", None),
    ],
)
def test_reported_speech_is_who_the_text_says_said_it(sentence: str, speaker: str | None) -> None:
    found = [q for _, q in attribute([sentence], reported=True) if q.reported]
    assert [q.speaker for q in found] == ([speaker] if speaker else [])
    assert not [q for _, q in attribute([sentence]) if q.reported]  # only when asked


def test_a_quotation_is_its_speakers_not_its_source() -> None:
    paragraph = f"“We know {PIER},” Marta Quill said, according to the Lantern Bay Herald."
    found = [q.speaker for _, q in attribute([paragraph], reported=True)]
    assert found == ["Marta Quill"]  # the quotation alone: the Herald only reports it


def test_she_said_is_the_speaker_named_before() -> None:
    paragraphs = ["Marta Quill runs the ferry to Holmsey.", f"She said {PIER}."]
    ((index, found),) = attribute(paragraphs, reported=True)
    assert (index, found.speaker, found.reported) == (1, "Marta Quill", True)


def test_statements_index_the_body_and_name_the_speaker_plainly() -> None:
    body = "\n\n".join(["Harbour news", f"Mayor Marta Quill told reporters that {PIER}."])
    (found,) = statements(body)
    assert body[found.start : found.end] == f"Mayor Marta Quill told reporters that {PIER}."
    assert (found.speaker, found.key) == ("Marta Quill", "quill")
    assert plain_name("Russian President Vladimir Putin") == "Vladimir Putin"
    assert plain_name("U.S. President Donald Trump") == "Donald Trump"
    assert plain_name("Chinese Foreign Minister Wang Yi") == "Wang Yi"
    assert plain_name("Vladimir Putin") == "Vladimir Putin"
    assert plain_name("Secretary of State Antony Blinken") == "Secretary of State Antony Blinken"


def _said(result: Alignment, a: str, b: str) -> list[tuple[str, str, str | None]]:
    return [
        (p.kind, a[p.a.start : p.a.end], b[p.b.start : p.b.end])
        for p in result.passages
        if p.speaker
    ]


def test_a_comparison_names_one_speaker_and_drops_a_link_between_two() -> None:
    named = [(p.kind, p.speaker) for p in analyse(A, C).passages if p.speaker]
    assert named == [("paraphrase", "Marta Quill")]
    assert _said(analyse(A, C), A, C) == [("paraphrase", QUILL, QUILL_REPORTED)]
    # Quill's words and Brandt's, alike: two people said similar things, not one fact.
    for p in analyse(A, B).passages:
        assert not (A[p.a.start : p.a.end] == QUILL and BRANDT in B[p.b.start : p.b.end])


def test_seed_quotations_printed_without_quotation_marks_keep_their_speaker(
    seeds_dir: Path,
) -> None:
    bodies = {doc.id: doc.body for doc in load_seeds(seeds_dir)}
    pti, journal = bodies["003"], bodies["001"]  # 003 reports Putin without quoting him
    (told,) = [s for s in statements(pti) if pti[s.start :].startswith("Putin told Xi that")]
    assert told.speaker == "Putin"
    result = analyse(journal, pti)
    named = {(p.kind, p.speaker, pti[p.b.start : p.b.end][:30]) for p in result.passages}
    # His unquoted statement, linked to the same fact as 001 reports it, and his quotation,
    # cut differently on each side.
    assert ("paraphrase", "Putin", "Putin told Xi that Russia had ") in named
    assert ("quote", "Putin", "Our oilmen have prepared very ") in named
    # What 003 prints unquoted from the joint statement is linked (as edited copy) but
    # names nobody: a statement is a document, not a speaker.
    (unquoted,) = [p for p in result.passages if pti[p.b.start :].startswith("Some forces")]
    assert unquoted.kind == "near" and unquoted.speaker is None
    # A speaker only ever where both articles name the same one.
    assert {p.speaker for p in result.passages} == {"Putin", None}
