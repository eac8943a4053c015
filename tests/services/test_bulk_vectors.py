"""The weigher of a bulk import's grouping: what it holds between segments, and what it
reads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import repo
from app.cli.main import DEMO_CORPUS
from app.config import Settings
from app.models import decode_weights, encode_weights
from app.services import candidates, records
from app.services.bulk_vectors import (
    StoredVector,
    StretchPart,
    Weigher,
    Weighing,
    count_lines,
    parse_counts,
)
from app.services.stories import GROUPING_PARAMS as PARAMS
from app.stories import Corpus
from app.stories.tfidf import cosine

STORED_BODY = "The bridge over the river: the mayor reopened the bridge."
RUN = [
    ("a1", Counter({"bridge": 2, "river": 1, "budget": 4})),
    ("a2", Counter({"bridge": 1, "mayor": 2, "budget": 1})),
]
DOCS_BEFORE = 1000
DF = {"bridge": 40, "river": 30, "mayor": 20, "budget": 10, "reopened": 5}


class Reader:
    """The database as the weigher reads it, its reads counted."""

    def __init__(self) -> None:
        self.bodies_read: list[str] = []

    def frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        return {t: DF.get(t, 0) for t in terms}

    def bodies(self, article_ids: Sequence[str]) -> dict[str, str]:
        self.bodies_read += article_ids
        return dict.fromkeys(article_ids, STORED_BODY)


def _weigher(reader: Reader) -> Weigher:
    return Weigher.begin([(i, count_lines(c)) for i, c in RUN], PARAMS, reader)


def _segment(k: int, stored: StoredVector) -> StretchPart:
    return StretchPart(k, k + 1, DOCS_BEFORE, [["s1"]], [stored])


def test_term_counts_travel_as_lines() -> None:
    counts = Counter({"bridge": 3, "état": 1, "o'neill": 12})
    assert parse_counts(count_lines(counts)) == counts
    assert parse_counts(count_lines(Counter())) == Counter()


def test_a_stale_stored_vector_is_weighed_afresh_once_and_kept_for_later_segments() -> None:
    """A stored vector weighed when the corpus was a third of its size is stale: the first
    segment reads its text, weighs it afresh and gives it back to be written. A later
    segment's row for it was read before that write; the weigher uses what it wrote, as a
    read after the write would have given, and does not weigh it again."""
    old = {"bridge": 1.0}
    row = StoredVector("s1", "Bridge", encode_weights(old), DOCS_BEFORE // 3)
    reader = Reader()
    weigher = _weigher(reader)
    first = weigher.segment(_segment(0, row), reader)
    [(refreshed_id, refreshed, docs)] = first.refreshed
    assert (refreshed_id, docs) == ("s1", DOCS_BEFORE + 1)
    corpus = Corpus.from_frequencies({t: DF[t] + (t in RUN[0][1]) for t in DF}, DOCS_BEFORE + 1)
    stored_counts = candidates.terms_of("", "Bridge", STORED_BODY)
    assert decode_weights(refreshed) == candidates.weigh(stored_counts, corpus, PARAMS)
    assert reader.bodies_read == ["s1"]

    second = weigher.segment(_segment(1, row), reader)
    assert second.refreshed == []  # not stale any more at DOCS_BEFORE + 2
    assert reader.bodies_read == ["s1"]

    # The same second segment, had its row been read after the write:
    again = _weigher(reader)
    again.segment(_segment(0, row), reader)
    written = StoredVector("s1", "Bridge", refreshed, docs)
    assert again.segment(_segment(1, written), reader).cosines == second.cosines
    [[(c, value)]] = second.cosines
    assert c == "s1" and value == cosine(
        decode_weights(weigher.end()[1][1]), decode_weights(refreshed)
    )


def test_the_new_articles_vectors_and_deltas() -> None:
    reader = Reader()
    weigher = _weigher(reader)
    assert weigher.deltas() == {"bridge": 2, "river": 1, "budget": 2, "mayor": 1}
    row = StoredVector("s1", "Bridge", encode_weights({"bridge": 1.0}), DOCS_BEFORE)
    weigher.segment(StretchPart(0, 2, DOCS_BEFORE, [["s1"], ["a1", "s1"]], [row]), reader)
    assert [(i, docs) for i, _, docs in weigher.end()] == [
        ("a1", DOCS_BEFORE + 1),
        ("a2", DOCS_BEFORE + 2),
    ]
    assert reader.bodies_read == []  # nothing stale: no text read


def test_a_stored_text_is_read_once_it_may_go_stale() -> None:
    """A stored candidate's text is read in the first segment by whose end it may be
    weighed afresh, not before, and once."""
    run = [(f"a{k}", count_lines(RUN[k % 2][1])) for k in range(3)]
    # Weighed at 501 documents: stale once the corpus has more than 1,002, at the third.
    row = StoredVector("s1", "Bridge", encode_weights({"bridge": 1.0}), 501)
    reader = Reader()
    weigher = Weigher.begin(run, PARAMS, reader)
    first = weigher.segment(StretchPart(0, 2, DOCS_BEFORE, [["s1"], ["s1", "a1"]], [row]), reader)
    assert first.refreshed == [] and reader.bodies_read == []
    third = weigher.segment(StretchPart(2, 3, DOCS_BEFORE, [["s1", "a2"]], []), reader)
    assert [i for i, _, _ in third.refreshed] == ["s1"] and reader.bodies_read == ["s1"]


def test_a_worker_process_weighs_as_this_one_does(engine: Engine, settings: Settings) -> None:
    """In a worker, the weigher reads the texts and frequencies on a connection of its own;
    it weighs exactly as when it reads through the importing session."""
    jobs = list(
        records.jobs_for_paths([DEMO_CORPUS], records.Defaults(), settings.max_import_bytes)
    )
    for job in jobs[:6]:
        records.run(engine, settings, job)
    with Session(engine) as session:
        ids = [i for (i,) in session.execute(text("SELECT id FROM article ORDER BY id"))]
        rows = repo.grouping.encoded_grouping_rows_by_id(session=session, article_ids=ids)
        # Weighed when the corpus was a third of what it is now: all stale.
        later = 3 * candidates.corpus_size(session)
        stored = [StoredVector(i, t, w, d) for i, t, _, _, w, d in rows]
        part = StretchPart(0, 2, later, [ids[:3], ids[2:]], stored)
        results = []
        with ProcessPoolExecutor(1) as executor:
            for weighing in (Weighing(session), Weighing(session, executor, settings.database_url)):
                weighing.begin([(i, count_lines(c)) for i, c in RUN], PARAMS)
                weighed = weighing.segment(part).result()
                results.append((weighing.deltas(), weighed, weighing.end()))
    assert results[0] == results[1]
    assert len(results[0][1].refreshed) == len(rows)
