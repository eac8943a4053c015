"""Plain-text import of the Helsinki week: wire ledes kept, headlines that are headlines."""

from __future__ import annotations

import warnings

import pytest

from app.errors import InvalidInput
from app.ingest import extract_text
from app.ingest.types import Extracted
from bench.bench_helsinki import Row, helsinki_rows
from bench.headline_junk import junk_kind
from tests.conftest import shared_path

# news.google.com pages are topic listings of other outlets' teasers, not one article:
# an AP teaser deep in the list does not open a story there.
LISTINGS = "news.google.com"


@pytest.fixture(scope="module")
def extracted() -> list[tuple[Row, Extracted]]:
    path = shared_path("corpora", "news", "articlecomparisons", "helsinki_articles.csv.gz")
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for row in helsinki_rows(path):
            try:
                out.append((row, extract_text(row.text)))
            except InvalidInput:
                continue
    return out


def test_every_ap_lede_stays_in_the_body(extracted: list[tuple[Row, Extracted]]) -> None:
    wire = [(row, got) for row, got in extracted if row.ap_lede and row.publisher != LISTINGS]
    assert len(wire) > 50
    lost = [row.id for row, got in wire if row.ap_lede not in got.paragraphs]
    assert lost == []


def test_under_one_percent_junk_headlines(extracted: list[tuple[Row, Extracted]]) -> None:
    junk = [(row.id, got.title) for row, got in extracted if junk_kind(got.title or "")]
    assert len(extracted) > 500
    assert len(junk) < 0.01 * len(extracted), junk
