"""The claims stage's entry points: what an extractor starts from, and the two extractors.

``prepare_doc`` runs the stages every extractor needs on a parsed ``Doc``: actor mentions
(with first-person pronouns inside quotations re-resolved to the quoted speaker),
attributions, and the rule extractor's predicates and events. ``model_events`` is the learned
extractor (candidates -> features -> model -> decisions); ``PreparedDoc.rule_events`` is the
rule extractor, kept as the baseline and as features of the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimgraph.claims.candidates import build_candidates
from claimgraph.claims.decide import decide
from claimgraph.claims.features import DocContext
from claimgraph.claims.model import ClaimModel, load_claim_model
from claimgraph.records import Article, Attribution, EventCandidate, Mention, Predicate

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: First-person words that, inside a quotation, stand for the quoted speaker's actor.
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "ours"})
#: Characters that open or close a quotation.
_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d"})


def quoted_first_person(
    doc: Doc, mentions: Sequence[Mention], attributions: Sequence[Attribution]
) -> list[Mention]:
    """Re-resolve first-person pronouns inside a quotation to the quoted source's actor
    ("'We will not allow this,' the Turkish minister said": we -> Turkey's minister).

    A pronoun counts as quoted when an odd number of quote marks precede it within its
    attribution's sentence span, or when it lies in a block statement after "X said:" (no
    marks); the innermost such attribution with a known source actor wins.
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
        blocks = [a for a in owners if _introduced_block(doc, a)]
        if marks % 2 == 0 and not blocks:
            continue
        if marks % 2 == 0:
            owners = blocks
        owner = min(owners, key=lambda a: a.content[1] - a.content[0])
        actor = owner.source_actor
        if actor is None:
            continue
        by_span[(start, end)] = Mention(
            start=start, end=end, text=token.text, actor=actor, via="coref"
        )
    return sorted(by_span.values(), key=lambda m: (m.start, m.end))


def _introduced_block(doc: Doc, attribution: Attribution) -> bool:
    """Whether the attribution's content is a block statement after "X said:" (its words are
    the speaker's, as in a quotation, though no marks enclose them)."""
    from claimgraph.nlp.model import doc_text

    gap = doc_text(doc)[attribution.cue[1] : attribution.content[0]]
    return gap.strip() == ":" and "\n" in gap


@dataclass(frozen=True, slots=True)
class PreparedDoc:
    """What every claim extractor starts from: actors, attributions and the rules' events."""

    mentions: tuple[Mention, ...]
    attributions: tuple[Attribution, ...]
    predicates: tuple[Predicate, ...]
    rule_events: tuple[EventCandidate, ...]


def prepare_doc(doc: Doc, article: Article) -> PreparedDoc:
    """Actor mentions, attributions, and the rule extractor's predicates and events."""
    from claimgraph.actors import load_resolver
    from claimgraph.attribution import find_attributions
    from claimgraph.claims import build_events, find_predicates

    resolver = load_resolver()
    mentions = resolver.find_mentions(
        doc, published=article.published, outlet=article.outlet, author=article.author
    )
    attributions = find_attributions(doc, mentions)
    mentions = quoted_first_person(doc, mentions, attributions)
    predicates = find_predicates(doc)
    events = build_events(doc, predicates, mentions, published=article.published)
    return PreparedDoc(tuple(mentions), tuple(attributions), tuple(predicates), tuple(events))


def model_events(
    doc: Doc,
    prepared: PreparedDoc,
    article: Article,
    *,
    model: ClaimModel | None = None,
    model_dir: str | None = None,
) -> list[EventCandidate]:
    """The learned extractor: candidates -> features -> model -> decisions.

    ``model`` (else the one in ``model_dir``, else the shipped one) scores the candidates.
    """
    if model is None:
        model = load_claim_model(model_dir)
    candidates = build_candidates(doc, prepared.mentions, prepared.rule_events)
    ctx = DocContext(doc, prepared.attributions)
    scores = model.score(ctx, candidates)
    return decide(ctx, scores, threshold=model.threshold, published=article.published)
