"""Facets with multi-select semantics, one small class per kind of facet.

Values are OR-ed within a facet and facets are AND-ed. Each facet counts what the user would get by
adding one of its values to the *other* selections, so its aggregations run inside a `filter` of
every selection but its own; the hits themselves get all selections through `post_filter`.
Facets that need the same filter share one `filter` aggregation (with no selection at all, none is
needed): each filter costs a pass over the matching documents.
"""

from __future__ import annotations

from collections.abc import Sequence

from search_api.filters import FACET_PARAMS, YEAR_FIELD, YEAR_PARAM, SearchFilters, combined, selection_clauses
from search_api.labels import label
from search_api.models import FacetValue

# How many values a facet lists at most; every value of the small vocabularies fits.
FACET_SIZES = {"chemical": 100, "candidate": 100, "topic": 50, "lang": 10, "country": 250, "doc_type": 50,
               "provider_type": 20}
_GROUP_PREFIX = "facets_without:"
_SELECTED_SUFFIX = ":selected"


class TermsFacet:
    """A keyword field; selected values are counted too when they fall outside the top values."""

    def __init__(self, name: str, field: str, size: int) -> None:
        self.name = name
        self.field = field
        self.size = size

    def aggregations(self, selected: Sequence[str]) -> dict:
        aggs: dict = {self.name: {"terms": {"field": self.field, "size": self.size}}}
        if selected:
            aggs[self.name + _SELECTED_SUFFIX] = {
                "terms": {"field": self.field, "include": list(selected), "size": len(selected)}}
        return aggs

    def results(self, aggregations: dict, selected: Sequence[str], ui_lang: str) -> list[FacetValue]:
        counts = {str(b["key"]): b["doc_count"] for b in aggregations[self.name]["buckets"]}
        for bucket in aggregations.get(self.name + _SELECTED_SUFFIX, {}).get("buckets", []):
            counts.setdefault(str(bucket["key"]), bucket["doc_count"])
        for value in selected:
            counts.setdefault(value, 0)
        # Built without validation: hundreds of values per response, all typed here.
        values = [FacetValue.model_construct(value=value, label=label(self.name, value, ui_lang), count=count,
                                             selected=value in selected) for value, count in counts.items()]
        return sorted(values, key=lambda v: (-v.count, v.label.casefold()))


class YearFacet:
    """A histogram of document years; the year range filters everything, this facet included."""

    name = YEAR_PARAM

    def aggregations(self) -> dict:
        return {self.name: {"histogram": {"field": YEAR_FIELD, "interval": 1, "min_doc_count": 1}}}

    def results(self, aggregations: dict, year_from: int | None, year_to: int | None) -> list[FacetValue]:
        ranged = year_from is not None or year_to is not None
        values = []
        for bucket in aggregations[self.name]["buckets"]:
            year = int(bucket["key"])
            inside = ranged and (year_from is None or year >= year_from) and (year_to is None or year <= year_to)
            values.append(FacetValue(value=str(year), label=str(year), count=bucket["doc_count"], selected=inside))
        return values


TERMS_FACETS = [TermsFacet(param, field, FACET_SIZES[param]) for param, field in FACET_PARAMS.items()]
YEAR_FACET = YearFacet()


def facet_aggregations(filters: SearchFilters) -> dict:
    """Every facet's aggregations, each under a filter of the selections of the other facets."""
    clauses = selection_clauses(filters)
    groups: dict[tuple[str, ...], dict] = {}
    for facet in TERMS_FACETS:
        others = tuple(param for param in clauses if param != facet.name)
        groups.setdefault(others, {}).update(facet.aggregations(filters.selected(facet.name)))
    groups.setdefault(tuple(clauses), {}).update(YEAR_FACET.aggregations())
    aggs: dict = {}
    for others, members in groups.items():
        if others:
            aggs[_GROUP_PREFIX + ",".join(others)] = {
                "filter": combined([clauses[param] for param in others]), "aggs": members}
        else:
            aggs.update(members)
    return aggs


def facet_results(aggregations: dict, filters: SearchFilters, ui_lang: str) -> dict[str, list[FacetValue]]:
    flat: dict = {}
    for name, result in aggregations.items():
        if name.startswith(_GROUP_PREFIX):
            flat.update({key: value for key, value in result.items() if key != "doc_count"})
        else:
            flat[name] = result
    results = {facet.name: facet.results(flat, filters.selected(facet.name), ui_lang) for facet in TERMS_FACETS}
    results[YEAR_FACET.name] = YEAR_FACET.results(flat, filters.year_from, filters.year_to)
    return results
