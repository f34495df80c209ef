"""Near duplicates: MinHash signatures over word shingles, LSH band buckets, verification.

A wire story republished by another outlet with a new headline, a trimmed paragraph or a few
changed words is a *near* duplicate: its doc_id differs (the text differs) but it is one
source, not two. Each article gets a MinHash signature of its word 5-gram shingles; the
signature is cut into ``BANDS`` bands of ``ROWS`` values, and each band is hashed to a bucket.
Two articles sharing any bucket are candidates; a candidate is a near duplicate when the
estimated Jaccard similarity of the two shingle sets is at least ``NEAR_DUPLICATE_JACCARD``.

This module is pure (no store): ``Signature`` holds the values, ``band_buckets`` the keys the
store indexes (``store.dedup``), and ``NearDuplicateIndex`` is an in-memory index for a batch
or an evaluation. Clusters are named after their first member (its doc_id).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from claimgraph.records import DocId

# The constants below were chosen on a near-duplicate test set: 80 Wikinews articles (from
# shared/data/corpus/wikinews, >= 150 words) each edited 8 ways (new headline plus two
# boilerplate lines; a paragraph dropped; a paragraph added; 2 %, 5 % and 10 % of words
# replaced; the last quarter cut; the second half cut), the sample corpus's two syndicated
# copies (640 + 2 positive pairs), against every pair of distinct Wikinews articles and of
# distinct sample articles, including different reports of the same event (13,949 negative
# pairs). The test set is rebuilt at a smaller scale in ``tests/clean/test_dedup.py``.

#: Words per shingle. With 3-grams distinct articles reach an estimated Jaccard of 0.18
#: (shared stock phrases); with 8-grams a 5 % word rewrite drops a copy to 0.35. 5-grams:
#: highest negative 0.11, 5 % rewrites >= 0.52.
SHINGLE_WORDS = 5

#: MinHash permutations: 128 gives a standard error of about 0.04 on a Jaccard estimate of
#: 0.35 (sqrt(J(1-J)/128)), at 512 bytes per stored signature.
NUM_PERM = 128

#: LSH bands x rows (126 of the 128 values; all 128 are used to verify). A pair at Jaccard
#: 0.35 becomes a candidate with probability 1 - (1 - 0.35**3)**42 = 0.84, at 0.5 with 0.996,
#: at 0.1 with 0.04. On the test set: 42 x 3 found 628/642 positives (32 x 4 at the same
#: threshold 603, 64 x 2: 636 but a negative candidate and 64 bucket rows per document);
#: no negative pair shared a bucket.
BANDS = 42
ROWS = 3

#: Estimated Jaccard at or above which a candidate is the same story. With 42 x 3 bands:
#: 0.35 -> recall 0.978 (all light edits and quarter cuts, 79/80 half cuts, 67/80 10 %
#: rewrites), 0 false positives; 0.5 -> recall 0.83 (misses half cuts, which outlets do to
#: wire copy). The highest negative estimate was 0.11, six standard errors below.
NEAR_DUPLICATE_JACCARD = 0.35

#: Seed of the MinHash permutations; part of the stored format (changing it invalidates every
#: stored signature and bucket).
MINHASH_SEED = 1

#: datasketch's permutation scheme, named so a change of the library default cannot silently
#: change stored signatures: affine maps modulo 2**32, 32-bit values (512 bytes a signature).
MINHASH_SCHEME = "affine32"

_WORD = re.compile(r"\w+", re.UNICODE)
_DTYPE = np.dtype("<u4")

UInt32Array = npt.NDArray[np.uint32]


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """An empty MinHash whose permutations every signature reuses (built once)."""
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    """Lower-cased word ``size``-grams; a text shorter than ``size`` words is one shingle."""
    words = [word.lower() for word in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash signature: ``NUM_PERM`` unsigned 32-bit values."""

    values: UInt32Array = field(repr=False)

    @classmethod
    def of_text(cls, text: str) -> Signature:
        return cls.of_shingles(shingles(text))

    @classmethod
    def of_shingles(cls, items: Iterable[str]) -> Signature:
        """MinHash of a set of shingles (datasketch, SHA-1 of each shingle)."""
        template = _template()
        minhash = MinHash(
            num_perm=NUM_PERM,
            seed=MINHASH_SEED,
            scheme=MINHASH_SCHEME,
            permutations=template.permutations,
        )
        minhash.update_batch([item.encode("utf-8") for item in items])
        return cls(np.asarray(minhash.hashvalues, dtype=np.uint32))

    def to_bytes(self) -> bytes:
        return self.values.astype(_DTYPE).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        values = np.frombuffer(data, dtype=_DTYPE).astype(np.uint32)
        if values.size != NUM_PERM:
            raise ValueError(f"a signature has {NUM_PERM} values, got {values.size}")
        return cls(values)

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.values == other.values)) / NUM_PERM

    def band_buckets(self) -> list[tuple[int, str]]:
        """``(band, bucket)`` keys: a 128-bit hash (32 hex digits) of each band's values."""
        raw = self.values.astype(_DTYPE)
        return [
            (
                band,
                hashlib.blake2b(
                    raw[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=16
                ).hexdigest(),
            )
            for band in range(BANDS)
        ]


@dataclass(frozen=True, slots=True)
class Match:
    """A verified near duplicate: the earlier document, its cluster and the estimate."""

    doc_id: DocId
    cluster_id: DocId
    jaccard: float


def best_match(
    signature: Signature,
    candidates: Iterable[tuple[DocId, DocId, Signature]],
    *,
    threshold: float = NEAR_DUPLICATE_JACCARD,
) -> Match | None:
    """The candidate ``(doc_id, cluster_id, signature)`` most similar at or above ``threshold``.

    Ties go to the smaller doc_id so the choice does not depend on the candidates' order.
    """
    best: Match | None = None
    for doc_id, cluster_id, other in candidates:
        score = signature.jaccard(other)
        if score < threshold:
            continue
        if best is None or (score, best.doc_id) > (best.jaccard, doc_id):
            best = Match(doc_id=doc_id, cluster_id=cluster_id, jaccard=score)
    return best


class NearDuplicateIndex:
    """An in-memory LSH index: ``add`` documents in order, each gets its cluster id."""

    def __init__(self, *, threshold: float = NEAR_DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self._buckets: dict[tuple[int, str], list[DocId]] = {}
        self._docs: dict[DocId, tuple[DocId, Signature]] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def query(self, signature: Signature) -> Match | None:
        """The best verified near duplicate among the documents added so far."""
        seen: set[DocId] = set()
        for key in signature.band_buckets():
            seen.update(self._buckets.get(key, ()))
        candidates = ((doc_id, *self._docs[doc_id]) for doc_id in sorted(seen))
        return best_match(signature, candidates, threshold=self.threshold)

    def add(self, doc_id: DocId, signature: Signature) -> DocId:
        """Index ``doc_id``; returns its cluster id (its own id when it matches nothing)."""
        if doc_id in self._docs:
            return self._docs[doc_id][0]
        match = self.query(signature)
        cluster_id = match.cluster_id if match is not None else doc_id
        self._docs[doc_id] = (cluster_id, signature)
        for key in signature.band_buckets():
            self._buckets.setdefault(key, []).append(doc_id)
        return cluster_id

    def cluster_of(self, doc_id: DocId) -> DocId | None:
        entry = self._docs.get(doc_id)
        return entry[0] if entry is not None else None
