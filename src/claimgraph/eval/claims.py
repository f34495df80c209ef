"""End-to-end claim scorer: the pipeline's claim records against hand-annotated claims.

Gold files (``*.json`` in the data folder, format ``"claimgraph claim gold, version 1"``) list
documents; each names its article (``corpus`` + ``id``) and the claims a reader finds in it.
``evaluate`` loads every article, runs the pipeline once per article and scores the predicted
claims with the pure functions below (``match_claims``, ``score_document``,
``aggregate_scores``), which need no pipeline and are what the tests exercise.

Matching, per article:

1. A prediction is a *candidate* for a gold claim when the share of the gold ``evidence`` words
   (lower-cased, three letters or more, distinct) found in the prediction's ``sentence`` reaches
   ``MIN_EVIDENCE_OVERLAP``.
2. A candidate *matches* only when its actors match: the predicted subject matches one of the
   gold subject strings and the predicted object one of the gold object strings. An actor
   matches a gold string when its ``id``, ``name``, ``mention`` or ``country`` equals it, or
   contains it when the gold string is longer than three characters (case-insensitive).
   Swapped direction (predicted subject = gold object and vice versa) counts only when every
   acceptable gold type is symmetric (CONSULT, COOPERATE, AGREE: "A met B" = "B met A");
   otherwise it is an error of kind ``swapped_actors``.
3. Pairs are assigned greedily, best evidence overlap first (ties: the fuller match first, then
   document order); each gold claim and each prediction is used at most once.

Metrics (shares of gold claims): ``actor_match``; ``type_match`` (actors + a predicted type in
the gold ``types``); ``status_match`` (actors + type + status: a ``hedged`` gold claim needs a
status other than asserted/reported, a plain one asserted or reported; ``any_status`` accepts
either). ``source_recall``: share of a document's ``sources_expected`` found among the
predicted attribution chains (a link's ``source``, ``source_id`` or ``outlet``, same
containment rule). ``unmatched_predictions``: predictions matched to no gold claim (gold is not
exhaustive: a pointer for review, not an error count).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval.base import EvalResult, Metric, require_path
from claimgraph.eval.intervals import format_intervals, share_intervals
from claimgraph.records import ArticleResult, Claim, ClaimActor
from claimgraph.vocab import PloverType, Status

logger = logging.getLogger(__name__)

TASK = "claims"
DEFAULT_SPLIT: str | None = None

GOLD_FORMAT = "claimgraph claim gold, version 1"
SHARED_DATA_ENV = "CLAIMGRAPH_SHARED_DATA"

# Share of the gold evidence words that a predicted claim's sentence must contain to be a
# candidate. Measured on eval/claims (146 claims) against spaCy sentences of the articles:
# every snippet reaches >= 0.8 in its own sentence; the best *other* sentence of its article
# reaches >= 0.5 for 28 claims and >= 0.7 for 2 (both restate the same fact). 0.7 keeps every
# gold sentence and lets only restatements through, which best-overlap-first then ranks below.
MIN_EVIDENCE_OVERLAP = 0.7

# Evidence words shorter than this are ignored in the overlap ("of", "to", "a"): they occur in
# almost every sentence and would let neighbouring sentences pass the gate.
MIN_WORD_LENGTH = 3

# A gold actor string must be longer than this to match by containment (the README's rule):
# "UN" or "USA" must match exactly, "Indonesia" may match "the Indonesian Navy".
MIN_CONTAINED_LENGTH = 3

# Types whose direction carries no meaning: "A met B" is "B met A".
SYMMETRIC_TYPES = frozenset({PloverType.CONSULT, PloverType.COOPERATE, PloverType.AGREE})

# Predicted statuses that present a claim as fact (by the author or a neutral source).
FACTUAL_STATUSES = frozenset({Status.ASSERTED, Status.REPORTED})

# Error kinds, from no prediction at all to a full match.
NO_CANDIDATE = "no_candidate"
WRONG_ACTORS = "wrong_actors"
SWAPPED_ACTORS = "swapped_actors"
WRONG_TYPE = "wrong_type"
WRONG_STATUS = "wrong_status"
MATCHED = "matched"
ERROR_KINDS = (NO_CANDIDATE, WRONG_ACTORS, SWAPPED_ACTORS, WRONG_TYPE, WRONG_STATUS, MATCHED)

METRIC_KEYS = (
    "actor_match",
    "type_match",
    "status_match",
    "source_recall",
    "unmatched_predictions",
)

_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------------------------
# gold records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldClaim:
    """One annotated claim; actor fields hold every acceptable id or name."""

    id: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    types: frozenset[PloverType]
    hedged: bool
    evidence: str
    source: tuple[str, ...] = ()
    any_status: bool = False


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One annotated article: where to find it and what it claims."""

    id: str
    corpus: str
    claims: tuple[GoldClaim, ...]
    sources_expected: tuple[str, ...] = ()
    gold_file: str = ""


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article loaded for scoring."""

    text: str
    title: str | None
    published: dt.date | None
    path: Path
    outlet: str | None = None  # who published it (a JSONL "outlet" or "sourceName")
    author: str | None = None


# --------------------------------------------------------------------------------------------
# scores
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimOutcome:
    """What became of one gold claim: its best prediction (if any) and the error kind."""

    gold: GoldClaim
    kind: str  # one of ERROR_KINDS
    predicted: int | None = None  # index of the matched prediction
    overlap: float = 0.0

    @property
    def actor_ok(self) -> bool:
        return self.kind in (WRONG_TYPE, WRONG_STATUS, MATCHED)

    @property
    def type_ok(self) -> bool:
        return self.kind in (WRONG_STATUS, MATCHED)

    @property
    def status_ok(self) -> bool:
        return self.kind == MATCHED


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """The outcome of every gold claim of one article, plus source recall."""

    doc_id: str
    outcomes: tuple[ClaimOutcome, ...]
    n_predicted: int
    unmatched_predictions: int
    sources_expected: tuple[str, ...]
    sources_found: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n_gold(self) -> int:
        return len(self.outcomes)

    def count(self, kind: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.kind == kind)

    def counts(self) -> dict[str, tuple[int, int]]:
        """(part, whole) of each share metric: the unit that sums over articles (the totals
        of ``aggregate_scores``, the resamples of ``eval.intervals``)."""
        n = self.n_gold
        return {
            "actor_match": (sum(o.actor_ok for o in self.outcomes), n),
            "type_match": (sum(o.type_ok for o in self.outcomes), n),
            "status_match": (sum(o.status_ok for o in self.outcomes), n),
            "source_recall": (len(self.sources_found), len(self.sources_expected)),
        }

    def metrics(self) -> dict[str, Metric]:
        return aggregate_scores([self])


class ClaimExtractor(Protocol):
    """What ``evaluate`` needs from the pipeline (``claimgraph.pipeline.Pipeline`` has it)."""

    def extract_text(
        self,
        text: str,
        *,
        title: str | None = None,
        published: dt.date | None = None,
        source: str = "<text>",
        outlet: str | None = None,
        author: str | None = None,
    ) -> ArticleResult: ...


# --------------------------------------------------------------------------------------------
# matching (pure)
# --------------------------------------------------------------------------------------------


def evidence_words(text: str) -> frozenset[str]:
    """The distinct lower-cased words of ``text`` that count for the evidence overlap."""
    return frozenset(word for word in _WORD.findall(text.lower()) if len(word) >= MIN_WORD_LENGTH)


def evidence_overlap(evidence: str, sentence: str) -> float:
    """Share of the evidence words present in ``sentence`` (0.0 for empty evidence)."""
    gold_words = evidence_words(evidence)
    if not gold_words:
        return 0.0
    return len(gold_words & evidence_words(sentence)) / len(gold_words)


def name_matches(value: str | None, gold_names: Iterable[str]) -> bool:
    """``value`` equals a gold name, or contains one longer than three characters."""
    if not value:
        return False
    folded = value.casefold()
    for name in gold_names:
        gold = name.casefold().strip()
        if not gold:
            continue
        if folded == gold or (len(gold) > MIN_CONTAINED_LENGTH and gold in folded):
            return True
    return False


def actor_matches(actor: ClaimActor, gold_names: Sequence[str]) -> bool:
    """The README's actor rule over the actor's id, name, mention and country."""
    return any(
        name_matches(value, gold_names)
        for value in (actor.id, actor.name, actor.mention, actor.country)
    )


def _direction(gold: GoldClaim, claim: Claim) -> str:
    """``"same"``, ``"swapped"`` or ``"none"``: how the predicted actors meet the gold ones."""
    if actor_matches(claim.subject, gold.subject) and actor_matches(claim.object, gold.object):
        return "same"
    if actor_matches(claim.subject, gold.object) and actor_matches(claim.object, gold.subject):
        return "swapped"
    return "none"


def status_matches(gold: GoldClaim, status: Status) -> bool:
    """Hedged gold needs a non-factual status, plain gold a factual one (``any_status``: any)."""
    if gold.any_status:
        return True
    return (status not in FACTUAL_STATUSES) if gold.hedged else (status in FACTUAL_STATUSES)


def judge_pair(gold: GoldClaim, claim: Claim) -> str:
    """The error kind of one gold/prediction pair (as if they were matched)."""
    direction = _direction(gold, claim)
    symmetric = bool(gold.types) and gold.types <= SYMMETRIC_TYPES
    if direction == "none":
        return WRONG_ACTORS
    if direction == "swapped" and not symmetric:
        return SWAPPED_ACTORS
    if claim.type not in gold.types:
        return WRONG_TYPE
    if not status_matches(gold, claim.status):
        return WRONG_STATUS
    return MATCHED


_RANK = {WRONG_TYPE: 0, WRONG_STATUS: 1, MATCHED: 2}


def match_claims(gold: Sequence[GoldClaim], predicted: Sequence[Claim]) -> list[ClaimOutcome]:
    """Match each gold claim to at most one prediction; one outcome per gold claim, in order."""
    pairs: list[tuple[float, int, int, int, str]] = []
    best_miss: dict[int, tuple[float, str]] = {}
    for gold_i, gold_claim in enumerate(gold):
        gold_words = evidence_words(gold_claim.evidence)
        for pred_i, claim in enumerate(predicted):
            if not gold_words:
                continue
            overlap = len(gold_words & evidence_words(claim.sentence)) / len(gold_words)
            if overlap < MIN_EVIDENCE_OVERLAP:
                continue
            kind = judge_pair(gold_claim, claim)
            if kind in _RANK:
                pairs.append((overlap, _RANK[kind], gold_i, pred_i, kind))
            else:
                seen = best_miss.get(gold_i)
                # a swapped pair is the more telling miss: keep it over a plain wrong pair
                if seen is None or (kind == SWAPPED_ACTORS and seen[1] != SWAPPED_ACTORS):
                    best_miss[gold_i] = (overlap, kind)
    pairs.sort(key=lambda pair: (-pair[0], -pair[1], pair[2], pair[3]))
    outcome_of: dict[int, ClaimOutcome] = {}
    used: set[int] = set()
    for overlap, _rank, gold_i, pred_i, kind in pairs:
        if gold_i in outcome_of or pred_i in used:
            continue
        outcome_of[gold_i] = ClaimOutcome(gold[gold_i], kind, pred_i, overlap)
        used.add(pred_i)
    outcomes: list[ClaimOutcome] = []
    for gold_i, gold_claim in enumerate(gold):
        if gold_i in outcome_of:
            outcomes.append(outcome_of[gold_i])
        elif gold_i in best_miss:
            overlap, kind = best_miss[gold_i]
            outcomes.append(ClaimOutcome(gold_claim, kind, None, overlap))
        else:
            outcomes.append(ClaimOutcome(gold_claim, NO_CANDIDATE))
    return outcomes


def predicted_sources(predicted: Iterable[Claim]) -> list[str]:
    """Every source string in the predicted attribution chains (source, source_id, outlet)."""
    names: list[str] = []
    for claim in predicted:
        for link in claim.attribution:
            names.extend(name for name in (link.source, link.source_id, link.outlet) if name)
            if link.source_id:  # the resolved actor's slug read as its name: "antony-blinken"
                names.append(link.source_id.replace("-", " "))
    return names


def found_sources(expected: Sequence[str], predicted: Iterable[Claim]) -> list[str]:
    """The expected sources that some predicted chain names (same rule as actors)."""
    names = predicted_sources(predicted)
    return [source for source in expected if any(name_matches(n, [source]) for n in names)]


def score_document(document: GoldDocument, predicted: Sequence[Claim]) -> DocumentScore:
    """Score one article's predictions against its gold claims."""
    outcomes = match_claims(document.claims, predicted)
    matched = {outcome.predicted for outcome in outcomes if outcome.predicted is not None}
    return DocumentScore(
        doc_id=document.id,
        outcomes=tuple(outcomes),
        n_predicted=len(predicted),
        unmatched_predictions=len(predicted) - len(matched),
        sources_expected=document.sources_expected,
        sources_found=tuple(found_sources(document.sources_expected, predicted)),
    )


