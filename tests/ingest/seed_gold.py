"""Hand-judged gold for the five seed pages in ../shared/seeds (indices only, no seed text).

Indices point into the seed's raw paragraphs: its non-empty lines, whitespace-normalised
(see `raw_paragraphs` in test_seeds.py). Judgement calls, for the record:
- section subheads inside the story (002) are body; the standfirst under 001's headline is body;
- 000's closing "Update ...: this article was updated" note is not story; its photo block
  (a short alt-text line, then the caption with its credit) goes to captions;
- 004's headline appears twice before the story: index 50 is the first standalone one;
  its byline line and share buttons between headline and story are not body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class SeedGold:
    sha256: str  # of the seed file's bytes, so silent edits to the seed are caught
    title: int | Literal["derived"]  # index of the headline line, or "derived" when there is none
    body: tuple[int, ...]  # indices of the story's paragraphs, in order
    captions: tuple[int, ...] = ()  # indices of photo-caption lines


SEED_GOLD: dict[str, SeedGold] = {
    "000_ad3bfccb636176e3.txt": SeedGold(
        sha256="4016a7fc9bb4af6d02bf889df5ad594e02ffa8ccc2f6cc48ec5e6b0a5253e98a",
        title=0,
        body=tuple(range(1, 16)),
        captions=(17, 18),
    ),
    "001_6b1d6993757bcc95.txt": SeedGold(
        sha256="537254a7406ab214b2d7b3b83a5889fda30fd5953cd99c4c97c69efbf9cad153",
        title=6,
        body=tuple(range(7, 39)),
        captions=(5,),
    ),
    "002_bfc1200b97cbf55b.txt": SeedGold(
        sha256="f1db193a12ffe24176f91a1bbc154292f5a9565e2e4a97b99cb3f0dec2b4258b",
        title=0,
        body=(*range(1, 9), *range(10, 17)),
    ),
    "003_b802ec7bfaceef8d.txt": SeedGold(
        sha256="af241d75478fa257c26bc69678731bfac230bef82d2d68be925146d83655c26e",
        title="derived",
        body=tuple(range(0, 13)),
    ),
    "004_e7c2231e7c8682f0.txt": SeedGold(
        sha256="2a1bf6991fda5932aecfc946777bbf40ab4346181c8a19897b601c0a5b701836",
        title=50,
        body=tuple(range(55, 78)),
    ),
}
