"""The typed records that pipeline stages exchange.

Stages talk only through these records (and, inside one process, the spaCy ``Doc`` of an
article). All character offsets are half-open ``[start, end)`` into ``Article.text``, the
cleaned body.

Flow::

    RawDocument --clean--> Article --nlp--> Doc --actors--> Mention
        --claims--> Predicate/EventCandidate --attribution--> Attribution
        --status--> Factuality + Status --> Claim
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NewType

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

DocId = NewType("DocId", str)
ActorId = NewType("ActorId", str)
ClaimId = NewType("ClaimId", str)


# --------------------------------------------------------------------------------------------
# ingest -> clean
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as a reader found it, before decoding and cleaning.

    ``source`` locates it for humans and for error reports: a path, ``path:line`` for a JSONL
    record, ``path#record-id`` for a WARC record, or a URL. ``media_type`` is the reader's
    judgement of what ``data`` holds: ``"text/plain"`` or ``"text/html"``. Metadata a container
    carries (JSONL fields, WARC headers, feed entries) arrive in the optional fields and take
    precedence over what cleaning extracts only where cleaning finds nothing.
    """

    source: str
    data: bytes
    media_type: str = "text/plain"
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    record_id: str | None = None  # the container's own id (JSONL "id", WARC-Record-ID)
    declared_encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A document (or part of an input) that a stage could not process.

    One bad document is data, not an exception: readers and stages yield this, the run counts
    it by ``code`` and stores it in ``rejects``.
    """

    source: str
    stage: str
    code: str  # an error-catalogue code, e.g. "CG101"
    detail: str
    doc_id: DocId | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the body text every later offset points into, plus metadata."""

    doc_id: DocId  # sha1 of the normalized body text
    source: str
    text: str
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    language: str = "en"
    raw_sha1: str | None = None  # sha1 of the raw bytes, the reference to the original
    media_type: str = "text/plain"
    removed_lines: int = 0  # lines of furniture the cleaner dropped
    warnings: tuple[str, ...] = ()  # degraded-but-kept notes, e.g. "non-English: not parsed"


# --------------------------------------------------------------------------------------------
# actors
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor: a state by ISO3 (``RUS``) or a slug (``hamas``, ``sergei-lavrov``)."""

    id: ActorId
    name: str
    kind: ActorKind
    country: str | None = None  # ISO3 of the state it belongs to / acts for
    sector: str | None = None  # PLOVER/CAMEO sector code: GOV, MIL, REB, MED, IGO, ...


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that refers to an actor.

    ``via`` tells how it was resolved: ``name``, ``alias``, ``demonym``, ``capital``,
    ``metonym``, ``office`` (an office holder), ``coref`` (pronoun or definite description),
    ``ner`` (an unlisted named entity kept as an ad-hoc actor), ``place`` (a city or region
    standing for its state).
    """

    start: int
    end: int
    text: str
    actor: Actor
    via: str = "name"


# --------------------------------------------------------------------------------------------
# claims (event predicates)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Predicate:
    """An event predicate with its argument spans, before actor resolution is required.

    ``agent``/``patient`` are character spans of the argument phrases (or ``None``).
    ``trigger_i`` is the token index of the trigger in the spaCy ``Doc``.
    """

    trigger_i: int
    trigger_start: int
    trigger_end: int
    trigger: str  # the trigger text, e.g. "supplying", "invasion"
    lemma: str
    type: PloverType
    mode: str | None
    agent: tuple[int, int] | None
    patient: tuple[int, int] | None
    sent_start: int
    sent_end: int
    nominal: bool = False  # the trigger is a noun ("invasion")
    passive: bool = False


@dataclass(frozen=True, slots=True)
class EventCandidate:
    """A predicate whose agent and patient both resolved to distinct actors."""

    predicate: Predicate
    subject: Mention
    object: Mention
    event_date: dt.date | None = None
    score: float | None = None  # the learned extractor's probability (None from the rules)


# --------------------------------------------------------------------------------------------
# attribution and status
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attribution:
    """A reporting relation found in the document: SOURCE --cue--> CONTENT.

    ``source`` is the character span of the source phrase (``None`` when unexpressed, e.g.
    "reports allege"), ``cue`` the span of the cue words, ``content`` the span of what is
    attributed (may cover several sentences for a quotation). ``parent`` is the index, in the
    document's attribution list, of the attribution whose content contains this one (nesting).
    """

    cue: tuple[int, int]
    cue_text: str
    cue_lemma: str
    cue_kind: CueKind
    content: tuple[int, int]
    source: tuple[int, int] | None
    source_text: str | None
    source_kind: SourceKind
    source_actor: Actor | None = None
    outlet: str | None = None  # "told Euractiv", "in an interview with Russia Today"
    parent: int | None = None


@dataclass(frozen=True, slots=True)
class SourceLink:
    """One link of a claim's attribution chain, outermost first (the design's JSON shape)."""

    source: str | None
    source_id: str | None
    kind: SourceKind
    cue: str
    cue_kind: CueKind
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Factuality:
    """The event-level axes read off the trigger's context."""

    certainty: Certainty = Certainty.CERTAIN
    polarity: Polarity = Polarity.POSITIVE
    time: Tense = Tense.PAST_OR_PRESENT
    distanced: bool = False  # the author distances it ("unconfirmed", "reports allege")
    cues: tuple[str, ...] = ()  # the words that set the axes, for explanations


# --------------------------------------------------------------------------------------------
# the claim record
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimActor:
    id: ActorId
    name: str
    kind: ActorKind
    sector: str | None
    country: str | None
    mention: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Claim:
    """One evidence-graded claim: who did what to whom, who says so, how sure."""

    claim_id: ClaimId
    doc_id: DocId
    sentence: str
    char_span: tuple[int, int]  # the sentence, in Article.text
    trigger: str
    trigger_span: tuple[int, int]
    subject: ClaimActor
    type: PloverType
    mode: str | None
    object: ClaimActor
    event_date: dt.date | None
    attribution: tuple[SourceLink, ...]
    certainty: Certainty
    polarity: Polarity
    time: Tense
    status: Status
    confidence: float
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    source_doc: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything the pipeline learned about one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    claims: tuple[Claim, ...] = ()
    parsed: bool = True
    stats: dict[str, int] = field(default_factory=dict)
    error: Rejected | None = None  # extraction failed: the article is kept, the error reported
