"""`GET /healthz`: each service's state and the index's, 503 when a service is down."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from search_api.index_state import index_report

router = APIRouter()


@router.get("/healthz", tags=["health"], summary="State of OpenSearch, Tika and the index")
async def healthz(request: Request) -> JSONResponse:
    from stack.manager import status

    settings = request.app.state.settings
    found = await run_in_threadpool(status, settings)
    services = {name: {"url": service.url, "version": service.version, "up": service.running}
                for name, service in found.items()}
    healthy = all(service["up"] for service in services.values())
    index = await run_in_threadpool(index_report, request.app.state.client, settings.index) \
        if services["opensearch"]["up"] else {"alias": settings.index, "warning": None}
    query_log = request.app.state.query_log
    body = {"status": "ok" if healthy else "degraded", "services": services, "index": index,
            "query_log": {"enabled": query_log is not None, "dropped": query_log.dropped if query_log else 0}}
    return JSONResponse(body, status_code=200 if healthy else 503)
