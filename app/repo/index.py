"""The candidate index: shingles (and their staging table), term frequencies, vectors."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import func, text
from sqlmodel import Session, select

from app.models import Shingle, ShingleStaged, encode_weights
from app.repo import _sql

# The candidate index (migration 0004): winnowed shingles, term document frequencies and
# stored TF-IDF vectors of current revisions. The shingles are two tables of one shape
# (migration 0007): `shingle`, and the small `shingle_staged` that bulk imports write and
# `fold_staged_shingles` empties into it. Every lookup reads both; an article's rows are
# all in one of them.
_SHINGLE_TABLES = ("shingle", "shingle_staged")

# Lists of terms and fingerprints travel as one JSON array, one bound parameter however
# long, unpacked in SQL per dialect: one statement per article instead of one per row.
_JSON_TEXTS = {
    "sqlite": "SELECT value FROM json_each(:values)",
    "postgresql": "SELECT json_array_elements_text(CAST(:values AS json)) AS value",
}
_JSON_INTS = {
    "sqlite": "SELECT value FROM json_each(:values)",
    "postgresql": "SELECT CAST(v AS bigint) AS value "
    "FROM json_array_elements_text(CAST(:values AS json)) AS v",
}
# "WHERE true": SQLite's parser needs it to tell an upsert's ON CONFLICT from a join's ON.
_ADD_TERMS = {
    dialect: text(
        f"INSERT INTO term_df (term, df) SELECT t.value, :delta FROM ({values}) AS t "
        "WHERE true ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df"
    )
    for dialect, values in _JSON_TEXTS.items()
}
_DELETE_SHINGLES = {
    dialect: [
        text(f"DELETE FROM {table} WHERE article_id = :article_id AND hash IN ({values})")
        for table in _SHINGLE_TABLES
    ]
    for dialect, values in _JSON_INTS.items()
}
_TERM_DF = {
    dialect: text(f"SELECT term, df FROM term_df WHERE term IN ({values})")
    for dialect, values in _JSON_TEXTS.items()
}
_PUT_VECTOR = text(
    "INSERT INTO article_vector (article_id, weights, corpus_docs) VALUES (:id, :weights, :docs) "
    "ON CONFLICT (article_id) DO UPDATE SET weights = excluded.weights, "
    "corpus_docs = excluded.corpus_docs"
)


def add_shingle_rows(
    *, session: Session, rows: Sequence[tuple[int, str]], staged: bool = False
) -> None:
    """Index many (fingerprint, article id) at once, in `shingle` or (`staged`) in
    `shingle_staged`, in index order: a B-tree takes sorted keys page by page instead of
    jumping across the whole index for every row."""
    if rows:
        # The driver's own executemany: a million rows through SQLAlchemy's parameter
        # handling took longer than the inserts themselves.
        connection = session.connection()
        mark = _sql.mark(connection)
        table = "shingle_staged" if staged else "shingle"
        sql = f"INSERT INTO {table} (hash, article_id) VALUES ({mark}, {mark})"
        connection.exec_driver_sql(sql, sorted(rows))


def count_staged_shingles(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(ShingleStaged)).one())


def fold_staged_shingles(*, session: Session) -> None:
    """Move the staged index rows into `shingle`, in key order: each of its pages that
    they reach is written once for all of them."""
    connection = session.connection()
    connection.exec_driver_sql(
        "INSERT INTO shingle (hash, article_id) "
        "SELECT hash, article_id FROM shingle_staged ORDER BY hash, article_id"
    )
    connection.exec_driver_sql("DELETE FROM shingle_staged")


def replace_shingle_rows(
    *, session: Session, batches: Iterable[Sequence[tuple[int, str]]], two_level: bool = True
) -> None:
    """Replace the whole index with the (fingerprint, article id) rows of `batches`, all
    in `shingle`. `two_level` False: the schema is older than `shingle_staged` (a migration
    before 0007 rebuilding the index).

    The rows are collected in a temporary table and copied in key order once all are
    known, so the index's B-tree is written page by page, not a random page per row.
    """
    connection = session.connection()
    mark = _sql.mark(connection)
    connection.exec_driver_sql(
        "CREATE TEMPORARY TABLE shingle_rebuild "
        "(hash BIGINT NOT NULL, article_id VARCHAR(16) NOT NULL)"
    )
    sql = f"INSERT INTO shingle_rebuild (hash, article_id) VALUES ({mark}, {mark})"
    for rows in batches:
        if rows:
            connection.exec_driver_sql(sql, list(rows))
    for name in _SHINGLE_TABLES if two_level else _SHINGLE_TABLES[:1]:
        connection.exec_driver_sql(f"DELETE FROM {name}")
    connection.exec_driver_sql(
        "INSERT INTO shingle (hash, article_id) SELECT DISTINCT hash, article_id "
        "FROM shingle_rebuild ORDER BY hash, article_id"
    )
    connection.exec_driver_sql("DROP TABLE shingle_rebuild")


def delete_shingles(*, session: Session, article_id: str, hashes: Sequence[int]) -> None:
    if hashes:
        params = {"values": json.dumps(list(hashes)), "article_id": article_id}
        for statement in _DELETE_SHINGLES[_sql.dialect(session)]:
            session.execute(statement, params)


# Up to :cap of the index entries of fingerprint q.hash, from both tables.
_ENTRIES = """
    SELECT s.article_id FROM shingle AS s WHERE s.hash = q.hash
    UNION ALL SELECT s.article_id FROM shingle_staged AS s WHERE s.hash = q.hash
    LIMIT :cap
    """
# Per fingerprint, up to :cap of the revisions holding it, space-separated (ids have no
# spaces): one index probe per fingerprint tells both whether it is rarer than the cap
# and who holds it.
_HOLDERS = {
    "sqlite": f"(SELECT group_concat(h.article_id, ' ') FROM ({_ENTRIES}) AS h)",
    "postgresql": f"(SELECT string_agg(h.article_id, ' ') FROM ({_ENTRIES}) AS h)",
}
_POSTINGS = {
    dialect: text(
        f"WITH q(hash) AS (SELECT DISTINCT j.value FROM ({values}) AS j) "
        f"SELECT hash, holders FROM (SELECT q.hash AS hash, {_HOLDERS[dialect]} AS holders "
        "FROM q) AS p WHERE holders IS NOT NULL"
    )
    for dialect, values in _JSON_INTS.items()
}


def shingle_holders(*, session: Session, hashes: Sequence[int], cap: int) -> list[tuple[int, str]]:
    """The index entries of many fingerprints at once: (fingerprint, up to `cap` of the
    revisions holding it, space-separated) for those held by any."""
    if not hashes:
        return []
    params = {"values": json.dumps(sorted(set(hashes))), "cap": cap}
    return [(int(h), ids) for h, ids in session.execute(_POSTINGS[_sql.dialect(session)], params)]


_ADD_TERM_COUNTS = {
    "sqlite": text(
        "INSERT INTO term_df (term, df) SELECT t.key, t.value FROM json_each(:deltas) AS t "
        "WHERE true ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df"
    ),
    "postgresql": text(
        "INSERT INTO term_df (term, df) SELECT t.key, CAST(t.value AS integer) "
        "FROM json_each_text(CAST(:deltas AS json)) AS t "
        "ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df"
    ),
}


def add_term_deltas(*, session: Session, deltas: dict[str, int]) -> None:
    """Add each term's own delta to its document frequency (rows made as needed)."""
    if deltas:
        session.execute(_ADD_TERM_COUNTS[_sql.dialect(session)], {"deltas": json.dumps(deltas)})


