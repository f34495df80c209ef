"""Hand-built article results for the engine and PostgreSQL tests (no spaCy needed).

The texts are invented international-news sentences; every span is looked up in the text, so
all offsets are real. ``build_results()`` gives a dozen results with overlapping relations
(the same aid relation reported by several outlets, a denial, a prediction).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from tests.store.factories import claim_actor, find_span

from claimgraph.records import (
    Actor,
    ActorId,
    Article,
    ArticleResult,
    Claim,
    ClaimActor,
    ClaimId,
    DocId,
    Mention,
    SourceLink,
)
from claimgraph.vocab import (
    ActorKind,
    Certainty,
    CueKind,
    PloverType,
    Polarity,
    SourceKind,
    Status,
    Tense,
)

ACTORS = {
    name: Actor(ActorId(code), name, ActorKind.STATE, country=code, sector="GOV")
    for code, name in (
        ("POL", "Poland"), ("UKR", "Ukraine"), ("RUS", "Russia"), ("TUR", "Turkey"),
        ("ARM", "Armenia"), ("AZE", "Azerbaijan"), ("JPN", "Japan"), ("PRK", "North Korea"),
        ("EGY", "Egypt"), ("SDN", "Sudan"), ("FRA", "France"), ("DEU", "Germany"),
    )
}  # fmt: skip
OUTLETS = ("Baltic Ledger", "Nordic Wire", "Cairo Courier")


@dataclass(frozen=True, slots=True)
class ClaimSpec:
    subject: str
    trigger: str
    type: PloverType
    object: str
    status: Status = Status.ASSERTED
    source: str | None = None  # a named source ("the defence ministry"); None: the author


# (sentence, its claim) pairs; a document is two of them.
SENTENCES: tuple[tuple[str, ClaimSpec], ...] = (
    ("Poland sent armoured vehicles to Ukraine, the defence ministry said.",
     ClaimSpec("Poland", "sent", PloverType.AID, "Ukraine", Status.REPORTED,
               "the defence ministry")),
    ("Russia accused Poland of prolonging the war.",
     ClaimSpec("Russia", "accused", PloverType.ACCUSE, "Poland")),
    ("Turkey hosted talks between Armenia and Azerbaijan in Istanbul.",
     ClaimSpec("Turkey", "hosted", PloverType.CONSULT, "Armenia")),
    ("Azerbaijan denied that it had attacked Armenia.",
     ClaimSpec("Azerbaijan", "attacked", PloverType.ASSAULT, "Armenia", Status.DENIED)),
    ("Japan will impose sanctions on North Korea, the prime minister said.",
     ClaimSpec("Japan", "impose", PloverType.SANCTION, "North Korea", Status.PREDICTED,
               "the prime minister")),
    ("Egypt delivered food and medicine to Sudan on Monday.",
     ClaimSpec("Egypt", "delivered", PloverType.AID, "Sudan")),
    ("France signed an agreement with Germany to build a new tank.",
     ClaimSpec("France", "signed", PloverType.AGREE, "Germany")),
    ("Poland may also send air defence systems to Ukraine, officials said.",
     ClaimSpec("Poland", "send", PloverType.AID, "Ukraine", Status.HEDGED)),
)  # fmt: skip


def _claim_actor(name: str, text: str, *, after: int) -> ClaimActor:
    return claim_actor(ACTORS[name], text, name, after=after)


def _claim(article: Article, sentence: str, spec: ClaimSpec) -> Claim:
    span = find_span(article.text, sentence)
    subject = _claim_actor(spec.subject, article.text, after=span[0])
    obj = _claim_actor(spec.object, article.text, after=span[0])
    trigger = find_span(article.text, spec.trigger, after=span[0])
    chain: tuple[SourceLink, ...] = ()
    if spec.source is not None:
        chain = (
            SourceLink(source=spec.source, source_id=None, kind=SourceKind.NAMED_SOURCE,
                       cue="said", cue_kind=CueKind.NEUTRAL, outlet=None),
        )  # fmt: skip
    key = f"{article.doc_id}|{span}|{subject.id}|{spec.type}|{obj.id}"
    return Claim(
        claim_id=ClaimId(hashlib.sha1(key.encode()).hexdigest()),
        doc_id=article.doc_id,
        sentence=sentence,
        char_span=span,
        trigger=spec.trigger,
        trigger_span=trigger,
        subject=subject,
        type=spec.type,
        mode=None,
        object=obj,
        event_date=None,
        attribution=chain,
        certainty=Certainty.POSSIBLE if spec.status is Status.HEDGED else Certainty.CERTAIN,
        polarity=Polarity.NEGATIVE if spec.status is Status.DENIED else Polarity.POSITIVE,
        time=Tense.FUTURE if spec.status is Status.PREDICTED else Tense.PAST_OR_PRESENT,
        status=spec.status,
        confidence=0.8,
        title=article.title,
        outlet=article.outlet,
        author=article.author,
        published=article.published,
        source_doc=article.source,
    )


def build_result(index: int) -> ArticleResult:
    """Document ``index``: two sentences, an outlet and a date that vary with the index."""
    first = SENTENCES[index % len(SENTENCES)]
    second = SENTENCES[(index * 3 + 1) % len(SENTENCES)]
    if second == first:
        second = SENTENCES[(index + 1) % len(SENTENCES)]
    text = f"{first[0]} {second[0]} This is dispatch number {index}."
    doc_id = DocId(hashlib.sha1(text.encode()).hexdigest())
    article = Article(
        doc_id=doc_id,
        source=f"/data/in/dispatch-{index:03d}.txt",
        text=text,
        title=f"Dispatch {index}",
        author=None if index % 2 else "Mira Kovacs",
        published=dt.date(2024, 1 + index % 12, 1 + index % 28),
        outlet=OUTLETS[index % len(OUTLETS)],
        warnings=("a test warning",) if index % 5 == 0 else (),
    )
    claims = tuple(_claim(article, sentence, spec) for sentence, spec in (first, second))
    mentions: list[Mention] = []
    for claim in claims:
        for arg in (claim.subject, claim.object):
            mentions.append(Mention(arg.start, arg.end, arg.mention, ACTORS[arg.name], "name"))
    return ArticleResult(article=article, mentions=tuple(mentions), claims=claims)


def build_results(count: int) -> list[ArticleResult]:
    return [build_result(index) for index in range(count)]
