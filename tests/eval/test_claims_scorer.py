"""The end-to-end claim scorer on tiny hand-made gold and hand-built predictions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval import claims as scorer
from claimgraph.eval.claims import GoldClaim, GoldDocument
from claimgraph.records import (
    ActorId,
    Article,
    ArticleResult,
    Claim,
    ClaimActor,
    ClaimId,
    DocId,
    SourceLink,
)
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

REPO = Path(__file__).resolve().parents[2]

# Invented sample sentences.
S_DRONES = (
    "Officials in Kyiv said Iran had shipped attack drones to Russia through the Caspian Sea."
)
S_TALKS = "Chancellor Weber met the Brazilian president in Brasilia on Tuesday to discuss trade."
S_PROBE = "Prosecutors alleged that the militia had shelled a convoy of the Red Crescent."
S_OTHER = "Markets in Tokyo closed higher on Friday after a week of losses."


def actor(
    actor_id: str, name: str, *, mention: str | None = None, country: str | None = None
) -> ClaimActor:
    return ClaimActor(
        id=ActorId(actor_id),
        name=name,
        kind=ActorKind.STATE if len(actor_id) == 3 else ActorKind.ORGANIZATION,
        sector=None,
        country=country,
        mention=mention or name,
        start=0,
        end=len(mention or name),
    )


def claim(
    sentence: str,
    subject: ClaimActor,
    plover: PloverType,
    obj: ClaimActor,
    *,
    status: Status = Status.ASSERTED,
    sources: tuple[str, ...] = (),
    outlet: str | None = None,
) -> Claim:
    chain = tuple(
        SourceLink(
            source=name,
            source_id=None,
            kind=SourceKind.NAMED_SOURCE,
            cue="said",
            cue_kind=CueKind.NEUTRAL,
            outlet=outlet,
        )
        for name in sources
    )
    return Claim(
        claim_id=ClaimId(f"{subject.id}-{plover}-{obj.id}"),
        doc_id=DocId("doc"),
        sentence=sentence,
        char_span=(0, len(sentence)),
        trigger="x",
        trigger_span=(0, 1),
        subject=subject,
        type=plover,
        mode=None,
        object=obj,
        event_date=None,
        attribution=chain,
        certainty=Certainty.CERTAIN,
        polarity=Polarity.POSITIVE,
        time=Tense.PAST_OR_PRESENT,
        status=status,
        confidence=0.5,
    )


def gold(
    claim_id: str,
    subject: tuple[str, ...],
    types: tuple[PloverType, ...],
    obj: tuple[str, ...],
    evidence: str,
    *,
    hedged: bool = False,
    any_status: bool = False,
) -> GoldClaim:
    return GoldClaim(
        id=claim_id,
        subject=subject,
        object=obj,
        types=frozenset(types),
        hedged=hedged,
        evidence=evidence,
        any_status=any_status,
    )


IRAN = actor("IRN", "Iran")
RUSSIA = actor("RUS", "Russia")
GERMANY = actor("DEU", "Germany", mention="Chancellor Weber")
BRAZIL = actor("BRA", "Brazil", mention="the Brazilian president")
MILITIA = actor("eastern-militia", "Eastern Militia", mention="the militia")
RED_CRESCENT = actor("red-crescent", "Red Crescent", mention="a convoy of the Red Crescent")

G_DRONES = gold(
    "irn-drones", ("IRN", "Iran"), (PloverType.AID,), ("RUS", "Russia"), "Iran had shipped drones"
)
G_TALKS = gold(
    "deu-bra-talks",
    ("DEU", "Germany", "Weber"),
    (PloverType.CONSULT,),
    ("BRA", "Brazil"),
    "Weber met the Brazilian president in Brasilia",
)
G_PROBE = gold(
    "militia-shelling",
    ("militia",),
    (PloverType.ASSAULT,),
    ("Red Crescent",),
    "the militia had shelled a convoy of the Red Crescent",
    hedged=True,
)


# --------------------------------------------------------------------------------------------
# the pieces
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "names", "expected"),
    [
        ("IRN", ["IRN"], True),
        ("irn", ["IRN"], True),  # case-insensitive
        ("the Indonesian Navy", ["Indonesia"], True),  # containment of a long name
        ("USAID", ["USA"], False),  # three letters: equality only
        ("UN Security Council", ["UN"], False),
        ("Iran", ["Iranian Navy"], False),  # the predicted string must contain the gold one
        (None, ["Iran"], False),
        ("", ["Iran"], False),
    ],
)
def test_claims_scorer_name_rule(value: str | None, names: list[str], expected: bool) -> None:
    assert scorer.name_matches(value, names) is expected


def test_claims_scorer_actor_rule_uses_country_and_mention() -> None:
    navy = actor("indonesian-navy", "Indonesian Navy", mention="the navy", country="IDN")
    assert scorer.actor_matches(navy, ["IDN"])
    assert scorer.actor_matches(GERMANY, ["Weber"])  # through the mention
    assert not scorer.actor_matches(navy, ["MYS", "Malaysia"])


def test_claims_scorer_evidence_overlap_ignores_short_words() -> None:
    assert scorer.evidence_overlap("Iran had shipped drones", S_DRONES) == 1.0
    # "to", "a" and "of" are too short to count; only "convoy" is shared of 3 words
    assert scorer.evidence_overlap("a convoy of to Red Cross", S_DRONES) == 0.0
    assert scorer.evidence_overlap("convoy shelled Ankara", S_PROBE) == pytest.approx(2 / 3)
    assert scorer.evidence_overlap("of a", S_PROBE) == 0.0


@pytest.mark.parametrize(
    ("hedged", "any_status", "status", "expected"),
    [
        (False, False, Status.ASSERTED, True),
        (False, False, Status.REPORTED, True),
        (False, False, Status.ALLEGED, False),
        (True, False, Status.REPORTED, False),
        (True, False, Status.ALLEGED, True),
        (True, False, Status.DENIED, True),
        (True, False, Status.PREDICTED, True),
        (True, True, Status.ASSERTED, True),
        (False, True, Status.HEDGED, True),
    ],
)
def test_claims_scorer_status_rule(
    hedged: bool, any_status: bool, status: Status, expected: bool
) -> None:
    item = gold(
        "g", ("A",), (PloverType.AID,), ("B",), "x y z", hedged=hedged, any_status=any_status
    )
    assert scorer.status_matches(item, status) is expected


# --------------------------------------------------------------------------------------------
# matching
# --------------------------------------------------------------------------------------------


def test_claims_scorer_full_match() -> None:
    outcomes = scorer.match_claims([G_DRONES], [claim(S_DRONES, IRAN, PloverType.AID, RUSSIA)])
    assert [o.kind for o in outcomes] == [scorer.MATCHED]
    assert outcomes[0].predicted == 0
    assert outcomes[0].actor_ok and outcomes[0].type_ok and outcomes[0].status_ok


def test_claims_scorer_error_kinds() -> None:
    cases = [
        ([], scorer.NO_CANDIDATE),
        ([claim(S_OTHER, IRAN, PloverType.AID, RUSSIA)], scorer.NO_CANDIDATE),  # other sentence
        ([claim(S_DRONES, IRAN, PloverType.AID, BRAZIL)], scorer.WRONG_ACTORS),
        ([claim(S_DRONES, RUSSIA, PloverType.AID, IRAN)], scorer.SWAPPED_ACTORS),
        ([claim(S_DRONES, IRAN, PloverType.ASSAULT, RUSSIA)], scorer.WRONG_TYPE),
        (
            [claim(S_DRONES, IRAN, PloverType.AID, RUSSIA, status=Status.HEDGED)],
            scorer.WRONG_STATUS,
        ),
    ]
    for predicted, kind in cases:
        assert [o.kind for o in scorer.match_claims([G_DRONES], predicted)] == [kind]


def test_claims_scorer_swapped_counts_for_symmetric_types_only() -> None:
    swapped = claim(S_TALKS, BRAZIL, PloverType.CONSULT, GERMANY)
    assert [o.kind for o in scorer.match_claims([G_TALKS], [swapped])] == [scorer.MATCHED]
    mixed = gold("g", ("DEU",), (PloverType.CONSULT, PloverType.REQUEST), ("BRA",), S_TALKS)
    assert scorer.match_claims([mixed], [swapped])[0].kind == scorer.SWAPPED_ACTORS


def test_claims_scorer_hedged_gold_needs_hedged_status() -> None:
    reported = claim(S_PROBE, MILITIA, PloverType.ASSAULT, RED_CRESCENT, status=Status.REPORTED)
    alleged = claim(S_PROBE, MILITIA, PloverType.ASSAULT, RED_CRESCENT, status=Status.ALLEGED)
    assert scorer.match_claims([G_PROBE], [reported])[0].kind == scorer.WRONG_STATUS
    assert scorer.match_claims([G_PROBE], [alleged])[0].kind == scorer.MATCHED


def test_claims_scorer_one_prediction_per_gold_claim_fuller_match_wins() -> None:
    # two predictions in the same sentence: the one with the right type is taken, the other
    # stays unmatched, and a second gold claim with the same evidence cannot reuse it
    wrong_type = claim(S_DRONES, IRAN, PloverType.COOPERATE, RUSSIA)
    right = claim(S_DRONES, IRAN, PloverType.AID, RUSSIA)
    twin = gold("twin", ("IRN",), (PloverType.AID,), ("RUS",), "Iran had shipped drones")
    outcomes = scorer.match_claims([G_DRONES, twin], [wrong_type, right])
    assert [(o.kind, o.predicted) for o in outcomes] == [
        (scorer.MATCHED, 1),
        (scorer.WRONG_TYPE, 0),
    ]


def test_claims_scorer_best_overlap_first() -> None:
    # the gold evidence sits wholly in the second sentence; a weaker overlap elsewhere loses
    near = "Iran had shipped attack helicopters to Russia through the Black Sea."
    partial = claim(near, IRAN, PloverType.AID, RUSSIA)
    full = claim(S_DRONES, IRAN, PloverType.AID, RUSSIA)
    evidence = "Iran had shipped attack drones to Russia through the Caspian Sea"
    item = gold("g", ("IRN",), (PloverType.AID,), ("RUS",), evidence)
    assert scorer.evidence_overlap(evidence, near) >= scorer.MIN_EVIDENCE_OVERLAP
    outcome = scorer.match_claims([item], [partial, full])[0]
    assert outcome.predicted == 1
    assert outcome.overlap == 1.0


# --------------------------------------------------------------------------------------------
# documents and totals
# --------------------------------------------------------------------------------------------


def _documents() -> tuple[list[GoldDocument], dict[str, list[Claim]]]:
    doc_a = GoldDocument(
        "a",
        "corpus/x.jsonl",
        (G_DRONES, G_PROBE),
        sources_expected=("Kyiv officials", "prosecutors", "Reuters"),
    )
    doc_b = GoldDocument("b", "corpus/x.jsonl", (G_TALKS,), sources_expected=())
    predicted_a = [
        claim(S_DRONES, IRAN, PloverType.AID, RUSSIA, sources=("Ukrainian officials in Kyiv",)),
        claim(
            S_PROBE,
            MILITIA,
            PloverType.ASSAULT,
            RED_CRESCENT,
            status=Status.REPORTED,
            sources=("Prosecutors",),
            outlet="Reuters",
        ),
        claim(S_OTHER, IRAN, PloverType.AID, RUSSIA),  # matches nothing
    ]
    predicted_b = [claim(S_TALKS, GERMANY, PloverType.AGREE, BRAZIL)]
    return [doc_a, doc_b], {"a": predicted_a, "b": predicted_b}


def test_claims_scorer_document_metrics() -> None:
    documents, predictions = _documents()
    score = scorer.score_document(documents[0], predictions["a"])
    assert score.metrics() == {
        "actor_match": 1.0,
        "type_match": 1.0,
        "status_match": 0.5,  # the shelling is alleged in the text, predicted as reported
        # "Kyiv officials" is not contained in "Ukrainian officials in Kyiv": 2 of 3 found
        "source_recall": pytest.approx(2 / 3),
        "unmatched_predictions": 1,
    }
    assert score.sources_found == ("prosecutors", "Reuters")


def test_claims_scorer_totals_and_breakdown() -> None:
    documents, predictions = _documents()
    result = scorer.score_articles(documents, predictions, data="mem")
    assert result.task == "claims"
    assert result.n_items == 3
    assert tuple(result.metrics) == scorer.METRIC_KEYS
    assert result.metrics["actor_match"] == 1.0
    assert result.metrics["type_match"] == pytest.approx(2 / 3)
    assert result.metrics["status_match"] == pytest.approx(1 / 3)
    assert result.metrics["source_recall"] == pytest.approx(2 / 3)
    assert result.metrics["unmatched_predictions"] == 1
    rows = {row["doc_id"]: row for row in result.per_item}
    assert rows["b"]["misses"] == {"deu-bra-talks": scorer.WRONG_TYPE}
    assert rows["b"]["source_recall"] is None  # nothing expected: undefined, not 0
    assert rows["a"]["errors"] == {
        "no_candidate": 0,
        "wrong_actors": 0,
        "swapped_actors": 0,
        "wrong_type": 0,
        "wrong_status": 1,
        "matched": 1,
    }
    assert any("wrong_status=1" in note for note in result.notes)


def test_claims_scorer_no_predictions_scores_zero() -> None:
    documents, _ = _documents()
    result = scorer.score_articles(documents, {})
    assert result.metrics["actor_match"] == 0.0
    assert result.metrics["source_recall"] == 0.0
    assert result.metrics["unmatched_predictions"] == 0


# --------------------------------------------------------------------------------------------
# gold files, article loading and evaluate()
# --------------------------------------------------------------------------------------------

GOLD_TEXT = "Iran had shipped attack drones to Russia, officials said. Berlin and Brasilia met."


def _write_set(root: Path, *, claims_json: list[dict[str, object]] | None = None) -> Path:
    data_dir = root / "claims"
    data_dir.mkdir(parents=True)
    corpus = root / "corpus"
    corpus.mkdir()
    record = {"id": "d1", "title": "Drones", "date": "2023-05-02", "text": GOLD_TEXT}
    (corpus / "articles.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (corpus / "plain.txt").write_text(GOLD_TEXT, encoding="utf-8")
    claims_json = claims_json or [
        {
            "id": "drones",
            "subject": ["IRN"],
            "object": ["RUS"],
            "types": ["AID"],
            "hedged": False,
            "source": ["officials"],
            "evidence": "Iran had shipped attack drones to Russia",
        }
    ]
    gold_file = {
        "format": scorer.GOLD_FORMAT,
        "documents": [
            {
                "id": "d1",
                "corpus": "corpus/articles.jsonl",
                "claims": claims_json,
                "sources_expected": ["officials"],
            },
            {"id": "plain", "corpus": "corpus/plain.txt", "claims": claims_json},
        ],
    }
    (data_dir / "dev.json").write_text(json.dumps(gold_file), encoding="utf-8")
    return data_dir


class _FakeExtractor:
    """Returns one fixed claim for any text and records what it was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, dt.date | None, str]] = []
        self.outlets: list[str | None] = []

    def extract_text(
        self,
        text: str,
        *,
        title: str | None = None,
        published: dt.date | None = None,
        source: str = "<text>",
        outlet: str | None = None,
        author: str | None = None,
    ) -> ArticleResult:
        self.calls.append((text, title, published, source))
        self.outlets.append(outlet)
        article = Article(doc_id=DocId("d"), source=source, text=text)
        sentence = text.split(". ", maxsplit=1)[0]
        found = claim(sentence, IRAN, PloverType.AID, RUSSIA, sources=("officials",))
        return ArticleResult(article=article, claims=(found,))


