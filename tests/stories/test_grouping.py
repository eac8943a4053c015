"""Story grouping on small made-up articles: the contract of the library, no shared data."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest

from app.stories import (
    Choice,
    Corpus,
    Doc,
    GroupingParams,
    assign,
    group,
    similarity,
    story_title,
)
from app.stories.cluster import average_linkage
from app.stories.extent import Extent
from app.stories.text import terms
from app.stories.tfidf import cosine, vector

D = datetime.date(2022, 2, 4)

SUMMIT = (
    "Vladimir Putin and Xi Jinping met in Beijing before the Winter Olympics opening and "
    "issued a joint statement opposing NATO expansion, backing each other on Ukraine and "
    "Taiwan, and signing gas supply contracts worth billions between Gazprom and CNPC."
)
VOLCANO = (
    "A volcano erupted in Tonga sending ash clouds over Nuku'alofa; tsunami waves damaged "
    "coastal villages, cut the undersea cable and left islands without telephone service."
)
ELECTION = (
    "Voters in Costa Rica chose between José María Figueres and Rodrigo Chaves in a "
    "presidential runoff after a first round marked by record abstention and corruption."
)
FILLER = (
    "Bread prices in the bakery rose again as farmers blamed drought, fertiliser shortages "
    "and shipping costs; millers in the region expect wheat harvests to recover slowly."
)


def doc(id: str, body: str, title: str = "", published: datetime.date | None = D) -> Doc:
    return Doc(id=id, title=title, body=body, published=published)


def never_shared(a: str, b: str) -> float:
    return 0.0


def test_terms_drop_stopwords_numbers_and_contractions() -> None:
    assert terms("Putin’s talks in 2022: they don't expect NATO-expansion, 12 people said") == [
        "putin",
        "talks",
        "expect",
        "nato",
        "expansion",
    ]


def test_vectors_are_unit_length_and_rare_terms_weigh_more() -> None:
    docs = [doc("a", SUMMIT), doc("b", VOLCANO), doc("c", SUMMIT + " Olympics.")]
    corpus = Corpus(docs)
    v = vector({"olympics": 1, "gazprom": 1, "tonga": 1}, corpus, max_terms=100)
    assert sum(w * w for w in v.values()) == pytest.approx(1.0)
    assert v["tonga"] > v["olympics"]  # in one doc vs in two
    assert vector({}, corpus, max_terms=100) == {}
    assert cosine(v, v) == pytest.approx(1.0)


def test_corpus_counts_each_doc_once_and_copies_independently() -> None:
    corpus = Corpus([doc("a", SUMMIT)])
    corpus.add(doc("a", SUMMIT))
    assert len(corpus) == 1 and corpus.df("putin") == 1
    copy = corpus.copy()
    copy.add(doc("b", SUMMIT))
    assert copy.df("putin") == 2 and corpus.df("putin") == 1 and "b" not in corpus


def test_same_event_links_and_different_events_do_not() -> None:
    a, b = doc("a", SUMMIT), doc("b", SUMMIT.replace("Beijing", "the Chinese capital"))
    c = doc("c", VOLCANO)
    corpus = Corpus([a, b, c, doc("d", ELECTION), doc("e", FILLER)])
    params = GroupingParams()
    assert similarity(a, b, corpus, params) >= params.tfidf_threshold
    assert similarity(a, c, corpus, params) < params.tfidf_threshold


def test_date_window_separates_identical_texts() -> None:
    a = doc("a", SUMMIT, published=D)
    b = doc("b", SUMMIT, published=D + datetime.timedelta(days=4))
    undated = doc("c", SUMMIT, published=None)
    corpus = Corpus([a, b, undated])
    assert similarity(a, b, corpus) == 0.0
    assert similarity(a, undated, corpus) > 0.9  # no date: the text decides
    assert group([a, b], GroupingParams(window_days=4)) == [["a", "b"]]


def test_shared_passages_link_what_tfidf_alone_would_not() -> None:
    """The injected passage signal is asked only for pairs the shingle pre-filter passes."""
    common = SUMMIT + " " + VOLCANO
    a, b = doc("a", common + " " + ELECTION), doc("b", common + " " + FILLER)
    corpus = Corpus([a, b, doc("c", SUMMIT), doc("d", VOLCANO), doc("e", ELECTION)])
    params = GroupingParams(tfidf_threshold=0.9)
    calls: list[tuple[str, str]] = []

    def at_threshold(x: str, y: str) -> float:
        calls.append((x, y))
        return params.shared_threshold

    assert similarity(a, b, corpus, params, never_shared) < 0.9
    assert similarity(a, b, corpus, params, at_threshold) == 0.9
    assert calls == [(a.body, b.body)]
    calls.clear()
    assert similarity(a, doc("z", FILLER), corpus, params, at_threshold) < 0.9
    assert calls == []  # no shared text: align never asked


def test_group_orders_clusters_by_earliest_doc_and_keeps_input_order() -> None:
    later = D + datetime.timedelta(days=1)
    docs = [
        doc("v1", VOLCANO, published=later),
        doc("s1", SUMMIT, published=later),
        doc("v2", VOLCANO + " Relief flights began.", published=later),
        doc("s2", SUMMIT + " Markets reacted.", published=D),
        doc("e1", ELECTION, published=None),
    ]
    clusters = group(docs, shared_share=never_shared)
    assert clusters == [["s1", "s2"], ["v1", "v2"], ["e1"]]
    assert group(docs, shared_share=never_shared) == clusters


def test_group_rejects_duplicate_ids() -> None:
    with pytest.raises(ValueError):
        group([doc("a", SUMMIT), doc("a", VOLCANO)])


def test_average_linkage_guard_stops_chains() -> None:
    # 0-1-2-3 is a chain of strong links, but 0 and 3 have nothing in common.
    scores = {(0, 1): 0.5, (1, 2): 0.5, (2, 3): 0.5}
    assert average_linkage(4, scores, link=0.3, merge_min=0.15) == [[0, 1], [2, 3]]
    assert average_linkage(4, scores, link=0.3, merge_min=0.0) == [[0, 1, 2, 3]]
    # Average above the guard but no single link: no merge.
    assert average_linkage(2, {(0, 1): 0.2}, link=0.3, merge_min=0.1) == [[0], [1]]


def test_average_linkage_keeps_an_undated_node_out_of_clusters_older_than_its_floor() -> None:
    day = datetime.date(2027, 1, 21)
    later = day + datetime.timedelta(days=100)
    scores = {(0, 1): 0.5, (1, 2): 0.5, (0, 2): 0.5}

    def extents(
        dates: list[datetime.date | None], floors: list[datetime.date | None]
    ) -> list[Extent]:
        return [Extent.of([d], [f]) for d, f in zip(dates, floors, strict=True)]

    # Node 1 is undated, and names a day a hundred days after node 0's date.
    dates, floors = [day, None, None], [None, later, None]
    kept = average_linkage(3, scores, 0.3, 0.15, extents(dates, floors), 3)
    assert kept == [[0, 2], [1]]
    assert average_linkage(3, scores, 0.3, 0.15, extents(dates, [None] * 3), 3) == [[0, 1, 2]]
    # Undated clusters merge whatever their floors; a dated member late enough lets it in.
    undated = extents([None, None, None], floors)
    assert average_linkage(3, scores, 0.3, 0.15, undated, 3) == [[0, 1, 2]]
    late = extents([later, None], [None, later])
    assert average_linkage(2, {(0, 1): 0.5}, 0.3, 0.15, late, 3) == [[0, 1]]


def test_assign_joins_the_best_story_with_ties_by_key_and_bridges_the_other() -> None:
    stories = {
        "b": [doc("s1", SUMMIT)],
        "a": [doc("s2", SUMMIT)],
        "v": [doc("v1", VOLCANO)],
    }
    new = doc("n", SUMMIT + " Analysts disagreed.")
    corpus = Corpus([new, *(d for ds in stories.values() for d in ds), doc("e", ELECTION)])
    assert assign(new, stories, corpus, shared_share=never_shared) == Choice("a", ("b",))
    # A story a user corrected is joined, never merged.
    assert assign(new, stories, corpus, shared_share=never_shared, fixed={"b"}) == Choice("a")
    assert assign(new, stories, corpus, shared_share=never_shared, fixed={"a"}) == Choice("a")
    assert assign(doc("x", FILLER), stories, corpus, shared_share=never_shared) is None
    assert assign(new, {}, corpus) is None


def test_story_title_prefers_the_central_headline_and_is_never_empty() -> None:
    docs = [
        doc("1", VOLCANO, title="Off-topic headline"),
        doc("2", SUMMIT, title="Putin and Xi oppose NATO expansion"),
        doc("3", SUMMIT + " Gas deal.", title="Russia and China sign gas deal"),
        doc("4", SUMMIT, title=""),
    ]
    corpus = Corpus(docs)
    assert story_title(docs, corpus) in {docs[1].title, docs[2].title}
    untitled = [doc("5", "  "), doc("6", VOLCANO)]
    assert story_title(untitled, Corpus(untitled)).startswith("A volcano erupted in Tonga")
    assert story_title([doc("7", "")], Corpus()) == "Untitled story"


def test_library_is_pure() -> None:
    """Only the standard library, the alignment engine and msgpack (which reads the
    background word list, `background.py`): no web, no database."""
    allowed_app = {"app.align", "app.stories"}
    for path in Path("app/stories").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top == "app":
                    assert ".".join(name.split(".")[:2]) in allowed_app, (path, name)
                else:
                    assert top in {"__future__", "msgpack", *_stdlib()}, (path, name)


def _stdlib() -> frozenset[str]:
    import sys

    return frozenset(sys.stdlib_module_names)
