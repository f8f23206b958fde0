"""What a user asked for: the text query, the facet selections and the year range, as OpenSearch clauses.

Search, export, comparison, synthesis and the gap report all take the same `SearchFilters`, so one
selection means the same documents everywhere.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict

from search_api.errors import InvalidParameter
from search_api.query_builder import text_query

# Facet query parameter -> keyword field of the index.
FACET_PARAMS: dict[str, str] = {
    "chemical": "chemicals",
    "candidate": "candidates",
    "topic": "topics",
    "lang": "languages",
    "country": "countries",
    "doc_type": "doc_type",
    "provider_type": "provider_type",
}
YEAR_PARAM = "year"
YEAR_FIELD = "year"
MAX_QUERY_CHARS = 500
MAX_VALUES_PER_FILTER = 50
MAX_VALUE_CHARS = 100
MIN_YEAR, MAX_YEAR = 1000, 9999


class SearchFilters(BaseModel):
    """The text and the selections; values within a facet are OR-ed, facets are AND-ed."""

    model_config = ConfigDict(frozen=True)

    q: str = ""
    chemical: tuple[str, ...] = ()
    candidate: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    doc_type: tuple[str, ...] = ()
    provider_type: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    def selected(self, param: str) -> tuple[str, ...]:
        return getattr(self, param)

    @property
    def selections(self) -> dict[str, tuple[str, ...]]:
        """The facets with at least one selected value."""
        return {param: self.selected(param) for param in FACET_PARAMS if self.selected(param)}

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, in a stable order (for links and exports)."""
        items: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        for param in FACET_PARAMS:
            items += [(param, value) for value in self.selected(param)]
        if self.year_from is not None:
            items.append(("year_from", str(self.year_from)))
        if self.year_to is not None:
            items.append(("year_to", str(self.year_to)))
        return items

    def as_dict(self) -> dict:
        """Only what is set, for logs and exports."""
        data: dict = {param: list(values) for param, values in self.selections.items()}
        if self.year_from is not None:
            data["year_from"] = self.year_from
        if self.year_to is not None:
            data["year_to"] = self.year_to
        return data

    def fingerprint(self, *extra: str) -> str:
        """A short hash of the filters, so a cursor cannot be replayed against another query."""
        payload = json.dumps([self.q, sorted(self.as_dict().items()), *extra], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def normalise_values(param: str, values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Trimmed, de-duplicated values in the case the index stores them in."""
    cleaned: list[str] = []
    for value in values:
        value = value.strip()
        if param == "country":
            value = value.upper()
        elif param == "lang":
            value = value.lower()
        if value and value not in cleaned:
            cleaned.append(value)
    return tuple(cleaned)


def build_filters(q: str | None = None, year_from: int | None = None, year_to: int | None = None,
                  **selections: list[str] | tuple[str, ...]) -> SearchFilters:
    """Filters from request parameters (facet parameters as keywords), checked and normalised."""
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InvalidParameter("year_to", f"must not be before year_from ({year_from})")
    unknown = set(selections) - set(FACET_PARAMS)
    if unknown:
        raise InvalidParameter(sorted(unknown)[0], "not a filter")
    values = {param: normalise_values(param, selections.get(param) or ()) for param in FACET_PARAMS}
    return SearchFilters(q=(q or "").strip(), year_from=year_from, year_to=year_to, **values)


def selection_clause(param: str, values: tuple[str, ...]) -> dict:
    return {"terms": {FACET_PARAMS[param]: list(values)}}


def selection_clauses(filters: SearchFilters) -> dict[str, dict]:
    """One `terms` clause per facet with selections."""
    return {param: selection_clause(param, values) for param, values in filters.selections.items()}


def year_clauses(filters: SearchFilters) -> list[dict]:
    if filters.year_from is None and filters.year_to is None:
        return []
    bounds: dict = {}
    if filters.year_from is not None:
        bounds["gte"] = filters.year_from
    if filters.year_to is not None:
        bounds["lte"] = filters.year_to
    return [{"range": {YEAR_FIELD: bounds}}]


def scoring_query(filters: SearchFilters) -> dict:
    """The text query with the year range: what every facet count is computed over."""
    if not filters.q.strip() and filters.year_from is None and filters.year_to is None:
        return {"match_all": {}}  # browsing: lets OpenSearch count facets from index statistics
    return {"bool": {"must": [text_query(filters.q)], "filter": year_clauses(filters)}}


def filtered_query(filters: SearchFilters) -> dict:
    """The text query with every selection applied: the result set itself."""
    return {"bool": {"must": [text_query(filters.q)],
                     "filter": year_clauses(filters) + list(selection_clauses(filters).values())}}


def combined(clauses: list[dict]) -> dict:
    if not clauses:
        return {"match_all": {}}
    if len(clauses) == 1:
        return clauses[0]
    return {"bool": {"filter": clauses}}
