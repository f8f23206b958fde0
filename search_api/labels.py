"""Display labels of facet values in the six UI languages, shared by the API and the UI.

Facet values are stable ids (chemical and topic slugs, ISO codes, type slugs); what a user reads
depends on the interface language, so every place that shows a value asks this module.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

from synonyms.registry import load_registry, load_topics

DEFAULT_UI_LANGUAGE = "en"

LANGUAGE_LABELS: dict[str, dict[str, str]] = {
    "ar": {"ar": "العربية", "zh": "الصينية", "en": "الإنكليزية", "fr": "الفرنسية", "ru": "الروسية", "es": "الإسبانية"},
    "zh": {"ar": "阿拉伯文", "zh": "中文", "en": "英文", "fr": "法文", "ru": "俄文", "es": "西班牙文"},
    "en": {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian", "es": "Spanish"},
    "fr": {"ar": "arabe", "zh": "chinois", "en": "anglais", "fr": "français", "ru": "russe", "es": "espagnol"},
    "ru": {"ar": "арабский", "zh": "китайский", "en": "английский", "fr": "французский", "ru": "русский",
           "es": "испанский"},
    "es": {"ar": "árabe", "zh": "chino", "en": "inglés", "fr": "francés", "ru": "ruso", "es": "español"},
}

DOC_TYPE_LABELS: dict[str, dict[str, str]] = {
    "national-implementation-plan": {
        "ar": "خطة التنفيذ الوطنية", "zh": "国家实施计划", "en": "National implementation plan",
        "fr": "Plan national de mise en œuvre", "ru": "Национальный план выполнения",
        "es": "Plan nacional de aplicación"},
    "report": {"ar": "تقرير", "zh": "报告", "en": "Report", "fr": "Rapport", "ru": "Доклад", "es": "Informe"},
    "guidance": {"ar": "إرشادات", "zh": "指南", "en": "Guidance", "fr": "Directives", "ru": "Руководство",
                 "es": "Orientaciones"},
    "decision": {"ar": "مقرر", "zh": "决定", "en": "Decision", "fr": "Décision", "ru": "Решение", "es": "Decisión"},
    "meeting-document": {"ar": "وثيقة اجتماع", "zh": "会议文件", "en": "Meeting document",
                         "fr": "Document de réunion", "ru": "Документ совещания", "es": "Documento de reunión"},
    "awareness": {"ar": "مواد التوعية", "zh": "宣传材料", "en": "Awareness material",
                  "fr": "Matériel de sensibilisation", "ru": "Информационные материалы",
                  "es": "Material de sensibilización"},
    "article": {"ar": "مقال", "zh": "文章", "en": "Article", "fr": "Article", "ru": "Статья", "es": "Artículo"},
    "data": {"ar": "بيانات", "zh": "数据", "en": "Data", "fr": "Données", "ru": "Данные", "es": "Datos"},
    "presentation": {"ar": "عرض تقديمي", "zh": "演示文稿", "en": "Presentation", "fr": "Présentation",
                     "ru": "Презентация", "es": "Presentación"},
}

PROVIDER_TYPE_LABELS: dict[str, dict[str, str]] = {
    "party": {"ar": "طرف", "zh": "缔约方", "en": "Party", "fr": "Partie", "ru": "Сторона", "es": "Parte"},
    "igo": {"ar": "منظمة حكومية دولية", "zh": "政府间组织", "en": "Intergovernmental organization",
            "fr": "Organisation intergouvernementale", "ru": "Межправительственная организация",
            "es": "Organización intergubernamental"},
    "ngo": {"ar": "منظمة غير حكومية", "zh": "非政府组织", "en": "Non-governmental organization",
            "fr": "Organisation non gouvernementale", "ru": "Неправительственная организация",
            "es": "Organización no gubernamental"},
    "industry": {"ar": "الصناعة", "zh": "工业界", "en": "Industry", "fr": "Industrie", "ru": "Промышленность",
                 "es": "Industria"},
    "research": {"ar": "مؤسسة بحثية", "zh": "研究机构", "en": "Research institution",
                 "fr": "Institution de recherche", "ru": "Научное учреждение", "es": "Institución de investigación"},
    "secretariat": {"ar": "الأمانة", "zh": "秘书处", "en": "Secretariat", "fr": "Secrétariat", "ru": "Секретариат",
                    "es": "Secretaría"},
}

# gettext catalogue names of pycountry's translations of ISO 3166-1.
_COUNTRY_LOCALES = {"ar": "ar", "zh": "zh_CN", "fr": "fr", "ru": "ru", "es": "es"}


def _from_table(table: dict[str, dict[str, str]], value: str, ui_lang: str) -> str:
    labels = table.get(value)
    if not labels:
        return value
    return labels.get(ui_lang) or labels["en"]


def language_label(code: str, ui_lang: str = DEFAULT_UI_LANGUAGE) -> str:
    return LANGUAGE_LABELS.get(ui_lang, LANGUAGE_LABELS["en"]).get(code, code)


def doc_type_label(value: str, ui_lang: str = DEFAULT_UI_LANGUAGE) -> str:
    return _from_table(DOC_TYPE_LABELS, value, ui_lang)


def provider_type_label(value: str, ui_lang: str = DEFAULT_UI_LANGUAGE) -> str:
    return _from_table(PROVIDER_TYPE_LABELS, value, ui_lang)


@lru_cache(maxsize=8)
def _country_catalogue(ui_lang: str) -> gettext.NullTranslations:
    locale = _COUNTRY_LOCALES.get(ui_lang)
    if locale is None:
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True)


@lru_cache(maxsize=4096)
def country_label(code: str, ui_lang: str = DEFAULT_UI_LANGUAGE) -> str:
    """The ISO 3166 short name of an alpha-2 code, translated; the code itself when unknown."""
    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if country is None:
        return code
    return _country_catalogue(ui_lang).gettext(country.name)


@lru_cache(maxsize=4096)
def chemical_label(chemical_id: str, ui_lang: str = DEFAULT_UI_LANGUAGE) -> str:
    chemical = load_registry().chemicals.get(chemical_id)
    return chemical.label(ui_lang) if chemical else chemical_id


@lru_cache(maxsize=1024)
def topic_label(topic_id: str, ui_lang: str = DEFAULT_UI_LANGUAGE) -> str:
    topic = load_topics().get(topic_id)
    return topic.label(ui_lang) if topic else topic_id


def year_label(value: str, ui_lang: str = DEFAULT_UI_LANGUAGE) -> str:
    return str(value)


# Label function of each facet parameter.
LABELLERS = {
    "chemical": chemical_label,
    "candidate": chemical_label,
    "topic": topic_label,
    "lang": language_label,
    "country": country_label,
    "doc_type": doc_type_label,
    "provider_type": provider_type_label,
    "year": year_label,
}


def label(parameter: str, value: str, ui_lang: str = DEFAULT_UI_LANGUAGE) -> str:
    """The label of `value` of the facet named by its query parameter (`chemical`, `country`, …)."""
    labeller = LABELLERS.get(parameter)
    return labeller(str(value), ui_lang) if labeller else str(value)