def count_shingles(*, session: Session) -> int:
    """Rows in the whole index, both tables."""
    return sum(
        int(session.exec(select(func.count()).select_from(model)).one())
        for model in (Shingle, ShingleStaged)
    )


def add_term_df(*, session: Session, terms: Sequence[str], delta: int) -> None:
    """Add `delta` to the document frequency of each term (distinct; rows made as needed)."""
    if terms:
        params = {"values": json.dumps(list(terms)), "delta": delta}
        session.execute(_ADD_TERMS[_sql.dialect(session)], params)


def term_df(*, session: Session, terms: Sequence[str]) -> dict[str, int]:
    """Document frequencies of `terms` (absent terms are left out)."""
    if not terms:
        return {}
    params = {"values": json.dumps(list(terms))}
    query = _TERM_DF[_sql.dialect(session)]
    return {t: int(n) for t, n in session.execute(query, params).all()}


def put_vector(
    *, session: Session, article_id: str, weights: dict[str, float], corpus_docs: int
) -> None:
    params = {"id": article_id, "weights": encode_weights(weights), "docs": corpus_docs}
    session.execute(_PUT_VECTOR, params)


def put_vectors(*, session: Session, vectors: Sequence[tuple[str, dict[str, float], int]]) -> None:
    """Store many (article id, weights, corpus size) at once."""
    put_encoded_vectors(session=session, vectors=[(i, encode_weights(w), n) for i, w, n in vectors])


def put_encoded_vectors(*, session: Session, vectors: Sequence[tuple[str, str, int]]) -> None:
    """`put_vectors` of vectors already encoded (models.encode_weights)."""
    if vectors:
        rows = [{"id": i, "weights": w, "docs": n} for i, w, n in vectors]
        session.execute(_PUT_VECTOR, rows)


def delete_vector(*, session: Session, article_id: str) -> None:
    session.execute(text("DELETE FROM article_vector WHERE article_id = :id"), {"id": article_id})
