"""the candidate index re-fingerprinted: XXH3 hashes, winnowing window 16

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 08:00:00.000000

`app.index` now hashes shingles with XXH3 (blake2b before) and winnows with a window of
16 shingles (8 before): about half the rows, each found by a shared run of 20 words
instead of 12. Every stored fingerprint changes, so the index is rebuilt from the
articles' text, through the same service the importer uses. The downgrade rebuilds it
with the fingerprints revision 0005 stored, which this file keeps for that purpose.
"""
import hashlib
import logging
from collections.abc import Callable, Sequence

from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LOG = logging.getLogger("alembic.runtime.migration")


def _fingerprints_of_0005(body: str) -> list[int]:
    """`app.index.fingerprint` as revision 0005 stored it: blake2b, 5-word shingles,
    window 8."""
    from app.align.tokenize import tokenized
    from app.index import winnow

    norms = tokenized(body).norms
    grams = ("\x1f".join(norms[k : k + 5]).encode() for k in range(len(norms) - 4))
    hashes = [
        int.from_bytes(hashlib.blake2b(g, digest_size=8).digest(), "little", signed=True)
        for g in grams
    ]
    return winnow(hashes, 8)


def _reindex(fingerprint_of: Callable[[str], list[int]] | None = None) -> None:
    from sqlmodel import Session

    from app.services import candidates

    with Session(bind=op.get_bind()) as session:
        # Before 0007 the index is `shingle` alone.
        fingerprint_of = fingerprint_of or candidates.fingerprints
        count = candidates.reindex(session, fingerprint_of, two_level=False)
        session.flush()
    _LOG.info("Re-fingerprinted the candidate index of %d articles", count)


def upgrade() -> None:
    _reindex()


def downgrade() -> None:
    _reindex(_fingerprints_of_0005)
