"""How large a dev gain must be to be more than noise: a seeded bootstrap over articles.

A learned part replaces a rule only when it beats the rule on dev by more than the standard
deviation of the gain over resamples of the dev articles (``gain_noise``); a difference of a
few hundredths on a few hundred examples is otherwise a coin flip. Used by the attachment
model (``train_attach``) and by the choice of each status axis (``train_status``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from claimgraph.eval.intervals import article_resamples

#: Resamples of the dev articles.
BOOTSTRAP_ROUNDS = 200


def gain_noise(
    doc_ids: Sequence[str],
    gain: Callable[[Sequence[int]], float],
    *,
    seed: int,
    rounds: int = BOOTSTRAP_ROUNDS,
) -> float:
    """The standard deviation of ``gain(indices)`` over bootstrap resamples of the articles.

    ``doc_ids[k]`` is the article of item ``k``; each round draws as many articles as there
    are, with replacement, and passes the indices of their items (an article drawn twice
    counts twice). Fewer than two articles give 0.0.
    """
    by_doc: dict[str, list[int]] = {}
    for k, doc in enumerate(doc_ids):
        by_doc.setdefault(doc, []).append(k)
    docs = sorted(by_doc)
    if len(docs) < 2:
        return 0.0
    gains = [
        gain([k for d in draw for k in by_doc[docs[d]]])
        for draw in article_resamples(len(docs), rounds=rounds, seed=seed)
    ]
    mean = sum(gains) / len(gains)
    return float((sum((g - mean) ** 2 for g in gains) / (len(gains) - 1)) ** 0.5)


__all__ = ["BOOTSTRAP_ROUNDS", "gain_noise"]
