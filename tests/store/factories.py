"""Hand-built articles and claims for the store, graph and serialization tests (no spaCy).

Texts are invented news sentences. Spans are found in the text, so every offset is real.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from claimgraph.records import (
    Actor,
    ActorId,
    Article,
    ArticleResult,
    Attribution,
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

ESTONIA = Actor(ActorId("EST"), "Estonia", ActorKind.STATE, country="EST", sector="GOV")
UKRAINE = Actor(ActorId("UKR"), "Ukraine", ActorKind.STATE, country="UKR", sector="GOV")
RUSSIA = Actor(ActorId("RUS"), "Russia", ActorKind.STATE, country="RUS", sector="GOV")
LITHUANIA = Actor(ActorId("LTU"), "Lithuania", ActorKind.STATE, country="LTU", sector="GOV")
RED_CROSS = Actor(ActorId("icrc"), "International Committee of the Red Cross", ActorKind.IGO)

TEXT_A = (
    "Estonia sent artillery shells to Ukraine in February, the defence ministry said. "
    "Officials in Tallinn denied that Estonia supplied drones to Ukraine. "
    "Russia accused Estonia of prolonging the war."
)
TEXT_B = (
    "Estonia delivered more shells to Ukraine on March 2, Latvian officials said. "
    "Lithuania will send military trainers to Ukraine, its president said."
)
TEXT_C = (
    "Tallinn shipped a further batch of shells to Kyiv, the Baltic Ledger reported. "
    "The Red Cross sent medical supplies to Ukraine."
)


def doc_id_of(text: str) -> DocId:
    return DocId(hashlib.sha1(text.encode("utf-8")).hexdigest())


def make_article(
    text: str,
    *,
    outlet: str | None = "Baltic Ledger",
    author: str | None = "Mira Kovacs",
    published: dt.date | None = dt.date(2024, 3, 12),
    title: str | None = "Baltic aid to Ukraine",
) -> Article:
    return Article(
        doc_id=doc_id_of(text),
        source=f"/data/in/{doc_id_of(text)[:8]}.txt",
        text=text,
        title=title,
        author=author,
        published=published,
        outlet=outlet,
        url=None,
        raw_sha1=hashlib.sha1(text.encode("utf-8") + b"raw").hexdigest(),
        removed_lines=2,
        warnings=("a test warning",),
    )


def find_span(text: str, needle: str, *, after: int = 0) -> tuple[int, int]:
    """The (start, end) of the first ``needle`` in ``text`` at or after ``after``."""
    start = text.index(needle, after)
    return (start, start + len(needle))


def claim_actor(actor: Actor, text: str, mention: str, *, after: int) -> ClaimActor:
    start, end = find_span(text, mention, after=after)
    return ClaimActor(
        id=actor.id,
        name=actor.name,
        kind=actor.kind,
        sector=actor.sector,
        country=actor.country,
        mention=mention,
        start=start,
        end=end,
    )


def make_claim(
    article: Article,
    *,
    sentence: str,
    subject: tuple[Actor, str],
    trigger: str,
    type: PloverType,
    object: tuple[Actor, str],
    status: Status = Status.ASSERTED,
    chain: tuple[SourceLink, ...] = (),
    mode: str | None = None,
    event_date: dt.date | None = None,
    polarity: Polarity = Polarity.POSITIVE,
    time: Tense = Tense.PAST_OR_PRESENT,
    certainty: Certainty = Certainty.CERTAIN,
    confidence: float = 0.8,
) -> Claim:
    """A claim in ``article``; mentions and trigger are looked up inside ``sentence``."""
    span = find_span(article.text, sentence)
    subj = claim_actor(subject[0], article.text, subject[1], after=span[0])
    obj = claim_actor(object[0], article.text, object[1], after=span[0])
    trigger_span = find_span(article.text, trigger, after=span[0])
    key = f"{article.doc_id}|{span}|{subj.id}|{type}|{obj.id}|{trigger_span}"
    return Claim(
        claim_id=ClaimId(hashlib.sha1(key.encode()).hexdigest()),
        doc_id=article.doc_id,
        sentence=sentence,
        char_span=span,
        trigger=trigger,
        trigger_span=trigger_span,
        subject=subj,
        type=type,
        mode=mode,
        object=obj,
        event_date=event_date,
        attribution=chain,
        certainty=certainty,
        polarity=polarity,
        time=time,
        status=status,
        confidence=confidence,
        title=article.title,
        outlet=article.outlet,
        author=article.author,
        published=article.published,
        source_doc=article.source,
    )


def named(
    source: str, source_id: str | None, cue: str = "said", *, outlet: str | None = None
) -> SourceLink:
    return SourceLink(
        source=source,
        source_id=source_id,
        kind=SourceKind.NAMED_SOURCE,
        cue=cue,
        cue_kind=CueKind.NEUTRAL,
        outlet=outlet,
    )


def unnamed(source: str, cue: str = "said", cue_kind: CueKind = CueKind.NEUTRAL) -> SourceLink:
    return SourceLink(
        source=source, source_id=None, kind=SourceKind.UNNAMED_SOURCE, cue=cue, cue_kind=cue_kind
    )


def mention(article: Article, actor: Actor, text: str, *, after: int = 0) -> Mention:
    start, end = find_span(article.text, text, after=after)
    return Mention(start=start, end=end, text=text, actor=actor, via="name")


def result_a() -> ArticleResult:
    """Three claims: a reported aid, a denied aid (same relation), an asserted accusation."""
    article = make_article(TEXT_A)
    s1 = "Estonia sent artillery shells to Ukraine in February, the defence ministry said."
    s2 = "Officials in Tallinn denied that Estonia supplied drones to Ukraine."
    s3 = "Russia accused Estonia of prolonging the war."
    claims = (
        make_claim(
            article,
            sentence=s1,
            subject=(ESTONIA, "Estonia"),
            trigger="sent",
            type=PloverType.AID,
            mode="military",
            object=(UKRAINE, "Ukraine"),
            status=Status.REPORTED,
            chain=(named("the defence ministry", "est-defence-ministry"),),
            event_date=dt.date(2024, 2, 1),
        ),
        make_claim(
            article,
            sentence=s2,
            subject=(ESTONIA, "Estonia"),
            trigger="supplied",
            type=PloverType.AID,
            mode="military",
            object=(UKRAINE, "Ukraine"),
            status=Status.DENIED,
            polarity=Polarity.NEGATIVE,
            chain=(unnamed("Officials in Tallinn", cue="denied", cue_kind=CueKind.DENIAL),),
        ),
        make_claim(
            article,
            sentence=s3,
            subject=(RUSSIA, "Russia"),
            trigger="accused",
            type=PloverType.ACCUSE,
            object=(ESTONIA, "Estonia"),
        ),
    )
    cue_start = article.text.index("said")
    attribution = Attribution(
        cue=(cue_start, cue_start + 4),
        cue_text="said",
        cue_lemma="say",
        cue_kind=CueKind.NEUTRAL,
        content=(0, cue_start - 2),
        source=(cue_start - 22, cue_start - 1),
        source_text="the defence ministry",
        source_kind=SourceKind.NAMED_SOURCE,
    )
    mentions = (
        mention(article, ESTONIA, "Estonia"),
        mention(article, UKRAINE, "Ukraine"),
        mention(article, ESTONIA, "Tallinn"),
        mention(article, RUSSIA, "Russia"),
    )
    return ArticleResult(
        article=article, mentions=mentions, attributions=(attribution,), claims=claims
    )


def result_b() -> ArticleResult:
    """Another outlet reports the same aid relation, and a predicted one."""
    article = make_article(
        TEXT_B, outlet="Nordic Wire", author=None, published=dt.date(2024, 3, 15)
    )
    s1 = "Estonia delivered more shells to Ukraine on March 2, Latvian officials said."
    s2 = "Lithuania will send military trainers to Ukraine, its president said."
    claims = (
        make_claim(
            article,
            sentence=s1,
            subject=(ESTONIA, "Estonia"),
            trigger="delivered",
            type=PloverType.AID,
            mode="military",
            object=(UKRAINE, "Ukraine"),
            status=Status.REPORTED,
            chain=(unnamed("Latvian officials"),),
            event_date=dt.date(2024, 3, 2),
        ),
        make_claim(
            article,
            sentence=s2,
            subject=(LITHUANIA, "Lithuania"),
            trigger="send",
            type=PloverType.AID,
            object=(UKRAINE, "Ukraine"),
            status=Status.PREDICTED,
            time=Tense.FUTURE,
            chain=(named("its president", "gitanas-nauseda"),),
        ),
    )
    mentions = (
        mention(article, ESTONIA, "Estonia"),
        mention(article, LITHUANIA, "Lithuania"),
    )
    return ArticleResult(article=article, mentions=mentions, claims=claims)


def result_c() -> ArticleResult:
    """Metonyms ("Tallinn", "Kyiv") and a named outlet as source; an IGO actor."""
    article = make_article(TEXT_C, outlet="Baltic Ledger", author="Jaan Tamm")
    s1 = "Tallinn shipped a further batch of shells to Kyiv, the Baltic Ledger reported."
    s2 = "The Red Cross sent medical supplies to Ukraine."
    claims = (
        make_claim(
            article,
            sentence=s1,
            subject=(ESTONIA, "Tallinn"),
            trigger="shipped",
            type=PloverType.AID,
            mode="military",
            object=(UKRAINE, "Kyiv"),
            status=Status.REPORTED,
            chain=(named("the Baltic Ledger", None, cue="reported", outlet="Baltic Ledger"),),
        ),
        make_claim(
            article,
            sentence=s2,
            subject=(RED_CROSS, "The Red Cross"),
            trigger="sent",
            type=PloverType.AID,
            mode="humanitarian",
            object=(UKRAINE, "Ukraine"),
        ),
    )
    return ArticleResult(article=article, claims=claims)
