"""Tagging: chemicals, Article 8 candidates, topics, countries, year and document type, with evidence."""

from __future__ import annotations

import datetime
import json

import pytest

from indexer.tagging import Tags, tag_document
from indexer.tagging.dates import document_year
from indexer.tagging.doc_type import document_type


def evidence_for(tags: Tags, kind: str, tag_id: str | int) -> dict:
    return next(item for item in tags.evidence[kind] if item["id"] == tag_id)


# --- chemicals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "languages", "phrase"),
    [
        ("Dichlorodiphenyltrichloroethane is sprayed against malaria.", ["en"], "dichlorodiphenyltrichloroethane"),
        ("滴滴涕仍被用于室内滞留喷洒以防治疟疾。", ["zh"], "滴滴涕"),
        ("ДДТ по-прежнему применяется для борьбы с малярией.", ["ru"], "ДДТ"),
        ("ولا يزال الدي دي تي يستخدم في مكافحة الملاريا.", ["ar"], "الدي دي تي"),
    ],
)
def test_ddt_is_found_in_each_script(text: str, languages: list[str], phrase: str) -> None:
    tags = tag_document(text, languages=languages)
    assert tags.chemicals == ["ddt"]
    assert evidence_for(tags, "chemicals", "ddt")["phrases"] == {phrase: 1}


def test_arabic_clitics_and_diacritics_do_not_hide_a_name() -> None:
    # "and with lindane" (وبالليندين) and DDT written with a conjunction and tatweel (ودي دي تي, الـDDT)
    tags = tag_document("حظر استخدام ودي دي تي وبالليندين و الـDDT", languages=["ar"])
    assert tags.chemicals == ["ddt", "lindane"]
    assert evidence_for(tags, "chemicals", "ddt")["phrases"] == {"دي دي تي": 1, "DDT": 1}
    assert evidence_for(tags, "chemicals", "lindane")["score"] == 1


def test_pfos_by_name() -> None:
    tags = tag_document("Fish samples contained perfluorooctane sulfonic acid above the limit.", languages=["en"])
    assert tags.chemicals == ["pfos"]


def test_pfos_by_cas_number() -> None:
    tags = tag_document("Substance: CAS No. 1763-23-1, used in fire-fighting foams.", languages=["en"])
    assert tags.chemicals == ["pfos"]
    assert evidence_for(tags, "chemicals", "pfos")["phrases"] == {"1763-23-1": 1}


def test_a_cas_number_with_a_wrong_check_digit_is_not_tagged() -> None:
    tags = tag_document("Substance: CAS No. 1763-23-2, used in fire-fighting foams.", languages=["en"])
    assert tags.chemicals == []


def test_lindane_by_its_isomer_abbreviation() -> None:
    assert tag_document("Pharmaceutical use of γ-HCH against head lice.", languages=["en"]).chemicals == ["lindane"]


def test_the_longest_name_wins_over_a_name_inside_it() -> None:
    tags = tag_document("Production of gamma-hexachlorocyclohexane ended.", languages=["en"])
    assert tags.chemicals == ["lindane"]
    assert evidence_for(tags, "chemicals", "lindane")["phrases"] == {"gamma-hexachlorocyclohexane": 1}


def test_abbreviations_in_capitals_do_not_match_ordinary_words() -> None:
    assert tag_document("Fill the tank with ddt and pfos", languages=["en"]).chemicals == []


def test_languages_not_detected_are_not_searched() -> None:
    chinese_name_in_an_english_document = "The label read 滴滴涕 only."
    assert tag_document(chinese_name_in_an_english_document, languages=["en"]).chemicals == []
    assert tag_document(chinese_name_in_an_english_document, languages=[]).chemicals == ["ddt"]
    assert tag_document(chinese_name_in_an_english_document, languages=["unknown"]).chemicals == ["ddt"]


# --- Article 8 candidates -------------------------------------------------------------------------------------

PFOS_TEXT = "The Committee considered the risk management evaluation on PFOS."


def test_pfos_was_a_candidate_in_2007_but_not_in_2012() -> None:
    assert tag_document(PFOS_TEXT, languages=["en"], date=datetime.date(2007, 11, 20)).candidates == ["pfos"]
    assert tag_document(PFOS_TEXT, languages=["en"], date=datetime.date(2012, 10, 15)).candidates == []


def test_candidate_status_follows_the_year_read_from_the_text() -> None:
    tags = tag_document(f"Geneva, 23 November 2007\n\n{PFOS_TEXT}", languages=["en"])
    assert tags.year == 2007
    assert tags.candidates == ["pfos"]


def test_no_candidates_without_a_date() -> None:
    tags = tag_document(PFOS_TEXT, languages=["en"])
    assert tags.year is None
    assert tags.chemicals == ["pfos"]
    assert tags.candidates == []


def test_candidates_now_lists_only_chemicals_still_under_review() -> None:
    assert tag_document(PFOS_TEXT, languages=["en"]).candidates_now == []


# --- topics -------------------------------------------------------------------------------------------------

BAT_BEP = (
    "Parties shall promote the application of best available techniques and best environmental practices for "
    "new sources within source categories listed in Part II of Annex C, with a focus on waste incinerators and "
    "cement kilns."
)


def test_a_bat_bep_paragraph_is_tagged() -> None:
    tags = tag_document(BAT_BEP, languages=["en"])
    assert "bat-bep" in tags.topics
    evidence = evidence_for(tags, "topics", "bat-bep")
    assert evidence["phrases"]["best available techniques"] == 1
    assert evidence["score"] >= 2


def test_a_passing_mention_does_not_tag_a_topic() -> None:
    tags = tag_document("The annex also lists BEP among other items.", languages=["en"])
    assert "bat-bep" not in tags.topics