def test_claims_scorer_evaluate_loads_articles_and_scores(tmp_path: Path) -> None:
    data_dir = _write_set(tmp_path)
    extractor = _FakeExtractor()
    result = scorer.evaluate(data_dir, extractor=extractor, shared_root=tmp_path / "nowhere")
    assert [call[:3] for call in extractor.calls] == [
        (GOLD_TEXT, "Drones", dt.date(2023, 5, 2)),
        (GOLD_TEXT, None, None),
    ]
    assert result.n_items == 2
    assert result.metrics["status_match"] == 1.0
    assert result.metrics["source_recall"] == 1.0
    limited = scorer.evaluate(data_dir, extractor=_FakeExtractor(), limit=1)
    assert limited.n_items == 1


def test_claims_scorer_score_set_sums_to_the_report(tmp_path: Path) -> None:
    """The per-article scores a comparison reads add up to the report's totals."""
    data_dir = _write_set(tmp_path)
    scores = scorer.score_set(_FakeExtractor(), data_dir, shared_root=tmp_path / "nowhere")
    assert [score.doc_id for score in scores] == [d.id for d in scorer.load_gold(data_dir)]
    counts = [score.counts() for score in scores]
    assert set(counts[0]) == set(scorer.SHARE_METRICS)
    report = scorer.evaluate(data_dir, extractor=_FakeExtractor())
    for metric in scorer.SHARE_METRICS:
        part = sum(c[metric][0] for c in counts)
        whole = sum(c[metric][1] for c in counts)
        assert report.metrics[metric] == pytest.approx(part / whole)
    assert scorer.aggregate_scores(scores) == report.metrics