#: The share metrics of a claims report, in report order (then ``unmatched_predictions``).
SHARE_METRICS = ("actor_match", "type_match", "status_match", "source_recall")


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def aggregate_scores(scores: Sequence[DocumentScore]) -> dict[str, Metric]:
    """Totals over articles: shares of all gold claims (micro), sources and unmatched count."""
    parts = dict.fromkeys(SHARE_METRICS, 0)
    wholes = dict.fromkeys(SHARE_METRICS, 0)
    for score in scores:
        for metric, (part, whole) in score.counts().items():
            parts[metric] += part
            wholes[metric] += whole
    metrics: dict[str, Metric] = {m: _share(parts[m], wholes[m]) for m in SHARE_METRICS}
    metrics["unmatched_predictions"] = sum(score.unmatched_predictions for score in scores)
    return metrics


def error_breakdown(scores: Iterable[DocumentScore]) -> dict[str, int]:
    """How many gold claims ended in each error kind (``matched`` = fully right)."""
    counts = Counter(outcome.kind for score in scores for outcome in score.outcomes)
    return {kind: counts.get(kind, 0) for kind in ERROR_KINDS}


def document_row(score: DocumentScore) -> dict[str, object]:
    """One ``per_item`` row: the article's metrics, error counts and the misses by claim id."""
    row: dict[str, object] = {"doc_id": score.doc_id}
    row.update(score.metrics())
    row["n_gold"] = score.n_gold
    row["n_predicted"] = score.n_predicted
    row["errors"] = error_breakdown([score])
    row["misses"] = {o.gold.id: o.kind for o in score.outcomes if o.kind != MATCHED}
    row["sources_missing"] = [s for s in score.sources_expected if s not in score.sources_found]
    if score.notes:
        row["notes"] = list(score.notes)
    return row


