"""Same-fact links and the whole analysis: what they link, what they leave, and that copy
detection is untouched."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.align import align, mirror
from app.align.types import Span
from app.facts import FactParams, analysis_version
from app.facts.analysis import analyse
from app.facts.links import link_facts
from app.facts.speakers import Said
from tests.facts.seed_fact_labels import LABELS
from tests.stories.corpora import load_seeds

FERRY_A = (
    "The Ardent Gull ran aground off Holmsey Point late on Tuesday. "
    "The operator said all 214 passengers were taken ashore by lifeboat crews before midnight. "
    "Divers will inspect the hull once the tide turns, a coastguard spokesman said. "
    "The island's only pharmacy stayed open late to help stranded travellers."
)
FERRY_B = (
    "Lifeboat crews brought every one of the 214 passengers on the ferry safely to shore "
    "before midnight, its operator confirmed. "
    "Holmsey has had three groundings in a decade, according to harbour records. "
    "The weather office had issued a gale warning for the strait on Monday evening."
)


def _only(kind: str, result: object) -> list:  # type: ignore[type-arg]
    return [p for p in result.passages if p.kind == kind]  # type: ignore[attr-defined]


def test_a_fact_told_in_other_words_is_linked_with_its_shared_words() -> None:
    result = analyse(FERRY_A, FERRY_B)
    (link,) = _only("paraphrase", result)
    assert "214 passengers were taken ashore" in FERRY_A[link.a.start : link.a.end]
    assert FERRY_B[link.b.start : link.b.end].startswith("Lifeboat crews brought")
    assert 0 < link.similarity <= 1 and result.stats.paraphrase == 1
    shared = {FERRY_A[e.a.start : e.a.end].lower() for e in link.edits}
    assert {"214", "passengers", "lifeboat", "midnight"} <= shared
    assert all(e.op == "equal" for e in link.edits)
    for e in link.edits:  # each shared word of A is paired with the same word in B
        assert FERRY_A[e.a.start : e.a.end].lower() == FERRY_B[e.b.start : e.b.end].lower()


def test_sentences_about_the_same_event_that_say_different_things_are_not_linked() -> None:
    a = (
        "The ferry ran aground near Holmsey harbour on Tuesday night. "
        "Investigators will examine the ship's navigation records next week."
    )
    b = (
        "Ferry tickets to the island have doubled in price since the spring. "
        "The harbour master retires next month after thirty years in the post."
    )
    assert _only("paraphrase", analyse(a, b)) == []


def test_copy_detection_is_unchanged_and_links_never_overlap_it() -> None:
    copied = "The operator said all 214 passengers were taken ashore by lifeboat crews. "
    a = copied + FERRY_A
    b = FERRY_B + " " + copied
    copy_only, whole = align(a, b), analyse(a, b)
    kept = [p for p in whole.passages if p.kind != "paraphrase"]
    assert kept == list(copy_only.passages)
    assert replace(whole.stats, paraphrase=0, fact_share_a=0.0, fact_share_b=0.0) == copy_only.stats
    for p in _only("paraphrase", whole):
        assert p.id > len(copy_only.passages)
        for c in copy_only.passages:
            assert p.a.end <= c.a.start or c.a.end <= p.a.start
            assert p.b.end <= c.b.start or c.b.end <= p.b.start


def test_a_sentence_a_copied_passage_only_touches_is_linked_by_its_free_rest() -> None:
    """A copied passage (here: made up, in A) that starts in the operator's sentence's
    last words leaves the rest of it free, which is linked; one in its middle, or over
    most of it, leaves nothing to link."""
    operator = FERRY_A.index("The operator said")
    sentence = "The operator said all 214 passengers were taken ashore by lifeboat crews"
    nowhere = Span(len(FERRY_B), len(FERRY_B))

    def linked(start: str, end: str) -> list[str]:
        copied = Span(operator + len(start), FERRY_A.index(end) + len(end))
        links = link_facts(FERRY_A, FERRY_B, [(copied, nowhere)])
        for link in links:
            assert link.a.end <= copied.start or copied.end <= link.a.start
            assert all(w.end <= copied.start or copied.end <= w.start for w in link.shared_a)
        return [FERRY_A[link.a.start : link.a.end] for link in links]

    (whole,) = link_facts(FERRY_A, FERRY_B)
    assert FERRY_A[whole.a.start : whole.a.end].startswith(sentence)
    assert linked(f"{sentence} ", "spokesman said.") == [sentence]
    assert linked("The operator said all ", "214 passengers") == []  # in its middle
    assert linked("The operator said ", "spokesman said.") == []  # most of it


def test_analysis_is_its_own_mirror() -> None:
    assert analyse(FERRY_B, FERRY_A) == mirror(analyse(FERRY_A, FERRY_B))
    assert analyse(FERRY_A, FERRY_A).stats.paraphrase == 0


def test_the_version_names_both_engines_and_changes_with_the_knobs() -> None:
    version = analyse(FERRY_A, FERRY_B).version
    assert version == analysis_version(align(FERRY_A, FERRY_B).params, FactParams())
    assert version.startswith(align(FERRY_A, FERRY_B).version + ".facts-")
    other = analysis_version(align(FERRY_A, FERRY_B).params, FactParams(threshold=0.9))
    assert other != version


def test_no_links_without_enough_words_or_between_copied_text() -> None:
    assert link_facts("Read more.", "Read more here.") == ()
    assert link_facts(FERRY_A, FERRY_B, params=FactParams(threshold=1.0)) == ()


@pytest.fixture
def seed_bodies(seeds_dir: Path) -> dict[str, str]:
    return {d.id: d.body for d in load_seeds(seeds_dir)}


def test_seed_links_are_facts_a_reader_linked(seed_bodies: dict[str, str]) -> None:
    """Every sentence pair the links join on the labelled seed pairs, against the labels:
    most must be labelled (sure or maybe). The weights were fitted on these labels, so
    this guards the wiring and the threshold, not the model's generality."""
    from app.facts import split_sentences

    right = total = 0
    for (x, y), rows in LABELS.items():
        a, b = seed_bodies[x], seed_bodies[y]
        sa, sb = split_sentences(a), split_sentences(b)
        labelled = {
            (
                next(k for k, s in enumerate(sa) if s.text.startswith(ea)),
                next(k for k, s in enumerate(sb) if s.text.startswith(eb)),
            )
            for ea, eb, _ in rows
        }
        for p in _only("paraphrase", analyse(a, b)):
            for i, s in enumerate(sa):
                for j, t in enumerate(sb):
                    if (
                        s.start < p.a.end
                        and p.a.start < s.end
                        and t.start < p.b.end
                        and p.b.start < t.end
                    ):
                        total += 1
                        right += (i, j) in labelled
    assert total >= 6
    assert right / total >= 0.85


