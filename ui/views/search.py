"""The search page: query, facets, active filters, year histogram, results, paging, zero-result help."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from search_api.filters import FACET_PARAMS, SearchFilters
from search_api.labels import chemical_label, doc_type_label, label, language_label, topic_label
from search_api.models import FacetValue, Hit, SearchResponse
from search_api.query_syntax import parse
from ui import links
from ui.charts import Bar, histogram
from ui.search_params import SearchState
from ui.templating import number, translate
from ui.vocabulary import FACET_TITLES, SORT_NAMES, YEAR_TITLE

VISIBLE_VALUES = 8
PAGE_WINDOW = 3


@dataclass
class FacetView:
    name: str
    title: str
    values: list[FacetValue]
    hidden: int = 0
    more_href: str | None = None
    fewer_href: str | None = None


@dataclass
class Chip:
    label: str
    remove_href: str


@dataclass
class PageLink:
    number: int | None
    href: str | None
    current: bool = False


@dataclass
class Broader:
    """A broader search offered when nothing was found."""

    text: str
    href: str


@dataclass
class ResultView:
    hit: Hit
    href: str
    languages: list[tuple[str, str]]
    doc_type: str | None
    chemicals: list[tuple[str, str]]
    topics: list[tuple[str, str]]
    topic_links: list[str] = field(default_factory=list)


def facet_views(response: SearchResponse, state: SearchState, items: links.Items, lang: str) -> list[FacetView]:
    """Facets in a fixed order, each cut to its first values unless expanded ("more…")."""
    views = []
    for name in FACET_PARAMS:
        values = response.facets.get(name, [])
        if not values:
            continue
        view = FacetView(name=name, title=translate(lang, FACET_TITLES[name]), values=values)
        if len(values) > VISIBLE_VALUES:
            if name in state.expanded:
                view.fewer_href = links.href("/", [(k, v) for k, v in items if (k, v) != ("more", name)])
            else:
                shown = values[:VISIBLE_VALUES] + [v for v in values[VISIBLE_VALUES:] if v.selected]
                view.values, view.hidden = shown, len(values) - len(shown)
                view.more_href = links.href("/", [*items, ("more", name)]) + f"#facet-{name}"
        views.append(view)
    return views


def chips(filters: SearchFilters, items: links.Items, lang: str) -> list[Chip]:
    """One removable chip per selected value and one for the year range."""
    found = []
    for param, values in filters.selections.items():
        title = translate(lang, FACET_TITLES[param])
        for value in values:
            text = translate(lang, "%(facet)s: %(value)s", facet=title, value=label(param, value, lang))
            found.append(Chip(text, links.href("/", links.without_value(items, param, value))))
    if filters.year_from is not None or filters.year_to is not None:
        span = f"{filters.year_from or '…'}–{filters.year_to or '…'}"
        found.append(Chip(translate(lang, "%(facet)s: %(value)s", facet=translate(lang, YEAR_TITLE), value=span),
                          links.href("/", links.without_params(items, "year_from", "year_to"))))
    return found


def year_chart(response: SearchResponse, items: links.Items, lang: str):
    """The year histogram; each bar narrows the search to its year."""
    years = response.facets.get("year", [])
    if not years:
        return None
    base = links.without_params(items, "year_from", "year_to")
    bars = [Bar(value.label, value.count, links.href("/", [*base, ("year_from", value.value), ("year_to", value.value)]))
            for value in years]
    return histogram(bars, translate(lang, "Documents by year"), fmt=partial(number, language=lang))


def result_views(hits: list[Hit], query: str, items: links.Items, lang: str) -> list[ResultView]:
    """Hits as the results list shows them; topic tags narrow the search given by `items`."""
    views = []
    for hit in hits:
        views.append(ResultView(
            hit=hit, href=links.href(f"/documents/{hit.id}", [("q", query)] if query else []),
            languages=[(code, language_label(code, lang)) for code in hit.languages],
            doc_type=doc_type_label(hit.doc_type, lang) if hit.doc_type else None,
            chemicals=[(chem, chemical_label(chem, lang)) for chem in hit.chemicals],
            topics=[(topic, topic_label(topic, lang)) for topic in hit.topics],
            topic_links=[links.href("/", links.with_value(items, "topic", topic)) for topic in hit.topics],
        ))
    return views


def pagination(response: SearchResponse, state: SearchState, items: links.Items) -> dict[str, Any]:
    """Numbered pages inside the result window, then the cursor for deeper pages."""
    if state.cursor:
        next_href = links.href("/", links.replaced(items, "cursor", response.next_cursor)) if response.next_cursor else None
        return {"pages": [], "previous": None, "next": next_href,
                "first": links.href("/", links.without_params(items, "cursor"))}
    last = min(-(-response.total // state.size), state.last_page)
    pages = []
    for number_ in range(1, last + 1):
        if number_ in (1, last) or abs(number_ - state.page) <= PAGE_WINDOW:
            pages.append(PageLink(number_, links.href("/", links.replaced(items, "page", str(number_), keep_position=True)),
                                  number_ == state.page))
        elif pages and pages[-1].number is not None:
            pages.append(PageLink(None, None))
    previous = links.href("/", links.replaced(items, "page", str(state.page - 1), keep_position=True)) \
        if state.page > 1 else None
    if state.page < last:
        next_href = links.href("/", links.replaced(items, "page", str(state.page + 1), keep_position=True))
    elif response.next_cursor and state.page == state.last_page:
        next_href = links.href("/", links.replaced(links.without_params(items, "page"), "cursor", response.next_cursor))
    else:
        next_href = None
    return {"pages": pages if last > 1 else [], "previous": previous, "next": next_href, "first": None}


def broader_searches(filters: SearchFilters, items: links.Items, lang: str) -> list[Broader]:
    """Ways to widen a search that found nothing: drop the filters, drop a word, or accept any word."""
    offers = []
    if filters.selections or filters.year_from is not None or filters.year_to is not None:
        offers.append(Broader(translate(lang, "Search again without any filter"),
                              links.href("/", [("q", filters.q)] if filters.q else [])))
    words = parse(filters.q).positive_text.replace('"', " ").split() if filters.q else []
    if len(words) > 1:
        kept = [(key, value) for key, value in links.without_params(items, "q")]
        offers.append(Broader(translate(lang, "Search for any of the words: %(query)s", query=" OR ".join(words)),
                              links.href("/", [("q", " OR ".join(words)), *kept])))
        for position, word in enumerate(words):
            rest = " ".join(words[:position] + words[position + 1:])
            offers.append(Broader(translate(lang, "Search without “%(word)s”: %(query)s", word=word, query=rest),
                                  links.href("/", [("q", rest), *kept])))
    if filters.q:
        offers.append(Broader(translate(lang, "Browse all documents"), "/"))
    return offers


def export_links(filters: SearchFilters, sort: str) -> dict[str, str]:
    query = [*filters.query_items(), ("sort", sort)]
    return {"csv": links.href("/api/search.csv", query), "json": links.href("/api/search.json", query)}


def sort_options(lang: str) -> list[tuple[str, str]]:
    return [(value, translate(lang, name)) for value, name in SORT_NAMES.items()]


def context(response: SearchResponse, state: SearchState, items: links.Items, lang: str) -> dict[str, Any]:
    return {
        "section": "search",
        "state": state,
        "response": response,
        "facets": facet_views(response, state, items, lang),
        "chips": chips(state.filters, items, lang),
        "clear_href": links.href("/", [("q", state.filters.q)] if state.filters.q else []),
        "year_chart": year_chart(response, items, lang),
        "results": result_views(response.hits, state.filters.q, items, lang),
        "pagination": pagination(response, state, items),
        "suggestion_href": links.href("/", links.replaced(items, "q", response.suggestion)) if response.suggestion else None,
        "broader": broader_searches(state.filters, items, lang) if response.total == 0 else [],
        "exports": export_links(state.filters, state.sort),
        "sorts": sort_options(lang),
    }