# --------------------------------------------------------------------------------------------
# gold files
# --------------------------------------------------------------------------------------------


def _bad(path: Path, detail: str) -> EvalDataMissingError:
    return EvalDataMissingError(task=TASK, path=str(path), detail=detail)


def _strings(value: object, *, path: Path, where: str, empty_ok: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _bad(path, f"{where}: expected a list of non-empty strings, got {value!r}")
    if not value and not empty_ok:
        raise _bad(path, f"{where}: the list is empty")
    return tuple(value)


def _parse_claim(raw: object, *, path: Path, where: str) -> GoldClaim:
    if not isinstance(raw, Mapping):
        raise _bad(path, f"{where}: a claim must be an object")
    claim_id = raw.get("id")
    evidence = raw.get("evidence")
    hedged = raw.get("hedged")
    any_status = raw.get("any_status", False)
    if not isinstance(claim_id, str) or not claim_id:
        raise _bad(path, f"{where}: missing claim 'id'")
    where = f"{where} ({claim_id})"
    if not isinstance(evidence, str) or not evidence.strip():
        raise _bad(path, f"{where}: missing 'evidence'")
    if not isinstance(hedged, bool) or not isinstance(any_status, bool):
        raise _bad(path, f"{where}: 'hedged' and 'any_status' must be true or false")
    type_names = _strings(raw.get("types"), path=path, where=f"{where} types")
    try:
        types = frozenset(PloverType(name) for name in type_names)
    except ValueError as err:
        choices = ", ".join(t.value for t in PloverType)
        raise _bad(path, f"{where}: {err}; PLOVER types are {choices}") from err
    return GoldClaim(
        id=claim_id,
        subject=_strings(raw.get("subject"), path=path, where=f"{where} subject"),
        object=_strings(raw.get("object"), path=path, where=f"{where} object"),
        types=types,
        hedged=hedged,
        evidence=evidence,
        source=_strings(raw.get("source", []), path=path, where=f"{where} source", empty_ok=True),
        any_status=any_status,
    )


def parse_gold(payload: object, *, path: Path) -> list[GoldDocument]:
    """Validate one gold file's JSON and return its documents."""
    if not isinstance(payload, Mapping) or payload.get("format") != GOLD_FORMAT:
        raise _bad(path, f'expected an object with "format": "{GOLD_FORMAT}"')
    raw_documents = payload.get("documents")
    if not isinstance(raw_documents, list):
        raise _bad(path, "expected a 'documents' list")
    documents: list[GoldDocument] = []
    for doc_i, raw in enumerate(raw_documents):
        where = f"document {doc_i}"
        if not isinstance(raw, Mapping):
            raise _bad(path, f"{where}: a document must be an object")
        doc_id, corpus, raw_claims = raw.get("id"), raw.get("corpus"), raw.get("claims")
        if not isinstance(doc_id, str) or not isinstance(corpus, str) or not doc_id or not corpus:
            raise _bad(path, f"{where}: needs string 'id' and 'corpus'")
        if not isinstance(raw_claims, list):
            raise _bad(path, f"{where} ({doc_id}): needs a 'claims' list")
        claims = tuple(
            _parse_claim(claim, path=path, where=f"{doc_id} claim {claim_i}")
            for claim_i, claim in enumerate(raw_claims)
        )
        duplicates = [k for k, n in Counter(c.id for c in claims).items() if n > 1]
        if duplicates:
            raise _bad(path, f"{doc_id}: duplicate claim ids {duplicates}")
        sources = _strings(
            raw.get("sources_expected", []), path=path, where=f"{doc_id} sources", empty_ok=True
        )
        documents.append(GoldDocument(doc_id, corpus, claims, sources, gold_file=path.name))
    return documents


def load_gold(data_dir: Path) -> list[GoldDocument]:
    """Every document of every ``*.json`` gold file in ``data_dir`` (sorted by file name)."""
    require_path(data_dir, task=TASK, what="a folder of claim gold files (*.json)")
    paths = sorted(data_dir.glob("*.json"))
    if not paths:
        raise _bad(data_dir, "no *.json claim gold files")
    documents: list[GoldDocument] = []
    for path in paths:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise _bad(path, f"cannot read the gold file ({err})") from err
        documents.extend(parse_gold(payload, path=path))
    duplicates = [k for k, n in Counter(document.id for document in documents).items() if n > 1]
    if duplicates:
        raise _bad(data_dir, f"documents annotated twice: {duplicates}")
    return documents


# --------------------------------------------------------------------------------------------
# articles
# --------------------------------------------------------------------------------------------


def shared_data_root() -> Path:
    """``$CLAIMGRAPH_SHARED_DATA``, else ``../shared/data`` from the working directory."""
    configured = os.environ.get(SHARED_DATA_ENV)
    if configured:
        return Path(configured)
    return Path.cwd().parent / "shared" / "data"


def resolve_corpus(corpus: str, *, data_dir: Path, shared_root: Path | None = None) -> Path:
    """The article file: relative to ``data_dir``'s parent, else to the shared data root."""
    local = data_dir.parent / corpus
    if local.exists():
        return local
    root = shared_root if shared_root is not None else shared_data_root()
    fallback = root / corpus
    if fallback.exists():
        return fallback
    raise EvalDataMissingError(
        task=TASK,
        path=str(local),
        detail=f"article file '{corpus}' not found there nor under {root} (set {SHARED_DATA_ENV})",
    )


def _parse_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        logger.debug("ignoring unparsable article date %r", value)
        return None


class ArticleLoader:
    """Loads gold articles; a JSONL corpus is read once and indexed by ``id`` (or ``_id``)."""

    def __init__(self, *, data_dir: Path, shared_root: Path | None = None) -> None:
        self.data_dir = data_dir
        self.shared_root = shared_root
        self._records: dict[Path, dict[str, Mapping[str, object]]] = {}

    def load(self, document: GoldDocument) -> ArticleText:
        path = resolve_corpus(document.corpus, data_dir=self.data_dir, shared_root=self.shared_root)
        if path.suffix in (".jsonl", ".json"):
            record = self._record(path, document.id)
            text = record.get("text")
            title = record.get("title")
            if not isinstance(text, str) or not text.strip():
                raise _bad(path, f"record '{document.id}' has no 'text'")
            return ArticleText(
                text=text,
                title=title if isinstance(title, str) else None,
                published=_parse_date(record.get("date")),
                path=path,
                outlet=_first_str(record, ("outlet", "sourceName", "source_name")),
                author=_first_str(record, ("author",)),
            )
        return self._from_file(path)

    def _record(self, path: Path, doc_id: str) -> Mapping[str, object]:
        if path not in self._records:
            self._records[path] = _index_jsonl(path)
        record = self._records[path].get(doc_id)
        if record is None:
            raise _bad(path, f"no record with id '{doc_id}'")
        return record

    @staticmethod
    def _from_file(path: Path) -> ArticleText:
        """A text or HTML file read and cleaned as the product reads it (ingest + clean)."""
        from claimgraph.clean import clean_document
        from claimgraph.errors import InputError
        from claimgraph.records import RawDocument

        try:
            data = path.read_bytes()
        except OSError as err:
            raise _bad(path, f"cannot read the article ({err})") from err
        html = path.suffix.lower() in (".html", ".htm")
        raw = RawDocument(
            source=str(path), data=data, media_type="text/html" if html else "text/plain"
        )
        try:
            article = clean_document(raw)
        except InputError as err:
            raise _bad(path, err.message) from err
        return ArticleText(
            text=article.text,
            title=article.title,
            published=article.published,
            path=path,
            outlet=article.outlet,
            author=article.author,
        )


def _first_str(record: Mapping[str, object], keys: Sequence[str]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _index_jsonl(path: Path) -> dict[str, Mapping[str, object]]:
    index: dict[str, Mapping[str, object]] = {}
    with path.open(encoding="utf-8") as lines:
        for line_no, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise _bad(path, f"line {line_no} is not JSON ({err})") from err
            if not isinstance(record, dict):
                continue
            key = record.get("id", record.get("_id"))
            if isinstance(key, str):
                index[key] = record
    return index


# --------------------------------------------------------------------------------------------
# the task entry point
# --------------------------------------------------------------------------------------------


def score_articles(
    documents: Sequence[GoldDocument],
    predictions: Mapping[str, Sequence[Claim]],
    *,
    data: str = "",
) -> EvalResult:
    """Build the task result from gold documents and the predicted claims by document id."""
    scores = [score_document(doc, predictions.get(doc.id, ())) for doc in documents]
    breakdown = error_breakdown(scores)
    notes = [
        "errors by kind (gold claims): "
        + ", ".join(f"{kind}={breakdown[kind]}" for kind in ERROR_KINDS),
        f"predicted claims: {sum(score.n_predicted for score in scores)}",
    ]
    intervals = share_intervals([score.counts() for score in scores])
    if intervals:
        notes.append(format_intervals(intervals))
    return EvalResult(
        task=TASK,
        data=data,
        split=None,
        n_items=sum(score.n_gold for score in scores),
        metrics=aggregate_scores(scores),
        per_item=[document_row(score) for score in scores],
        notes=notes,
    )


#: The split file beside a gold folder that holds several splits (``data/training``).
SPLITS_FILE = "splits.tsv"
#: The peer rows: each extractor that is not the product's default (``pipeline.EXTRACTORS``).
PEER_NAMES = {"rules": "claimgraph rules (baseline)", "model": "claimgraph learned model"}
BASELINE = PEER_NAMES["rules"]


def select_split(
    documents: Sequence[GoldDocument], data_dir: Path, split: str | None
) -> tuple[list[GoldDocument], str | None]:
    """The documents of ``split`` when ``data_dir``'s parent has a ``splits.tsv``."""
    splits_path = data_dir.parent / SPLITS_FILE
    if split is None or not splits_path.exists():
        return list(documents), None
    from claimgraph.learn.splits import read_splits

    splits = read_splits(splits_path)
    chosen = [d for d in documents if splits.get(d.id) == split]
    if not chosen:
        raise _bad(splits_path, f"no annotated article in split {split!r}")
    return chosen, split


def predict(
    documents: Sequence[GoldDocument], loader: ArticleLoader, extractor: ClaimExtractor
) -> dict[str, Sequence[Claim]]:
    """The extractor's claims for every gold article, by document id."""
    predictions: dict[str, Sequence[Claim]] = {}
    for document in documents:
        article = loader.load(document)
        result = extractor.extract_text(
            article.text,
            title=article.title,
            published=article.published,
            source=f"{article.path}#{document.id}",
            outlet=article.outlet,
            author=article.author,
        )
        predictions[document.id] = result.claims
    return predictions


def score_set(
    extractor: ClaimExtractor,
    data_dir: Path,
    split: str | None = None,
    *,
    shared_root: Path | None = None,
) -> list[DocumentScore]:
    """Every article of one gold set (one split of it) scored for ``extractor``, in order:
    what a comparison of extractors on the same articles reads."""
    documents, _ = select_split(load_gold(data_dir), data_dir, split)
    loader = ArticleLoader(data_dir=data_dir, shared_root=shared_root)
    predicted = predict(documents, loader, extractor)
    return [score_document(document, predicted[document.id]) for document in documents]


def standard_sets(data: Path, evalset: Path) -> list[tuple[str, Path, str | None]]:
    """The sets every claims comparison reports: (name, gold folder, split) of the dev and
    test splits of the training annotations under ``data`` and of the ``evalset`` folder."""
    claims = data / "claims"
    return [("dev", claims, "dev"), ("test", claims, "test"), (str(evalset), evalset, None)]


def evaluate(
    data_dir: Path,
    *,
    split: str | None = None,
    peers: bool = False,
    limit: int | None = None,
    extractor: ClaimExtractor | None = None,
    shared_root: Path | None = None,
) -> EvalResult:
    """Run the pipeline on every gold article under ``data_dir`` and score its claims.

    ``split`` selects the articles of one split where the folder's parent holds a
    ``splits.tsv`` (``data/training``); a single-split set ignores it. ``peers`` adds a row for
    every other extractor (the rules alone, the learned model). ``extractor`` defaults to a
    fresh ``Pipeline()``; ``shared_root`` overrides where articles not found beside
    ``data_dir`` are looked up.
    """
    documents, split = select_split(load_gold(data_dir), data_dir, split)
    if limit is not None:
        documents = documents[:limit]
    from claimgraph.pipeline import EXTRACTORS, Pipeline, PipelineConfig

    if extractor is None:
        extractor = Pipeline()
    loader = ArticleLoader(data_dir=data_dir, shared_root=shared_root)
    result = score_articles(documents, predict(documents, loader, extractor), data=str(data_dir))
    result.split = split
    if peers:
        default = extractor.config.extractor if isinstance(extractor, Pipeline) else None
        for name in EXTRACTORS:
            if name == default:
                continue
            other = Pipeline(PipelineConfig(extractor=name))
            peer = score_articles(documents, predict(documents, loader, other), data=str(data_dir))
            result.peers[PEER_NAMES[name]] = peer.metrics
    return result
