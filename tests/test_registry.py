"""The chemicals registry and topic taxonomy: the shipped data, the date rules, and every validation message."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from synonyms.registry import (
    LANGUAGES,
    RegistryError,
    cas_is_valid,
    load_registry,
    load_topics,
    normalise_term,
)

LISTED_IDS = {
    # initial twelve
    "aldrin", "chlordane", "ddt", "dieldrin", "endrin", "heptachlor", "hcb", "mirex", "toxaphene", "pcb", "pcdd",
    "pcdf",
    # COP-4 to COP-12
    "alpha-hch", "beta-hch", "chlordecone", "hexabromobiphenyl", "hexa-hepta-bde", "lindane", "pecb", "pfos",
    "tetra-penta-bde", "endosulfan", "hbcd", "hcbd", "pcp", "pcn", "decabde", "sccp", "dicofol", "pfoa", "pfhxs",
    "dechlorane-plus", "methoxychlor", "uv-328", "chlorpyrifos", "mccp", "lc-pfca",
}
NOT_LISTED_IDS = {"pbdd-pbcdd-f"}
REQUIRED_TOPICS = {
    "nip", "bat-bep", "unintentional-releases", "wastes-stockpiles", "pcb-elimination", "ddt-vector-control",
    "alternatives", "exemptions", "monitoring-effectiveness", "reporting", "technical-financial-assistance",
    "public-awareness", "research", "health-effects", "information-exchange", "listing-new-pops",
    "trade-import-export", "compliance",
}


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def topics():
    return load_topics()


# ---------------------------------------------------------------------------------------------------------------
# The shipped registry
# ---------------------------------------------------------------------------------------------------------------

def test_every_listed_chemical_and_every_candidate_is_present(registry):
    assert set(registry.chemicals) == LISTED_IDS | NOT_LISTED_IDS
    listed = {chem.id for chem in registry.chemicals.values() if chem.listing is not None}
    assert len(listed) == 37
    assert listed == LISTED_IDS


def test_listings_per_meeting_follow_the_secretariat_count(registry):
    per_meeting = Counter(chem.listing.cop for chem in registry.chemicals.values() if chem.listing)
    assert per_meeting == {"initial": 12, "COP-4": 9, "COP-5": 1, "COP-6": 1, "COP-7": 3, "COP-8": 2, "COP-9": 2,
                           "COP-10": 1, "COP-11": 3, "COP-12": 3}


def test_initial_twelve_never_went_through_article_8(registry):
    initial = {chem.id for chem in registry.chemicals.values() if chem.listing and chem.listing.cop == "initial"}
    assert len(initial) == 12
    for chem_id in initial:
        chem = registry.get(chem_id)
        assert chem.article8 is None
        assert chem.candidate_window is None
        assert chem.listing.year == 2001


def test_annexes_of_well_known_entries(registry):
    assert registry.get("ddt").annexes == ("B",)
    assert registry.get("pfos").annexes == ("B",)
    assert set(registry.get("pcb").annexes) == {"A", "C"}
    assert registry.get("pcdd").annexes == ("C",)
    hcbd = registry.get("hcbd")
    assert (hcbd.listing.cop, hcbd.listing.annexes) == ("COP-7", ("A",))
    assert [(item.cop, item.annexes) for item in hcbd.further_listings] == [("COP-8", ("C",))]
    assert registry.get("pbdd-pbcdd-f").annexes == ()
    assert registry.get("pbdd-pbcdd-f").proposed_annexes == ("C",)


def test_every_entry_has_names_in_six_languages_and_known_sources(registry):
    for chem in registry.chemicals.values():
        assert set(chem.names) == set(LANGUAGES), chem.id
        assert chem.sources, chem.id
        for key in chem.sources:
            assert key in registry.sources, (chem.id, key)


def test_every_listing_after_the_initial_one_has_an_article8_path_ending_in_listing(registry):
    for chem in registry.chemicals.values():
        if chem.article8 is None:
            continue
        stages = [stage.stage for stage in chem.article8.history]
        assert stages[0] == "proposal", chem.id
        if chem.listing:
            assert stages[-1] == "listing", chem.id
            assert chem.candidate_window == (chem.article8.proposed_year, chem.listing.year)
        else:
            assert chem.candidate_window == (chem.article8.proposed_year, None)


def test_statuses_are_carried_not_upgraded(registry):
    # The reference marks these as background knowledge only; the registry must not promote them.
    assert [n.status for n in registry.get("lindane").names["ru"]] == ["unconfirmed"]
    assert registry.get("chlordecone").names["ar"][0].status == "unconfirmed"
    assert registry.get("pbdd-pbcdd-f").article8.proposer is None
    assert registry.get("pbdd-pbcdd-f").article8.proposer_status == "unconfirmed"
    assert registry.get("dicofol").listing.decision_status == "unconfirmed"


def test_cas_check_digit():
    assert cas_is_valid("1763-23-1")
    assert cas_is_valid("50-29-3")
    assert cas_is_valid("7732-18-5")
    assert not cas_is_valid("1763-23-2")
    assert not cas_is_valid("1763231")
    assert not cas_is_valid("1763-23-1 ")
    assert not cas_is_valid("1763-23-1\n")
    assert not cas_is_valid("12345678-12-3")


def test_every_cas_number_in_the_registry_passes_its_check_digit(registry):
    numbers = [cas for chem in registry.chemicals.values() for cas in chem.cas]
    assert len(numbers) > 40
    assert all(cas_is_valid(cas) for cas in numbers)


# ---------------------------------------------------------------------------------------------------------------
# Date rules
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("year", "expected"), [(2004, False), (2005, True), (2007, True), (2008, True),
                                                 (2009, False), (2010, False)])
def test_pfos_is_a_candidate_between_proposal_and_listing(registry, year, expected):
    assert registry.is_candidate("pfos", dt.date(year, 6, 1)) is expected


def test_pbdd_is_a_candidate_from_its_proposal_on_and_now(registry):
    assert not registry.is_candidate("pbdd-pbcdd-f", dt.date(2023, 12, 31))
    assert registry.is_candidate("pbdd-pbcdd-f", dt.date(2024, 1, 1))
    assert "pbdd-pbcdd-f" in registry.candidates_now()


def test_candidates_now_are_only_chemicals_not_yet_listed(registry):
    this_year = dt.date.today().year
    for chem_id in registry.candidates_now():
        listing = registry.get(chem_id).listing
        assert listing is None or listing.year > this_year


def test_candidates_in_2007(registry):
    assert registry.candidates_on(dt.date(2007, 6, 1)) == {
        "alpha-hch", "beta-hch", "chlordecone", "hexabromobiphenyl", "hexa-hepta-bde", "lindane", "pecb", "pfos",
        "tetra-penta-bde", "endosulfan", "sccp"}


def test_initial_pops_are_never_candidates(registry):
    for year in range(1998, 2030):
        assert not registry.is_candidate("ddt", dt.date(year, 1, 1))


def test_listed_on(registry):
    assert registry.listed_on("ddt", dt.date(2001, 5, 22))
    assert not registry.listed_on("ddt", dt.date(2000, 12, 31))
    assert not registry.listed_on("pfos", dt.date(2008, 12, 31))
    assert registry.listed_on("pfos", dt.date(2009, 1, 1))
    assert not registry.listed_on("pbdd-pbcdd-f", dt.date(2030, 1, 1))


def test_unknown_chemical_id_is_a_key_error(registry):
    with pytest.raises(KeyError, match="unknown chemical id 'nonesuch'"):
        registry.is_candidate("nonesuch", dt.date(2020, 1, 1))


# ---------------------------------------------------------------------------------------------------------------
# Terms, labels and lookups
# ---------------------------------------------------------------------------------------------------------------

def test_lindane_terms_join_gamma_hch_forms(registry):
    terms = registry.get("lindane").all_terms("en")
    for expected in ("lindane", "gamma-HCH", "γ-HCH", "γ-hexachlorocyclohexane", "gamma-hexachlorocyclohexane",
                     "58-89-9"):
        assert expected in terms


def test_pfos_terms_include_french_spfo_and_cas(registry):
    pfos = registry.get("pfos")
    assert "SPFO" in pfos.all_terms("fr")
    assert "SPFO" not in pfos.all_terms("en")
    assert "perfluorooctane sulfonic acid" in pfos.all_terms("en")
    assert "1763-23-1" in pfos.all_terms("ru")
    assert pfos.status_of("fr", "spfo") == "confirmed"


def test_ddt_terms_across_scripts(registry):
    ddt = registry.get("ddt")
    assert "滴滴涕" in ddt.all_terms("zh")
    assert "ДДТ" in ddt.all_terms("ru")
    assert "dichlorodiphenyltrichloroethane" in ddt.all_terms("en")
    assert "DDT" in ddt.all_terms("ar")


def test_labels(registry):
    assert registry.get("ddt").label("zh") == "滴滴涕"
    assert registry.get("pfos").label("en") == registry.get("pfos").name
    assert registry.get("lindane").label("es") == "lindano"


def test_resolve_finds_the_chemical_of_a_term(registry):
    assert registry.resolve("SPFO") == "pfos"
    assert registry.resolve("ддт", "ru") == "ddt"
    assert registry.resolve("Gamma-HCH") == "lindane"
    assert registry.resolve("1763-23-1") == "pfos"
    assert registry.resolve("unrelated words") is None


def test_ambiguous_short_words_are_not_chemical_terms(registry):
    for term, lang in [("COP", "es"), ("COPs", "es"), ("DP", "en"), ("C8", "en"), ("CNs", "en"), ("penta", "en"),
                       ("HCH", "en"), ("PBDE", "en"), ("呋喃", "zh")]:
        assert registry.resolve(term, lang) is None, term


def test_no_term_names_two_chemicals(registry):
    for lang in LANGUAGES:
        owners: dict[str, str] = {}
        for chem in registry.chemicals.values():
            for term in chem.all_terms(lang):
                owner = owners.setdefault(normalise_term(term), chem.id)
                assert owner == chem.id, (lang, term)


def test_unknown_language_is_rejected(registry):
    with pytest.raises(ValueError, match="unknown language 'de'"):
        registry.get("ddt").all_terms("de")


def test_default_registry_is_loaded_once():
    assert load_registry() is load_registry()
    assert load_topics() is load_topics()


# ---------------------------------------------------------------------------------------------------------------
# Validation messages, on small files
# ---------------------------------------------------------------------------------------------------------------

def _small_registry() -> dict[str, Any]:
    return {
        "chemicals": [
            {"id": "ddt", "name": "DDT", "abbreviations": ["DDT"], "cas": ["50-29-3"], "annexes": ["B"],
             "names": {"en": [{"text": "DDT", "status": "official", "sources": ["S01"]}],
                       "zh": [{"text": "滴滴涕", "status": "secondary"}]},
             "synonyms": {"en": ["dichlorodiphenyltrichloroethane"]},
             "listing": {"cop": "initial", "year": 2001, "decision": None, "annexes": ["B"], "status": "confirmed"},
             "article8": None, "candidate_window": None, "sources": ["S01"]},
            {"id": "pfos", "name": "PFOS", "abbreviations": ["PFOS"], "cas": ["1763-23-1"], "annexes": ["B"],
             "names": {"en": [{"text": "perfluorooctane sulfonic acid", "status": "official"}]},
             "synonyms": {"fr": [{"text": "SPFO", "status": "confirmed", "sources": ["S01"]}]},
             "listing": {"cop": "COP-4", "year": 2009, "decision": "SC-4/17", "annexes": ["B"],
                         "status": "official"},
             "article8": {"proposed_year": 2005, "proposer": "Sweden", "proposer_status": "confirmed",
                          "history": [{"stage": "proposal", "meeting": None, "year": 2005, "status": "confirmed"},
                                      {"stage": "listing", "meeting": "COP-4", "year": 2009,
                                       "status": "official"}]},
             "candidate_window": [2005, 2009], "sources": ["S01"]},
        ],
        "meetings": [{"id": "COP-4", "year": 2009}],
        "sources": {"S01": {"url": "https://example.org/convention", "title": "Convention text"}},
    }


def _write(tmp_path: Path, data: dict[str, Any], name: str = "chemicals.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_small_registry_is_valid(tmp_path):
    small = load_registry(_write(tmp_path, _small_registry()))
    assert set(small.chemicals) == {"ddt", "pfos"}
    assert small.get("pfos").all_terms("fr") == ["SPFO", "PFOS", "1763-23-1"]
    assert small.get("pfos").label("zh") == "PFOS"  # no Chinese name: falls back to English


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation that sets a dotted path such as 'chemicals.1.cas' in the small registry."""
    def apply(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return apply


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[last]
    return apply


def _duplicate_first_entry(data: dict[str, Any]) -> None:
    data["chemicals"].append(copy.deepcopy(data["chemicals"][0]))


def _claim_ddt_in_pfos(data: dict[str, Any]) -> None:
    data["chemicals"][1]["synonyms"]["en"] = ["ddt"]


def _claim_ddt_as_neutral(data: dict[str, Any]) -> None:
    data["chemicals"][1]["abbreviations"].append("Dichlorodiphenyltrichloroethane")


def _id_matches_other_term(data: dict[str, Any]) -> None:
    data["chemicals"][1]["id"] = "dichlorodiphenyltrichloroethane"


@pytest.mark.parametrize(("mutate", "message"), [
    (_set("chemicals.1.cas", ["1763-23-2"]),
     "chemicals.yaml: entry 'pfos': CAS 1763-23-2 fails its check digit"),
    (_set("chemicals.1.cas", ["1763231"]),
     "chemicals.yaml: entry 'pfos': CAS '1763231' is malformed (expected digits like 1763-23-1)"),
    (_duplicate_first_entry,
     "chemicals.yaml: entry 'ddt': duplicate id (entry #1 has it too)"),
    (_set("chemicals.1.id", "PFOS_acid"),
     "chemicals.yaml: entry #2: id 'PFOS_acid' is not a lowercase slug like 'alpha-hch'"),
    (_id_matches_other_term,
     "chemicals.yaml: entry 'dichlorodiphenyltrichloroethane': id 'dichlorodiphenyltrichloroethane' conflicts "
     "with term 'dichlorodiphenyltrichloroethane' of entry 'ddt'"),
    (_claim_ddt_in_pfos,
     "chemicals.yaml: entry 'pfos': term 'ddt' (en) is also claimed by entry 'ddt'"),
    (_claim_ddt_as_neutral,
     "chemicals.yaml: entry 'pfos': term 'Dichlorodiphenyltrichloroethane' (*) is also claimed by entry 'ddt'"),
    (_set("chemicals.0.annexes", ["B", "D"]),
     "chemicals.yaml: entry 'ddt': unknown annex 'D' in annexes (expected A, B or C)"),
    (_delete("chemicals.0.names"),
     "chemicals.yaml: entry 'ddt': missing required field 'names'"),
    (_delete("chemicals.1.id"),
     "chemicals.yaml: entry #2: missing required field 'id'"),
    (_set("chemicals.0.sources", ["S01", "S999"]),
     "chemicals.yaml: entry 'ddt': unknown source key 'S999'"),
    (_set("chemicals.1.synonyms.fr", [{"text": "SPFO", "status": "confirmed", "sources": ["S404"]}]),
     "chemicals.yaml: entry 'pfos': unknown source key 'S404'"),
    (_set("chemicals.0.names.zh", [{"text": "滴滴涕", "status": "probable"}]),
     "chemicals.yaml: entry 'ddt': name '滴滴涕' (zh) has unknown status 'probable' (expected one of official, "
     "confirmed, secondary, inferred, unconfirmed)"),
    (_set("chemicals.0.names.de", [{"text": "DDT", "status": "official"}]),
     "chemicals.yaml: entry 'ddt': unknown language 'de'"),
    (_set("chemicals.0.synonym", {"en": ["x"]}),
     "chemicals.yaml: entry 'ddt': unknown field 'synonym'"),
    (_set("chemicals.0.synonyms.en", ["--"]),
     "chemicals.yaml: entry 'ddt': synonym (en) '--' has no letter or digit, so no analyser could match it"),
    (_set("chemicals.1.candidate_window", [2005, 2010]),
     "chemicals.yaml: entry 'pfos': candidate_window [2005, 2010] should be [2005, 2009] "
     "(proposed_year, listing year or null)"),
    (_set("chemicals.1.listing.year", 2010),
     "chemicals.yaml: entry 'pfos': listing year 2010 does not match COP-4 (2009)"),
    (_set("chemicals.1.article8.history.1.stage", "adopted"),
     "chemicals.yaml: entry 'pfos': unknown Article 8 stage 'adopted'"),
    (_set("chemicals.0.sources", []),
     "chemicals.yaml: entry 'ddt': needs at least one source"),
    (_set("chemicals.0.annexes", ["A"]),
     "chemicals.yaml: entry 'ddt': annexes ['A'] differ from the annexes of its listings ['B']"),
])
def test_validation_messages_name_the_file_and_the_entry(tmp_path, mutate, message):
    data = _small_registry()
    mutate(data)
    with pytest.raises(RegistryError, match="^" + re.escape(message)):
        load_registry(_write(tmp_path, data))


def test_duplicate_yaml_key_is_reported(tmp_path):
    path = tmp_path / "chemicals.yaml"
    path.write_text("chemicals: []\nmeetings: []\nsources: {}\nsources: {}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"^chemicals\.yaml: not valid YAML: .*duplicate key 'sources'"):
        load_registry(path)


def test_missing_file_is_a_registry_error(tmp_path):
    with pytest.raises(RegistryError, match=r"^chemicals\.yaml: cannot read"):
        load_registry(tmp_path / "chemicals.yaml")


def test_registry_error_is_a_value_error():
    assert issubclass(RegistryError, ValueError)


# ---------------------------------------------------------------------------------------------------------------
# Topics
# ---------------------------------------------------------------------------------------------------------------

def test_every_required_topic_is_present(topics):
    assert REQUIRED_TOPICS <= set(topics)


def test_topics_have_labels_and_several_lowercase_phrases_in_six_languages(topics):
    for topic in topics.values():
        assert set(topic.labels) == set(LANGUAGES), topic.id
        for lang in LANGUAGES:
            assert len(topic.phrases[lang]) >= 3, (topic.id, lang)
            assert all(phrase == phrase.lower() for phrase in topic.phrases[lang])
        assert set(topic.phrase_sources) == set(LANGUAGES)
        assert topic.threshold == 2


def test_topic_weights(topics):
    nip = topics["nip"]
    assert nip.weight("en", "national implementation plan") == 2
    assert nip.weight("en", "nip") == 1
    assert nip.label("zh") == "国家实施计划"


def _small_topics() -> dict[str, Any]:
    labels = {lang: f"label {lang}" for lang in LANGUAGES}
    phrases = {lang: [f"phrase {lang}", {"phrase": f"strong phrase {lang}", "weight": 2}] for lang in LANGUAGES}
    return {
        "defaults": {"weight": 1, "threshold": 2},
        "topics": [{"id": "nip", "labels": labels, "phrases": phrases,
                    "phrase_sources": {lang: "written" for lang in LANGUAGES}, "sources": ["S01"]}],
        "sources": {"S01": {"url": None, "title": "Convention text"}},
    }


def test_small_topics_file_is_valid(tmp_path):
    loaded = load_topics(_write(tmp_path, _small_topics(), "topics.yaml"))
    assert loaded["nip"].weight("fr", "strong phrase fr") == 2
    assert loaded["nip"].weight("fr", "phrase fr") == 1


@pytest.mark.parametrize(("mutate", "message"), [
    (_delete("topics.0.labels.ar"),
     "topics.yaml: entry 'nip': labels has no 'ar' entry (all of ar, zh, en, fr, ru, es are needed)"),
    (_set("topics.0.phrases.en", ["National Implementation Plan"]),
     "topics.yaml: entry 'nip': phrase 'National Implementation Plan' (en) must be lowercase"),
    (_set("topics.0.phrases.en", ["nip", "nip"]),
     "topics.yaml: entry 'nip': phrase 'nip' (en) is listed twice"),
    (_set("topics.0.sources", ["S02"]),
     "topics.yaml: entry 'nip': unknown source key 'S02'"),
    (_set("topics.0.phrase_sources.fr", "guessed"),
     "topics.yaml: entry 'nip': phrase_sources.fr is 'guessed'"),
    (_set("topics.0.phrases.en", [{"phrase": "nip", "weight": 0}]),
     "topics.yaml: entry 'nip': weight of 'nip' must be a positive number, got 0"),
    (_set("topics.0.id", "NIP"),
     "topics.yaml: entry #1: id 'NIP' is not a lowercase slug like 'bat-bep'"),
])
def test_topic_validation_messages(tmp_path, mutate, message):
    data = _small_topics()
    mutate(data)
    with pytest.raises(RegistryError, match="^" + re.escape(message)):
        load_topics(_write(tmp_path, data, "topics.yaml"))
