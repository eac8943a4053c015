"""`choosing.sharing`: each new article's most-sharing candidates, as the index gives them."""

from __future__ import annotations

import random
from collections import Counter

from app.stories.choosing import Arrival, sharing


def _reference(
    run: list[tuple[str, tuple[int, ...]]], holders: dict[int, list[str]], max_df: int, limit: int
) -> list[list[str]]:
    """Importing one by one: index each article, then count who shares its fingerprints."""
    index = {h: list(ids[: max_df + 1]) for h, ids in holders.items()}
    out = []
    for article_id, hashes in run:
        for h in set(hashes):
            index.setdefault(h, []).append(article_id)
        shared: Counter[str] = Counter()
        for h in set(hashes):
            if len(index[h]) <= max_df:
                shared.update(i for i in index[h] if i != article_id)
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append([i for i, _ in ranked[:limit]])
    return out


def test_the_most_sharing_come_first_ties_by_id_as_importing_one_by_one() -> None:
    rnd = random.Random(5)
    stored = [f"s{k:03d}" for k in range(300)]
    holders = {h: sorted(rnd.sample(stored, rnd.randint(1, 14))) for h in range(400)}
    run = [(f"n{k:03d}", tuple(rnd.sample(range(500), rnd.randint(0, 60)))) for k in range(80)]
    rows = [(h, " ".join(ids[:11])) for h, ids in holders.items()]  # up to max_df + 1
    got = sharing([Arrival(i, None, hashes) for i, hashes in run], rows, 10, 7)
    assert got == _reference(run, holders, 10, 7)
    assert any(len(c) == 7 for c in got) and any(0 < len(c) < 7 for c in got)
