"""Faceted multilingual search: one request to OpenSearch for hits, facets and highlights.

Plain functions and one class with typed parameters, so the API routes and the UI call the same code.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError, RequestError, TransportError

from search_api.cursor import Cursor, InvalidCursor
from search_api.errors import InvalidParameter, IndexMissing, is_missing_index
from search_api.facets import facet_aggregations, facet_results
from search_api.filters import SearchFilters, combined, filtered_query, scoring_query, selection_clauses
from search_api.hits import HIT_SOURCE, highlight_spec, hit_from
from search_api.models import Hit, SearchResponse
from search_api.query_builder import chemical_ids, text_query
from search_api.query_log import QueryLog
from search_api.query_syntax import normalise, parse
from synonyms.registry import load_topics

SORTS: dict[str, list] = {
    "relevance": ["_score", {"doc_id": "asc"}],
    "newest": [{"year": {"order": "desc", "missing": "_last"}}, {"date": {"order": "desc", "missing": "_last"}},
               {"doc_id": "asc"}],
    "oldest": [{"year": {"order": "asc", "missing": "_last"}}, {"date": {"order": "asc", "missing": "_last"}},
               {"doc_id": "asc"}],
}
RESULT_WINDOW = 10_000
PIT_KEEP_ALIVE = "2m"
SUGGEST_BELOW = 3
EXPORT_BATCH = 500


def warm_up() -> None:
    """Load the registry, the topic taxonomy and the chemical-name index now, not on the first search."""
    text_query("DDT 滴滴涕")
    load_topics()


def search_body(filters: SearchFilters, sort: str = "relevance", size: int = 20, offset: int = 0,
                search_after: list | None = None, facets: bool = True, highlight: bool = True) -> dict:
    """The request body of one results page: scoring query, selections as post_filter, facets, highlights."""
    body: dict = {
        "query": scoring_query(filters),
        "post_filter": combined(list(selection_clauses(filters).values())),
        "sort": SORTS[sort],
        "size": size,
        "_source": HIT_SOURCE,
        "track_total_hits": True,
    }
    if search_after is not None:
        body["search_after"] = search_after
    elif offset:
        body["from"] = offset
    if facets:
        body["aggs"] = facet_aggregations(filters)
    if highlight:
        body["highlight"] = highlight_spec(has_text=bool(parse(filters.q).groups))
    return body


def _missing_pit(exc: TransportError) -> bool:
    text = f"{exc.error} {exc.info}"
    return "search_context_missing" in text or "No search context found" in text


class SearchService:
    """Search over the index behind `alias`; logs first pages to `query_log` when one is given."""

    def __init__(self, client: OpenSearch, alias: str, max_page_size: int = 100,
                 query_log: QueryLog | None = None) -> None:
        self.client = client
        self.alias = alias
        self.max_page_size = max_page_size
        self.query_log = query_log

    def _search(self, body: dict, **params) -> dict:
        """A search on the alias; a missing index is reported as such, not as a server error."""
        try:
            return self.client.search(index=self.alias, body=body, **params)
        except NotFoundError as exc:
            if is_missing_index(exc):
                raise IndexMissing(f"no index named {self.alias} yet: run `pops index PATH` first") from exc
            raise

    def check_page(self, page: int, size: int) -> None:
        if size < 1 or size > self.max_page_size:
            raise InvalidParameter("size", f"must be between 1 and {self.max_page_size}")
        if page < 1:
            raise InvalidParameter("page", "must be 1 or more")
        if page * size > RESULT_WINDOW:
            raise InvalidParameter("page", f"page × size may not exceed {RESULT_WINDOW}; "
                                           "follow `next_cursor` with `cursor` to go deeper")

    def search(self, filters: SearchFilters, sort: str = "relevance", page: int = 1, size: int = 20,
               cursor: str | None = None, ui_lang: str = "en", record: bool = True) -> SearchResponse:
        started = time.perf_counter()
        if sort not in SORTS:
            raise InvalidParameter("sort", f"must be one of {', '.join(SORTS)}")
        self.check_page(1 if cursor else page, size)
        fingerprint = filters.fingerprint(sort)
        if cursor:
            try:
                position = Cursor.decode(cursor, fingerprint)
            except InvalidCursor as exc:
                raise InvalidParameter("cursor", str(exc)) from exc
            response, pit_id = self._search_in_pit(filters, sort, size, position)
            delivered = position.delivered
        else:
            response = self._search(search_body(filters, sort, size, offset=(page - 1) * size))
            pit_id, delivered = None, (page - 1) * size
        raw_hits = response["hits"]["hits"]
        total = response["hits"]["total"]["value"]
        delivered += len(raw_hits)
        next_cursor = None
        if raw_hits and delivered < total:
            next_cursor = Cursor(fingerprint, raw_hits[-1]["sort"], delivered, pit_id).encode()
        elif pit_id:
            self._close_pit(pit_id)
        suggestion = self.did_you_mean(filters) if filters.q.strip() and total < SUGGEST_BELOW else None
        recognised = chemical_ids(parse(filters.q))
        took_ms = round((time.perf_counter() - started) * 1000)
        if record and not cursor and page == 1:
            self._record(filters, ui_lang, total, took_ms, recognised)
        return SearchResponse(
            total=total, took_ms=took_ms, page=None if cursor else page, size=size,
            hits=[hit_from(raw) for raw in raw_hits],
            facets=facet_results(response["aggregations"], filters, ui_lang),
            suggestion=suggestion, chemicals_recognised=recognised, next_cursor=next_cursor,
        )

    def _search_in_pit(self, filters: SearchFilters, sort: str, size: int, position: Cursor) -> tuple[dict, str]:
        pit_id = position.pit_id or self._open_pit()
        body = search_body(filters, sort, size, search_after=position.search_after)
        body["pit"] = {"id": pit_id, "keep_alive": PIT_KEEP_ALIVE}
        try:
            response = self.client.search(body=body)
        except (NotFoundError, RequestError, TransportError) as exc:
            if _missing_pit(exc) or isinstance(exc, RequestError):
                raise InvalidParameter("cursor", "the cursor has expired or does not fit this query: "
                                                 "start again from the first page") from exc
            raise
        return response, response.get("pit_id", pit_id)

    def _open_pit(self) -> str:
        try:
            return self.client.create_pit(index=self.alias, keep_alive=PIT_KEEP_ALIVE)["pit_id"]
        except NotFoundError as exc:
            if is_missing_index(exc):
                raise IndexMissing(f"no index named {self.alias} yet: run `pops index PATH` first") from exc
            raise

    def _close_pit(self, pit_id: str) -> None:
        try:
            self.client.delete_pit(body={"pit_id": [pit_id]})
        except TransportError:
            pass  # it expires by itself within PIT_KEEP_ALIVE

    def did_you_mean(self, filters: SearchFilters) -> str | None:
        """A corrected query with hits under the same filters, from the phrase suggester on word shingles."""
        parsed = parse(filters.q)
        text = " ".join(parsed.positive_text.replace('"', " ").split())
        if not text:
            return None
        response = self._search({"size": 0, "suggest": {"text": text, "did_you_mean": {"phrase": {
            "field": "spell.shingle", "size": 3, "gram_size": 3, "max_errors": 2,
            "direct_generator": [{"field": "spell", "suggest_mode": "always", "min_word_length": 3}],
            "collate": {"query": {"source": {"match": {"spell": {"query": "{{suggestion}}", "operator": "and"}}}}},
        }}}})
        folded = text.casefold()
        candidates = []
        for entry in response.get("suggest", {}).get("did_you_mean", []):
            for option in entry.get("options", []):
                candidate = option["text"]
                if candidate.casefold() != folded and candidate not in candidates:
                    candidates.append(candidate)
        if not candidates:
            return None
        exclusions = " ".join(f"-{term}" if " " not in term else f'-"{term}"' for term in parsed.excluded)
        queries = [" ".join(filter(None, [candidate, exclusions])) for candidate in candidates]
        lines: list[dict] = []
        for q in queries:
            lines += [{"index": self.alias}, {"size": 0, "track_total_hits": True,
                                              "query": filtered_query(filters.model_copy(update={"q": q}))}]
        answers = self.client.msearch(body=lines)["responses"]
        for q, answer in zip(queries, answers):
            if answer.get("hits", {}).get("total", {}).get("value", 0) > 0:
                return q
        return None

    def _record(self, filters: SearchFilters, ui_lang: str, total: int, took_ms: int, recognised: list[str]) -> None:
        if self.query_log is None:
            return
        self.query_log.record({
            "query": filters.q, "normalised": normalise(filters.q), "filters": filters.as_dict(),
            "ui_lang": ui_lang, "total": total, "took_ms": took_ms,
            "chemicals": sorted(set(recognised) | set(filters.chemical) | set(filters.candidate)),
            "topics": list(filters.topic), "languages": list(filters.lang),
        })

    def export(self, filters: SearchFilters, sort: str = "relevance", batch_size: int = EXPORT_BATCH) -> ResultScan:
        """The whole result set, in batches inside one point in time; the first batch is fetched now."""
        if sort not in SORTS:
            raise InvalidParameter("sort", f"must be one of {', '.join(SORTS)}")
        return ResultScan(self, filters, sort, batch_size)


class ResultScan:
    """Iterates every hit of a query; `total` is known before the first hit is read."""

    def __init__(self, service: SearchService, filters: SearchFilters, sort: str, batch_size: int) -> None:
        self.service = service
        self.sort = sort
        self.batch_size = batch_size
        self.pit_id = service._open_pit()
        self.query = filtered_query(filters)
        try:
            self._first = self._page(None)
        except Exception:
            service._close_pit(self.pit_id)
            raise
        self.total = self._first["hits"]["total"]["value"]

    def _page(self, search_after: list | None) -> dict:
        body: dict = {"query": self.query, "sort": SORTS[self.sort], "size": self.batch_size,
                      "_source": HIT_SOURCE, "track_total_hits": search_after is None,
                      "pit": {"id": self.pit_id, "keep_alive": PIT_KEEP_ALIVE}}
        if search_after is not None:
            body["search_after"] = search_after
        response = self.service.client.search(body=body)
        self.pit_id = response.get("pit_id", self.pit_id)
        return response

    def __iter__(self) -> Iterator[Hit]:
        response = self._first
        try:
            while True:
                raw_hits = response["hits"]["hits"]
                for raw in raw_hits:
                    yield hit_from(raw)
                if len(raw_hits) < self.batch_size:
                    return
                response = self._page(raw_hits[-1]["sort"])
        finally:
            self.service._close_pit(self.pit_id)
