"""The secretariat's information-gap report, and users' information requests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ValidationError

from search_api import dependencies as deps
from search_api.filters import FACET_PARAMS
from search_api.gaps_service import GapService
from search_api.models import GapsResponse, InformationRequestIn, InformationRequestOut
from search_api.secretariat import require_secretariat

router = APIRouter(prefix="/api", tags=["information gaps"])
secretariat = [Depends(require_secretariat)]

MAX_REQUEST_BYTES = 16 * 1024
GAP_CSV_COLUMNS = ["kind", "key", "label", "count", "first_seen", "last_seen", "example", "hits_then", "hits_now",
                   "closed"]
_REQUEST_SCHEMA = InformationRequestIn.model_json_schema()


class RequestList(BaseModel):
    total: int
    requests: list[InformationRequestOut]


def _gaps(service: GapService, threshold: int, since: dt.date | None, size: int, ui_lang: str) -> GapsResponse:
    return service.gaps(threshold=threshold, since=since, size=size, ui_lang=ui_lang)


Threshold = Annotated[int, Query(ge=0, le=100, description="Searches with at most this many hits are gaps.")]
Since = Annotated[dt.date | None, Query(description="Only searches on or after this day.")]
GroupSize = Annotated[int, Query(ge=1, le=500, description="Groups listed per kind.")]


@router.get("/gaps", response_model=GapsResponse, dependencies=secretariat, summary="Zero- and low-result searches")
def gaps(service: Annotated[GapService, Depends(deps.gap_service)], threshold: Threshold = 2, since: Since = None,
         size: GroupSize = 50, ui_lang: deps.UiLang = "en") -> GapsResponse:
    return _gaps(service, threshold, since, size, ui_lang)


@router.get("/gaps.csv", dependencies=secretariat, summary="The gap report as CSV", response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}}}})
def gaps_csv(service: Annotated[GapService, Depends(deps.gap_service)], threshold: Threshold = 2, since: Since = None,
             size: GroupSize = 50, ui_lang: deps.UiLang = "en") -> StreamingResponse:
    report = _gaps(service, threshold, since, size, ui_lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(GAP_CSV_COLUMNS)
    for group in [*report.queries, *report.chemicals, *report.topics, *report.languages]:
        data = group.model_dump()
        writer.writerow(["" if data[column] is None else data[column] for column in GAP_CSV_COLUMNS])
    return StreamingResponse(iter(["\ufeff" + buffer.getvalue()]), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="pops-gaps.csv"'})


async def _bounded_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_REQUEST_BYTES:
        raise HTTPException(status_code=413, detail=f"the request may not exceed {MAX_REQUEST_BYTES} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_REQUEST_BYTES:
            raise HTTPException(status_code=413, detail=f"the request may not exceed {MAX_REQUEST_BYTES} bytes")
    return bytes(body)


def _form_fields(body: bytes) -> dict:
    """A urlencoded form: the request's fields, and repeated facet fields (chemical=…) as its filters."""
    fields: dict = {}
    filters: dict[str, list[str]] = {}
    for name, value in parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=False):
        if name in FACET_PARAMS:
            filters.setdefault(name, []).append(value)
        elif name in InformationRequestIn.model_fields and name != "filters":
            fields[name] = value
    if filters:
        fields["filters"] = filters
    return fields


@router.post("/requests", status_code=201, response_model=InformationRequestOut,
             summary="Tell the secretariat what you looked for and did not find",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": _REQUEST_SCHEMA},
                 "application/x-www-form-urlencoded": {"schema": _REQUEST_SCHEMA}}}},
             responses={413: {"description": "Request too large"}, 415: {"description": "Not JSON or a form"}})
async def add_request(request: Request,
                      service: Annotated[GapService, Depends(deps.gap_service)]) -> InformationRequestOut:
    """JSON or a urlencoded form with `looked_for` (required), and optional `contact`, `query`, `ui_lang`."""
    body = await _bounded_body(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        try:
            data = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError):
            error = {"loc": ("body",), "msg": "not valid JSON", "type": "json_invalid"}
            raise RequestValidationError([error]) from None
    elif content_type == "application/x-www-form-urlencoded":
        data = _form_fields(body)
    else:
        raise HTTPException(status_code=415, detail="send JSON or a urlencoded form")
    try:
        item = InformationRequestIn.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError([{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]) from None
    return await run_in_threadpool(service.add_request, item)


@router.get("/requests", response_model=RequestList, dependencies=secretariat, summary="Users' information requests")
def list_requests(service: Annotated[GapService, Depends(deps.gap_service)],
                  size: Annotated[int, Query(ge=1, le=500)] = 100,
                  offset: Annotated[int, Query(ge=0, le=9500)] = 0) -> RequestList:
    total, items = service.list_requests(size=size, offset=offset)
    return RequestList(total=total, requests=items)

