"""A small hand-written multi-article corpus for corroboration, API and export tests (no spaCy).

- one allegation (Russia shelled a power station in Estonia) carried by a root article and four
  syndicated copies in other outlets: one syndication cluster;
- one fact (Lithuania sent medical supplies to Ukraine) reported by three independent outlets,
  and denied by a fourth;
- one prediction (Estonia will host talks with Lithuania), from one outlet.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from tests.store.factories import (
    ESTONIA,
    LITHUANIA,
    RUSSIA,
    UKRAINE,
    make_article,
    make_claim,
    named,
    unnamed,
)

from claimgraph.records import ArticleResult
from claimgraph.store import Store
from claimgraph.store.schema import Document
from claimgraph.store.writer import rebuild_relations
from claimgraph.vocab import CueKind, PloverType, Status

ALLEGATION = "Opposition activists alleged that Russia shelled a power station in Estonia."
FACT = "Lithuania sent medical supplies to Ukraine, officials said."
DENIAL = "Lithuania denied that it sent medical supplies to Ukraine."
PREDICTION = "Estonia will host talks with Lithuania next month, the foreign minister said."

COPY_OUTLETS = ("Harbour Post", "Daily Ledger", "Coastal Times", "Evening Courier")
FACT_OUTLETS = ("Nordic Wire", "Baltic Ledger", "Vilnius Herald")


def _allegation(outlet: str, lead: str) -> ArticleResult:
    text = f"{lead} {ALLEGATION} The station supplies the town of Narva."
    article = make_article(
        text, outlet=outlet, author=None, published=dt.date(2024, 5, 3), title="Power station hit"
    )
    claim = make_claim(
        article,
        sentence=ALLEGATION,
        subject=(RUSSIA, "Russia"),
        trigger="shelled",
        type=PloverType.ASSAULT,
        object=(ESTONIA, "Estonia"),
        status=Status.ALLEGED,
        chain=(unnamed("Opposition activists", "alleged", CueKind.DISTANCING),),
    )
    return ArticleResult(article=article, claims=(claim,))


def _fact(outlet: str, day: int) -> ArticleResult:
    text = f"{FACT} The convoy crossed the border on day {day} of the month, {outlet} learned."
    article = make_article(
        text, outlet=outlet, author=None, published=dt.date(2024, 5, day), title="Aid convoy"
    )
    claim = make_claim(
        article,
        sentence=FACT,
        subject=(LITHUANIA, "Lithuania"),
        trigger="sent",
        type=PloverType.AID,
        object=(UKRAINE, "Ukraine"),
        status=Status.REPORTED,
        chain=(unnamed("officials"),),
    )
    return ArticleResult(article=article, claims=(claim,))


def corpus() -> tuple[list[ArticleResult], list[ArticleResult]]:
    """(the allegation's root and copies, every other article)."""
    allegations = [_allegation("Meridian Wire", "TALLINN (Meridian Wire) -")]
    allegations += [_allegation(outlet, f"From {outlet}:") for outlet in COPY_OUTLETS]
    others = [_fact(outlet, day) for outlet, day in zip(FACT_OUTLETS, (6, 7, 9), strict=True)]
    denial_text = f"{DENIAL} A spokesman called the report false."
    denial_article = make_article(
        denial_text, outlet="Kaunas Daily", author=None, published=dt.date(2024, 5, 10)
    )
    denial = make_claim(
        denial_article,
        sentence=DENIAL,
        subject=(LITHUANIA, "Lithuania"),
        trigger="sent",
        type=PloverType.AID,
        object=(UKRAINE, "Ukraine"),
        status=Status.DENIED,
        chain=(named("Lithuania", "LTU", "denied"),),
    )
    others.append(ArticleResult(article=denial_article, claims=(denial,)))
    talks_text = f"{PREDICTION} No date was set."
    talks_article = make_article(talks_text, outlet="Nordic Wire", published=dt.date(2024, 5, 12))
    talks = make_claim(
        talks_article,
        sentence=PREDICTION,
        subject=(ESTONIA, "Estonia"),
        trigger="host",
        type=PloverType.CONSULT,
        object=(LITHUANIA, "Lithuania"),
        status=Status.PREDICTED,
        chain=(named("the foreign minister", None),),
    )
    others.append(ArticleResult(article=talks_article, claims=(talks,)))
    return allegations, others


def build_store(url: str, *, batches: int = 1) -> Store:
    """Write the corpus into a new store, mark the syndication cluster, rebuild relations.

    The cluster is set after the write (as a later deduplication pass would) and relations are
    rebuilt from the stored claims, so the clusters count.
    """
    allegations, others = corpus()
    results = allegations + others
    store = Store(url)
    size = max(1, len(results) // batches)
    for i in range(0, len(results), size):
        store.write(results[i : i + size])
    root = allegations[0].article.doc_id
    with store._session() as session, session.begin():  # the store's own session factory
        session.execute(
            update(Document)
            .where(Document.doc_id.in_([r.article.doc_id for r in allegations]))
            .values(cluster_id=root)
        )
        rebuild_relations(session)
    return store
