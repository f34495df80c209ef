"""PolNeAR attribution scorer: cue, source and content spans, exact and overlap.

Layout (as in ``shared/data/attribution/polnear``)::

    data/<split>/text/<article>.txt
    data/<split>/attributions/<article>_<annotator>.ann     (brat standoff)

One annotator per article: the lexicographically first ``.ann`` file of the article. Spans are
compared as sets of word tokens (``\\w+`` runs), so punctuation and quotation marks at the edges
do not count; a cue of punctuation only (PolNeAR marks the colon of "Her words: “…”" as the
cue) is compared by the offsets of its marks, as it has no word; discontinuous brat spans
(``start end;start end``) are the union of their pieces.

Matching (one-to-one, greedy in document order):

- ``cue_f1``: a predicted cue matches a gold cue when they share a word ("said" vs "has said");
  ``cue_f1_exact`` asks for the same words.
- ``source_f1_*`` / ``content_f1_*``: over all source (content) spans of the article, exact =
  same words, overlap = word Jaccard >= 0.5 (``OVERLAP_JACCARD``).
- PolNeAR is univocal (a token belongs to at most one attribution), so nested attributions
  (``parent`` set: a cue inside another attribution's content) are not scored.
- ``triple_f1``: an attribution matches when its cue matches and its source and content match
  under overlap (a missing source matches a missing source).

Peer (``peers=True``): textacy's ``direct_quotations`` as ``textacy_quotes``. It refuses texts
with an odd number of quotation marks (and counts ``’`` as one); such articles are scored as
empty predictions for the peer and counted in a note.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval.base import EvalResult, prf, require_path

if TYPE_CHECKING:
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

TASK = "polnear"
DEFAULT_SPLIT: str | None = "dev"

#: Word-Jaccard threshold for "overlap" matches: the task definition (>= 0.5).
OVERLAP_JACCARD = 0.5

_WORD = re.compile(r"\w+")
_BRAT_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_BRAT_EVENT = re.compile(r"^(E\d+)\t(.*)$")

Words = frozenset[int]


@dataclass(frozen=True, slots=True)
class SpanTriple:
    """One attribution as word sets (source may be empty)."""

    cue: Words
    source: Words
    content: Words


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    text: str
    triples: tuple[SpanTriple, ...]


@dataclass(slots=True)
class _Counts:
    cue_tp: int = 0
    cue_exact_tp: int = 0
    source_exact_tp: int = 0
    source_overlap_tp: int = 0
    content_exact_tp: int = 0
    content_overlap_tp: int = 0
    triple_tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    n_pred_source: int = 0
    n_gold_source: int = 0

    def add(self, other: _Counts) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def metrics(self) -> dict[str, float | int | None]:
        def f(tp: int, n_pred: int, n_gold: int) -> float:
            return round(prf(tp, n_pred, n_gold)[2], 4)

        cue_p, cue_r, cue_f = prf(self.cue_tp, self.n_pred, self.n_gold)
        return {
            "cue_f1": round(cue_f, 4),
            "cue_precision": round(cue_p, 4),
            "cue_recall": round(cue_r, 4),
            "cue_f1_exact": f(self.cue_exact_tp, self.n_pred, self.n_gold),
            "source_f1_exact": f(self.source_exact_tp, self.n_pred_source, self.n_gold_source),
            "source_f1_overlap": f(self.source_overlap_tp, self.n_pred_source, self.n_gold_source),
            "content_f1_exact": f(self.content_exact_tp, self.n_pred, self.n_gold),
            "content_f1_overlap": f(self.content_overlap_tp, self.n_pred, self.n_gold),
            "triple_f1": f(self.triple_tp, self.n_pred, self.n_gold),
        }


def evaluate(
    data_dir: Path, *, split: str | None = None, peers: bool = False, limit: int | None = None
) -> EvalResult:
    """Score ``find_attributions`` on a PolNeAR split (``dev`` by default)."""
    from claimgraph.attribution import find_attributions
    from claimgraph.nlp.model import BATCH_SIZE, load_nlp

    split = split or DEFAULT_SPLIT or "dev"
    articles = list(load_gold(data_dir, split=split, limit=limit))
    nlp = load_nlp()
    peer = _TextacyPeer() if peers else None
    total = _Counts()
    per_item: list[dict[str, object]] = []
    texts = [article.text for article in articles]
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=BATCH_SIZE), strict=True):
        predicted = [
            SpanTriple(
                cue=cue_marks_in(article.text, [att.cue]),
                source=words_in(article.text, [att.source] if att.source else []),
                content=words_in(article.text, [att.content]),
            )
            for att in find_attributions(doc)
            if att.parent is None
        ]
        counts = score_article(article.triples, predicted)
        total.add(counts)
        per_item.append({"article": article.name, "gold": counts.n_gold, "pred": counts.n_pred})
        if peer is not None:
            peer.score(article, doc)
    result = EvalResult(
        task=TASK,
        data=str(data_dir),
        split=split,
        n_items=total.n_gold,
        metrics=total.metrics(),
        per_item=per_item,
    )
    result.metrics["n_articles"] = len(articles)
    if peer is not None:
        peer.report(result, n_articles=len(articles))
    return result


# ------------------------------------------------------------------------------------------
# gold
# ------------------------------------------------------------------------------------------


def load_gold(data_dir: Path, *, split: str, limit: int | None = None) -> Iterator[GoldArticle]:
    """Articles of ``split`` with the attributions of their first annotator."""
    base = require_path(data_dir / "data" / split, task=TASK, what=f"data/{split}/")
    text_dir = require_path(base / "text", task=TASK, what=f"data/{split}/text/*.txt")
    ann_dir = require_path(base / "attributions", task=TASK, what=f"data/{split}/attributions/")
    first: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        article, _, _annotator = ann.stem.rpartition("_")
        first.setdefault(article, ann)
    if not first:
        raise EvalDataMissingError(task=TASK, path=str(ann_dir), detail="no .ann files")
    names = sorted(first)
    if limit is not None:
        names = names[:limit]
    for name in names:
        text_path = text_dir / f"{name}.txt"
        if not text_path.is_file():
            logger.warning("polnear: no text for %s; skipped", name)
            continue
        text = text_path.read_text(encoding="utf-8")
        yield GoldArticle(name, text, tuple(parse_ann(first[name].read_text("utf-8"), text)))


def parse_ann(ann: str, text: str) -> list[SpanTriple]:
    """Attribution triples of one brat ``.ann`` file (``Content2`` joins ``Content``)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, list[str]]] = []
    for line in ann.splitlines():
        bound = _BRAT_TEXT_BOUND.match(line)
        if bound is not None:
            pieces = [p.split() for p in bound.group(3).split(";")]
            spans[bound.group(1)] = [(int(a), int(b)) for a, b in pieces]
            continue
        event = _BRAT_EVENT.match(line)
        if event is None:
            continue
        roles: dict[str, list[str]] = {}
        for arg in event.group(2).split():
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789")
            roles.setdefault(role, []).append(ref)
        events.append(roles)
    triples: list[SpanTriple] = []
    for roles in events:
        if "Cue" not in roles or "Content" not in roles:
            continue

        def gather(role: str, roles: dict[str, list[str]] = roles) -> list[tuple[int, int]]:
            return [piece for ref in roles.get(role, []) for piece in spans.get(ref, [])]

        triples.append(
            SpanTriple(
                cue=cue_marks_in(text, gather("Cue")),
                source=words_in(text, gather("Source")),
                content=words_in(text, gather("Content")),
            )
        )
    return triples


