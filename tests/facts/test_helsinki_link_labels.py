"""The judged Helsinki links point at real sentences of the story's reports."""

from __future__ import annotations

from pathlib import Path

from app.facts import split_sentences
from tests.facts.helsinki_link_labels import JUDGED, STORY_ROWS
from tests.stories.corpora import load_csv


def test_every_excerpt_names_one_sentence_of_a_report_of_the_story(corpora_dir: Path) -> None:
    docs = load_csv(corpora_dir / "news/articlecomparisons/helsinki_articles.csv.gz", "h")
    story = {d.id: d.body for d in docs[slice(*STORY_ROWS)]}
    assert len(story) == 30
    problems = []
    for id_a, excerpt_a, id_b, excerpt_b, _ in JUDGED:
        assert id_a != id_b
        for article, excerpt in ((id_a, excerpt_a), (id_b, excerpt_b)):
            if article not in story:
                problems.append(f"{article} is not in the story")
                continue
            found = {s.text for s in split_sentences(story[article]) if s.text.startswith(excerpt)}
            if len(found) != 1:
                problems.append(f"{article} {excerpt!r}: {len(found)} sentences")
            if len(excerpt.split()) > 10:
                problems.append(f"{article} {excerpt!r}: more than ten words")
    assert not problems, "\n".join(problems)
    assert len({(a, x, b, y) for a, x, b, y, _ in JUDGED}) == len(JUDGED) == 70
