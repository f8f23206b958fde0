"""The synthesis page: what characterises the documents a search finds."""

from __future__ import annotations

from functools import partial
from typing import Any

from search_api.filters import SearchFilters
from search_api.models import CountValue, SynthesisResponse
from ui import links
from ui.charts import Bar, bar_chart, histogram
from ui.i18n import direction
from ui.templating import number, translate

CHART_VALUES = 15


def _bars(values: list[CountValue], param: str | None, filters: SearchFilters) -> list[Bar]:
    base = filters.query_items()
    return [Bar(value.label, value.count, links.href("/", links.with_value(base, param, value.value)) if param else None)
            for value in values[:CHART_VALUES]]


def context(response: SynthesisResponse, filters: SearchFilters, lang: str) -> dict[str, Any]:
    rtl = direction(lang) == "rtl"
    fmt = partial(number, language=lang)
    charts = []
    if response.timeline:
        base = links.without_params(filters.query_items(), "year_from", "year_to")
        bars = [Bar(value.label, value.count, links.href("/", [*base, ("year_from", value.value), ("year_to", value.value)]))
                for value in response.timeline]
        charts.append((translate(lang, "Timeline"), histogram(bars, translate(lang, "Documents by year"), fmt=fmt)))
    for title, values, param in (
        (translate(lang, "Coverage by language"), response.languages, "lang"),
        (translate(lang, "Coverage by country"), response.countries, "country"),
        (translate(lang, "Document types"), response.doc_types, "doc_type"),
        (translate(lang, "Provider types"), response.provider_types, "provider_type"),
        (translate(lang, "Top sources"), response.sources, None),
    ):
        if values:
            charts.append((title, bar_chart(_bars(values, param, filters), title, rtl=rtl, fmt=fmt)))
    base = filters.query_items()
    return {
        "section": "synthesis",
        "filters": filters,
        "response": response,
        "charts": charts,
        "terms": [(term, links.href("/", links.replaced(base, "q", f'{filters.q} "{term.value}"'.strip())))
                  for term in response.terms],
        "chemicals": [(value, links.href("/", links.with_value(base, "chemical", value.value)))
                      for value in response.chemicals],
        "topics": [(value, links.href("/", links.with_value(base, "topic", value.value))) for value in response.topics],
        "search_href": links.href("/", base),
    }