def test_claims_scorer_standard_sets() -> None:
    sets = scorer.standard_sets(Path("data/training"), Path("eval/claims"))
    assert [(name, split) for name, _folder, split in sets] == [
        ("dev", "dev"),
        ("test", "test"),
        ("eval/claims", None),
    ]
    assert sets[0][1] == Path("data/training/claims")


def test_claims_scorer_falls_back_to_shared_root(tmp_path: Path) -> None:
    data_dir = _write_set(tmp_path / "shared")
    moved = tmp_path / "repo" / "eval" / "claims"
    moved.mkdir(parents=True)
    (moved / "dev.json").write_bytes((data_dir / "dev.json").read_bytes())
    result = scorer.evaluate(moved, extractor=_FakeExtractor(), shared_root=tmp_path / "shared")
    assert result.n_items == 2
    with pytest.raises(EvalDataMissingError, match=r"corpus/articles\.jsonl"):
        scorer.evaluate(moved, extractor=_FakeExtractor(), shared_root=tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("bad_claim", "message"),
    [
        ({"types": ["HELP"]}, "PLOVER types are"),
        ({"subject": []}, "list is empty"),
        ({"hedged": "yes"}, "true or false"),
        ({"evidence": ""}, "evidence"),
    ],
)
def test_claims_scorer_rejects_malformed_gold(
    tmp_path: Path, bad_claim: dict[str, object], message: str
) -> None:
    base: dict[str, object] = {
        "id": "c",
        "subject": ["IRN"],
        "object": ["RUS"],
        "types": ["AID"],
        "hedged": False,
        "evidence": "Iran shipped drones",
    }
    base.update(bad_claim)
    data_dir = _write_set(tmp_path, claims_json=[base])
    with pytest.raises(EvalDataMissingError, match=message):
        scorer.load_gold(data_dir)


