"""The weigher of a run's grouping: what it holds between segments."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ProcessPoolExecutor

from app.models import decode_weights, encode_weights
from app.services import candidates
from app.services.run_vectors import (
    Segment,
    StoredVector,
    Weigher,
    Weighing,
    count_lines,
    parse_counts,
)
from app.services.stories import PARAMS
from app.stories import Corpus
from app.stories.tfidf import cosine

STORED_COUNTS = Counter({"bridge": 3, "river": 2, "mayor": 1})
RUN = [
    ("a1", Counter({"bridge": 2, "river": 1, "budget": 4})),
    ("a2", Counter({"bridge": 1, "mayor": 2, "budget": 1})),
]
DOCS_BEFORE = 1000
DF = {"bridge": 40, "river": 30, "mayor": 20, "budget": 10}


def _weigher() -> Weigher:
    return Weigher.begin([(i, count_lines(c)) for i, c in RUN])


def _segment(k: int, stored: StoredVector, df: dict[str, int]) -> Segment:
    return Segment(k, k + 1, DOCS_BEFORE, [["s1"]], [stored], df)


def test_term_counts_travel_as_lines() -> None:
    counts = Counter({"bridge": 3, "état": 1, "o'neill": 12})
    assert parse_counts(count_lines(counts)) == counts
    assert parse_counts(count_lines(Counter())) == Counter()


def test_a_stale_stored_vector_is_weighed_afresh_once_and_kept_for_later_segments() -> None:
    """A stored vector weighed when the corpus was a third of its size is stale: the first
    segment weighs it afresh and gives it back to be written. A later segment's row for
    it was read before that write; the weigher uses what it wrote, as a read after the
    write would have given, and does not weigh it again."""
    old = {"bridge": 1.0}
    row = StoredVector("s1", encode_weights(old), DOCS_BEFORE // 3, STORED_COUNTS)
    weigher = _weigher()
    first = weigher.segment(_segment(0, row, DF))
    [(refreshed_id, refreshed, docs)] = first.refreshed
    assert (refreshed_id, docs) == ("s1", DOCS_BEFORE + 1)
    corpus = Corpus.from_frequencies({t: DF[t] + (t in RUN[0][1]) for t in DF}, DOCS_BEFORE + 1)
    assert decode_weights(refreshed) == candidates.weigh(STORED_COUNTS, corpus, PARAMS)

    second = weigher.segment(_segment(1, row, {}))
    assert second.refreshed == []  # not stale any more at DOCS_BEFORE + 2

    # The same second segment, had its row been read after the write:
    again = _weigher()
    again.segment(_segment(0, row, DF))
    written = StoredVector("s1", refreshed, docs, None)
    assert again.segment(_segment(1, written, {})).cosines == second.cosines
    [[(c, value)]] = second.cosines
    assert c == "s1" and value == cosine(
        decode_weights(weigher.end()[1][1]), decode_weights(refreshed)
    )


def test_the_run_s_vectors_and_deltas() -> None:
    weigher = _weigher()
    assert weigher.deltas() == {"bridge": 2, "river": 1, "budget": 2, "mayor": 1}
    row = StoredVector("s1", encode_weights({"bridge": 1.0}), DOCS_BEFORE, None)
    weigher.segment(Segment(0, 2, DOCS_BEFORE, [["s1"], ["a1", "s1"]], [row], DF))
    assert [(i, docs) for i, _, docs in weigher.end()] == [
        ("a1", DOCS_BEFORE + 1),
        ("a2", DOCS_BEFORE + 2),
    ]


def test_a_worker_process_weighs_as_this_one_does() -> None:
    row = StoredVector("s1", encode_weights({"bridge": 1.0}), DOCS_BEFORE // 3, STORED_COUNTS)
    runs = []
    with ProcessPoolExecutor(1) as executor:
        for weighing in (Weighing(), Weighing(executor)):
            deltas = weighing.begin([(i, count_lines(c)) for i, c in RUN]).result()
            first = weighing.segment(_segment(0, row, DF)).result()
            second = weighing.segment(_segment(1, row, {})).result()
            runs.append((deltas, first, second, weighing.end().result()))
    assert runs[0] == runs[1]
