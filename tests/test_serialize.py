"""Claim and article records to JSON dicts and back."""

from __future__ import annotations

import json

import pytest
from tests.store.factories import result_a, result_b, result_c

from claimgraph.errors import MalformedRecordError
from claimgraph.records import Claim
from claimgraph.serialize import article_to_dict, claim_from_dict, claim_to_dict

DESIGN_KEYS = {
    "claim_id", "doc_id", "title", "outlet", "author", "published", "sentence", "char_span",
    "subject", "type", "mode", "trigger", "object", "event_date", "attribution", "certainty",
    "polarity", "time", "status", "confidence",
}  # fmt: skip


def _claims() -> list[Claim]:
    return [claim for result in (result_a(), result_b(), result_c()) for claim in result.claims]


def test_serialize_claim_round_trips_through_json() -> None:
    for claim in _claims():
        data = json.loads(json.dumps(claim_to_dict(claim)))
        assert claim_from_dict(data) == claim


def test_serialize_claim_has_the_design_shape() -> None:
    claim = result_a().claims[0]
    data = claim_to_dict(claim)
    assert set(data) >= DESIGN_KEYS
    assert data["type"] == "AID" and data["mode"] == "military"
    assert data["event_date"] == "2024-02-01" and data["published"] == "2024-03-12"
    assert data["subject"] == {
        "id": "EST", "name": "Estonia", "kind": "state", "sector": "GOV", "country": "EST",
        "mention": "Estonia", "start": 0, "end": 7,
    }  # fmt: skip
    assert data["attribution"] == [
        {
            "source": "the defence ministry", "source_id": "est-defence-ministry",
            "kind": "named_source", "cue": "said", "cue_kind": "neutral", "outlet": None,
        }
    ]  # fmt: skip
    span = data["char_span"]
    assert isinstance(span, list)
    assert result_a().article.text[span[0] : span[1]] == data["sentence"]


def test_serialize_asserted_claim_has_an_empty_chain() -> None:
    claim = result_a().claims[2]
    assert claim_to_dict(claim)["attribution"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "GIVE"}, "type"),
        ({"status": None}, "status"),
        ({"char_span": [5]}, "char_span"),
        ({"char_span": [9, 3]}, "char_span"),
        ({"event_date": "March 2"}, "event_date"),
        ({"confidence": "high"}, "confidence"),
        ({"subject": "EST"}, "subject"),
        ({"attribution": [{"source": "x"}]}, "attribution[0].kind"),
        ({"attribution": "officials"}, "attribution"),
    ],
)
def test_serialize_malformed_claim_names_the_field(change: dict[str, object], field: str) -> None:
    data = {**claim_to_dict(result_a().claims[0]), **change}
    with pytest.raises(
        MalformedRecordError, match=f"field '{field.replace('[', '.').replace(']', '.')}"
    ):
        claim_from_dict(data)


def test_serialize_missing_key_is_malformed() -> None:
    data = claim_to_dict(result_a().claims[0])
    del data["polarity"]
    with pytest.raises(MalformedRecordError, match="'polarity': missing"):
        claim_from_dict(data)


def test_serialize_article_to_dict_is_json_ready() -> None:
    article = result_b().article
    data = json.loads(json.dumps(article_to_dict(article)))
    assert data["doc_id"] == article.doc_id
    assert data["published"] == "2024-03-15"
    assert data["warnings"] == ["a test warning"]
    assert data["text"] == article.text and data["author"] is None
