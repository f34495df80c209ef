"""Claim records from event candidates: attribution chain, evidential status, confidence.

``build_claims`` turns the events of one parsed ``Doc`` into ``Claim`` records: the chain of
sources from the attributions whose content holds the trigger, the factuality axes and the
derived status (``claimgraph.status``), the claim id and the confidence. Offsets are shifted
by ``offset`` (the part's place in a long article).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimgraph.records import (
    Article,
    Attribution,
    Claim,
    ClaimActor,
    ClaimId,
    EventCandidate,
    Mention,
)
from claimgraph.vocab import Status

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from claimgraph.status.model import StatusModel

#: Prior confidence by the derived status for rule events (the learned extractor gives its
#: own probability): firmer statuses are read more reliably.
_STATUS_PRIOR: dict[Status, float] = {
    Status.ASSERTED: 0.80,
    Status.REPORTED: 0.80,
    Status.ALLEGED: 0.72,
    Status.HEDGED: 0.68,
    Status.DENIED: 0.65,
    Status.PREDICTED: 0.70,
}

#: How a mention was resolved changes how sure we are of the actor.
_VIA_FACTOR: dict[str, float] = {
    "name": 1.0,
    "alias": 1.0,
    "office": 0.97,
    "metonym": 0.95,
    "capital": 0.93,
    "demonym": 0.92,
    "ner": 0.85,
    "coref": 0.8,
}


def make_claim_id(
    doc_id: str,
    span: tuple[int, int],
    *,
    subject: str,
    type_: str,
    obj: str,
    trigger: tuple[int, int],
) -> ClaimId:
    """sha1 of doc_id + sentence span + subject + type + object + trigger span.

    The trigger span is part of the key because one sentence can hold two events with the
    same actors and type but different evidential status: "Russia delivered jets to Iran and is
    considering a deal to sell it fighters" is a reported delivery and a predicted sale.
    """
    key = f"{doc_id}|{span[0]}:{span[1]}|{subject}|{type_}|{obj}|{trigger[0]}:{trigger[1]}"
    return ClaimId(hashlib.sha1(key.encode("utf-8")).hexdigest())


def claim_actor(mention: Mention, offset: int = 0) -> ClaimActor:
    """The claim record's view of an actor mention."""
    actor = mention.actor
    return ClaimActor(
        id=actor.id,
        name=actor.name,
        kind=actor.kind,
        sector=actor.sector,
        country=actor.country,
        mention=mention.text,
        start=mention.start + offset,
        end=mention.end + offset,
    )


def estimate_confidence(event: EventCandidate, status: Status, p_status: float = 1.0) -> float:
    """The probability that the claim record is right (actors, type and status).

    The learned extractor's probability times the status model's when there is one; for
    rule events a prior from the status and how each actor was resolved.
    """
    if event.score is not None:
        return round(min(max(event.score * p_status, 0.01), 0.99), 3)
    score = _STATUS_PRIOR[status]
    score *= _VIA_FACTOR.get(event.subject.via, 0.85)
    score *= _VIA_FACTOR.get(event.object.via, 0.85)
    if event.predicate.nominal:
        score *= 0.95
    return round(min(max(score, 0.01), 0.99), 3)


def build_claims(
    doc: Doc,
    article: Article,
    events: Sequence[EventCandidate],
    attributions: Sequence[Attribution],
    *,
    offset: int = 0,
    status_model: StatusModel | None = None,
) -> list[Claim]:
    """One ``Claim`` per event, in the events' order.

    With ``status_model`` the chain, axes and status are the learned ones (and the confidence
    includes the status probability); without it, the rules' (``chain_for``, ``assess`` +
    ``derive_status``).
    """
    from claimgraph.attribution import chain_for
    from claimgraph.nlp.model import doc_text
    from claimgraph.status import assess, derive_status

    text = doc_text(doc)
    claims: list[Claim] = []
    for event in events:
        pred = event.predicate
        p_status = 1.0
        if status_model is not None:
            subject_span = (event.subject.start, event.subject.end)
            chain = status_model.chain(doc, pred.trigger_i, attributions, subject=subject_span)
            factuality, status, p_status = status_model.decide(
                doc, pred.trigger_i, attributions=attributions, chain=chain
            )
        else:
            chain = chain_for((pred.trigger_start, pred.trigger_end), attributions)
            factuality = assess(doc, pred.trigger_i, attributions=attributions)
            status = derive_status(factuality, chain)
        span = (pred.sent_start + offset, pred.sent_end + offset)
        trigger_span = (pred.trigger_start + offset, pred.trigger_end + offset)
        subject = claim_actor(event.subject, offset)
        obj = claim_actor(event.object, offset)
        claims.append(
            Claim(
                claim_id=make_claim_id(
                    article.doc_id,
                    span,
                    subject=subject.id,
                    type_=pred.type.value,
                    obj=obj.id,
                    trigger=trigger_span,
                ),
                doc_id=article.doc_id,
                sentence=text[pred.sent_start : pred.sent_end],
                char_span=span,
                trigger=pred.trigger,
                trigger_span=trigger_span,
                subject=subject,
                type=pred.type,
                mode=pred.mode,
                object=obj,
                event_date=event.event_date,
                attribution=chain,
                certainty=factuality.certainty,
                polarity=factuality.polarity,
                time=factuality.time,
                status=status,
                confidence=estimate_confidence(event, status, p_status),
                title=article.title,
                outlet=article.outlet,
                author=article.author,
                published=article.published,
                source_doc=article.source,
            )
        )
    return claims
