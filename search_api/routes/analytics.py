"""`/api/compare` and `/api/synthesis`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from opensearchpy import OpenSearch

from search_api import dependencies as deps
from search_api.analytics_service import compare, synthesis
from search_api.models import CompareResponse, SynthesisResponse

router = APIRouter(prefix="/api", tags=["analysis"])

Field = Literal["chemical", "candidate", "topic", "lang", "country", "doc_type", "provider_type", "year"]


@router.get("/compare", response_model=CompareResponse, summary="Document counts for two facets, as a matrix")
def comparison(
    rows: Field, cols: Field, filters: deps.Filters,
    client: Annotated[OpenSearch, Depends(deps.client)], alias: Annotated[str, Depends(deps.alias)],
    max_rows: Annotated[int, Query(ge=1, le=50)] = 20, max_cols: Annotated[int, Query(ge=1, le=50)] = 20,
    ui_lang: deps.UiLang = "en",
) -> CompareResponse:
    """Each cell carries the URL of the search that lists its documents."""
    return compare(client, alias, filters, rows, cols, ui_lang, max_rows, max_cols)


@router.get("/synthesis", response_model=SynthesisResponse, summary="What characterises a result set")
def result_synthesis(filters: deps.Filters, client: Annotated[OpenSearch, Depends(deps.client)],
                     alias: Annotated[str, Depends(deps.alias)], ui_lang: deps.UiLang = "en") -> SynthesisResponse:
    """Distinctive terms against the whole collection, timeline, coverage, sources and document types."""
    return synthesis(client, alias, filters, ui_lang)
