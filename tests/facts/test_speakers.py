"""Who said a passage: the speaker both texts name it by, and no same-fact link between
two speakers' statements (the statements are given, as the app finds them)."""

from __future__ import annotations

from app.align import Span, mirror
from app.facts.analysis import analyse
from app.facts.speakers import Said, different_speakers, shared_speaker, speaker_at
from tests.facts.lantern_bay import (
    BRANDT,
    COUNCIL_A,
    HEAD_B,
    QUILL,
    QUILL_REPORTED,
    WORK_B,
    A,
    B,
    C,
)


def said(body: str, sentence: str, speaker: str, key: str) -> Said:
    start = body.index(sentence)
    return Said(start, start + len(sentence), speaker, key)


def _meet(x: Span, y: Span) -> bool:
    return x.start < y.end and y.start < x.end


def span(body: str, text: str) -> Span:
    start = body.index(text)
    return Span(start, start + len(text))


def test_a_side_is_the_speaker_whose_statements_cover_most_of_it() -> None:
    quote = said(A, QUILL[1:80], "Quill", "quill")
    whole = said(A, QUILL, "Marta Quill", "quill")
    assert speaker_at(span(A, QUILL), [quote]) == quote  # most of the sentence is quoted
    assert speaker_at(span(A, COUNCIL_A + "\n\n" + QUILL), [quote]) is None  # under half
    # Two statements of one speaker over the same words count once; the fuller name wins.
    assert speaker_at(span(A, QUILL), [quote, whole]) == whole
    assert speaker_at(span(A, QUILL), []) is None


def test_both_sides_must_name_one_speaker() -> None:
    quill_a = [said(A, QUILL, "Quill", "quill")]
    quill_c = [said(C, QUILL_REPORTED, "Marta Quill", "quill")]
    brandt = [said(B, BRANDT, "Ivo Brandt", "brandt")]
    a, b, c = span(A, QUILL), span(B, BRANDT), span(C, QUILL_REPORTED)
    assert shared_speaker(a, c, quill_a, quill_c) == "Marta Quill"
    assert shared_speaker(a, b, quill_a, brandt) is None
    assert different_speakers(a, b, quill_a, brandt)
    assert not different_speakers(a, b, quill_a, [])  # one side names nobody: no verdict
    assert shared_speaker(a, b, quill_a, []) is None


def test_a_link_between_two_speakers_statements_is_dropped() -> None:
    statements = (
        [said(A, QUILL, "Marta Quill", "quill")],
        [said(B, BRANDT, "Ivo Brandt", "brandt")],
    )
    alone = analyse(A, B)
    linked = [(A[p.a.start : p.a.end], B[p.b.start : p.b.end]) for p in alone.passages]
    assert (QUILL, BRANDT) in linked  # the same words of substance: the model links them
    vetoed = analyse(A, B, said=statements)
    quill, brandt = span(A, QUILL), span(B, BRANDT)
    assert not any(_meet(p.a, quill) and _meet(p.b, brandt) for p in vetoed.passages)
    # The other links stay (Brandt's sentence, free again, may join one of them).
    assert [p.a for p in vetoed.passages] == [p.a for p in alone.passages if p.a != quill]
    assert vetoed.stats.paraphrase == alone.stats.paraphrase - 1
    assert sorted(p.id for p in vetoed.passages) == list(range(1, len(vetoed.passages) + 1))
    assert all(p.speaker is None for p in vetoed.passages)


def test_a_passage_both_texts_say_one_person_said_names_them() -> None:
    statements = (
        [said(A, QUILL, "Marta Quill", "quill")],
        [said(C, QUILL_REPORTED, "Marta Quill", "quill")],
    )
    result = analyse(A, C, said=statements)
    ((quoted, reported),) = [
        (A[p.a.start : p.a.end], C[p.b.start : p.b.end]) for p in result.passages if p.speaker
    ]
    assert (quoted, reported) == (QUILL, QUILL_REPORTED)
    assert next(p for p in result.passages if p.speaker).speaker == "Marta Quill"
    # Either way round, the same analysis seen from the other side.
    assert analyse(C, A, said=statements[::-1]) == mirror(result)
    assert all(p.speaker is None for p in analyse(A, C).passages)  # told nothing, names nobody


def test_copy_is_never_dropped_whoever_the_texts_say_said_it() -> None:
    other = QUILL.replace("Marta Quill, the mayor", "Ivo Brandt, the harbour master")
    b = "\n\n".join([HEAD_B, other, WORK_B])
    statements = (
        [said(A, QUILL, "Marta Quill", "quill")],
        [said(b, other, "Ivo Brandt", "brandt")],
    )
    result = analyse(A, b, said=statements)
    copied = [p for p in result.passages if p.kind != "paraphrase"]
    assert copied and copied == [p for p in analyse(A, b).passages if p.kind != "paraphrase"]
    assert any("harbour wall by October" in A[p.a.start : p.a.end] for p in copied)
