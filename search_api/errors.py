"""Errors a client can act on, and the handlers that turn every failure into a short JSON answer.

No stack trace or OpenSearch error body ever reaches a client: invalid parameters name the
parameter (422), unknown things are 404, an unreachable or missing index is 503 with
`Retry-After`, and anything else is a generic 500 logged on the server.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import NotFoundError, TransportError
from starlette.exceptions import HTTPException as StarletteHTTPException

from search_api.models import InvalidParameterResponse, ParameterError

log = logging.getLogger("search_api")

RETRY_AFTER_S = 30


class InvalidParameter(ValueError):
    """A parameter value the API cannot serve; the 422 answer names the parameter."""

    def __init__(self, parameter: str, message: str, location: str = "query") -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message
        self.location = location


class NotFound(LookupError):
    """An unknown document, chemical or file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Forbidden(PermissionError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IndexMissing(RuntimeError):
    """Nothing has been indexed under the configured alias yet."""


def invalid_parameters(errors: list[dict]) -> JSONResponse:
    names = [error["parameter"] for error in errors]
    first = errors[0]
    message = f"invalid parameter '{first['parameter']}': {first['message']}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    return JSONResponse(status_code=422, content={"error": "invalid_parameter", "message": message,
                                                  "parameters": names, "detail": errors})


def _parameter_name(location: tuple) -> tuple[str, str]:
    if not location:
        return "request", "request"
    where = str(location[0])
    rest = [str(part) for part in location[1:] if not isinstance(part, int)]
    return (".".join(rest) if rest else where), where


def unavailable(message: str) -> JSONResponse:
    return JSONResponse(status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)},
                        content={"error": "unavailable", "message": message})


def is_missing_index(exc: NotFoundError) -> bool:
    return "index_not_found_exception" in str(getattr(exc, "error", "")) or "no such index" in str(exc.info)


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for error in exc.errors():
            parameter, location = _parameter_name(tuple(error.get("loc", ())))
            errors.append({"parameter": parameter, "in": location, "message": str(error.get("msg", "invalid"))})
        return invalid_parameters(errors or [{"parameter": "request", "in": "request", "message": "invalid"}])

    @app.exception_handler(InvalidParameter)
    async def on_invalid_parameter(request: Request, exc: InvalidParameter) -> JSONResponse:
        return invalid_parameters([{"parameter": exc.parameter, "in": exc.location, "message": exc.message}])

    @app.exception_handler(NotFound)
    async def on_not_found(request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"error": "not_found", "message": exc.message})

    @app.exception_handler(Forbidden)
    async def on_forbidden(request: Request, exc: Forbidden) -> JSONResponse:
        return JSONResponse(status_code=403, content={"error": "forbidden", "message": exc.message})

    @app.exception_handler(IndexMissing)
    async def on_index_missing(request: Request, exc: IndexMissing) -> JSONResponse:
        return unavailable(str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def on_http_exception(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, headers=getattr(exc, "headers", None),
                            content={"error": "http_error", "message": str(exc.detail)})

    @app.exception_handler(TransportError)
    async def on_opensearch_error(request: Request, exc: TransportError) -> JSONResponse:
        if isinstance(exc, OpenSearchConnectionError) or exc.status_code in ("N/A", 429, 502, 503, 504):
            log.warning("OpenSearch unavailable during %s %s: %s", request.method, request.url.path, exc)
            return unavailable("The search service is temporarily unavailable; try again shortly.")
        if isinstance(exc, NotFoundError) and is_missing_index(exc):
            log.warning("index missing during %s %s: %s", request.method, request.url.path, exc)
            return unavailable("No documents have been indexed yet; run `pops index PATH`.")
        if "maxClauseCount" in str(exc.info) or "too_many" in str(exc.error):
            return invalid_parameters([{"parameter": "q", "in": "query",
                                        "message": "the query has too many terms or chemical names; shorten it"}])
        log.error("OpenSearch error during %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse(status_code=500, content={"error": "internal", "message": "Internal error."})

    @app.exception_handler(Exception)
    async def on_any_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error during %s %s", request.method, request.url.path)
        return JSONResponse(status_code=500, content={"error": "internal", "message": "Internal error."})


def document_validation_errors(app: FastAPI) -> None:
    """Describe the 422 answers in the OpenAPI schema as they are sent, not in FastAPI's default shape."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = generate()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components["HTTPValidationError"] = InvalidParameterResponse.model_json_schema(
                ref_template="#/components/schemas/{model}", by_alias=True)
            components["HTTPValidationError"].pop("$defs", None)
            components["ValidationError"] = ParameterError.model_json_schema(by_alias=True)
            components["HTTPValidationError"]["properties"]["detail"]["items"] = {
                "$ref": "#/components/schemas/ValidationError"}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
