"""The chemicals index (every listed POP and Article 8 candidate) and one profile page per chemical."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from search_api.labels import language_label
from search_api.models import ChemicalProfile, ChemicalSummary, CountValue
from ui import links
from ui.charts import Bar, bar_chart, histogram
from ui.i18n import UI_LANGUAGES, direction
from ui.templating import number, translate
from ui.views.search import result_views
from ui.vocabulary import ANNEX_NAMES, NAME_STATUS, STAGE_NAMES

CHART_VALUES = 15


@dataclass
class ChemicalRow:
    chemical: ChemicalSummary
    status: str
    search_href: str


def status_text(chemical: ChemicalSummary, lang: str) -> str:
    if chemical.listed:
        annexes = ", ".join(chemical.annexes)
        return translate(lang, "Listed in Annex %(annexes)s (%(year)s)", annexes=annexes, year=chemical.listed.year)
    if chemical.candidate:
        return translate(lang, "Article 8 candidate")
    return translate(lang, "Considered, not listed")


def index_context(chemicals: list[ChemicalSummary], lang: str) -> dict[str, Any]:
    """Listed chemicals first (by year of listing), then candidates, then the rest; by name within each."""
    def order(chemical: ChemicalSummary) -> tuple:
        group = 0 if chemical.listed else 1 if chemical.candidate else 2
        return group, chemical.listed.year if chemical.listed else 0, chemical.label.casefold()

    rows = [ChemicalRow(chemical, status_text(chemical, lang), links.href("/", [("chemical", chemical.id)]))
            for chemical in sorted(chemicals, key=order)]
    return {
        "section": "chemicals",
        "listed": [row for row in rows if row.chemical.listed],
        "candidates": [row for row in rows if not row.chemical.listed and row.chemical.candidate],
        "others": [row for row in rows if not row.chemical.listed and not row.chemical.candidate],
    }


def _chart(values: list[CountValue], param: str, chemical_id: str, title: str, lang: str):
    if not values:
        return None
    bars = [Bar(value.label, value.count, links.href("/", [("chemical", chemical_id), (param, value.value)]))
            for value in values[:CHART_VALUES]]
    return bar_chart(bars, title, rtl=direction(lang) == "rtl", fmt=partial(number, language=lang))


def _year_chart(values: list[CountValue], chemical_id: str, title: str, lang: str):
    if not values:
        return None
    bars = [Bar(value.label, value.count, links.href("/", [("chemical", chemical_id), ("year_from", value.value),
                                                             ("year_to", value.value)]))
            for value in values]
    return histogram(bars, title, fmt=partial(number, language=lang))


def profile_context(profile: ChemicalProfile, lang: str) -> dict[str, Any]:
    name = profile.label
    charts = [
        (translate(lang, "Documents by topic"),
         _chart(profile.by_topic, "topic", profile.id, translate(lang, "Documents on %(name)s by topic", name=name),
                lang)),
        (translate(lang, "Documents by country"),
         _chart(profile.by_country, "country", profile.id,
                translate(lang, "Documents on %(name)s by country", name=name), lang)),
        (translate(lang, "Documents by language"),
         _chart(profile.by_language, "lang", profile.id,
                translate(lang, "Documents on %(name)s by language", name=name), lang)),
        (translate(lang, "Documents by year"),
         _year_chart(profile.by_year, profile.id, translate(lang, "Documents on %(name)s by year", name=name), lang)),
    ]
    return {
        "section": "chemicals",
        "chemical": profile,
        "status": status_text(profile, lang),
        "annexes": [(annex, translate(lang, ANNEX_NAMES.get(annex, annex))) for annex in profile.annexes],
        "name_rows": [(code, language_label(code, lang), profile.names.get(code, [])) for code in UI_LANGUAGES],
        "name_status": {status: translate(lang, text) for status, text in NAME_STATUS.items()},
        "stages": {stage: translate(lang, text) for stage, text in STAGE_NAMES.items()},
        "results": result_views(profile.best_practices, "", [("chemical", profile.id)], lang),
        "charts": [(caption, chart) for caption, chart in charts if chart is not None],
        "search_href": links.href("/", [("chemical", profile.id)]),
        "best_practices_href": links.href("/", [("chemical", profile.id), ("topic", "bat-bep"),
                                                ("topic", "alternatives")]),
        "compare_href": links.href("/compare", [("rows", "country"), ("cols", "topic"), ("chemical", profile.id)]),
    }
