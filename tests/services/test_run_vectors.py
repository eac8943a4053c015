"""The weigher of a run's grouping: what it holds between segments."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from app import repo
from app.cli.main import DEMO_CORPUS
from app.config import Settings
from app.db import read_session
from app.models import decode_weights, encode_weights
from app.services import candidates, records
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
    return Weigher.begin([(i, count_lines(c)) for i, c in RUN], PARAMS)


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
    row = StoredVector("s1", "Bridge", encode_weights(old), DOCS_BEFORE // 3, STORED_COUNTS)
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
    written = StoredVector("s1", "Bridge", refreshed, docs, None)
    assert again.segment(_segment(1, written, {})).cosines == second.cosines
    [[(c, value)]] = second.cosines
    assert c == "s1" and value == cosine(
        decode_weights(weigher.end()[1][1]), decode_weights(refreshed)
    )


def test_the_run_s_vectors_and_deltas() -> None:
    weigher = _weigher()
    assert weigher.deltas() == {"bridge": 2, "river": 1, "budget": 2, "mayor": 1}
    row = StoredVector("s1", "Bridge", encode_weights({"bridge": 1.0}), DOCS_BEFORE, None)
    weigher.segment(Segment(0, 2, DOCS_BEFORE, [["s1"], ["a1", "s1"]], [row], DF))
    assert [(i, docs) for i, _, docs in weigher.end()] == [
        ("a1", DOCS_BEFORE + 1),
        ("a2", DOCS_BEFORE + 2),
    ]


def test_a_worker_process_weighs_as_this_one_does() -> None:
    row = StoredVector(
        "s1", "Bridge", encode_weights({"bridge": 1.0}), DOCS_BEFORE // 3, STORED_COUNTS
    )
    runs = []
    with ProcessPoolExecutor(1) as executor:
        for weighing in (Weighing(), Weighing(executor)):
            deltas = weighing.begin([(i, count_lines(c)) for i, c in RUN], PARAMS).result()
            first = weighing.segment(_segment(0, row, DF)).result()
            second = weighing.segment(_segment(1, row, {})).result()
            runs.append((deltas, first, second, weighing.end().result()))
    assert runs[0] == runs[1]


def test_reading_stale_texts_itself_weighs_as_when_they_are_sent(
    engine: Engine, settings: Settings
) -> None:
    """With the database's address the weigher reads the stale stored vectors' texts and
    their terms' frequencies itself; it weighs exactly as when run_grouping sends them."""
    jobs = list(
        records.jobs_for_paths([DEMO_CORPUS], records.Defaults(), settings.max_import_bytes)
    )
    for job in jobs[:6]:
        records.run(engine, settings, job)
    with read_session(engine) as session:
        ids = [i for (i,) in session.execute(text("SELECT id FROM article ORDER BY id"))]
        rows = repo.encoded_grouping_rows_by_id(session=session, article_ids=ids)
        bodies = repo.paragraphs_by_id(session=session, article_ids=ids)
        docs = candidates.corpus_size(session)
        counts = {i: candidates.terms_of("", t, "\n\n".join(bodies[i])) for i, t, *_ in rows}
        terms = sorted({t for c in [*counts.values(), *(c for _, c in RUN)] for t in c})
        df = dict.fromkeys(terms, 0) | repo.term_df(session=session, terms=terms)
    # Weighed when the corpus was a third of what it is now: all stale.
    later = 3 * docs

    def stored(with_counts: bool) -> list[StoredVector]:
        return [
            StoredVector(i, t, w, docs, counts[i] if with_counts else None)
            for i, t, _, _, w, _ in rows
        ]

    def weighed(with_counts: bool, url: str | None) -> tuple[object, ...]:
        weigher = _weigher()
        run_terms = {t for _, c in RUN for t in c}
        sent = df if with_counts else {t: n for t, n in df.items() if t in run_terms}
        part = Segment(0, 2, later, [ids[:3], ids[2:]], stored(with_counts), sent, url)
        return weigher.segment(part), weigher.end()

    sent = weighed(True, None)
    read = weighed(False, settings.database_url)
    assert read == sent
    assert len(sent[0].refreshed) == len(rows)  # type: ignore[attr-defined]


def test_a_stored_candidate_is_sent_once_and_its_counts_when_it_may_go_stale() -> None:
    """run_grouping sends a stored candidate's row in the first segment that has it,
    and its term counts once it may be weighed afresh. The weigher keeps both, and
    weighs as when the row comes again with every segment."""
    run = [(f"a{k}", count_lines(RUN[k % 2][1])) for k in range(3)]
    # Weighed at 501 documents: stale once the corpus has more than 1,002, at the third.
    row = StoredVector("s1", "Bridge", encode_weights({"bridge": 1.0}), 501, None)
    with_counts = StoredVector("s1", "Bridge", row.weights, 501, STORED_COUNTS)
    first = Segment(0, 2, DOCS_BEFORE, [["s1"], ["s1", "a1"]], [row], DF)

    def third(stored: list[StoredVector], counts: dict[str, Counter[str]]) -> Segment:
        return Segment(2, 3, DOCS_BEFORE, [["s1", "a2"]], stored, {}, None, counts)

    results = []
    for sent_again in (third([with_counts], {}), third([], {"s1": STORED_COUNTS})):
        weigher = Weigher.begin(run, PARAMS)
        results.append((weigher.segment(first), weigher.segment(sent_again), weigher.end()))
    assert results[0] == results[1]
    assert results[0][1].refreshed and results[0][1].refreshed[0][0] == "s1"
    weigher = Weigher.begin(run, PARAMS)
    weigher.segment(first)
    with pytest.raises(AssertionError, match="without its term counts"):
        weigher.segment(third([], {}))


def test_waiting_on_the_weigher_does_other_work_until_the_result_is_in() -> None:
    weighed: Future[str] = Future()
    steps: list[int] = []

    def idle() -> bool:
        steps.append(len(steps))
        if len(steps) == 3:
            weighed.set_result("cosines")
        return True

    assert Weighing(idle=idle).result(weighed) == "cosines"
    assert len(steps) == 3  # none after the result came in
    late: Future[str] = Future()
    threading.Timer(0.05, late.set_result, ["cosines"]).start()
    assert Weighing(idle=lambda: False).result(late) == "cosines"  # nothing to do: waits