def cue_marks_in(text: str, pieces: Sequence[tuple[int, int]]) -> Words:
    """A cue's words; for a cue of punctuation only (the colon of "Her answer: “…”"), the
    offsets of its marks, so that it can be matched at all."""
    words = words_in(text, pieces)
    if words:
        return words
    return frozenset(i for start, end in pieces for i in range(start, end) if not text[i].isspace())


def words_in(text: str, pieces: Sequence[tuple[int, int]]) -> Words:
    """Start offsets of the word tokens inside the character pieces."""
    out: set[int] = set()
    for start, end in pieces:
        out.update(m.start() for m in _WORD.finditer(text, start, end))
    return frozenset(out)


# ------------------------------------------------------------------------------------------
# matching
# ------------------------------------------------------------------------------------------


def jaccard(a: Words, b: Words) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _overlap(a: Words, b: Words) -> bool:
    return jaccard(a, b) >= OVERLAP_JACCARD


def _exact(a: Words, b: Words) -> bool:
    return a == b


def _touch(a: Words, b: Words) -> bool:
    return bool(a & b)


def _match_count(
    gold: Sequence[Words], pred: Sequence[Words], ok: Callable[[Words, Words], bool]
) -> int:
    taken: set[int] = set()
    hits = 0
    for g in gold:
        for j, p in enumerate(pred):
            if j not in taken and ok(g, p):
                taken.add(j)
                hits += 1
                break
    return hits


