"""Near duplicates: shingles, signatures, LSH index, store clusters, the threshold's test set."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from claimgraph.clean.dedup import (
    BANDS,
    NEAR_DUPLICATE_JACCARD,
    NUM_PERM,
    NearDuplicateIndex,
    Signature,
    best_match,
    shingles,
)
from claimgraph.records import Article, ArticleResult, DocId
from claimgraph.store import Store
from claimgraph.store.dedup import assign_clusters

WIRE = (
    "KYIV, March 4 - Ukraine's air force said on Tuesday it had shot down 31 of 40 drones "
    "launched overnight by Russia, most of them over the central Poltava region.\n\n"
    "Regional governor Ivan Petrenko said falling debris damaged two houses and a grain store "
    "near Kremenchuk but caused no casualties. Emergency crews put out a fire by morning.\n\n"
    "Moscow did not comment on the attack. The Russian defence ministry said separately that "
    "its air defences had destroyed 12 Ukrainian drones over the Belgorod and Kursk regions.\n\n"
    "Ukraine has asked its Western partners for more air defence systems ahead of the winter, "
    "saying Russia has stepped up strikes on energy facilities since the autumn."
)
OTHER_REPORT = (
    "Russia attacked Ukraine with dozens of drones overnight, Kyiv said, in one of the largest "
    "raids of the month. Ukrainian officials reported damage in the Poltava region.\n\n"
    "The Kremlin declined to comment. Russia's defence ministry claimed it downed Ukrainian "
    "drones over two border regions, without giving details of any damage.\n\n"
    "President Volodymyr Zelensky again urged allies to speed up deliveries of Patriot "
    "batteries, which he said were needed to protect power plants."
)


def _edit_words(text: str, rate: float, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split(" ")
    return " ".join("officials" if rng.random() < rate else word for word in words)


def test_dedup_shingles_are_word_five_grams() -> None:
    assert shingles("One two three four five six") == {
        "one two three four five",
        "two three four five six",
    }
    assert shingles("Short text") == {"short text"}
    assert shingles("") == set()
    # case and punctuation do not matter
    assert shingles("A, B. C; D: E") == shingles("a b c d e")


def test_dedup_signature_roundtrip_and_buckets() -> None:
    signature = Signature.of_text(WIRE)
    assert len(signature.values) == NUM_PERM
    again = Signature.from_bytes(signature.to_bytes())
    assert again.jaccard(signature) == 1.0
    buckets = signature.band_buckets()
    assert len(buckets) == BANDS
    assert all(len(bucket) == 32 for _, bucket in buckets)
    with pytest.raises(ValueError, match="signature"):
        Signature.from_bytes(b"\x00" * 12)


@pytest.mark.parametrize(
    "copy",
    [
        "Drones shot down over Poltava\n\n" + WIRE + "\n\nFollow us for more updates.",
        _edit_words(WIRE, 0.02, seed=3),
        WIRE.rsplit("\n\n", 1)[0],  # last paragraph cut by the republishing outlet
    ],
    ids=["headline-and-footer", "two-percent-words", "last-paragraph-cut"],
)
def test_dedup_index_clusters_syndicated_copies(copy: str) -> None:
    index = NearDuplicateIndex()
    assert index.add(DocId("orig"), Signature.of_text(WIRE)) == "orig"
    assert index.add(DocId("copy"), Signature.of_text(copy)) == "orig"


def test_dedup_index_keeps_reports_of_same_event_apart() -> None:
    index = NearDuplicateIndex()
    index.add(DocId("a"), Signature.of_text(WIRE))
    assert index.add(DocId("b"), Signature.of_text(OTHER_REPORT)) == "b"
    assert Signature.of_text(WIRE).jaccard(Signature.of_text(OTHER_REPORT)) < 0.1


def test_dedup_cluster_is_first_member_transitively() -> None:
    index = NearDuplicateIndex()
    index.add(DocId("first"), Signature.of_text(WIRE))
    second = WIRE + "\n\nThe story was updated with the governor's comments."
    index.add(DocId("second"), Signature.of_text(second))
    third = _edit_words(second, 0.02, seed=9)
    assert index.add(DocId("third"), Signature.of_text(third)) == "first"
    assert index.cluster_of(DocId("second")) == "first"
    assert len(index) == 3


def test_dedup_best_match_ignores_order_and_threshold() -> None:
    signature = Signature.of_text(WIRE)
    same = Signature.of_text(WIRE)
    far = Signature.of_text(OTHER_REPORT)
    candidates = [(DocId("b"), DocId("b"), same), (DocId("a"), DocId("a"), same)]
    match = best_match(signature, candidates)
    assert match is not None
    assert match.doc_id == "a"  # tie: smaller doc_id, whatever the order
    assert best_match(signature, [(DocId("x"), DocId("x"), far)]) is None


def _result(doc_id: str, text: str) -> ArticleResult:
    return ArticleResult(
        article=Article(doc_id=DocId(doc_id), source=f"{doc_id}.txt", text=text),
        parsed=False,
    )


def test_dedup_store_clusters_across_batches(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        store.write([_result("d1", WIRE)], hooks=[assign_clusters_hook])
        store.write(
            [_result("d2", OTHER_REPORT), _result("d3", _edit_words(WIRE, 0.02, seed=5))],
            hooks=[assign_clusters_hook],
        )
        # a re-written batch (already stored) changes nothing
        store.write([_result("d3", "ignored")], hooks=[assign_clusters_hook])
        with store.transaction() as session:
            rows = {
                doc_id: cluster_id
                for doc_id, cluster_id in session.execute(
                    text("SELECT doc_id, cluster_id FROM documents")
                )
            }
            buckets = session.execute(text("SELECT COUNT(*) FROM lsh_buckets")).scalar_one()
    assert rows == {"d1": "d1", "d2": "d2", "d3": "d1"}
    assert buckets == 3 * BANDS


def assign_clusters_hook(session: Session, results: Sequence[ArticleResult]) -> None:
    assign_clusters(session, results)


# --------------------------------------------------------------------------------------------
# The threshold's test set, at a small scale: Wikinews articles with generated edits must
# cluster with their original; distinct articles must not.
# --------------------------------------------------------------------------------------------


def _edits(text: str, rng: random.Random) -> list[str]:
    paras = [p for p in text.split("\n\n") if p.strip()]
    words = text.split(" ")
    return [
        "\n\n".join(["A new headline", *paras, "Subscribe to our newsletter."]),
        "\n\n".join(paras[:1] + paras[2:]) if len(paras) > 3 else text,
        " ".join(w if rng.random() >= 0.05 else "said" for w in words),
        " ".join(words[: int(len(words) * 0.75)]),
    ]


def test_dedup_threshold_on_wikinews_edits(shared_dir: Path) -> None:
    path = shared_dir / "data" / "corpus" / "wikinews" / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    with path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    texts = [body for body in texts if len(body.split()) >= 150]
    rng = random.Random(11)
    sample = rng.sample(texts, 40)
    signatures = [Signature.of_text(body) for body in sample]
    found = 0
    total = 0
    for body, signature in zip(sample, signatures, strict=True):
        for copy in _edits(body, rng):
            total += 1
            index = NearDuplicateIndex()
            index.add(DocId("orig"), signature)
            found += index.add(DocId("copy"), Signature.of_text(copy)) == "orig"
    assert found / total >= 0.97
    highest = max(a.jaccard(b) for a, b in itertools.combinations(signatures, 2))
    assert highest < NEAR_DUPLICATE_JACCARD - 0.15
