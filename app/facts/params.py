"""The knobs of same-fact linking and the version string they make: no NumPy, no model,
so that what only names an engine version (storage, links) imports nothing heavy."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from app.align.types import AlignParams, version_for

# Bump by hand with any change that could alter which facts are linked or what a passage
# says (a stored analysis is never recomputed under its version). 2: passages carry the
# speaker both texts name, and no link joins two speakers' statements; a change to how
# `app.services.statements` finds who said what changes both, so it bumps this too.
# 3: a sentence a copied passage only touches at an edge takes part by its free rest.
# 4: a pair both texts say one person said scores higher (`FactSignals.same_speaker`).
# 5: a pair is scored only when it shares a specific word (`FactParams.specific_rarity`).
FACTS_REVISION = 5


@dataclass(frozen=True, slots=True)
class FactParams:
    """Knobs of same-fact linking, chosen on the labelled seed pairs (bench_facts)."""

    # Score (0..1, `combine_fact`) a pair needs to be linked: the lowest whose links were
    # right at least 85% of the time on seed pairs the weights were not fitted on.
    threshold: float = 0.3
    # Content words a sentence needs to state a fact of its own ("Read more." does not).
    min_content_words: int = 4
    # Best candidates kept per sentence, on each side, by cosine and by rare shared words.
    candidates: int = 2
    # Embedding cosine below which a pair is not scored at all (bench_facts: the same
    # links at 0.4 as with no floor, in half the time).
    min_cosine: float = 0.4
    # A pair is scored only when the two share a word that is not a name and stands in few
    # of the two articles' sentences: at least this rarity (`links._rarity`, 0..1; 0.5 is
    # a word in at most about one sentence in nine).
    specific_rarity: float = 0.5


def analysis_version(align_params: AlignParams, fact_params: FactParams) -> str:
    """`align-<rev>-<digest>.facts-<rev>-<digest>`: both engines and their knobs."""
    blob = json.dumps(asdict(fact_params), sort_keys=True).encode()
    digest = hashlib.sha256(blob).hexdigest()[:8]
    return f"{version_for(align_params)}.facts-{FACTS_REVISION}-{digest}"