def score_article(gold: Sequence[SpanTriple], pred: Sequence[SpanTriple]) -> _Counts:
    """Match counts of one article (see the module docstring for the criteria)."""
    counts = _Counts(n_pred=len(pred), n_gold=len(gold))
    gold_sources = [t.source for t in gold if t.source]
    pred_sources = [t.source for t in pred if t.source]
    counts.n_gold_source = len(gold_sources)
    counts.n_pred_source = len(pred_sources)
    counts.cue_tp = _match_count([t.cue for t in gold], [t.cue for t in pred], _touch)
    counts.cue_exact_tp = _match_count([t.cue for t in gold], [t.cue for t in pred], _exact)
    counts.source_exact_tp = _match_count(gold_sources, pred_sources, _exact)
    counts.source_overlap_tp = _match_count(gold_sources, pred_sources, _overlap)
    gold_content = [t.content for t in gold]
    pred_content = [t.content for t in pred]
    counts.content_exact_tp = _match_count(gold_content, pred_content, _exact)
    counts.content_overlap_tp = _match_count(gold_content, pred_content, _overlap)
    taken: set[int] = set()
    for g in gold:
        for j, p in enumerate(pred):
            if j in taken:
                continue
            if (
                _touch(g.cue, p.cue)
                and _overlap(g.source, p.source)
                and _overlap(g.content, p.content)
            ):
                taken.add(j)
                counts.triple_tp += 1
                break
    return counts


# ------------------------------------------------------------------------------------------
# peer
# ------------------------------------------------------------------------------------------


class _TextacyPeer:
    """textacy's ``direct_quotations`` over the same parsed docs (imported lazily)."""

    def __init__(self) -> None:
        self.total = _Counts()
        self.refused = 0
        self.available = True
        try:
            from textacy.extract.triples import direct_quotations
        except ImportError:
            self.available = False
            return
        self._extract = direct_quotations

    def score(self, article: GoldArticle, doc: Doc) -> None:
        if not self.available:
            return
        predicted: list[SpanTriple] = []
        try:
            quotes = list(self._extract(doc))
        except ValueError:  # odd number of quotation marks: textacy refuses the text
            self.refused += 1
            quotes = []
        for quote in quotes:
            predicted.append(
                SpanTriple(
                    cue=_token_words(quote.cue),
                    source=_token_words(quote.speaker),
                    content=_token_words(quote.content),
                )
            )
        self.total.add(score_article(article.triples, predicted))

    def report(self, result: EvalResult, *, n_articles: int) -> None:
        if not self.available:
            result.notes.append("textacy not installed: peer textacy_quotes skipped")
            return
        result.peers["textacy_quotes"] = dict(self.total.metrics())
        result.notes.append(
            f"textacy {metadata.version('textacy')}: direct_quotations refused {self.refused} "
            f"of {n_articles} articles (odd number of quotation marks); scored as empty"
        )


def _token_words(tokens: Sequence[object]) -> Words:
    out: set[int] = set()
    for token in tokens:
        text = str(getattr(token, "text", ""))
        idx = int(getattr(token, "idx", 0))
        out.update(idx + m.start() for m in _WORD.finditer(text))
    return frozenset(out)
