"""The search API against real OpenSearch: facets, multilingual search, highlights, paging, exports, errors."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from pops.config import Settings
from search_api.app import create_app
from search_fixtures import (FixtureDoc, brute_force_facets, brute_force_hits, fixture_documents, index_documents,
                             with_file)

pytestmark = pytest.mark.services

KEY = "test-secretariat-key"
FACET_PARAMS = ("chemical", "candidate", "topic", "lang", "country", "doc_type", "provider_type")


@pytest.fixture(scope="module")
def collection(os_client, tmp_path_factory):
    """One read-only index of the fixture documents for the whole module, plus files on disk."""
    alias = f"pops-test-{uuid.uuid4().hex[:10]}"
    root = tmp_path_factory.mktemp("indexed")
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("not for download")
    (root / "escape.txt").symlink_to(outside)
    docs = fixture_documents()
    docs += [
        with_file(FixtureDoc("file-ok", "en", "Stored report", "Report kept as a file.", 2018), root, "sub/report.txt",
                  b"the original bytes"),
        FixtureDoc("file-symlink", "en", "Linked", "A link out of the tree.", 2018, root=str(root),
                   path=str(root / "escape.txt")),
        FixtureDoc("file-outside", "en", "Outside", "A path outside the root.", 2018, root=str(root),
                   path=str(outside)),
        FixtureDoc("file-gone", "en", "Gone", "A file deleted since.", 2018, root=str(root),
                   path=str(root / "deleted.txt")),
    ]
    index_documents(os_client, alias, docs)
    yield alias, docs
    os_client.indices.delete(index=f"{alias}*", ignore_unavailable=True, expand_wildcards="all")


@pytest.fixture(scope="module")
def api(collection):
    alias, _ = collection
    app = create_app(Settings(index=alias, secretariat_key=KEY, log_queries=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def docs(collection) -> list[FixtureDoc]:
    return collection[1]


def _search(api, **params) -> dict:
    response = api.get("/api/search", params={"size": 100, **params})
    assert response.status_code == 200, response.text
    return response.json()


def _facet_counts(result: dict, param: str) -> dict[str, int]:
    return {value["value"]: value["count"] for value in result["facets"][param]}


def _expected_counts(expected: dict[str, Counter], selections: dict[str, list[str]], param: str) -> dict[str, int]:
    """Brute-force counts, plus the selected values that have none (they are listed at 0)."""
    wanted = dict(expected[param])
    for value in selections.get(param, []):
        wanted.setdefault(value, 0)
    return wanted


SELECTIONS = [
    {},
    {"chemical": ["pfos"]},
    {"chemical": ["ddt", "pcb"], "lang": ["en"]},
    {"topic": ["bat-bep", "alternatives"], "country": ["BR"], "doc_type": ["guidance", "report"]},
    {"candidate": ["chlorpyrifos"], "provider_type": ["party", "igo"]},
]


def _selection_id(selections: dict) -> str:
    return "+".join(f"{k}={','.join(v)}" for k, v in selections.items()) or "none"


@pytest.mark.parametrize("selections", SELECTIONS, ids=_selection_id)
def test_facet_counts_match_brute_force(api, docs, selections) -> None:
    result = _search(api, **selections)
    expected = brute_force_facets(docs, selections)
    for param in FACET_PARAMS:
        assert _facet_counts(result, param) == _expected_counts(expected, selections, param), param
        assert {v["value"] for v in result["facets"][param] if v["selected"]} == set(selections.get(param, [])), param
    hits = brute_force_hits(docs, selections)
    assert result["total"] == len(hits)
    assert {hit["id"] for hit in result["hits"]} == hits


def test_facets_respect_the_text_query_and_the_year_range(api, docs) -> None:
    matching = [doc for doc in docs if doc.has_keyword and 2008 <= doc.year <= 2015]
    selections = {"lang": ["fr", "es"]}
    result = _search(api, q="inventory", year_from=2008, year_to=2015, **selections)
    expected = brute_force_facets(matching, selections)
    for param in FACET_PARAMS:
        assert _facet_counts(result, param) == _expected_counts(expected, selections, param), param
    assert result["total"] == len(brute_force_hits(matching, selections)) > 0
    years = Counter(str(doc.year) for doc in matching if doc.lang in ("fr", "es"))
    assert _facet_counts(result, "year") == dict(years)
    assert all(value["selected"] for value in result["facets"]["year"])


def test_a_selected_value_without_documents_is_still_listed(api, docs) -> None:
    result = _search(api, country=["AQ"], lang=["en"])
    antarctica = [value for value in result["facets"]["country"] if value["value"] == "AQ"]
    assert antarctica == [{"value": "AQ", "label": "Antarctica", "count": 0, "selected": True}]
    assert result["total"] == 0
    english = {value["value"]: value for value in result["facets"]["lang"]}
    assert english["en"]["selected"] and english["en"]["count"] == 0


def test_labels_follow_the_interface_language(api) -> None:
    result = _search(api, chemical=["ddt"], ui_lang="zh")
    labels = {value["value"]: value["label"] for value in result["facets"]["chemical"]}
    assert labels["ddt"] == "滴滴涕"
    countries = {value["value"]: value["label"] for value in _search(api, ui_lang="fr")["facets"]["country"]}
    assert countries["BR"] == "Brésil"
    languages = {value["value"]: value["label"] for value in _search(api, ui_lang="ru")["facets"]["lang"]}
    assert languages["en"] == "английский"


@pytest.mark.parametrize("query", ["滴滴涕", "ДДТ", "DDT", "dichlorodiphenyltrichloroethane"])
def test_a_chemical_name_in_any_language_finds_every_language(api, docs, query) -> None:
    result = _search(api, q=query)
    found = {hit["id"] for hit in result["hits"]}
    assert {"ddt-en", "ddt-zh", "ddt-ru"} <= found
    tagged = {doc.doc_id for doc in docs if "ddt" in doc.chemicals}
    assert found <= tagged
    assert result["chemicals_recognised"] == ["ddt"]


def test_highlights_are_escaped_before_the_marks_are_added(api) -> None:
    hit = next(hit for hit in _search(api, q="alert")["hits"] if hit["id"] == "xss")
    joined = " ".join(hit["snippets"])
    assert "<script>" not in joined
    assert "&lt;script&gt;<mark>alert</mark>(1)" in joined
    titled = next(hit for hit in _search(api, q="dioxin")["hits"] if hit["id"] == "xss")
    assert "<b>" not in titled["title_html"] and "&lt;b&gt;" in titled["title_html"]
    assert titled["title"] == "Dioxin <b>emissions</b> note"


def test_browsing_without_a_query_still_gives_a_snippet(api) -> None:
    hit = next(hit for hit in _search(api, chemical=["pfos"])["hits"] if hit["id"] == "bat-guide")
    assert hit["snippets"] == ["Guidance on fluorine-free foams replacing PFOS in fire fighting."]


@pytest.mark.parametrize("params", [{}, {"sort": "newest"}, {"sort": "oldest", "lang": ["en", "es"]},
                                    {"q": "inventory"}])
def test_cursor_paging_returns_every_document_exactly_once(api, docs, params) -> None:
    seen: list[str] = []
    page = _search(api, **params, size=7)
    total = page["total"]
    seen += [hit["id"] for hit in page["hits"]]
    pages = 1
    while page["next_cursor"]:
        page = _search(api, **params, size=7, cursor=page["next_cursor"])
        assert page["total"] == total
        seen += [hit["id"] for hit in page["hits"]]
        pages += 1
    assert len(seen) == len(set(seen)) == total > 7
    assert pages == -(-total // 7)
    if params.get("sort") == "newest":
        years = [doc.year for doc_id in seen for doc in docs if doc.doc_id == doc_id]
        assert years == sorted(years, reverse=True)


def test_a_cursor_for_another_query_or_a_forged_one_is_rejected(api) -> None:
    cursor = _search(api, size=7)["next_cursor"]
    for params in ({"cursor": cursor, "chemical": "pfos"}, {"cursor": cursor, "sort": "newest"},
                   {"cursor": "not-a-cursor"}):
        response = api.get("/api/search", params={"size": 7, **params})
        assert response.status_code == 422
        assert response.json()["parameters"] == ["cursor"]


def test_page_beyond_the_result_window_points_to_the_cursor(api) -> None:
    response = api.get("/api/search", params={"page": 101, "size": 100})
    assert response.status_code == 422
    assert response.json()["parameters"] == ["page"] and "cursor" in response.json()["message"]


@pytest.mark.parametrize("params", [{}, {"chemical": ["pfos", "ddt"], "lang": "en"}, {"q": "inventory"}])
def test_csv_export_has_one_row_per_result(api, params) -> None:
    total = _search(api, **params)["total"]
    response = api.get("/api/search.csv", params=params)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["id", "title", "path", "languages", "year", "doc_type", "chemicals", "candidates", "topics",
                       "countries", "source", "provider_type"]
    assert len(rows) - 1 == total == int(response.headers["x-total-count"])
    assert len({row[0] for row in rows[1:]}) == total


def test_json_export_streams_the_whole_result_set(api, docs) -> None:
    response = api.get("/api/search.json", params={"lang": "zh"})
    data = json.loads(response.content)
    expected = brute_force_hits(docs, {"lang": ["zh"]})
    assert data["total"] == len(expected) and {hit["id"] for hit in data["hits"]} == expected
    assert data["filters"] == {"lang": ["zh"]}


def test_export_is_not_capped_at_one_batch(api, collection, os_client) -> None:
    from search_api.search_service import SearchService
    from search_api.filters import SearchFilters

    alias, docs = collection
    scan = SearchService(os_client, alias).export(SearchFilters(), batch_size=5)
    ids = [hit.id for hit in scan]
    assert len(ids) == len(set(ids)) == scan.total == len(docs)


def test_did_you_mean_offers_only_a_query_with_hits(api) -> None:
    result = _search(api, q="polychlorinated biphenils")
    assert result["total"] == 0
    assert result["suggestion"] == "polychlorinated biphenyls"
    assert _search(api, q=result["suggestion"])["total"] > 0
    assert _search(api, q="transformers")["suggestion"] is None
    assert _search(api, q="qqqxxzz")["suggestion"] is None


def test_document_detail_with_tags_versions_and_related(api) -> None:
    response = api.get("/api/documents/ddt-en")
    assert response.status_code == 200
    detail = response.json()
    assert detail["title"] == "Vector control with DDT" and detail["chemicals"] == ["ddt"]
    assert detail["tags"]["chemicals"][0]["evidence"] == ["DDT"]
    assert {v["id"] for v in detail["versions"]} == {"ddt-zh", "ddt-ru"}
    related = {r["id"] for r in detail["related"]}
    assert related and not related & {"ddt-en", "ddt-zh", "ddt-ru"}
    assert detail["excerpt"].startswith("Indoor residual spraying")


def test_unknown_document_and_chemical_are_404(api) -> None:
    for url in ("/api/documents/no-such-doc", "/api/documents/no-such-doc/file", "/api/chemicals/no-such-chemical"):
        response = api.get(url)
        assert response.status_code == 404, url
        assert "message" in response.json()


def test_original_file_only_from_inside_the_indexed_root(api) -> None:
    response = api.get("/api/documents/file-ok/file")
    assert response.status_code == 200 and response.content == b"the original bytes"
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert api.get("/api/documents/file-symlink/file").status_code == 403
    assert api.get("/api/documents/file-outside/file").status_code == 403
    assert api.get("/api/documents/file-gone/file").status_code == 404
    assert api.get("/api/documents/ddt-en/file").status_code == 404


def test_suggest_titles_and_chemical_names_in_six_languages(api) -> None:
    def suggestions(prefix: str, **params) -> list[dict]:
        response = api.get("/api/suggest", params={"prefix": prefix, **params})
        assert response.status_code == 200
        return response.json()

    chinese = {"kind": "chemical", "id": "ddt", "text": "滴滴涕", "label": "滴滴涕", "lang": "zh"}
    assert chinese in suggestions("滴滴", ui_lang="zh")
    assert any(s["kind"] == "chemical" and s["id"] == "ddt" for s in suggestions("дихлорд"))
    assert any(s["kind"] == "title" and s["id"] == "ddt-en" for s in suggestions("vector cont"))
    assert any(s["kind"] == "title" and s["id"] == "ddt-zh" for s in suggestions("病媒"))


def test_chemicals_list_and_profile(api, docs) -> None:
    listed = {item["id"]: item for item in api.get("/api/chemicals").json()}
    assert listed["ddt"]["documents"] == sum("ddt" in doc.chemicals for doc in docs)
    assert listed["ddt"]["listed"] == {"cop": "initial", "year": 2001, "decision": None}
    assert listed["ddt"]["candidate"] is False and listed["ddt"]["annexes"] == ["B"]
    assert listed["pbdd-pbcdd-f"]["candidate"] is True and listed["pbdd-pbcdd-f"]["listed"] is None
    profile = api.get("/api/chemicals/pfos", params={"ui_lang": "es"}).json()
    tagged = [doc for doc in docs if "pfos" in doc.chemicals]
    assert profile["documents"] == len(tagged)
    assert profile["best_practices"][0]["id"] == "bat-guide"
    assert {v["value"]: v["count"] for v in profile["by_language"]} == dict(Counter(doc.lang for doc in tagged))
    topics = Counter(topic for doc in tagged for topic in doc.topics)
    assert {v["value"]: v["count"] for v in profile["by_topic"]} == dict(topics)
    assert profile["article8"]["proposed_year"] == 2005
    assert profile["names"]["zh"] and profile["label"] == profile["names"]["es"][0]["text"]


def test_compare_matrix_matches_brute_force_and_links_to_its_search(api, docs) -> None:
    response = api.get("/api/compare", params={"rows": "chemical", "cols": "lang", "topic": "bat-bep"})
    assert response.status_code == 200
    matrix = response.json()
    subset = [doc for doc in docs if "bat-bep" in doc.topics]
    assert matrix["total"] == len(subset)
    for i, row in enumerate(matrix["rows"]["values"]):
        for j, col in enumerate(matrix["cols"]["values"]):
            cell = matrix["cells"][i][j]
            assert cell["count"] == sum(row["value"] in d.chemicals and col["value"] == d.lang for d in subset)
    cell = matrix["cells"][0][0]
    assert api.get(cell["url"]).json()["total"] == cell["count"]
    years = api.get("/api/compare", params={"rows": "year", "cols": "doc_type"}).json()
    first = years["cells"][0][0]
    assert "year_from" in first["url"] and api.get(first["url"]).json()["total"] == first["count"]


def test_synthesis_describes_the_result_set(api, docs) -> None:
    result = api.get("/api/synthesis", params={"lang": "en"}).json()
    english = [doc for doc in docs if doc.lang == "en"]
    assert result["total"] == len(english)
    assert sum(v["count"] for v in result["timeline"]) == len(english)
    assert {v["value"] for v in result["languages"]} == {"en"}
    assert result["chemicals"] and all(v["background_count"] >= v["count"] for v in result["chemicals"])
    assert {v["value"] for v in result["doc_types"]} == {doc.doc_type for doc in english}


@pytest.mark.parametrize(("params", "parameter"), [
    ({"sort": "best"}, "sort"),
    ({"size": 0}, "size"),
    ({"size": 101}, "size"),
    ({"page": 0}, "page"),
    ({"year_from": 2010, "year_to": 2000}, "year_to"),
    ({"year_from": "soon"}, "year_from"),
    ({"q": "x" * 501}, "q"),
    ({"chemical": [f"c{n}" for n in range(51)]}, "chemical"),
    ({"ui_lang": "de"}, "ui_lang"),
])
def test_invalid_parameters_are_422_naming_the_parameter(api, params, parameter) -> None:
    response = api.get("/api/search", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["parameters"] == [parameter] and parameter in body["message"]


def test_compare_rejects_an_unknown_field(api) -> None:
    response = api.get("/api/compare", params={"rows": "colour", "cols": "lang"})
    assert response.status_code == 422 and response.json()["parameters"] == ["rows"]


def test_unreachable_opensearch_is_503_with_retry_after() -> None:
    app = create_app(Settings(opensearch_url="http://127.0.0.1:1", secretariat_key=KEY, log_queries=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        for url in ("/api/search?q=ddt", "/api/chemicals", "/api/documents/x", "/api/search.csv"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert int(response.headers["retry-after"]) > 0
            assert "unavailable" in response.json()["message"]


def test_a_missing_index_is_503_saying_what_to_do(os_client) -> None:
    app = create_app(Settings(index=f"pops-test-{uuid.uuid4().hex[:10]}", secretariat_key=KEY, log_queries=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/search")
        assert response.status_code == 503 and "pops index" in response.json()["message"]


def test_an_unexpected_error_is_a_generic_500(collection) -> None:
    alias, _ = collection
    app = create_app(Settings(index=alias, secretariat_key=KEY, log_queries=False))

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail /secret/path")

    app.state.search_service.search = broken
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/search")
    assert response.status_code == 500
    assert response.json() == {"error": "internal", "message": "Internal error."}
    assert "secret" not in response.text and "Traceback" not in response.text


def test_openapi_docs_are_served(api) -> None:
    assert api.get("/docs").status_code == 200
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/search.csv", "/api/documents/{doc_id}", "/api/chemicals", "/api/compare",
            "/api/synthesis", "/api/gaps", "/api/requests", "/api/suggest"} <= set(paths)



def test_a_query_too_complex_for_opensearch_is_422_on_q(api) -> None:
    names = "PFOS PFOA PFHxS DDT PCB aldrin dieldrin endrin lindane mirex"
    response = api.get("/api/search", params={"q": f'"{names} {names}"'})
    assert response.status_code == 422 and response.json()["parameters"] == ["q"]


def test_files_only_from_folders_the_indexer_recorded(os_client, index_name, tmp_path) -> None:
    from indexer.ingest_log import ensure_ingest_log

    walked, other = tmp_path / "walked", tmp_path / "other"
    docs = [with_file(FixtureDoc("in-walked", "en", "Walked", "A file.", 2020), walked, "a.txt"),
            with_file(FixtureDoc("in-other", "en", "Other", "A file.", 2020), other, "b.txt")]
    index_documents(os_client, index_name, docs)
    log = ensure_ingest_log(os_client, index_name)
    os_client.index(index=log, body={"path": str(walked / "a.txt"), "root": str(walked), "status": "indexed"},
                    refresh=True)
    app = create_app(Settings(index=index_name, secretariat_key=KEY, log_queries=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/api/documents/in-walked/file").status_code == 200
        assert client.get("/api/documents/in-other/file").status_code == 403
