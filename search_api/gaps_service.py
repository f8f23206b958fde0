"""Information gaps: searches that found little or nothing, and what users asked for.

Grouped by normalised query and by chemical, topic and UI language, so the secretariat sees what
the clearing-house lacks. A query group is *closed* when the same search, run again now, finds
more than it ever did when it was logged: documents have been added since.
"""

from __future__ import annotations

import datetime as dt
import uuid

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError, RequestError

from search_api.filters import FACET_PARAMS, SearchFilters, filtered_query, normalise_values
from search_api.labels import label
from search_api.models import GapGroup, GapsResponse, InformationRequestIn, InformationRequestOut
from search_api.query_log import log_index, now_iso

# The groups whose closure is checked by re-running their latest search, at most.
MAX_RECHECKED = 100

REQUESTS_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "received": {"type": "date"},
        "looked_for": {"type": "text"},
        "contact": {"type": "keyword", "index": False},
        "query": {"type": "keyword", "ignore_above": 1000},
        "filters": {"type": "object", "enabled": False},
        "ui_lang": {"type": "keyword"},
    },
}


def requests_index(alias: str) -> str:
    return f"{alias}-requests"


def _filters_from_log(query: str, logged: dict) -> SearchFilters:
    values: dict = {"q": query}
    for param in FACET_PARAMS:
        if logged.get(param):
            values[param] = normalise_values(param, [str(v) for v in logged[param]])
    for bound in ("year_from", "year_to"):
        if isinstance(logged.get(bound), int):
            values[bound] = logged[bound]
    return SearchFilters(**values)


def _seen(bucket: dict) -> tuple[str | None, str | None]:
    return bucket["first"].get("value_as_string"), bucket["last"].get("value_as_string")


def _group_aggs() -> dict:
    return {"first": {"min": {"field": "timestamp"}}, "last": {"max": {"field": "timestamp"}}}


class GapService:
    def __init__(self, client: OpenSearch, alias: str) -> None:
        self.client = client
        self.alias = alias
        self.log_index = log_index(alias)

    def gaps(self, threshold: int = 2, since: dt.date | None = None, size: int = 50, ui_lang: str = "en",
             recheck: bool = True) -> GapsResponse:
        clauses: list[dict] = [{"range": {"total": {"lte": threshold}}}]
        if since is not None:
            clauses.append({"range": {"timestamp": {"gte": since.isoformat()}}})
        body = {"size": 0, "track_total_hits": True, "query": {"bool": {"filter": clauses}}, "aggs": {
            "queries": {"terms": {"field": "normalised", "size": size, "exclude": [""]}, "aggs": {
                **_group_aggs(), "hits_then": {"max": {"field": "total"}},
                "latest": {"top_hits": {"size": 1, "sort": [{"timestamp": "desc"}],
                                        "_source": ["query", "filters"]}}}},
            "chemicals": {"terms": {"field": "chemicals", "size": size}, "aggs": _group_aggs()},
            "topics": {"terms": {"field": "topics", "size": size}, "aggs": _group_aggs()},
            "languages": {"terms": {"field": "ui_lang", "size": size}, "aggs": _group_aggs()},
        }}
        try:
            response = self.client.search(index=self.log_index, body=body)
        except NotFoundError:
            return GapsResponse(threshold=threshold, searches=0, queries=[], chemicals=[], topics=[], languages=[])
        aggs = response["aggregations"]
        queries = []
        for bucket in aggs["queries"]["buckets"]:
            latest = bucket["latest"]["hits"]["hits"][0]["_source"]
            first, last = _seen(bucket)
            queries.append(GapGroup(kind="query", key=bucket["key"], label=bucket["key"], count=bucket["doc_count"],
                                    first_seen=first, last_seen=last, example=latest.get("query"),
                                    filters=latest.get("filters") or {}, hits_then=int(bucket["hits_then"]["value"])))
        if recheck:
            self._recheck(queries[:MAX_RECHECKED])

        def groups(kind: str, param: str) -> list[GapGroup]:
            return [GapGroup(kind=kind, key=b["key"], label=label(param, b["key"], ui_lang), count=b["doc_count"],
                             first_seen=_seen(b)[0], last_seen=_seen(b)[1]) for b in aggs[f"{kind}s"]["buckets"]]

        return GapsResponse(threshold=threshold, searches=response["hits"]["total"]["value"], queries=queries,
                            chemicals=groups("chemical", "chemical"), topics=groups("topic", "topic"),
                            languages=groups("language", "lang"))

    def _recheck(self, groups: list[GapGroup]) -> None:
        """Run each group's latest search again (counts only, one round trip) and mark the closed ones."""
        if not groups:
            return
        lines: list[dict] = []
        for group in groups:
            filters = _filters_from_log(group.example or "", group.filters)
            lines += [{"index": self.alias}, {"size": 0, "track_total_hits": True, "query": filtered_query(filters)}]
        answers = self.client.msearch(body=lines)["responses"]
        for group, answer in zip(groups, answers):
            if "error" in answer:
                continue
            group.hits_now = answer["hits"]["total"]["value"]
            group.closed = group.hits_now > (group.hits_then or 0)

    def _ensure_requests_index(self) -> str:
        name = requests_index(self.alias)
        if not self.client.indices.exists(index=name):
            try:
                self.client.indices.create(index=name, body={
                    "settings": {"number_of_shards": 1, "auto_expand_replicas": "0-1"}, "mappings": REQUESTS_MAPPING})
            except RequestError as exc:
                if exc.error != "resource_already_exists_exception":
                    raise
        return name

    def add_request(self, request: InformationRequestIn) -> InformationRequestOut:
        """Store a user's information request; it is listed at once."""
        stored = InformationRequestOut(**request.model_dump(), id=uuid.uuid4().hex, received=now_iso())
        self.client.index(index=self._ensure_requests_index(), id=stored.id,
                          body=stored.model_dump(exclude={"id"}), refresh=True)
        return stored

    def list_requests(self, size: int = 100, offset: int = 0) -> tuple[int, list[InformationRequestOut]]:
        try:
            response = self.client.search(index=requests_index(self.alias), body={
                "size": size, "from": offset, "track_total_hits": True,
                "sort": [{"received": "desc"}], "query": {"match_all": {}}})
        except NotFoundError:
            return 0, []
        items = [InformationRequestOut(id=hit["_id"], **hit["_source"]) for hit in response["hits"]["hits"]]
        return response["hits"]["total"]["value"], items
