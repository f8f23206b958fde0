"""The index design against real OpenSearch: analysers, synonyms, cross-language ids, migrations."""

from __future__ import annotations

import threading

import pytest

from analyzers import index as index_design
from analyzers.mappings import MAPPING_VERSION
from search_api.query_builder import text_query

pytestmark = pytest.mark.services


def _tokens(client, index: str, analyzer: str, text: str) -> list[str]:
    return [t["token"] for t in client.indices.analyze(index=index, body={"analyzer": analyzer, "text": text})["tokens"]]


def _doc(doc_id: str, lang: str, title: str, body: str, chemicals: list[str] = ()) -> dict:
    return {"doc_id": doc_id, "lang": lang, "languages": [lang], "filename": f"{doc_id}.txt",
            "title": {lang: title, "std": title}, "body": {lang: body, "std": body}, "chemicals": list(chemicals)}


def _index(client, alias: str, docs: list[dict]) -> None:
    for doc in docs:
        client.index(index=alias, id=doc["doc_id"], body=doc)
    client.indices.refresh(index=alias)


def _hits(client, alias: str, q: str) -> set[str]:
    response = client.search(index=alias, body={"query": text_query(q), "size": 50})
    return {hit["_id"] for hit in response["hits"]["hits"]}


@pytest.fixture
def index(os_client, index_name) -> str:
    return index_design.ensure_index(os_client, index_name)


def test_alias_points_at_a_versioned_index_from_the_template(os_client, index_name, index) -> None:
    assert index == f"{index_name}-v1"
    assert index_design.current_index(os_client, index_name) == index
    assert os_client.indices.exists_index_template(name=index_name)
    assert index_design.check_mapping(os_client, index_name) is None


def test_french_elision(os_client, index) -> None:
    assert _tokens(os_client, index, "pops_fr", "l'environnement") == ["environ"]


def test_arabic_normalisation_of_alef_and_yeh(os_client, index) -> None:
    forms = ["أحمد", "إحمد", "آحمد", "احمد"]
    assert len({tuple(_tokens(os_client, index, "pops_ar", form)) for form in forms}) == 1
    assert _tokens(os_client, index, "pops_ar", "مبنى") == _tokens(os_client, index, "pops_ar", "مبني")


def test_chinese_segmentation_keeps_the_chemical_word(os_client, index) -> None:
    assert "多氯联苯" in _tokens(os_client, index, "pops_zh", "多氯联苯的环境无害化管理")


def test_russian_and_spanish_stemming(os_client, index) -> None:
    assert _tokens(os_client, index, "pops_ru", "загрязнителей") == _tokens(os_client, index, "pops_ru", "загрязнители")
    assert _tokens(os_client, index, "pops_es", "plaguicidas") == _tokens(os_client, index, "pops_es", "plaguicida")


def test_synonyms_link_names_abbreviations_and_cas_numbers(os_client, index_name, index) -> None:
    _index(os_client, index_name, [
        _doc("pfos-name", "en", "Fire-fighting foams", "Stocks of perfluorooctane sulfonic acid remain at airports."),
        _doc("pfos-cas", "en", "Inventory", "The substance with CAS number 1763-23-1 was found in foams."),
        _doc("lindane", "en", "Pesticide residues", "Residues of γ-HCH were measured in soil samples."),
        _doc("other", "en", "Mercury", "Mercury emissions from coal combustion."),
    ])
    assert {"pfos-name", "pfos-cas"} <= _hits(os_client, index_name, "PFOS")
    assert "pfos-cas" in _hits(os_client, index_name, "perfluorooctane sulfonic acid")
    assert "lindane" in _hits(os_client, index_name, "lindane")
    assert "other" not in _hits(os_client, index_name, "PFOS")


def test_chemical_ids_cross_languages(os_client, index_name, index) -> None:
    _index(os_client, index_name, [
        _doc("zh-ddt", "zh", "病媒控制", "室内滞留喷洒仍在使用这种杀虫剂。", ["ddt"]),
        _doc("en-ddt", "en", "Vector control", "Indoor residual spraying with DDT continues.", ["ddt"]),
        _doc("ru-ddt", "ru", "Борьба с переносчиками", "Опрыскивание помещений продолжается.", ["ddt"]),
        _doc("en-pcb", "en", "Transformers", "Equipment containing PCB oils.", ["pcb"]),
    ])
    for query in ("滴滴涕", "DDT", "ДДТ", "dichlorodiphenyltrichloroethane"):
        assert {"zh-ddt", "en-ddt", "ru-ddt"} <= _hits(os_client, index_name, query), query
        assert "en-pcb" not in _hits(os_client, index_name, query)


def test_a_synonym_added_and_applied_takes_effect_without_reindexing(os_client, index_name, index) -> None:
    _index(os_client, index_name, [_doc("zorblax", "en", "Trade names", "Zorblax was sold as an additive.")])
    before = os_client.get(index=index_name, id="zorblax")
    assert "zorblax" not in _hits(os_client, index_name, "PFOS")
    rules = index_design.read_synonym_rules()
    rules["en"] = [*rules["en"], "pfos, zorblax"]
    rules["std"] = [*rules["std"], "pfos, zorblax"]
    assert index_design.apply_synonyms(os_client, index_name, rules) == index
    assert "zorblax" in _hits(os_client, index_name, "PFOS")
    after = os_client.get(index=index_name, id="zorblax")
    assert (after["_seq_no"], after["_version"]) == (before["_seq_no"], before["_version"])


def test_migrate_keeps_every_document_and_the_alias_never_points_at_nothing(os_client, index_name, index) -> None:
    _index(os_client, index_name, [_doc(f"d{n}", "en", f"Report {n}", f"Monitoring report number {n}.") for n in range(40)])
    counts: list[int] = []
    errors: list[Exception] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            try:
                counts.append(os_client.count(index=index_name)["count"])
            except Exception as exc:  # noqa: BLE001 - any failure is what the test looks for
                errors.append(exc)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        new = index_design.migrate(os_client, index_name, log=lambda _: None)
    finally:
        done.set()
        watcher.join()
    assert new == f"{index_name}-v2"
    assert index_design.current_index(os_client, index_name) == new
    assert errors == [] and counts and set(counts) == {40}
    assert os_client.indices.exists(index=index)
    assert index_design.drop_old_indices(os_client, index_name, log=lambda _: None) == [index]
    assert os_client.count(index=index_name)["count"] == 40


def test_an_older_mapping_is_reported_with_what_to_do(os_client, index_name, index) -> None:
    os_client.indices.put_mapping(index=index, body={"_meta": {"mapping_version": MAPPING_VERSION - 1}})
    message = index_design.check_mapping(os_client, index_name)
    assert message and f"mapping version {MAPPING_VERSION - 1}" in message and "pops migrate" in message
