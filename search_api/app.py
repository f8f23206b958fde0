"""The FastAPI application: API routers and the UI mounted on one app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from pops.config import Settings, get_settings
from pops.services import opensearch_client
from search_api import errors, health
from search_api.documents_service import DocumentService
from search_api.gaps_service import GapService
from search_api.index_state import log_index_state
from search_api.models import ErrorResponse
from search_api.query_log import QueryLog
from search_api.routes import analytics, chemicals, documents, gaps, search
from search_api.search_service import SearchService, warm_up
from search_api.secretariat import secretariat_key

# Short timeouts and one retry: a user waits on these requests, and a dead node must give a quick 503.
OPENSEARCH_TIMEOUT_S = 10
OPENSEARCH_RETRIES = 1
COMMON_RESPONSES: dict = {
    500: {"model": ErrorResponse, "description": "Internal error (details are only in the server log)"},
    503: {"model": ErrorResponse, "description": "OpenSearch unreachable or no index yet; see Retry-After"},
}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app for `settings` (default: the POPS_ environment); its services live on `app.state`."""
    settings = settings or get_settings()
    client = opensearch_client(settings, timeout=OPENSEARCH_TIMEOUT_S, retries=OPENSEARCH_RETRIES)
    query_log = QueryLog(client, settings.index) if settings.log_queries else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.index_report = await run_in_threadpool(log_index_state, client, settings.index)
        await run_in_threadpool(warm_up)
        if query_log is not None:
            query_log.start()
        yield
        if query_log is not None:
            await run_in_threadpool(query_log.close)

    app = FastAPI(
        title="POPs Search",
        description="Search the Stockholm Convention clearing-house on persistent organic pollutants.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.client = client
    app.state.query_log = query_log
    app.state.secretariat_key = secretariat_key(settings)
    app.state.search_service = SearchService(client, settings.index, settings.max_page_size, query_log)
    app.state.document_service = DocumentService(client, settings.index)
    app.state.gap_service = GapService(client, settings.index)
    errors.install(app)
    errors.document_validation_errors(app)
    app.include_router(health.router)
    for module in (search, documents, chemicals, analytics, gaps):
        app.include_router(module.router, responses=COMMON_RESPONSES)
    from ui.routes import mount_ui; mount_ui(app)
    return app
