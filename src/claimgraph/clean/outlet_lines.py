"""Cross-document boilerplate per outlet: lines an outlet repeats on many pages.

Navigation strings, footers ("Follow us on ..."), disclaimers and sign-offs recur verbatim
across an outlet's pages. ``OutletLineModel`` counts, per outlet, in how many documents each
normalized line occurs, and removes from a new document the lines already seen in at least
``MIN_LINE_DOCS`` earlier documents of its outlet, once the outlet has ``MIN_OUTLET_DOCS``
documents. Counts grow as documents arrive (streaming); the store keeps them in
``outlet_lines`` (``store.outlet_lines``) so they carry over between runs.

Order and identity. The document id is the hash of the page-cleaned text *before* this step
(``clean_document``'s doc_id is kept). Removal depends on what was ingested earlier, so an id
computed after it would change with the store's history: the same page re-read after a crash
or in a later run would get a new id and be stored twice. Keeping the id of the page-cleaned
text makes re-ingesting idempotent whatever was learned meanwhile; the cost is that two
fetches of one page differing only in learned boilerplate get two ids (the near-duplicate
clusters then count them as one source). Lines are learned from the page-cleaned text (so a
removed line keeps being counted) and each document is stripped with the counts of the
documents before it in input order, which makes a run deterministic: an interrupted run
resumed later stores the same texts as an uninterrupted one.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from claimgraph.clean.normalize import normalize_text
from claimgraph.records import Article

logger = logging.getLogger(__name__)

#: A line is outlet boilerplate once seen in this many earlier documents of the outlet. Two
#: would already remove a paragraph an outlet repeats in one follow-up story; three distinct
#: pages is the smallest count that is not explained by one story and its update. A judgement,
#: not a sweep: no gold set here labels lines across many pages of one outlet.
MIN_LINE_DOCS = 3

#: Lines are removed only from outlets with at least this many documents seen: in a handful of
#: pages about one running story, repeated lines are as likely to be background paragraphs as
#: furniture (judgement, as above).
MIN_OUTLET_DOCS = 5

#: Lines longer than this many words are never learned: furniture is short, while a repeated
#: long paragraph is background text an outlet reuses on purpose. On the silver line labels of
#: shared/data/extraction/line-boilerplate, boilerplate lines that recur in two or more pages
#: (4,034) have <= 13 words in 95 % of cases and <= 33 in 99 %; half of the content lines
#: have more than 14.
MAX_LINE_WORDS = 40

#: ``line_hash`` of the per-outlet row that counts the outlet's documents.
DOCUMENT_COUNTER = "documents"

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def outlet_key(article: Article) -> str | None:
    """The outlet lines are learned for: its name, else the URL's host; ``None`` if neither."""
    if article.outlet and article.outlet.strip():
        return " ".join(article.outlet.lower().split())[:255]
    if article.url:
        host = urlsplit(article.url).hostname or ""
        host = host.removeprefix("www.")
        return host or None
    return None


def line_hash(line: str) -> str:
    """32 hex digits identifying a line up to case, punctuation and spacing."""
    key = _NON_WORD.sub(" ", line.lower()).strip()
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def learnable_hashes(text: str) -> frozenset[str]:
    """The distinct hashes of the lines of ``text`` short enough to be furniture."""
    return frozenset(
        line_hash(line) for line in _lines(text) if len(line.split()) <= MAX_LINE_WORDS
    )


@dataclass(frozen=True, slots=True)
class LineObservation:
    """What one document teaches: its outlet and its distinct learnable line hashes."""

    outlet: str
    hashes: frozenset[str]


CountsLoader = Callable[[str], Mapping[str, int]]


class OutletLineModel:
    """Per-outlet line counts, loaded lazily per outlet and updated as documents arrive.

    ``loader(outlet)`` returns the stored counts of an outlet (``{line_hash: n_docs}``, with
    ``DOCUMENT_COUNTER`` for the number of documents); without one the model starts empty.
    """

    def __init__(
        self,
        *,
        loader: CountsLoader | None = None,
        min_line_docs: int = MIN_LINE_DOCS,
        min_outlet_docs: int = MIN_OUTLET_DOCS,
    ) -> None:
        self._loader = loader
        self.min_line_docs = min_line_docs
        self.min_outlet_docs = min_outlet_docs
        self._counts: dict[str, dict[str, int]] = {}
        self.removed_total = 0

    def counts(self, outlet: str) -> dict[str, int]:
        counts = self._counts.get(outlet)
        if counts is None:
            counts = dict(self._loader(outlet)) if self._loader is not None else {}
            self._counts[outlet] = counts
        return counts

    def is_boilerplate(self, outlet: str, line: str) -> bool:
        """Whether ``line`` is learned furniture of ``outlet`` (counts so far)."""
        counts = self.counts(outlet)
        if counts.get(DOCUMENT_COUNTER, 0) < self.min_outlet_docs:
            return False
        if len(line.split()) > MAX_LINE_WORDS:
            return False
        return counts.get(line_hash(line), 0) >= self.min_line_docs

    def strip(self, article: Article) -> Article:
        """``article`` without its outlet's learned lines (doc_id kept; see the module doc).

        A document that would be left empty is returned unchanged.
        """
        outlet = outlet_key(article)
        if outlet is None:
            return article
        lines = _lines(article.text)
        kept = [line for line in lines if not self.is_boilerplate(outlet, line)]
        if len(kept) == len(lines) or not kept:
            return article
        removed = len(lines) - len(kept)
        self.removed_total += removed
        logger.debug("doc %s: %d outlet lines of %s removed", article.doc_id, removed, outlet)
        return replace(
            article,
            text=normalize_text("\n".join(kept)),
            removed_lines=article.removed_lines + removed,
        )

    def observe(self, observation: LineObservation) -> None:
        """Count one document's lines."""
        counts = self.counts(observation.outlet)
        counts[DOCUMENT_COUNTER] = counts.get(DOCUMENT_COUNTER, 0) + 1
        for key in observation.hashes:
            counts[key] = counts.get(key, 0) + 1

    def process(self, article: Article) -> tuple[Article, LineObservation | None]:
        """Strip ``article`` with the counts so far, then learn from its page-cleaned text.

        Returns the stripped article and the observation to persist with it (``None`` when the
        article has no outlet).
        """
        outlet = outlet_key(article)
        if outlet is None:
            return article, None
        observation = LineObservation(outlet=outlet, hashes=learnable_hashes(article.text))
        stripped = self.strip(article)
        self.observe(observation)
        return stripped, observation


def merge_observations(observations: Iterable[LineObservation]) -> dict[tuple[str, str], int]:
    """``{(outlet, line_hash): increment}`` for a batch, with the document counters."""
    increments: dict[tuple[str, str], int] = {}
    for observation in observations:
        for key in (DOCUMENT_COUNTER, *observation.hashes):
            pair = (observation.outlet, key)
            increments[pair] = increments.get(pair, 0) + 1
    return increments
