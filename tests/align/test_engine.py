"""Behaviour of align(): kinds, edits, moved paragraphs, quotes, repeats, contract."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from app.align import Alignment, AlignParams, align, mirror
from app.align.serialize import alignment_to_dict

P1 = (
    "The leaders of Russia and China pushed back against American pressure on Friday, "
    "declaring their opposition to any expansion of the alliance as they met in Beijing."
)
P2 = (
    "Putin highlighted close economic ties, including a new contract to supply China with "
    "ten billion cubic metres of gas per year from the eastern regions of his country."
)
P3 = (
    "Observers suggested that the capital is closely watching how the allies act in the "
    "standoff as it ponders its further strategy on the island, arguing that indecision could "
    "encourage it to grow more assertive."
)
OTHER = (
    "Heavy rain flooded the low streets of the old harbour town overnight, and the council "
    "opened two schools as shelters for families who had to leave their homes."
)


def _text(al: Alignment, s: str, side: str) -> list[str]:
    return [s[getattr(p, side).start : getattr(p, side).end] for p in al.passages]


def test_identical_paragraphs_are_verbatim() -> None:
    a = f"{OTHER}\n\n{P1}"
    b = f"{P1}\n\nSomething else entirely, written by another desk for this page."
    al = align(a, b)
    assert [p.kind for p in al.passages] == ["verbatim"]
    assert _text(al, a, "a") == [P1[:-1]]
    (edit,) = al.passages[0].edits
    assert edit.op == "equal"


def test_light_edits_make_a_near_passage_with_word_edits() -> None:
    edited = P2.replace("close economic", "very close economic").replace("metres", "meters")
    edited = edited.replace("eastern regions", "far eastern regions")
    al = align(P2, edited)
    (p,) = al.passages
    assert p.kind == "near"
    assert 0.9 < p.similarity < 1
    inserts = [edited[e.b.start : e.b.end] for e in p.edits if e.op == "insert" and e.b]
    assert inserts == ["very", "far"]
    assert all(e.a is None for e in p.edits if e.op == "insert")


def test_replaced_words_show_as_delete_and_insert() -> None:
    b = P3.replace("closely watching", "carefully observing")
    (p,) = align(P3, b).passages
    ops = [(e.op, P3[e.a.start : e.a.end] if e.a else None) for e in p.edits]
    assert ("delete", "closely watching") in ops


def test_moved_paragraph_is_still_found() -> None:
    a = f"{P1}\n\n{P2}\n\n{P3}"
    b = f"{P2}\n\n{P3}\n\n{OTHER}\n\n{P1}"
    al = align(a, b)
    assert sorted(_text(al, b, "b")) == sorted([P1[:-1], f"{P2}\n\n{P3}"[:-1]])
    assert al.stats.share_a == 1.0


def test_passage_continues_across_paragraph_breaks() -> None:
    a = f"{P1}\n\n{P2}"
    b = f"{P1}\n{P2}"
    assert len(align(a, b).passages) == 1


def test_mostly_shared_sentence_is_covered_whole() -> None:
    a = P3
    b = P3.replace(
        "arguing that indecision could encourage it to grow more assertive", "saying little"
    )
    (p,) = align(a, b).passages
    assert p.a.end == len(a) - 1 and p.b.end == len(b) - 1


def test_short_quotation_inside_different_sentences_counts() -> None:
    a = (
        "The minister told reporters on Tuesday that “the parties oppose the further "
        "expansion of the bloc” and left."
    )
    b = (
        "In a statement read on state television, officials said the parties oppose the "
        "further expansion of the bloc, it added."
    )
    (p,) = align(a, b).passages
    assert p.kind == "quote"
    assert a[p.a.start : p.a.end] == "the parties oppose the further expansion of the bloc"


def test_short_shared_phrase_outside_quotes_is_not_a_passage() -> None:
    # Seven shared words: a stock phrase unless quotation marks make it a quotation.
    a = "The minister on Tuesday warned they oppose the further expansion of the bloc today."
    b = "Officials in another capital insisted we oppose the further expansion of the bloc."
    assert align(a, b).passages == ()


def test_unrelated_texts_have_no_passages() -> None:
    al = align(P1, OTHER)
    assert al.passages == () and al.stats.share_a == 0.0


def test_repetitive_input_is_linear_and_aligned() -> None:
    sentence = "The committee met again today and agreed nothing new at all. "
    a = sentence * 5000
    b = "An opening line that only one side has. " + sentence * 5000
    al = align(a, b)
    assert al.stats.share_a == 1.0
    assert al.stats.longest_passage_words >= 5000 * 11


def test_many_repeated_ngrams_against_a_short_text() -> None:
    a = "one two three four five six seven eight nine ten " * 3000
    b = "one two three four five six seven eight nine ten eleven twelve"
    al = align(a, b)
    assert len(al.passages) == 1
    assert mirror(al) == align(b, a)


def test_mirror_symmetry_on_an_edited_pair() -> None:
    a = f"{P1}\n\n{P2}\n\n{OTHER}"
    b = f"{P3}\n\n{P2.replace('close', 'strong')}\n\n{P1}"
    assert align(b, a) == mirror(align(a, b))
    ops_ab = [e.op for p in align(a, b).passages for e in p.edits]
    ops_ba = [e.op for p in align(b, a).passages for e in p.edits]
    assert ops_ab.count("delete") == ops_ba.count("insert")


def test_ids_follow_position_in_a_when_a_sorts_first() -> None:
    a = f"A {P1}\n\n{OTHER}\n\n{P3}\n\n{P2}"
    b = f"B {P2}\n\n{P1}\n\n{P3}"
    al = align(a, b)
    assert [p.id for p in al.passages] == [1, 2, 3]
    assert [p.a.start for p in al.passages] == sorted(p.a.start for p in al.passages)


def test_empty_and_tiny_inputs() -> None:
    for a, b in [("", ""), ("", P1), ("word", "word"), ("\x00", "\r\n")]:
        al = align(a, b)
        assert al.passages == () or a == b


def test_serialised_shape() -> None:
    al = align(P1 + " " + P2, P2.replace("close", "strong"))
    d = alignment_to_dict(al)
    assert set(d) == {"passages", "stats", "params", "version"}
    p = d["passages"][0]
    assert set(p) == {"id", "kind", "a", "b", "similarity", "edits"}
    assert isinstance(p["a"], list) and len(p["a"]) == 2
    assert {e["op"] for e in p["edits"]} <= {"equal", "delete", "insert"}
    assert d["params"]["ngram"] == AlignParams().ngram
    assert d["version"].startswith("align-")


def test_version_changes_with_parameters() -> None:
    assert align(P1, P1).version != align(P1, P1, AlignParams(max_gap=3)).version


ALLOWED_THIRD_PARTY = {"diff_match_patch"}


def test_align_imports_only_stdlib_dmp_and_itself() -> None:
    root = Path(__file__).resolve().parents[2] / "app" / "align"
    for path in sorted(root.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path.name}: use absolute imports"
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                ok = (
                    name == "app.align"
                    or name.startswith("app.align.")
                    or top in sys.stdlib_module_names
                    or top in ALLOWED_THIRD_PARTY
                )
                assert ok, f"{path.name} imports {name}"
                if top == "diff_match_patch":
                    assert path.name == "diffing.py"


def test_short_sentence_ending_a_shared_paragraph_is_kept() -> None:
    # A short whole sentence after the last full stop ("aarp.org/vote") is not the first
    # words of a different next sentence: it is shared on both sides, so it stays.
    tail = "See aarp.org/vote"
    a = f"{OTHER}\n\n{P1} {tail}\n\n{P3}"
    b = f"{P1} {tail}\n\nSomething else entirely, written by another desk for this page."
    (pa, pb) = _text(align(a, b), a, "a"), _text(align(a, b), b, "b")
    assert pa == [f"{P1} {tail}"] and pb == [f"{P1} {tail}"]


def test_edited_short_sentence_at_a_passage_end_is_covered_whole() -> None:
    # One word dropped leaves stretches of the last sentence shorter than an n-gram on
    # either side of the edit; the sentence is still mostly shared, so it is covered.
    said = "“I felt like a dog,” he said."
    a = f"{P2} {said}\n\n{OTHER}"
    b = f"{P2} {said.replace('a dog', 'dog')}\n\n{P3}"
    al = align(a, b)
    assert [t.endswith("he said") for t in _text(al, a, "a")] == [True]
    assert [t.endswith("he said") for t in _text(al, b, "b")] == [True]
    (p,) = al.passages
    assert [a[e.a.start : e.a.end] for e in p.edits if e.op == "delete" and e.a] == ["a"]
