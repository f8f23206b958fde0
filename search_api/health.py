"""`GET /healthz`: each service's state, 503 when one is down."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from pops.config import get_settings

router = APIRouter()


@router.get("/healthz", tags=["health"], summary="State of OpenSearch and Tika")
def healthz() -> JSONResponse:
    from stack.manager import status

    services = {
        name: {"url": service.url, "version": service.version, "up": service.running}
        for name, service in status(get_settings()).items()
    }
    healthy = all(service["up"] for service in services.values())
    return JSONResponse({"status": "ok" if healthy else "degraded", "services": services},
                        status_code=200 if healthy else 503)
