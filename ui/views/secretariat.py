"""The secretariat's dashboard: information gaps, information requests and clearing-house indicators."""

from __future__ import annotations

from functools import partial
from typing import Any

from search_api.labels import chemical_label, language_label, provider_type_label, topic_label
from search_api.models import GapGroup, GapsResponse, InformationRequestOut
from ui import links
from ui.charts import Bar, bar_chart, histogram
from ui.i18n import direction
from ui.indicators import Indicators
from ui.regions import REGION_NAMES
from ui.templating import number, percent, translate
from ui.vocabulary import GAP_KINDS


def _chart(pairs: list[tuple[str, int]], labeller, param: str | None, title: str, lang: str):
    if not pairs:
        return None
    bars = [Bar(labeller(value), count, links.href("/", [(param, value)]) if param else None) for value, count in pairs]
    return bar_chart(bars, title, rtl=direction(lang) == "rtl", fmt=partial(number, language=lang))


def _days(pairs: list[tuple[str, int]], title: str, lang: str):
    if not pairs:
        return None
    return histogram([Bar(day[5:], count) for day, count in pairs], title, fmt=partial(number, language=lang))


def indicator_charts(indicators: Indicators, lang: str) -> list[tuple[str, Any]]:
    """(caption, chart) of each indicator with data; the caption is also the chart's title."""
    bar_charts = [
        (translate(lang, "Documents by language"), indicators.by_language,
         lambda code: language_label(code, lang), "lang"),
        (translate(lang, "Documents by topic"), indicators.by_topic, lambda topic: topic_label(topic, lang), "topic"),
        (translate(lang, "Documents by chemical"), indicators.by_chemical,
         lambda chemical: chemical_label(chemical, lang), "chemical"),
        (translate(lang, "Documents by provider type"), indicators.by_provider_type,
         lambda value: provider_type_label(value, lang), "provider_type"),
        (translate(lang, "Documents by region"), indicators.by_region,
         lambda region: translate(lang, REGION_NAMES[region]), None),
    ]
    charts = [(title, _chart(pairs, labeller, param, title, lang)) for title, pairs, labeller, param in bar_charts]
    days = translate(lang, "Searches per day")
    charts.append((days, _days(indicators.searches_per_day, days, lang)))
    return [(caption, chart) for caption, chart in charts if chart is not None]


def gap_tables(gaps: GapsResponse, lang: str) -> list[tuple[str, str, list[GapGroup], list[GapGroup]]]:
    """(kind, heading, open gaps, closed gaps) for each way the gaps are grouped."""
    groups = {"query": gaps.queries, "chemical": gaps.chemicals, "topic": gaps.topics, "language": gaps.languages}
    return [(kind, translate(lang, GAP_KINDS[kind]), [g for g in found if not g.closed], [g for g in found if g.closed])
            for kind, found in groups.items()]


def context(gaps: GapsResponse, requests: list[InformationRequestOut], indicators: Indicators,
            lang: str) -> dict[str, Any]:
    return {
        "section": "secretariat",
        "gaps": gaps,
        "gap_tables": gap_tables(gaps, lang),
        "requests": requests,
        "indicators": indicators,
        "zero_rate": percent(indicators.zero_result_rate, lang),
        "charts": indicator_charts(indicators, lang),
        "trend": _days(indicators.zero_results_per_day, translate(lang, "Searches without results per day"), lang),
    }
