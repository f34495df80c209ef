"""Claims to relations: (subject, type, object) with corroboration counts.

A relation gathers every claim with the same subject actor, PLOVER type and object actor. Its
figures are the number of claims, the number of *independent sources*, the mix of statuses
and the first/last date.

Independent sources. Each claim contributes one *source key*; a relation's ``n_sources`` is the
number of distinct keys over its claims:

1. the claim has a named source in its attribution chain: the innermost named source (the one
   closest to the claim's content) is the source. Its key is its ``source_id`` when resolved
   (``source:<id>``), else the outlet it spoke through (``outlet:<name>``, the same key as
   case 2, so an outlet counts once however it appears), else its name (``source:<name>``).
2. only unnamed sources ("officials said", "reports allege"): the document's outlet, since
   that is the only party the reader can hold to it (``outlet:<name>``).
3. the author asserts it (empty chain): the author (``author:<name>``), or the outlet when the
   article has no byline.

When a document has neither outlet nor author, its ``doc_id`` stands in (``doc:<id>``), so an
anonymous page counts once. Keys are lower-cased with whitespace collapsed, so "The Wall
Street Journal" from two documents is one source.

Syndication. Exact copies share one ``doc_id``. Near copies of one wire story (a syndication
cluster, ``documents.cluster_id``) count once: in cases 2 and 3 a copy speaks with the voice of
its cluster's first member (``ClusterRoot``), so five outlets reprinting one story give one
key, the root's. A document without a cluster, or the root itself, keys as above.

Each source also carries a *weight*, the firmest status it gave the relation
(``graph.corroboration``), from which the relation's corroboration score is computed.

Aggregation is additive, which is what lets the store update relations incrementally: the
figures for a batch of claims merge into the stored ones (sums, set union of keys, min/max of
dates) without a recompute over older claims.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from claimgraph.graph.corroboration import STATUS_WEIGHT, corroboration_score, is_contradicted
from claimgraph.records import ActorId, Claim, DocId
from claimgraph.vocab import PloverType, SourceKind, Status

__all__ = [
    "ClusterRoot",
    "RelationAgg",
    "RelationKey",
    "aggregate_claims",
    "claim_date",
    "source_key",
]


@dataclass(frozen=True, slots=True)
class ClusterRoot:
    """The first member of a document's syndication cluster: whose voice its copies carry."""

    doc_id: DocId
    outlet: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True, order=True)
class RelationKey:
    subject_id: ActorId
    type: PloverType
    object_id: ActorId


@dataclass(slots=True)
class RelationAgg:
    """Additive figures of a relation over some set of claims."""

    n_claims: int = 0
    status_counts: dict[Status, int] = field(default_factory=dict)
    source_keys: set[str] = field(default_factory=set)
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    # the firmest status weight each source gave (merges by max)
    source_weights: dict[str, float] = field(default_factory=dict)

    @property
    def n_sources(self) -> int:
        return len(self.source_keys)

    @property
    def score(self) -> float:
        """The corroboration score over these claims alone (``graph.corroboration``)."""
        return corroboration_score(self.source_weights.values())

    @property
    def contradicted(self) -> bool:
        return is_contradicted(self.status_counts)

    def add(self, claim: Claim, *, key: str, date: dt.date | None) -> None:
        self.n_claims += 1
        self.status_counts[claim.status] = self.status_counts.get(claim.status, 0) + 1
        self.source_keys.add(key)
        weight = STATUS_WEIGHT[claim.status]
        if weight > self.source_weights.get(key, -1.0):
            self.source_weights[key] = weight
        if date is not None:
            if self.first_date is None or date < self.first_date:
                self.first_date = date
            if self.last_date is None or date > self.last_date:
                self.last_date = date


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def source_key(
    claim: Claim,
    *,
    outlet: str | None = None,
    author: str | None = None,
    cluster: ClusterRoot | None = None,
) -> str:
    """The independent-source key of ``claim`` (see the module docstring).

    ``outlet``/``author`` are the document's, used where the claim record lacks its own copy.
    ``cluster`` is the root of the document's syndication cluster, when that is another
    document: outlet and author keys are then the root's.
    """
    doc_outlet = claim.outlet or outlet
    doc_author = claim.author or author
    doc_id = claim.doc_id
    if cluster is not None and cluster.doc_id != claim.doc_id:
        doc_outlet, doc_author, doc_id = cluster.outlet, cluster.author, cluster.doc_id
    named = [link for link in claim.attribution if link.kind is SourceKind.NAMED_SOURCE]
    if named:
        inner = named[-1]
        if inner.source_id:
            return f"source:{_norm(inner.source_id)}"
        if inner.outlet:
            return f"outlet:{_norm(inner.outlet)}"
        if inner.source:
            return f"source:{_norm(inner.source)}"
    if claim.attribution:
        if doc_outlet:
            return f"outlet:{_norm(doc_outlet)}"
        return f"doc:{doc_id}"
    if doc_author:
        return f"author:{_norm(doc_author)}"
    if doc_outlet:
        return f"outlet:{_norm(doc_outlet)}"
    return f"doc:{doc_id}"


def claim_date(claim: Claim, *, published: dt.date | None = None) -> dt.date | None:
    """The date a claim places its event at: the event date, else the publication date."""
    return claim.event_date or claim.published or published


def aggregate_claims(
    claims: Iterable[Claim], *, clusters: Mapping[str, ClusterRoot] | None = None
) -> dict[RelationKey, RelationAgg]:
    """Group claims into relations (a pure function: the same claims give the same figures).

    ``clusters`` maps a ``doc_id`` to the root of its syndication cluster (documents absent
    from it are their own cluster).
    """
    roots = clusters or {}
    relations: dict[RelationKey, RelationAgg] = {}
    for claim in claims:
        key = RelationKey(claim.subject.id, claim.type, claim.object.id)
        agg = relations.get(key)
        if agg is None:
            agg = relations[key] = RelationAgg()
        source = source_key(claim, cluster=roots.get(claim.doc_id))
        agg.add(claim, key=source, date=claim_date(claim))
    return relations