def test_a_phrase_in_the_title_counts_more() -> None:
    body = "The annex also lists BEP among other items."
    assert "bat-bep" not in tag_document(body, languages=["en"]).topics
    assert "bat-bep" in tag_document(body, title="BEP in the cement sector", languages=["en"]).topics


# --- countries ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "languages", "code"),
    [
        ("Viet Nam submitted its updated plan.", ["en"], "VN"),
        ("Le Maroc a transmis son plan national.", ["fr"], "MA"),
        ("Казахстан представил национальный план.", ["ru"], "KZ"),
        ("中国提交了国家实施计划。", ["zh"], "CN"),
        ("قدمت مصر خطة التنفيذ الوطنية.", ["ar"], "EG"),
        ("Бюджет Казахстана на реализацию плана", ["ru"], "KZ"),
        ("وزارة البيئة في لمصر والصين", ["ar"], "EG"),
    ],
)
def test_countries_in_each_language(text: str, languages: list[str], code: str) -> None:
    assert code in tag_document(text, languages=languages).countries


def test_countries_from_a_multilingual_text() -> None:
    text = "Viet Nam; Maroc; Казахстан; 中国; مصر"
    assert tag_document(text, languages=[]).countries == ["CN", "EG", "KZ", "MA", "VN"]


@pytest.mark.parametrize(
    "text",
    [
        "Toxicity was tested on the Guinea pig and on rats.",
        "Dinner was served on fine china.",
        "Results from the District of Columbia laboratory.",
    ],
)
def test_words_that_only_look_like_countries_are_not_tagged(text: str) -> None:
    assert tag_document(text, languages=["en"]).countries == []


def test_the_longest_country_name_wins() -> None:
    tags = tag_document("Papua New Guinea and Equatorial Guinea reported.", languages=["en"])
    assert tags.countries == ["GQ", "PG"]


# --- year ---------------------------------------------------------------------------------------------------


def test_metadata_date_wins() -> None:
    assert tag_document("Adopted in 2001.", languages=["en"], date=datetime.date(2019, 5, 3)).year == 2019


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("UNEP/POPS/COP.7/22\nDistr.: General\n12 March 2015\nThe Convention, adopted in 2001, in force 2004.", 2015),
        ("Женева, 4 мая 2009 года. Конвенция 2001 г.", 2009),
        ("2019年5月10日，关于2001年公约的报告", 2019),
        ("Ginebra, 28 de abril de 2025. El Convenio de 2001.", 2025),
        ("Inventory update for 2005-2009, CAS 1763-23-1", 2009),
        ("Written in 1985 and revised by 2999.", None),
    ],
)
def test_year_from_the_opening_text(text: str, year: int | None) -> None:
    found = document_year(text)
    assert (found.id if found else None) == year


# --- document type ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "National Implementation Plan for the Stockholm Convention",
        "Plan national de mise en œuvre de la Convention de Stockholm",
        "Plan Nacional de Aplicación del Convenio de Estocolmo",
        "Национальный план выполнения Стокгольмской конвенции",
        "斯德哥尔摩公约国家实施计划",
        "خطة التنفيذ الوطنية لاتفاقية استكهولم",
    ],
)
def test_national_implementation_plan_titles(title: str) -> None:
    assert tag_document("", title=title, languages=[]).doc_type == "national-implementation-plan"


@pytest.mark.parametrize(
    ("title", "text", "mime_type", "expected"),
    [
        ("Decision SC-4/17", "", None, "decision"),
        ("", "UNEP/POPS/COP.7/22\nItem 4 of the provisional agenda", None, "meeting-document"),
        ("Guidance on the inventory of PFOS", "", None, "guidance"),
        ("PCB inventory", "", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "data"),
        ("Workshop", "", "application/vnd.ms-powerpoint", "presentation"),
        ("PFOS in fish", "Abstract\nWe measured PFOS. Keywords: PFOS; fish. doi:10.1000/xyz", None, "article"),
        ("Notes", "The meeting discussed the report once.", None, None),
    ],
)
def test_document_types(title: str, text: str, mime_type: str | None, expected: str | None) -> None:
    found = document_type(text, title=title, mime_type=mime_type)
    assert (found.id if found else None) == expected


# --- the whole record ---------------------------------------------------------------------------------------


def test_evidence_explains_every_tag_and_the_record_is_json() -> None:
    text = (
        "Geneva, 12 May 2017\n\nViet Nam reported that DDT and dichlorodiphenyltrichloroethane stocks were destroyed. "
        "DDT was last used in 2010. " + BAT_BEP
    )
    tags = tag_document(text, title="National report", languages=["en"])
    record = json.loads(json.dumps(tags.to_dict()))
    assert record["chemicals"] == ["ddt"]
    assert record["countries"] == ["VN"]
    assert record["year"] == 2017
    assert record["doc_type"] == "report"
    assert "bat-bep" in record["topics"]
    assert evidence_for(tags, "chemicals", "ddt") == {
        "id": "ddt",
        "phrases": {"DDT": 2, "dichlorodiphenyltrichloroethane": 1},
        "score": 3.0,
    }
    assert evidence_for(tags, "countries", "VN")["phrases"] == {"Viet Nam": 1}
    assert record["evidence"]["year"][0]["id"] == 2017
    assert {kind for kind in record["evidence"]} == {"chemicals", "topics", "countries", "year", "doc_type"}


def test_empty_text_gives_empty_tags() -> None:
    tags = tag_document("", languages=[])
    assert tags.to_dict() == Tags(evidence=tags.evidence).to_dict()
    assert tags.chemicals == tags.topics == tags.countries == []
    assert tags.year is None and tags.doc_type is None
