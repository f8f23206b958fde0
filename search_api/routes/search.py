"""`/api/search`, its CSV and JSON exports, and `/api/suggest`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response, StreamingResponse
from opensearchpy import OpenSearch

from search_api import dependencies as deps
from search_api.export import csv_lines, json_chunks
from search_api.models import SearchResponse, Suggestion
from search_api.search_service import RESULT_WINDOW, SearchService
from search_api.suggest_service import suggest

router = APIRouter(prefix="/api", tags=["search"])

Sort = Literal["relevance", "newest", "oldest"]


@router.get("/search", response_model=SearchResponse, summary="Faceted multilingual search")
def search(
    filters: deps.Filters,
    service: Annotated[SearchService, Depends(deps.search_service)],
    sort: Sort = "relevance",
    page: Annotated[int, Query(ge=1, le=RESULT_WINDOW, description="1-based; page × size ≤ 10,000.")] = 1,
    size: Annotated[int, Query(ge=1, le=1000, description="Hits per page, at most POPS_MAX_PAGE_SIZE.")] = 20,
    cursor: Annotated[str | None, Query(max_length=4096, description="`next_cursor` of the previous page.")] = None,
    ui_lang: deps.UiLang = "en",
) -> Response:
    """Hits, facets with multi-select counts, highlights, a "did you mean" when few hits, and a cursor."""
    result = service.search(filters, sort=sort, page=page, size=size, cursor=cursor or None, ui_lang=ui_lang)
    # Already a validated model: serialised once, not dumped, re-validated and encoded again.
    return Response(result.model_dump_json(), media_type="application/json")


@router.get("/search.csv", summary="The whole result set as CSV", response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}}}})
def search_csv(filters: deps.Filters, service: Annotated[SearchService, Depends(deps.search_service)],
               sort: Sort = "relevance") -> StreamingResponse:
    scan = service.export(filters, sort)
    return StreamingResponse(csv_lines(scan), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="pops-search.csv"', "X-Total-Count": str(scan.total)})


@router.get("/search.json", summary="The whole result set as JSON", response_class=StreamingResponse,
            responses={200: {"content": {"application/json": {}}}})
def search_json(filters: deps.Filters, service: Annotated[SearchService, Depends(deps.search_service)],
                sort: Sort = "relevance") -> StreamingResponse:
    scan = service.export(filters, sort)
    return StreamingResponse(json_chunks(scan, filters, sort), media_type="application/json", headers={
        "Content-Disposition": 'attachment; filename="pops-search.json"', "X-Total-Count": str(scan.total)})


@router.get("/suggest", response_model=list[Suggestion], summary="Autocomplete titles and chemical names")
def suggestions(
    prefix: Annotated[str, Query(min_length=1, max_length=100)],
    client: Annotated[OpenSearch, Depends(deps.client)],
    alias: Annotated[str, Depends(deps.alias)],
    ui_lang: deps.UiLang = "en",
    size: Annotated[int, Query(ge=1, le=25)] = 10,
) -> list[Suggestion]:
    return suggest(client, alias, prefix, ui_lang, size)
