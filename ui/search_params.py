"""The search state in a page's query string, read leniently.

The API answers a bad parameter with 422; a person who edits a URL by hand should instead get the
page with that parameter ignored, so values that cannot be used are dropped and named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.datastructures import QueryParams

from search_api.filters import (FACET_PARAMS, MAX_QUERY_CHARS, MAX_VALUE_CHARS, MAX_VALUES_PER_FILTER, MAX_YEAR,
                                MIN_YEAR, SearchFilters, normalise_values)
from search_api.search_service import RESULT_WINDOW, SORTS

PAGE_SIZES = (10, 20, 50)
DEFAULT_PAGE_SIZE = 20


@dataclass
class SearchState:
    filters: SearchFilters
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None
    expanded: frozenset[str] = frozenset()
    ignored: list[str] = field(default_factory=list)

    @property
    def last_page(self) -> int:
        """The deepest page reachable by number; beyond it the cursor takes over."""
        return RESULT_WINDOW // self.size


def _integer(params: QueryParams, name: str, low: int, high: int, ignored: list[str]) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        ignored.append(name)
        return None
    if not low <= value <= high:
        ignored.append(name)
        return None
    return value


def filters_from(params: QueryParams, ignored: list[str] | None = None) -> SearchFilters:
    """The text query, the facet selections and the year range of a query string."""
    ignored = [] if ignored is None else ignored
    selections: dict[str, tuple[str, ...]] = {}
    for param in FACET_PARAMS:
        values = [value for value in params.getlist(param) if len(value) <= MAX_VALUE_CHARS]
        selections[param] = normalise_values(param, values[:MAX_VALUES_PER_FILTER])
    year_from = _integer(params, "year_from", MIN_YEAR, MAX_YEAR, ignored)
    year_to = _integer(params, "year_to", MIN_YEAR, MAX_YEAR, ignored)
    if year_from is not None and year_to is not None and year_from > year_to:
        year_from, year_to = year_to, year_from
    return SearchFilters(q=params.get("q", "")[:MAX_QUERY_CHARS].strip(), year_from=year_from, year_to=year_to,
                         **selections)


def state_from(params: QueryParams) -> SearchState:
    ignored: list[str] = []
    filters = filters_from(params, ignored)
    sort = params.get("sort", "relevance")
    if sort not in SORTS:
        ignored.append("sort")
        sort = "relevance"
    size = _integer(params, "size", 1, max(PAGE_SIZES), ignored) or DEFAULT_PAGE_SIZE
    if size not in PAGE_SIZES:
        ignored.append("size")
        size = DEFAULT_PAGE_SIZE
    page = _integer(params, "page", 1, RESULT_WINDOW // size, ignored) or 1
    cursor = params.get("cursor") or None
    expanded = frozenset(name for name in params.getlist("more") if name in FACET_PARAMS)
    return SearchState(filters=filters, sort=sort, page=page, size=size, cursor=cursor, expanded=expanded,
                       ignored=ignored)
