"""The background idf prior: how common words are in writing at large."""

from __future__ import annotations

from app.stories.background import doc_share
from app.stories.tfidf import Corpus, vector
from app.stories.types import Doc


def test_common_words_are_in_many_documents_and_names_in_none() -> None:
    shares = doc_share()
    assert shares["the"] > 0.99
    assert 0.05 < shares["question"] < 0.5
    assert shares["census"] < shares["question"] / 5
    assert "holmsey" not in shares  # an invented place: rare, as every unknown word


def test_function_words_of_other_languages_count_as_common() -> None:
    shares = doc_share()
    for word in ("dans", "und", "para", "della", "não", "het"):
        assert shares[word] > 0.3, word


def test_a_small_corpus_weighs_an_events_own_rare_words_above_its_common_ones() -> None:
    """Five reports all holding "census" and "question": without the prior both would
    weigh the least, with it the rare word weighs more."""
    docs = [
        Doc(str(k), "", f"The census question report number {k} about citizenship.", None)
        for k in range(5)
    ]
    corpus = Corpus(docs)
    weights = vector({"census": 1, "question": 1}, corpus, 10)
    assert weights["census"] > weights["question"]
    assert corpus.idf("census") > corpus.idf("question")