def test_claims_scorer_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(EvalDataMissingError):
        scorer.load_gold(tmp_path / "absent")
    with pytest.raises(EvalDataMissingError, match=r"no \*\.json"):
        scorer.load_gold(tmp_path)


# --------------------------------------------------------------------------------------------
# the annotated sets
# --------------------------------------------------------------------------------------------


def test_claims_scorer_repo_gold_is_valid_and_sized() -> None:
    documents = scorer.load_gold(REPO / "eval" / "claims")
    assert len(documents) >= 25
    for document in documents:
        assert 4 <= len(document.claims) <= 12, document.id
        for item in document.claims:
            assert len(item.evidence.split()) <= 30, (document.id, item.id)


def test_claims_scorer_repo_gold_articles_resolve(shared_dir: Path) -> None:
    loader = scorer.ArticleLoader(
        data_dir=REPO / "eval" / "claims", shared_root=shared_dir / "data"
    )
    for document in scorer.load_gold(REPO / "eval" / "claims"):
        article = loader.load(document)
        for item in document.claims:
            # every snippet is found, nearly word for word, in its article
            overlap = scorer.evidence_overlap(item.evidence, article.text)
            assert overlap >= 0.9, (document.id, item.id, overlap)


def test_claims_scorer_shared_dev_parses(shared_dir: Path) -> None:
    documents = scorer.load_gold(shared_dir / "data" / "claims")
    assert documents
    assert all(document.claims for document in documents)


def test_claims_scorer_source_id_reads_as_the_actors_name() -> None:
    base = claim(S_PROBE, actor("militia", "Militia"), PloverType.ASSAULT, actor("RC", "Red Cross"))
    link = SourceLink(
        source="Secretary Blinken",
        source_id="antony-blinken",
        kind=SourceKind.NAMED_SOURCE,
        cue="said",
        cue_kind=CueKind.NEUTRAL,
    )
    predicted = [dataclasses.replace(base, attribution=(link,))]
    assert scorer.found_sources(["Antony Blinken", "Jake Sullivan"], predicted) == [
        "Antony Blinken"
    ]
