"""Clearing-house indicators for the secretariat: what the collection holds and how it is searched.

Document counts come from one aggregation request on the document index; regions are counted with
a `filters` aggregation (one filter of member countries per region) so a document naming two
countries of one region counts once. Search activity comes from the query log the API writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError

from search_api.query_log import log_index
from ui.regions import REGION_NAMES, REGION_OF

TREND_DAYS = 30


@dataclass
class Indicators:
    documents: int = 0
    by_language: list[tuple[str, int]] = field(default_factory=list)
    by_topic: list[tuple[str, int]] = field(default_factory=list)
    by_chemical: list[tuple[str, int]] = field(default_factory=list)
    by_provider_type: list[tuple[str, int]] = field(default_factory=list)
    by_region: list[tuple[str, int]] = field(default_factory=list)
    searches: int = 0
    zero_result_searches: int = 0
    searches_per_day: list[tuple[str, int]] = field(default_factory=list)
    zero_results_per_day: list[tuple[str, int]] = field(default_factory=list)

    @property
    def zero_result_rate(self) -> float | None:
        return self.zero_result_searches / self.searches if self.searches else None


def region_filters() -> dict[str, dict]:
    """One `terms` filter per M49 region, plus the documents that name no country of any region."""
    members: dict[str, list[str]] = {}
    for code, region in REGION_OF.items():
        members.setdefault(region, []).append(code)
    filters = {region: {"terms": {"countries": sorted(codes)}} for region, codes in members.items()}
    filters["other"] = {"bool": {"must_not": [{"terms": {"countries": sorted(REGION_OF)}}]}}
    return {region: filters[region] for region in REGION_NAMES}


def _buckets(aggregation: dict) -> list[tuple[str, int]]:
    return [(str(bucket["key"]), bucket["doc_count"]) for bucket in aggregation["buckets"]]


def collection_indicators(client: OpenSearch, alias: str) -> Indicators:
    response = client.search(index=alias, body={
        "size": 0, "track_total_hits": True,
        "aggs": {
            "languages": {"terms": {"field": "languages", "size": 20}},
            "topics": {"terms": {"field": "topics", "size": 50}},
            "chemicals": {"terms": {"field": "chemicals", "size": 20}},
            "provider_types": {"terms": {"field": "provider_type", "size": 20}},
            "regions": {"filters": {"filters": region_filters()}},
        },
    })
    aggs = response["aggregations"]
    regions = aggs["regions"]["buckets"]
    return Indicators(
        documents=response["hits"]["total"]["value"],
        by_language=_buckets(aggs["languages"]), by_topic=_buckets(aggs["topics"]),
        by_chemical=_buckets(aggs["chemicals"]), by_provider_type=_buckets(aggs["provider_types"]),
        by_region=[(region, regions[region]["doc_count"]) for region in REGION_NAMES if regions[region]["doc_count"]],
    )


def search_indicators(client: OpenSearch, alias: str, indicators: Indicators, days: int = TREND_DAYS) -> Indicators:
    """Searches and zero-result searches, in total and per day over the last `days` days."""
    try:
        response = client.search(index=log_index(alias), body={
            "size": 0, "track_total_hits": True,
            "aggs": {
                "zero": {"filter": {"term": {"total": 0}}},
                "recent": {
                    "filter": {"range": {"timestamp": {"gte": f"now-{days}d/d"}}},
                    "aggs": {"per_day": {
                        "date_histogram": {"field": "timestamp", "calendar_interval": "day", "format": "yyyy-MM-dd",
                                           "min_doc_count": 0},
                        "aggs": {"zero": {"filter": {"term": {"total": 0}}}}}},
                },
            },
        })
    except NotFoundError:
        return indicators  # nobody has searched yet: the log index does not exist
    aggs = response["aggregations"]
    days_buckets = aggs["recent"]["per_day"]["buckets"]
    indicators.searches = response["hits"]["total"]["value"]
    indicators.zero_result_searches = aggs["zero"]["doc_count"]
    indicators.searches_per_day = [(bucket["key_as_string"], bucket["doc_count"]) for bucket in days_buckets]
    indicators.zero_results_per_day = [(bucket["key_as_string"], bucket["zero"]["doc_count"]) for bucket in days_buckets]
    return indicators


def indicators(client: OpenSearch, alias: str) -> Indicators:
    return search_indicators(client, alias, collection_indicators(client, alias))