def test_one_speaker_on_both_sides_weighs_for_the_link() -> None:
    """The mayor's warning, told two ways: too little shared for a link on words and
    meaning alone, linked when both texts say she said it."""
    a = "Quill told the council the harbour would need a new breakwater before the winter storms."
    b = (
        "The mayor warned councillors that without a stronger breakwater the harbour would "
        "not survive the winter storms."
    )
    assert link_facts(a, b) == ()
    quill = (Said(0, len(a), "Marta Quill", "quill"),), (Said(0, len(b), "Marta Quill", "quill"),)
    (link,) = link_facts(a, b, said=quill)
    assert (link.a, link.b) == (Span(0, len(a)), Span(0, len(b)))
    other = quill[0], (Said(0, len(b), "Ivo Brandt", "brandt"),)
    assert link_facts(a, b, said=other) == ()


def test_sentences_sharing_only_names_are_not_linked() -> None:
    """The same people in the same town, saying different things: every word the two
    sentences share is a name, which alone scored 0.81."""
    a = (
        "Mayor Marta Quill welcomed Governor Ivo Brandt to Lantern Bay with a brass band. "
        "The two toured the harbour wall that the storm damaged last month."
    )
    b = (
        "Governor Ivo Brandt told Mayor Marta Quill that Lantern Bay would lose its ferry "
        "grant. Repairs to the harbour wall will start in the spring."
    )
    assert link_facts(a, b) == ()


def test_a_day_is_no_name() -> None:
    """Who met whom, where and on which day: names and the day are all the two share, and
    the day counts as a word of substance."""
    a = (
        "Mayor Marta Quill and Governor Ivo Brandt met in Lantern Bay on Monday. "
        "Quill and Brandt discussed the ferry timetable for the coming winter."
    )
    b = (
        "Governor Ivo Brandt arrived in Lantern Bay on Monday to see Mayor Marta Quill. "
        "Residents gathered outside the town hall during the visit."
    )
    (link,) = link_facts(a, b)
    assert a[link.a.start : link.a.end].endswith("in Lantern Bay on Monday.")
    assert b[link.b.start : link.b.end].startswith("Governor Ivo Brandt arrived")
