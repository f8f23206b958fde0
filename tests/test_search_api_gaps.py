"""Information gaps against real OpenSearch: the query log, the gap report, requests and the secretariat key."""

from __future__ import annotations

import csv
import io
import stat

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from analyzers.mappings import MAPPING_VERSION
from pops.config import Settings, get_settings
from search_api.app import create_app
from search_api.query_log import log_index
from search_fixtures import FixtureDoc, fixture_documents, index_documents

pytestmark = pytest.mark.services

KEY = "gap-test-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def collection(os_client, index_name) -> str:
    index_documents(os_client, index_name, fixture_documents(generated=12))
    return index_name


@pytest.fixture
def app(collection):
    return create_app(Settings(index=collection, secretariat_key=KEY))


@pytest.fixture
def api(app):
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_every_first_page_is_logged_without_personal_data(app, api, os_client, collection) -> None:
    api.get("/api/search", params={"q": 'Zorblax  "Fire Foam"', "chemical": "pfos", "ui_lang": "fr"})
    api.get("/api/search", params={"q": "zorblax", "page": 2})
    api.get("/api/search", params={"q": "ddt"}, headers={"X-Forwarded-For": "203.0.113.9"})
    app.state.query_log.flush()
    entries = [hit["_source"] for hit in os_client.search(index=log_index(collection), body={
        "size": 10, "sort": [{"timestamp": "asc"}]})["hits"]["hits"]]
    assert len(entries) == 2
    first, second = entries
    assert set(first) == {"timestamp", "query", "normalised", "filters", "ui_lang", "total", "took_ms", "chemicals",
                          "topics", "languages"}
    assert first["query"] == 'Zorblax  "Fire Foam"' and first["normalised"] == "fire foam zorblax"
    assert first["filters"] == {"chemical": ["pfos"]} and first["ui_lang"] == "fr" and first["total"] == 0
    assert second["chemicals"] == ["ddt"] and second["total"] > 0
    assert "203.0.113.9" not in str(entries)


def test_a_zero_result_query_becomes_a_gap_and_closes_when_documents_arrive(app, api, os_client, collection) -> None:
    for ui_lang in ("en", "ar"):
        assert api.get("/api/search", params={"q": "Zorblax foam", "ui_lang": ui_lang}).json()["total"] == 0
    api.get("/api/search", params={"q": "ddt"})
    app.state.query_log.flush()
    report = api.get("/api/gaps", headers=AUTH).json()
    groups = {group["key"]: group for group in report["queries"]}
    assert set(groups) == {"foam zorblax"}
    gap = groups["foam zorblax"]
    assert gap["count"] == 2 and gap["first_seen"] <= gap["last_seen"]
    assert gap["hits_now"] == 0 and gap["closed"] is False
    assert {group["key"]: group["count"] for group in report["languages"]} == {"en": 1, "ar": 1}

    index_documents(os_client, collection, [FixtureDoc("zorblax", "en", "Zorblax foam stocks",
                                                       "Zorblax foam was used at airports.", 2024)])
    gap = api.get("/api/gaps", headers=AUTH).json()["queries"][0]
    assert gap["key"] == "foam zorblax" and gap["hits_now"] == 1 and gap["closed"] is True

    rows = list(csv.DictReader(io.StringIO(api.get("/api/gaps.csv", headers=AUTH).content.decode("utf-8-sig"))))
    assert {"kind": "query", "key": "foam zorblax", "closed": "True"}.items() <= rows[0].items()


def test_gaps_group_by_chemical_and_topic(app, api) -> None:
    api.get("/api/search", params={"q": "nothingmatches", "chemical": "pfos", "topic": "nip"})
    api.get("/api/search", params={"q": "滴滴涕 nothingmatches"})
    app.state.query_log.flush()
    report = api.get("/api/gaps", headers=AUTH, params={"ui_lang": "zh"}).json()
    chemicals = {group["key"]: group for group in report["chemicals"]}
    assert set(chemicals) == {"pfos", "ddt"} and chemicals["ddt"]["label"] == "滴滴涕"
    assert [group["key"] for group in report["topics"]] == ["nip"]
    assert report["searches"] == 2


