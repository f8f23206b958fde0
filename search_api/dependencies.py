"""FastAPI dependencies: the services kept on `app.state`, and the query parameters shared by many routes.

They do no I/O, so they are coroutines: FastAPI would run plain functions in its thread pool, one
hop per dependency per request.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from opensearchpy import OpenSearch
from pydantic import StringConstraints

from pops.config import Settings
from search_api.documents_service import DocumentService
from search_api.filters import (MAX_QUERY_CHARS, MAX_VALUE_CHARS, MAX_VALUES_PER_FILTER, MAX_YEAR, MIN_YEAR,
                                SearchFilters, build_filters)
from search_api.gaps_service import GapService
from search_api.search_service import SearchService

UiLang = Literal["ar", "zh", "en", "fr", "ru", "es"]
FacetValue = Annotated[str, StringConstraints(max_length=MAX_VALUE_CHARS)]
FacetValues = Annotated[list[FacetValue], Query(max_length=MAX_VALUES_PER_FILTER)]


async def settings(request: Request) -> Settings:
    return request.app.state.settings


async def client(request: Request) -> OpenSearch:
    return request.app.state.client


async def alias(request: Request) -> str:
    return request.app.state.settings.index


async def search_service(request: Request) -> SearchService:
    return request.app.state.search_service


async def document_service(request: Request) -> DocumentService:
    return request.app.state.document_service


async def gap_service(request: Request) -> GapService:
    return request.app.state.gap_service


async def search_filters(
    q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS,
                                   description='Words, "phrases", -exclusions, OR; empty lists everything.')] = None,
    chemical: Annotated[FacetValues, Query(description="Chemical ids (OR-ed).")] = [],
    candidate: Annotated[FacetValues, Query(
        description="Chemicals that were Article 8 candidates at the document's date.")] = [],
    topic: Annotated[FacetValues, Query(description="Topic ids.")] = [],
    lang: Annotated[FacetValues, Query(description="Document languages (ar zh en fr ru es).")] = [],
    country: Annotated[FacetValues, Query(description="ISO 3166 alpha-2 codes.")] = [],
    doc_type: Annotated[FacetValues, Query(description="Document types.")] = [],
    provider_type: Annotated[FacetValues, Query(description="Provider types.")] = [],
    year_from: Annotated[int | None, Query(ge=MIN_YEAR, le=MAX_YEAR)] = None,
    year_to: Annotated[int | None, Query(ge=MIN_YEAR, le=MAX_YEAR)] = None,
) -> SearchFilters:
    return build_filters(q=q, chemical=chemical, candidate=candidate, topic=topic, lang=lang, country=country,
                         doc_type=doc_type, provider_type=provider_type, year_from=year_from, year_to=year_to)


Filters = Annotated[SearchFilters, Depends(search_filters)]
