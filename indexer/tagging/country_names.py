"""Country names in the six UN languages, keyed by ISO 3166-1 alpha-2.

pycountry gives the ISO English names and ships their gettext translations (domain "iso3166-1"); the
ISO forms are often inverted ("Korea, Republic of") or formal, so the names the UN and the Convention's
Parties actually write ("Viet Nam", "Republic of Korea", "Россия") are added here. A surface form that
would name two countries ("Korea", "Virgin Islands") is dropped rather than guessed.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections import defaultdict

import pycountry

from indexer.tagging.tokens import fold

LOCALES = {"ar": ["ar"], "zh": ["zh_CN", "zh_TW"], "fr": ["fr"], "ru": ["ru"], "es": ["es"]}
NON_LATIN = {"ar", "zh", "ru"}
LATIN_LETTER = re.compile(r"[A-Za-z]")  # an untranslated ISO name in a non-Latin language
INVERSION = re.compile(r"\s*[,،]\s*")
PARENTHESIS = re.compile(r"\s*\([^)]*\)")

EXTRA_NAMES: dict[str, dict[str, list[str]]] = {
    "en": {
        "BO": ["Bolivia", "Bolivia (Plurinational State of)"],
        "CD": ["Democratic Republic of the Congo", "DR Congo"],
        "CI": ["Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"],
        "CN": ["China", "People's Republic of China"],
        "CV": ["Cabo Verde", "Cape Verde"],
        "CZ": ["Czechia", "Czech Republic"],
        "FM": ["Micronesia"],
        "GB": ["United Kingdom", "UK", "U.K.", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
        "IR": ["Iran", "Iran (Islamic Republic of)"],
        "KP": ["Democratic People's Republic of Korea", "North Korea"],
        "KR": ["Republic of Korea", "South Korea"],
        "LA": ["Lao People's Democratic Republic", "Lao PDR", "Laos"],
        "MD": ["Republic of Moldova", "Moldova"],
        "MK": ["North Macedonia"],
        "NL": ["Netherlands", "Netherlands (Kingdom of the)"],
        "PS": ["State of Palestine", "Palestine"],
        "RU": ["Russia", "Russian Federation"],
        "SY": ["Syria", "Syrian Arab Republic"],
        "SZ": ["Eswatini", "Swaziland"],
        "TR": ["Türkiye", "Turkiye", "Turkey"],
        "TW": ["Taiwan"],
        "TZ": ["Tanzania", "United Republic of Tanzania"],
        "US": ["United States", "United States of America", "USA", "U.S.A."],
        "VE": ["Venezuela", "Venezuela (Bolivarian Republic of)"],
        "VN": ["Viet Nam", "Vietnam"],
    },
    "fr": {
        "BO": ["Bolivie", "État plurinational de Bolivie"],
        "CN": ["Chine", "République populaire de Chine"],
        "GB": ["Royaume-Uni", "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"],
        "IR": ["Iran", "République islamique d'Iran"],
        "KP": ["République populaire démocratique de Corée", "Corée du Nord"],
        "KR": ["République de Corée", "Corée du Sud"],
        "LA": ["République démocratique populaire lao", "Laos"],
        "MD": ["République de Moldova", "Moldavie"],
        "RU": ["Russie", "Fédération de Russie"],
        "SY": ["République arabe syrienne", "Syrie"],
        "TZ": ["Tanzanie", "République-Unie de Tanzanie"],
        "US": ["États-Unis", "États-Unis d'Amérique"],
        "VE": ["Venezuela", "République bolivarienne du Venezuela"],
        "VN": ["Viet Nam", "Vietnam", "Viêt Nam"],
    },
    "es": {
        "BO": ["Bolivia", "Estado Plurinacional de Bolivia"],
        "CN": ["China", "República Popular China"],
        "IR": ["Irán", "República Islámica del Irán"],
        "KP": ["República Popular Democrática de Corea", "Corea del Norte"],
        "KR": ["República de Corea", "Corea del Sur"],
        "MD": ["República de Moldova", "Moldavia"],
        "RU": ["Rusia", "Federación de Rusia"],
        "SY": ["República Árabe Siria", "Siria"],
        "TZ": ["Tanzania", "República Unida de Tanzanía", "República Unida de Tanzania"],
        "US": ["Estados Unidos", "Estados Unidos de América", "EE. UU.", "EE.UU."],
        "VE": ["Venezuela", "República Bolivariana de Venezuela"],
        "VN": ["Viet Nam", "Vietnam"],
    },
    "ru": {
        "CN": ["Китай", "Китайская Народная Республика", "КНР"],
        "EG": ["Египет", "Египта"],
        "GB": ["Великобритания", "Соединенное Королевство"],
        "IR": ["Иран", "Исламская Республика Иран"],
        "KP": ["Корейская Народно-Демократическая Республика", "КНДР"],
        "KR": ["Республика Корея", "Южная Корея"],
        "RU": ["Россия", "Российская Федерация", "РФ"],
        "US": ["США", "Соединенные Штаты Америки", "Соединенные Штаты"],
        "VN": ["Вьетнам", "Въетнам"],
    },
    "zh": {
        "CN": ["中国", "中华人民共和国"],
        "GB": ["英国", "联合王国"],
        "KR": ["韩国", "大韩民国"],
        "RU": ["俄罗斯", "俄罗斯联邦"],
        "US": ["美国", "美利坚合众国"],
    },
    "ar": {
        "CN": ["الصين", "جمهورية الصين الشعبية"],
        "EG": ["مصر", "جمهورية مصر العربية"],
        "IR": ["إيران", "جمهورية إيران الإسلامية"],
        "ML": ["جمهورية مالي"],
        "OM": ["سلطنة عمان"],
        "RU": ["روسيا", "الاتحاد الروسي"],
        "SA": ["المملكة العربية السعودية", "السعودية"],
        "TR": ["تركيا"],
        "US": ["الولايات المتحدة", "الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية"],
        "VN": ["فييت نام", "فيتنام"],
    },
}

# Names that are also ordinary words, first names or cities in that language.
EXCLUDED_NAMES: dict[str, set[str]] = {
    "en": {"Korea", "Virgin Islands", "Saint Martin"},
    "fr": {"Maurice", "Syrienne", "Corée", "Lao"},
    "es": {"Granada", "Corea"},
    "ar": {"عمان", "مالي", "محافظة صينيّة"},  # Oman/Amman, Mali/"financial"
    "ru": set(),
    "zh": {"中非"},
}

# Phrases that contain a country's name without being about that country (places elsewhere, animals,
# the currency UN documents price everything in); found first, they hide the name inside them.
NOT_COUNTRIES: dict[str, list[str]] = {
    "en": [
        "District of Columbia", "British Columbia", "New Mexico", "New Jersey", "New Guinea",
        "Guinea pig", "Guinea pigs", "Guinea fowl", "United States dollar", "United States dollars",
    ],
    "fr": ["Colombie-Britannique", "Nouveau-Mexique", "district de Columbia", "dollars des États-Unis"],
    "es": [
        "Columbia Británica", "Nuevo México", "Distrito de Columbia", "dólares de los Estados Unidos",
        "dólares de los EE. UU.", "dólares EE. UU.",
    ],
    "ru": [
        "Британская Колумбия", "Нью-Мексико", "округ Колумбия", "долл. США", "доллар США", "долларов США",
        "долларах США",
    ],
    "zh": ["哥伦比亚特区", "哥倫比亞特區", "不列颠哥伦比亚", "新墨西哥", "中非合作"],
    "ar": ["كولومبيا البريطانية", "مقاطعة كولومبيا", "نيو مكسيكو"],
}

# Latin-script names that are also surnames, first names, US states or animals: they count only
# when no other capitalised word is glued to them ("Michael Jordan", "Chad Smith", "New Jersey").
AMBIGUOUS_NAMES = {"Chad", "Jordan", "Georgia", "Jersey", "Guernsey", "Turkey", "Guinea", "Dominica", "Niger"}
NOT_A_COUNTRY_AFTER = {"pig", "pigs", "fowl", "fowls", "worm", "worms", "hen", "hens", "grass", "corn"}


@functools.cache
def country_names() -> dict[str, dict[str, str]]:
    """language -> {surface name: alpha-2}, every surface name naming exactly one country."""
    names: dict[str, dict[str, str]] = {}
    for language in ("en", *LOCALES):
        exact: dict[str, set[str]] = defaultdict(set)
        derived: dict[str, set[str]] = defaultdict(set)
        surface: dict[str, str] = {}
        for code, official, short in _forms(language):
            for name, pool in ((official, exact), (short, derived)):
                if name and name not in EXCLUDED_NAMES[language] and len(fold(name)) > 1:
                    pool[fold(name)].add(code)
                    surface.setdefault(fold(name), name)
        resolved: dict[str, str] = {}
        for folded in exact.keys() | derived.keys():
            codes = exact.get(folded) or derived[folded]
            if len(codes) == 1:
                resolved[surface[folded]] = next(iter(codes))
        names[language] = resolved
    return names


def _forms(language: str) -> list[tuple[str, str, str]]:
    """(alpha-2, a full name, a short form derived from it or "") for every country."""
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        for locale in LOCALES.get(language, [])
    ]
    forms: list[tuple[str, str, str]] = []
    for country in pycountry.countries:
        english = [getattr(country, attr, None) for attr in ("name", "official_name", "common_name")]
        english = [name for name in english if name]
        localised = [t.gettext(name) for t in translations for name in english] if translations else english
        if language in NON_LATIN:
            localised = [name for name in localised if not LATIN_LETTER.search(name)]
        for name in {*localised, *EXTRA_NAMES[language].get(country.alpha_2, [])}:
            forms.extend((country.alpha_2, full, short) for full, short in _split(name, language))
    return forms


def _split(name: str, language: str) -> list[tuple[str, str]]:
    """(full name, short form) pairs from an ISO name: parentheses dropped, and for an inverted name
    ("Korea, Republic of") the part before the comma as a short form. Arabic ISO names put a whole
    name after the comma ("إيران، الجمهورية الإسلامية الإيرانية"); other languages a fragment."""
    plain = PARENTHESIS.sub("", name).strip()
    head, *tail = INVERSION.split(plain)
    if not tail:
        return [(plain, "")]
    return [("", head)] + ([(part, "") for part in tail] if language == "ar" else [])
