"""Sentences keep offsets into the body they came from."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.facts import split_sentences

BODY = (
    'Mr. Okafor told U.S. lawmakers on Tuesday that the port would reopen. "We are not '
    'finished," he said.\nShipping rose 12.5% in March!  Then (at last) the strike ended'
)


def test_sentences_index_the_body() -> None:
    sentences = split_sentences(BODY)
    assert [s.text for s in sentences] == [
        "Mr. Okafor told U.S. lawmakers on Tuesday that the port would reopen.",
        '"We are not finished," he said.',
        "Shipping rose 12.5% in March!",
        "Then (at last) the strike ended",
    ]
    for s in sentences:
        assert BODY[s.start : s.end] == s.text


def test_empty_and_punctuation_only_bodies_have_no_sentences() -> None:
    assert split_sentences("") == ()
    assert split_sentences(" ... !? \n") == ()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab C.!?"\n ,1'), max_size=60))
def test_offsets_hold_and_never_overlap_for_any_text(body: str) -> None:
    end = 0
    for s in split_sentences(body):
        assert body[s.start : s.end] == s.text
        assert end <= s.start < s.end
        end = s.end
