"""Features of a claim candidate: what the linear models of ``claims.model`` read.

Every feature is a string (binary, present or absent). They describe

- each side: how the mention was resolved (``via``), the actor's kind, the head's part of
  speech, dependency label and entity label, a phrase's head lemma;
- the pair: token distance, the dependency path between the two heads (labels, and the
  lemmas on it), the lowest common ancestor, each side's role under it (``nsubj``,
  ``prep:against``), the words between them;
- trigger candidates: the event-lexicon class (``verb_classes.tsv``, ``nominalizations.tsv``)
  of the words on the path and between the mentions;
- the rules' own decision: the rule extractor's event over the pair, its type and direction;
- attribution: one side is the source of a reporting cue whose content holds the other.

``pair_vector`` is the dense side: the parser's contextual vectors (``doc.tensor``) of the two
heads, of their lowest common ancestor and the sentence's mean, which the type model reads
beside the strings (it tells "talks" from "strikes" where the lemma was never seen in
training).

``FEATURE_SET`` names this set; a model trained on another one is refused at load time.
Features are *about the text order* of the pair (``first``/``second``); the direction model
learns which side acts from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from claimgraph.claims.candidates import PHRASE_VIA, PairCandidate
from claimgraph.claims.predicates import classify_trigger
from claimgraph.records import Attribution, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Version of the feature functions; part of every trained artifact's metadata.
FEATURE_SET = "pairs-2"
#: Paths longer than this many edges are summarized as ``long``.
MAX_PATH_EDGES = 7
#: At most this many words between the two mentions become bag-of-words features.
MAX_BETWEEN_WORDS = 10
_DISTANCE_BUCKETS = (1, 2, 3, 5, 8, 12, 20, 30)


def _bucket(value: int) -> str:
    for limit in _DISTANCE_BUCKETS:
        if value <= limit:
            return str(limit)
    return "more"


@dataclass(slots=True)
class DocContext:
    """Per-document caches shared by every candidate of the document."""

    doc: Doc
    attributions: Sequence[Attribution] = ()
    _ancestors: dict[int, list[int]] = field(default_factory=dict)
    _lexicon: dict[int, str | None] = field(default_factory=dict)

    def ancestors(self, i: int) -> list[int]:
        """``i`` and its heads up to the root."""
        cached = self._ancestors.get(i)
        if cached is not None:
            return cached
        chain = [i]
        token = self.doc[i]
        for _ in range(64):
            if token.head.i == token.i:
                break
            token = token.head
            chain.append(token.i)
        self._ancestors[i] = chain
        return chain

    def event_class(self, i: int) -> str | None:
        """The event-lexicon type of token ``i`` (verbs and nouns only), e.g. ``ASSAULT``."""
        if i in self._lexicon:
            return self._lexicon[i]
        token = self.doc[i]
        found: str | None = None
        if token.pos_ in ("VERB", "NOUN"):
            coded = classify_trigger(token.lemma_, nominal=token.pos_ == "NOUN")
            if coded is not None:
                found = coded[0].value
        self._lexicon[i] = found
        return found


def _role(token: Token) -> str:
    """The dependency label of ``token``, with the preposition for a prepositional object."""
    if token.dep_ == "pobj" and token.head.dep_ in ("prep", "agent"):
        return f"prep:{token.head.lower_}"
    return token.dep_


def _side(prefix: str, mention: Mention, head: Token) -> list[str]:
    actor = mention.actor
    feats = [
        f"{prefix}.via={mention.via}",
        f"{prefix}.kind={actor.kind.value}",
        f"{prefix}.pos={head.pos_}",
        f"{prefix}.dep={_role(head)}",
        f"{prefix}.ent={head.ent_type_ or '-'}",
    ]
    if actor.sector:
        feats.append(f"{prefix}.sector={actor.sector}")
    if mention.via == PHRASE_VIA or head.pos_ == "PRON":
        feats.append(f"{prefix}.head={head.lemma_.lower()}")
    if mention.via == PHRASE_VIA:
        agentive = "agent" if actor.sector else ("name" if head.pos_ == "PROPN" else "thing")
        feats.append(f"{prefix}.phrase={agentive}")
    if head.tag_ in ("NNS", "NNPS"):
        feats.append(f"{prefix}.plural")
    return feats


def _path(ctx: DocContext, a: int, b: int) -> tuple[list[int], list[int], int] | None:
    """Tokens from ``a`` up to the common ancestor, and from ``b`` up to it, and the LCA."""
    up_a = ctx.ancestors(a)
    up_b = ctx.ancestors(b)
    seen_b = {t: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t in seen_b:
            return up_a[: k + 1], up_b[: seen_b[t] + 1], t
    return None


def _attribution_features(cand: PairCandidate, attributions: Sequence[Attribution]) -> list[str]:
    feats: list[str] = []
    for att in attributions:
        if att.source is None:
            continue
        src_start, src_end = att.source
        con_start, con_end = att.content
        for name, holder, other in (
            ("src1", cand.first, cand.second),
            ("src2", cand.second, cand.first),
        ):
            if holder.start < src_end and src_start < holder.end:
                if con_start <= other.start < con_end:
                    feats.append(f"{name}.content")
                    feats.append(f"{name}.cue={att.cue_lemma}")
                    feats.append(f"{name}.cuekind={att.cue_kind.value}")
                else:
                    feats.append(f"{name}.outside")
    return feats


#: Contextual vectors per candidate: first head, second head, common ancestor, sentence mean.
VECTOR_PARTS = 4
#: Decimals kept of each vector component (training and run time alike).
VECTOR_DECIMALS = 3


def pair_vector(ctx: DocContext, cand: PairCandidate) -> np.ndarray:
    """The candidate's dense input (``VECTOR_PARTS`` x the parser's width; zeros when the
    pipeline keeps no tensor)."""
    tensor = ctx.doc.tensor
    if tensor is None or len(tensor.shape) != 2 or tensor.shape[0] != len(ctx.doc):
        return np.zeros(0, dtype=np.float32)
    path = _path(ctx, cand.first_head, cand.second_head)
    lca = path[2] if path is not None else cand.first_head
    sentence = tensor[cand.sent_start : cand.sent_end].mean(axis=0)
    parts = (tensor[cand.first_head], tensor[cand.second_head], tensor[lca], sentence)
    # rounded, so that the last bits of the CPU's float kernels do not reach the weights
    return np.round(np.concatenate(parts), VECTOR_DECIMALS).astype(np.float32)


def pair_features(ctx: DocContext, cand: PairCandidate) -> list[str]:
    """The feature strings of one candidate."""
    doc = ctx.doc
    h1, h2 = doc[cand.first_head], doc[cand.second_head]
    feats = _side("a", cand.first, h1) + _side("b", cand.second, h2)
    feats.append(f"kinds={cand.first.actor.kind.value}|{cand.second.actor.kind.value}")
    feats.append(f"dist={_bucket(abs(cand.second_head - cand.first_head))}")
    a_country, b_country = cand.first.actor.country, cand.second.actor.country
    if (a_country and a_country in (cand.second.actor.id, b_country)) or (
        b_country and b_country == cand.first.actor.id
    ):
        feats.append("same_country")
    path = _path(ctx, cand.first_head, cand.second_head)
    if path is None:
        feats.append("path=none")
    else:
        feats.extend(_path_features(ctx, path))
    feats.extend(_between_features(ctx, cand))
    for rule in cand.rules:
        pred = rule.event.predicate
        arrow = ">" if rule.forward else "<"
        feats.append("rule")
        feats.append(f"rule={pred.type.value}{arrow}")
        feats.append(f"rule.dir={arrow}")
        feats.append(f"rule.lemma={pred.lemma}")
        if pred.nominal:
            feats.append("rule.nominal")
    if not cand.rules:
        feats.append("rule=none")
    feats.extend(_attribution_features(cand, ctx.attributions))
    return feats


def _path_features(ctx: DocContext, path: tuple[list[int], list[int], int]) -> list[str]:
    doc = ctx.doc
    up_a, up_b, lca_i = path
    lca = doc[lca_i]
    edges = (len(up_a) - 1) + (len(up_b) - 1)
    feats = [
        f"path.len={min(edges, MAX_PATH_EDGES + 1)}",
        f"lca.pos={lca.pos_}",
        f"lca.lemma={lca.lemma_.lower()}",
        f"lca.dep={lca.dep_}",
    ]
    lca_class = ctx.event_class(lca_i)
    if lca_class:
        feats.append(f"lca.type={lca_class}")
    role_a = _role(doc[up_a[-2]]) if len(up_a) > 1 else "self"
    role_b = _role(doc[up_b[-2]]) if len(up_b) > 1 else "self"
    feats.append(f"roles={role_a}|{role_b}")
    feats.append(f"roles+lca={role_a}|{role_b}|{lca.lemma_.lower()}")
    if lca_class:
        feats.append(f"roles+type={role_a}|{role_b}|{lca_class}")
    if edges <= MAX_PATH_EDGES:
        labels = [f"{_role(doc[i])}^" for i in up_a[:-1]] + [
            f"{_role(doc[i])}v" for i in reversed(up_b[:-1])
        ]
        feats.append("path=" + " ".join(labels))
    else:
        feats.append("path=long")
    for i in (*up_a[1:-1], *up_b[1:-1]):
        token = doc[i]
        feats.append(f"on_path={token.lemma_.lower()}")
        klass = ctx.event_class(i)
        if klass:
            feats.append(f"on_path.type={klass}")
        if token.dep_ in ("xcomp", "ccomp") and token.head.i != token.i:
            feats.append(f"on_path.governor={token.head.lemma_.lower()}")
    # the verb's own context: negation, auxiliaries and particles of the common ancestor
    for child in lca.children:
        if child.dep_ in ("neg", "aux", "auxpass", "prt"):
            feats.append(f"lca.{child.dep_}={child.lower_}")
    return feats


def _between_features(ctx: DocContext, cand: PairCandidate) -> list[str]:
    doc = ctx.doc
    start = doc.char_span(cand.first.start, cand.first.end, alignment_mode="expand")
    end = doc.char_span(cand.second.start, cand.second.end, alignment_mode="expand")
    if start is None or end is None:
        return []
    gap = range(start.end, end.start)
    if len(gap) == 0:
        return ["between=adjacent"]
    feats = []
    if len(gap) > MAX_BETWEEN_WORDS:
        feats.append("between=far")
    for i in gap[:MAX_BETWEEN_WORDS]:
        token = doc[i]
        if token.is_punct:
            if token.text in ",;:":
                feats.append(f"between.punct={token.text}")
            continue
        if token.is_stop and token.pos_ not in ("ADP", "VERB", "AUX"):
            continue
        feats.append(f"between={token.lemma_.lower()}")
        klass = ctx.event_class(i)
        if klass:
            feats.append(f"between.type={klass}")
    return feats
