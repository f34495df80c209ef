"""Syndication clusters in the store: MinHash LSH buckets in ``lsh_buckets``.

``assign_clusters`` runs inside a batch's write transaction, after the batch's documents are
inserted. For each new document, in batch order, it looks up the documents sharing a band
bucket (``lsh_buckets``), verifies them by estimated Jaccard (``clean.dedup``), and sets
``documents.cluster_id`` to the matched document's cluster (or the document's own id) and
``documents.minhash`` to its signature; then indexes its buckets. Only the signatures of
candidates are read, so the lookup works across runs and processes without holding every
signature in memory. Being in the batch's transaction, a crash leaves documents and clusters
consistent, and a re-run assigns the same clusters (input order decides the first member).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select, tuple_, update
from sqlalchemy.orm import Session

from claimgraph.clean.dedup import NEAR_DUPLICATE_JACCARD, Signature, best_match
from claimgraph.records import ArticleResult, DocId
from claimgraph.store.schema import Document, LshBucket

logger = logging.getLogger(__name__)

# (band, bucket) pairs per IN (...) query: 42 bands of one document fit in one statement.
_KEYS_PER_QUERY = 200


def _stored_signatures(
    session: Session, doc_ids: Sequence[str]
) -> Iterable[tuple[DocId, DocId, Signature]]:
    if not doc_ids:
        return []
    rows = session.execute(
        select(Document.doc_id, Document.cluster_id, Document.minhash).where(
            Document.doc_id.in_(doc_ids)
        )
    )
    return [
        (DocId(doc_id), DocId(cluster_id or doc_id), Signature.from_bytes(minhash))
        for doc_id, cluster_id, minhash in rows
        if minhash is not None
    ]


def assign_clusters(session: Session, results: Sequence[ArticleResult]) -> dict[DocId, DocId]:
    """Cluster the batch's newly stored documents, in order; ``{doc_id: cluster_id}``.

    Documents the batch did not store (already there, refused) are left alone. The whole
    batch costs a few statements, not a few per document: one bucket lookup for every band
    key of the batch, one read of the stored candidates' signatures, one bulk update and one
    bulk insert. Documents are still matched in batch order, each against the stored ones and
    the batch's earlier ones, so the result equals clustering them one at a time.
    """
    signatures: dict[DocId, Signature] = {}
    for result in results:
        doc_id = result.article.doc_id
        if doc_id not in signatures:
            signatures[doc_id] = Signature.of_text(result.article.text)
    if not signatures:
        return {}
    new_ids = set(
        session.scalars(
            select(Document.doc_id).where(
                Document.doc_id.in_(list(signatures)), Document.cluster_id.is_(None)
            )
        )
    )
    keys_of = {
        doc_id: sig.band_buckets() for doc_id, sig in signatures.items() if doc_id in new_ids
    }
    bucket_docs = _bucket_members(session, sorted({k for keys in keys_of.values() for k in keys}))
    stored = {doc for docs in bucket_docs.values() for doc in docs} - new_ids
    known: dict[str, tuple[DocId, Signature]] = {
        doc_id: (cluster_id, sig)
        for doc_id, cluster_id, sig in _stored_signatures(session, sorted(stored))
    }
    clusters: dict[DocId, DocId] = {}
    updates: list[dict[str, object]] = []
    buckets: list[dict[str, object]] = []
    for doc_id, signature in signatures.items():
        if doc_id not in new_ids:
            continue
        keys = keys_of[doc_id]
        candidate_ids = sorted({doc for key in keys for doc in bucket_docs.get(key, ())} - {doc_id})
        candidates = [
            (DocId(doc), known[doc][0], known[doc][1]) for doc in candidate_ids if doc in known
        ]
        match = best_match(signature, candidates, threshold=NEAR_DUPLICATE_JACCARD)
        cluster_id = match.cluster_id if match is not None else doc_id
        if match is not None:
            logger.debug(
                "doc %s: near duplicate of %s (Jaccard %.2f), cluster %s",
                doc_id,
                match.doc_id,
                match.jaccard,
                cluster_id,
            )
        clusters[doc_id] = cluster_id
        known[doc_id] = (cluster_id, signature)
        for key in keys:
            bucket_docs.setdefault(key, set()).add(doc_id)
        updates.append(
            {"doc_id": doc_id, "cluster_id": cluster_id, "minhash": signature.to_bytes()}
        )
        buckets.extend({"band": band, "bucket": bucket, "doc_id": doc_id} for band, bucket in keys)
    if updates:
        session.execute(update(Document), updates)
        session.execute(insert(LshBucket), buckets)
    return clusters


def _bucket_members(
    session: Session, keys: Sequence[tuple[int, str]]
) -> dict[tuple[int, str], set[str]]:
    """The stored documents in each of the (band, bucket) ``keys``."""
    members: dict[tuple[int, str], set[str]] = {}
    for i in range(0, len(keys), _KEYS_PER_QUERY):
        chunk = keys[i : i + _KEYS_PER_QUERY]
        stmt = select(LshBucket.band, LshBucket.bucket, LshBucket.doc_id).where(
            tuple_(LshBucket.band, LshBucket.bucket).in_(chunk)
        )
        for band, bucket, doc_id in session.execute(stmt):
            members.setdefault((band, bucket), set()).add(doc_id)
    return members