def test_low_result_threshold(app, api) -> None:
    hits = api.get("/api/search", params={"q": "Борьба"}).json()["total"]
    assert hits == 1
    app.state.query_log.flush()
    def gap_keys(threshold: int) -> list[str]:
        return [g["key"] for g in api.get("/api/gaps", headers=AUTH, params={"threshold": threshold}).json()["queries"]]

    assert gap_keys(0) == []
    assert gap_keys(1) == ["борьба"]


@pytest.mark.parametrize("url", ["/api/gaps", "/api/gaps.csv", "/api/requests"])
def test_secretariat_endpoints_need_the_key(api, url) -> None:
    assert api.get(url).status_code == 401
    assert api.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert api.get(url, headers={"Authorization": f"Basic {KEY}"}).status_code == 401
    response = api.get(url, headers=AUTH)
    assert response.status_code == 200, response.text
    assert api.get("/api/search").status_code == 200


def test_information_requests_as_json_or_form_listed_for_the_secretariat(api) -> None:
    created = api.post("/api/requests", json={"looked_for": "PFOS alternatives in Arabic", "contact": "a@example.org",
                                              "query": "PFOS", "filters": {"lang": ["ar"]}, "ui_lang": "ar"})
    assert created.status_code == 201
    form = api.post("/api/requests", data={"looked_for": "DDT in Spanish", "chemical": "ddt"})
    assert form.status_code == 201 and form.json()["filters"] == {"chemical": ["ddt"]}
    listing = api.get("/api/requests", headers=AUTH).json()
    assert listing["total"] == 2
    assert [item["looked_for"] for item in listing["requests"]] == ["DDT in Spanish", "PFOS alternatives in Arabic"]
    assert listing["requests"][1]["contact"] == "a@example.org"


@pytest.mark.parametrize(("kwargs", "status"), [
    ({"json": {"contact": "x"}}, 422),
    ({"json": {"looked_for": ""}}, 422),
    ({"json": {"looked_for": "x" * 2001}}, 422),
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
    ({"content": b"looked_for=" + b"x" * 20_000, "headers": {"content-type": FORM}}, 413),
    ({"content": b"looked_for", "headers": {"content-type": "text/plain"}}, 415),
])
def test_information_requests_are_validated_and_bounded(api, kwargs, status) -> None:
    response = api.post("/api/requests", **kwargs)
    assert response.status_code == status
    if status == 422:
        assert response.json()["parameters"]


def test_a_generated_key_is_kept_private_and_printed_by_the_cli(collection, tmp_path, monkeypatch) -> None:
    from pops.cli import app as cli

    settings = Settings(index=collection, state_dir=tmp_path)
    first = create_app(settings).state.secretariat_key
    assert create_app(settings).state.secretariat_key == first and len(first) >= 32
    key_file = tmp_path / "secretariat.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/gaps", headers={"Authorization": f"Bearer {first}"}).status_code == 200
    monkeypatch.setenv("POPS_STATE_DIR", str(tmp_path))
    monkeypatch.delenv("POPS_SECRETARIAT_KEY", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["secretariat-key"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0 and result.output.strip() == first


def test_health_reports_an_index_built_by_an_older_mapping(os_client, collection, api) -> None:
    index = os_client.indices.get_alias(name=collection).popitem()[0]
    health = api.get("/healthz").json()
    assert health["index"] == {"alias": collection, "index": index, "warning": None}
    assert health["query_log"] == {"enabled": True, "dropped": 0}
    os_client.indices.put_mapping(index=index, body={"_meta": {"mapping_version": MAPPING_VERSION - 1}})
    warning = api.get("/healthz").json()["index"]["warning"]
    assert "pops migrate" in warning and f"mapping version {MAPPING_VERSION - 1}" in warning
