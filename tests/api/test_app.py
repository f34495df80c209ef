"""The REST API over a hand-written store: every endpoint, bad parameters, pagination, errors.

Every test runs on SQLite and on PostgreSQL (``tests.store.backends``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.graph.corpus import FACT, build_store
from tests.store.backends import module_store_url, store_url

from claimgraph.api import ApiSettings, create_app

ENVELOPE_KEYS = {"ok", "error", "errors", "status", "code"}


__all__ = ["module_store_url", "store_url"]  # backend-parametrized fixtures, for pytest


@pytest.fixture(scope="module")
def db_url(module_store_url: str) -> str:
    build_store(module_store_url).close()
    return module_store_url


@pytest.fixture(scope="module")
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(ApiSettings(db_url=db_url))) as test_client:
        yield test_client


def _error(response, status: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == ENVELOPE_KEYS
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    return body


def test_app_openapi_schema_validates(client: TestClient) -> None:
    from openapi_spec_validator import validate

    schema = client.get("/openapi.json").json()
    validate(schema)
    paths = set(schema["paths"])
    for path in ("/api/v1/relations", "/api/v1/actors/{actor_id}", "/api/v1/documents"):
        assert path in paths


def test_app_relations_ranked_by_score_with_family_filter(client: TestClient) -> None:
    page = client.get("/api/v1/relations").json()
    assert page["total"] == 3
    assert [item["type"] for item in page["items"]][:2] == ["AID", "ASSAULT"]
    conflict = client.get("/api/v1/relations", params={"family": "material_conflict"}).json()
    assert [item["type"] for item in conflict["items"]] == ["ASSAULT"]
    firm = client.get("/api/v1/relations", params={"min_sources": 2}).json()
    assert [item["type"] for item in firm["items"]] == ["AID"]
    contradicted = client.get("/api/v1/relations", params={"contradicted": "true"}).json()
    assert [item["id"] for item in contradicted["items"]] == ["LTU|AID|UKR"]


@pytest.mark.parametrize(
    ("params", "n"),
    [
        ({"status": "predicted"}, 1),
        ({"since": "2024-05-11"}, 1),
        ({"until": "2024-05-05"}, 1),
        ({"actor": "LTU"}, 2),
        ({"subject": "RUS", "object": "EST"}, 1),
        ({"type": ["AID", "CONSULT"]}, 2),
        ({"min_score": 0.5}, 1),
    ],
)
def test_app_relations_filters(client: TestClient, params: dict[str, object], n: int) -> None:
    assert client.get("/api/v1/relations", params=params).json()["total"] == n


def test_app_relations_pagination(client: TestClient) -> None:
    first = client.get("/api/v1/relations", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    second = client.get("/api/v1/relations", params={"limit": 2, "offset": 2}).json()
    assert len(second["items"]) == 1 and second["next_offset"] is None
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert len(set(ids)) == 3


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 501},
        {"offset": -1},
        {"type": "BOMB"},
        {"family": "war"},
        {"status": "rumoured"},
        {"since": "2024-13-01"},
        {"since": "2024-05-10", "until": "2024-05-01"},
        {"min_score": 2},
        {"order": "random"},
    ],
)
def test_app_bad_params_give_422_envelope(client: TestClient, params: dict[str, object]) -> None:
    body = _error(client.get("/api/v1/relations", params=params), 422)
    assert body["code"] == "HTTP422"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/actors/nobody",
        "/api/v1/relations/RUS/AID/EST",
        "/api/v1/relations/RUS/AID/EST/claims",
        "/api/v1/claims/0000",
        "/api/v1/documents/ffffffff",
        "/api/v1/no-such-thing",
    ],
)
def test_app_unknown_ids_give_404_envelope(client: TestClient, path: str) -> None:
    body = _error(client.get(path), 404)
    assert "sqlite" not in str(body["error"])  # the store's location is not disclosed


def test_app_relation_detail_lists_both_sides(client: TestClient) -> None:
    detail = client.get("/api/v1/relations/LTU/AID/UKR").json()
    assert detail["relation"]["contradicted"] is True
    assert detail["affirming_sources"] == [
        "outlet:baltic ledger",
        "outlet:nordic wire",
        "outlet:vilnius herald",
    ]
    assert detail["denying_sources"] == ["source:ltu"]
    assert len(detail["affirming"]) == 3 and len(detail["denying"]) == 1
    assert sum(point["n"] for point in detail["timeline"]) == 4


def test_app_relation_claims_have_highlights_and_chain(client: TestClient) -> None:
    page = client.get("/api/v1/relations/LTU/AID/UKR/claims", params={"status": "reported"}).json()
    assert page["total"] == 3
    claim = page["items"][0]
    assert claim["sentence"] == FACT
    spans = claim["highlights"]
    sentence = claim["sentence"]
    assert sentence[spans["subject"]["start"] : spans["subject"]["end"]] == "Lithuania"
    assert sentence[spans["object"]["start"] : spans["object"]["end"]] == "Ukraine"
    assert sentence[spans["trigger"]["start"] : spans["trigger"]["end"]] == "sent"
    assert claim["attribution_text"].endswith("← officials (said)")
    assert claim["document"]["outlet"] in {"Nordic Wire", "Baltic Ledger", "Vilnius Herald"}
    one = client.get(f"/api/v1/claims/{claim['claim_id']}").json()
    assert one == claim


def test_app_claims_list_and_document_views(client: TestClient) -> None:
    page = client.get("/api/v1/claims", params={"type": "AID", "limit": 2}).json()
    assert len(page["items"]) == 2 and page["next_offset"] == 2 and page["total"] is None
    doc_id = page["items"][0]["doc_id"]
    document = client.get(f"/api/v1/documents/{doc_id}").json()
    start, end = page["items"][0]["char_span"].values()
    assert document["text"][start:end] == page["items"][0]["sentence"]
    claims = client.get(f"/api/v1/documents/{doc_id}/claims").json()
    assert [c["claim_id"] for c in claims] == [page["items"][0]["claim_id"]]
    listing = client.get("/api/v1/documents", params={"limit": 3}).json()
    assert listing["total"] == 10 and len(listing["items"]) == 3
    assert all(item["text"] is None for item in listing["items"])


def test_app_actors_search_and_profile(client: TestClient) -> None:
    found = client.get("/api/v1/actors", params={"q": "lithu"}).json()
    assert found[0]["actor"]["id"] == "LTU"
    top = client.get("/api/v1/actors").json()
    assert {a["actor"]["id"] for a in top} >= {"LTU", "UKR", "EST", "RUS"}
    profile = client.get("/api/v1/actors/LTU").json()
    assert profile["summary"]["n_relations"] == 2
    assert [r["type"] for r in profile["relations"]] == ["AID", "CONSULT"]


def test_app_search_returns_snippets(client: TestClient) -> None:
    hits = client.get("/api/v1/search", params={"q": "power station"}).json()
    assert len(hits) == 5
    assert all("power station" in hit["snippet"] for hit in hits)
    _error(client.get("/api/v1/search", params={"q": ""}), 422)


def test_app_graph_top_n_and_exports(client: TestClient) -> None:
    graph = client.get("/api/v1/graph", params={"limit": 2}).json()
    assert len(graph["edges"]) == 2 and graph["truncated"] and graph["total"] == 3
    assert {edge["type"] for edge in graph["edges"]} == {"AID", "ASSAULT"}
    assert {node["id"] for node in graph["nodes"]} == {"LTU", "UKR", "RUS", "EST"}
    graphml = client.get("/api/v1/export/graph.graphml")
    assert graphml.status_code == 200 and b"contradicted" in graphml.content
    gexf = client.get("/api/v1/export/graph.gexf", params={"family": "material_conflict"})
    assert gexf.status_code == 200 and b"ASSAULT" in gexf.content and b"AID" not in gexf.content
    _error(client.get("/api/v1/export/graph.png"), 422)


def test_app_stats_and_health(client: TestClient) -> None:
    assert client.get("/api/v1/health").json() == {"ok": True}
    stats = client.get("/api/v1/stats").json()
    assert stats["documents"] == 10 and stats["relations"] == 3
    headers = client.get("/api/v1/stats").headers
    assert "script-src 'self'" in headers["content-security-policy"]


def test_app_store_unavailable_gives_503(tmp_path: Path) -> None:
    empty = f"sqlite:///{tmp_path / 'missing.db'}"
    with TestClient(create_app(ApiSettings(db_url=empty))) as test_client:
        body = _error(test_client.get("/api/v1/relations"), 503)
        assert body["code"] == "CG302"


def test_app_tokens_guard_reads_and_writes(db_url: str) -> None:
    settings = ApiSettings(db_url=db_url, read_token="r-secret", write_token="w-secret")
    with TestClient(create_app(settings)) as test_client:
        _error(test_client.get("/api/v1/stats"), 401)
        _error(test_client.get("/api/v1/stats", headers={"Authorization": "Bearer nope"}), 403)
        for token in ("r-secret", "w-secret"):
            ok = test_client.get("/api/v1/stats", headers={"Authorization": f"Bearer {token}"})
            assert ok.status_code == 200
        _error(test_client.post("/api/v1/documents", content=b"text"), 401)
        _error(
            test_client.post(
                "/api/v1/documents",
                content=b"text",
                headers={"Authorization": "Bearer r-secret"},
            ),
            403,
        )


def test_app_ingest_disabled_without_token_beyond_loopback(db_url: str) -> None:
    settings = ApiSettings(db_url=db_url, allow_anonymous_writes=False)
    with TestClient(create_app(settings)) as test_client:
        body = _error(test_client.post("/api/v1/documents", content=b"some text"), 403)
        assert "--token" in str(body["error"])


def test_app_upload_too_large_gives_413(db_url: str) -> None:
    settings = ApiSettings(db_url=db_url, max_upload_bytes=100)
    with TestClient(create_app(settings)) as test_client:
        _error(test_client.post("/api/v1/documents", content=b"x" * 101), 413)
        files = {"file": ("big.txt", b"y" * 500, "text/plain")}
        _error(test_client.post("/api/v1/documents", files=files), 413)
        _error(test_client.post("/api/v1/documents", content=b""), 422)


def test_app_ingest_runs_the_pipeline(store_url: str, nlp) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline._nlp = nlp  # reuse the session's parsed model instead of loading a second copy
    url = store_url
    build_store(url).close()
    app = create_app(ApiSettings(db_url=url), pipeline=pipeline)
    text = (
        "Russian forces shelled the Ukrainian city of Kharkiv on Monday, the regional "
        "governor said.\n\nKyiv condemned the attack."
    )
    with TestClient(app) as test_client:
        response = test_client.post(
            "/api/v1/documents",
            files={"file": ("kharkiv.txt", text.encode(), "text/plain")},
            params={"title": "Kharkiv shelled", "outlet": "Steppe Monitor"},
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["documents"] == 1 and len(body["doc_ids"]) == 1
        document = test_client.get(f"/api/v1/documents/{body['doc_ids'][0]}").json()
        assert document["title"] == "Kharkiv shelled" and document["outlet"] == "Steppe Monitor"
        again = test_client.post(
            "/api/v1/documents", content=text.encode(), headers={"content-type": "text/plain"}
        ).json()
        assert again["documents"] == 0 and again["skipped"] == 1
        relations = test_client.get("/api/v1/relations", params={"type": "ASSAULT"}).json()
        assert relations["total"] >= 1
