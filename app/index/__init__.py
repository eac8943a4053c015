"""Fingerprints of article text for the candidate index: hashed word shingles, winnowed.

A pure library: text in, integers out. `fingerprint(body)` hashes every word n-gram of
the body (words normalised exactly as the alignment engine matches them, `app.align`'s
tokenizer) with a stable 64-bit hash, then keeps only the minimum hash of every window of
`window` consecutive n-grams (winnowing, Schleimer, Wilkerson and Aiken 2003). Two texts
that share a run of at least `ngram + window - 1` words therefore share a fingerprint,
while only about 2 / (window + 1) of the n-grams are stored.
"""

from app.index.fingerprint import IndexParams, fingerprint, shingle_hashes, winnow

__all__ = ["IndexParams", "fingerprint", "shingle_hashes", "winnow"]
