"""The UI's pages, mounted on the API's app: they call the same services in-process, so the two agree.

Pages are plain functions run in the thread pool (the OpenSearch client is synchronous). Failures
become HTML pages in the reader's language: 404 for an unknown document or chemical, 503 with
`Retry-After` while the search service is down or nothing has been indexed.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import NotFoundError, TransportError
from pydantic import ValidationError

from search_api.analytics_service import compare, synthesis
from search_api.chemicals_service import chemical_profile, list_chemicals
from search_api.errors import RETRY_AFTER_S, IndexMissing, InvalidParameter, NotFound, is_missing_index
from search_api.filters import FACET_PARAMS
from search_api.models import InformationRequestIn
from search_api.routes.gaps import gaps_csv
from ui import secretariat_session
from ui.i18n import N_
from ui.indicators import indicators
from ui.search_params import filters_from, state_from
from ui.templating import render, state_items, translate, ui_language
from ui.views import chemicals as chemicals_view
from ui.views import compare as compare_view
from ui.views import document as document_view
from ui.views import search as search_view
from ui.views import secretariat as secretariat_view
from ui.views import synthesis as synthesis_view

log = logging.getLogger("ui")
STATIC_DIR = Path(__file__).resolve().parent / "static"
GAP_THRESHOLD = 2
GAP_GROUPS = 50
REQUESTS_SHOWN = 100

router = APIRouter(include_in_schema=False)


def _message(request: Request, heading: str, text: str, status_code: int, *, warning: bool = True,
             headers: dict[str, str] | None = None) -> HTMLResponse:
    lang = ui_language(request)
    return render(request, "message.html", {
        "section": None, "heading": translate(lang, heading), "text": translate(lang, text), "warning": warning,
        "back_href": "/", "back_text": translate(lang, "Back to the search"),
    }, status_code=status_code, headers=headers)


def _unavailable(exc: Exception) -> bool:
    """Failures that pass: the service down or busy, or nothing indexed yet (as the API's 503 answers)."""
    if isinstance(exc, (IndexMissing, OpenSearchConnectionError)):
        return True
    if isinstance(exc, NotFoundError):
        return is_missing_index(exc)
    return isinstance(exc, TransportError) and exc.status_code in ("N/A", 429, 502, 503, 504)


def html_errors(page: Callable[..., Response]) -> Callable[..., Response]:
    """Turn the services' failures into pages instead of the API's JSON answers."""
    @wraps(page)
    def wrapper(request: Request, *args, **kwargs) -> Response:
        try:
            return page(request, *args, **kwargs)
        except NotFound:
            return _message(request, N_("Not found"), N_("There is no such page: the address may be mistyped, or "
                            "the document may have been removed from the clearing-house."), 404)
        except InvalidParameter:
            return _message(request, N_("Page not available"), N_("This address asks for results the search cannot "
                            "give, for example through a page link that has expired. Please start again from the "
                            "first page of results."), 422)
        except (IndexMissing, TransportError) as exc:
            if not _unavailable(exc):
                raise
            log.warning("search service unavailable for %s: %s", request.url.path, exc)
            return _message(request, N_("Temporarily unavailable"), N_("The search service is not available at the "
                            "moment. Please try again in a minute."), 503, headers={"Retry-After": str(RETRY_AFTER_S)})
    return wrapper


@router.get("/", response_class=HTMLResponse)
@html_errors
def search_page(request: Request) -> Response:
    lang = ui_language(request)
    state = state_from(request.query_params)
    response = request.app.state.search_service.search(
        state.filters, sort=state.sort, page=state.page, size=state.size, cursor=state.cursor, ui_lang=lang)
    return render(request, "search.html", search_view.context(response, state, state_items(request), lang))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
@html_errors
def document_page(request: Request, doc_id: str) -> Response:
    lang = ui_language(request)
    if len(doc_id) > 200:
        raise NotFound("document id too long")
    detail = request.app.state.document_service.document(doc_id)
    query = request.query_params.get("q", "")[:500]
    return render(request, "document.html", document_view.context(detail, query, lang))


@router.get("/chemicals", response_class=HTMLResponse)
@html_errors
def chemicals_page(request: Request) -> Response:
    lang = ui_language(request)
    state = request.app.state
    chemicals = list_chemicals(state.client, state.settings.index, lang)
    return render(request, "chemicals.html", chemicals_view.index_context(chemicals, lang))


@router.get("/chemicals/{chemical_id}", response_class=HTMLResponse)
@html_errors
def chemical_page(request: Request, chemical_id: str) -> Response:
    lang = ui_language(request)
    state = request.app.state
    profile = chemical_profile(state.client, state.settings.index, chemical_id[:100], lang)
    return render(request, "chemical.html", chemicals_view.profile_context(profile, lang))


def _comparison(request: Request):
    lang = ui_language(request)
    filters = filters_from(request.query_params)
    rows, cols, ignored = compare_view.dimensions_from(request.query_params.get("rows"),
                                                        request.query_params.get("cols"))
    state = request.app.state
    return compare(state.client, state.settings.index, filters, rows, cols, lang), filters, rows, cols, ignored, lang


@router.get("/compare", response_class=HTMLResponse)
@html_errors
def compare_page(request: Request) -> Response:
    response, filters, rows, cols, ignored, lang = _comparison(request)
    return render(request, "compare.html", compare_view.context(response, filters, rows, cols, ignored, lang))


@router.get("/compare.csv")
@html_errors
def compare_csv(request: Request) -> Response:
    """The matrix as CSV: a header of column labels, then one line per row label with its counts."""
    response, *_ = _comparison(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["", *(col.label for col in response.cols.values)])
    for row, cells in zip(response.rows.values, response.cells):
        writer.writerow([row.label, *(cell.count for cell in cells)])
    return Response("\ufeff" + buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="pops-compare.csv"'})


@router.get("/synthesis", response_class=HTMLResponse)
@html_errors
def synthesis_page(request: Request) -> Response:
    lang = ui_language(request)
    filters = filters_from(request.query_params)
    state = request.app.state
    response = synthesis(state.client, state.settings.index, filters, lang)
    return render(request, "synthesis.html", synthesis_view.context(response, filters, lang))


MAX_FORM_BYTES = 16 * 1024


def _request_filters(form: dict[str, list[str]]) -> dict[str, list[str] | int]:
    filters: dict[str, list[str] | int] = {param: form[param][:50] for param in FACET_PARAMS if form.get(param)}
    for bound in ("year_from", "year_to"):
        value = (form.get(bound) or [""])[0]
        if value.isdigit():
            filters[bound] = int(value)
    return filters


@html_errors
def _store_request(request: Request, form: dict[str, list[str]]) -> Response:
    lang = ui_language(request)
    first = {name: (values[0] if values else "").strip() for name, values in form.items()}
    try:
        item = InformationRequestIn(looked_for=first.get("looked_for", ""), contact=first.get("contact") or None,
                                    query=first.get("q") or None, filters=_request_filters(form) or None, ui_lang=lang)
    except ValidationError:
        return _message(request, N_("Request not sent"), N_("Please describe, in at most 2,000 characters, what you "
                        "were looking for."), 422)
    request.app.state.gap_service.add_request(item)
    return _message(request, N_("Thank you"), N_("Your request has been sent to the secretariat."), 200, warning=False)


@router.post("/requests", response_class=HTMLResponse)
async def information_request(request: Request) -> Response:
    """The zero-result form: stored through the same service as `POST /api/requests`."""
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > MAX_FORM_BYTES:
        return _message(request, N_("Request not sent"), N_("The request is too long."), 413)
    form = await request.form()
    fields: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, str):
            fields.setdefault(name, []).append(value)
    return await run_in_threadpool(_store_request, request, fields)


@router.get("/secretariat", response_class=HTMLResponse)
@html_errors
def secretariat_page(request: Request) -> Response:
    lang = ui_language(request)
    if not secretariat_session.signed_in(request):
        return render(request, "secretariat_login.html", {"section": "secretariat", "failed": False},
                      headers={"Cache-Control": "no-store"})
    state = request.app.state
    gaps = state.gap_service.gaps(threshold=GAP_THRESHOLD, size=GAP_GROUPS, ui_lang=lang)
    _, requests = state.gap_service.list_requests(size=REQUESTS_SHOWN)
    figures = indicators(state.client, state.settings.index)
    return render(request, "secretariat.html", secretariat_view.context(gaps, requests, figures, lang),
                  headers={"Cache-Control": "no-store"})


@router.get("/secretariat/gaps.csv")
def secretariat_gaps_csv(request: Request) -> Response:
    """The gap report as CSV for a signed-in browser (the API's `/api/gaps.csv` wants the key as a header)."""
    if not secretariat_session.signed_in(request):
        return RedirectResponse("/secretariat", status_code=303)
    return gaps_csv(request.app.state.gap_service, threshold=GAP_THRESHOLD, since=None, size=GAP_GROUPS,
                    ui_lang=ui_language(request))


@router.post("/secretariat/login", response_class=HTMLResponse)
def secretariat_login(request: Request, key: Annotated[str, Form(max_length=500)] = "") -> Response:
    redirect = RedirectResponse("/secretariat", status_code=303)
    if secretariat_session.sign_in(request, redirect, key):
        return redirect
    return render(request, "secretariat_login.html", {"section": "secretariat", "failed": True}, status_code=401,
                  headers={"Cache-Control": "no-store"})


@router.post("/secretariat/logout")
def secretariat_logout() -> Response:
    response = RedirectResponse("/secretariat", status_code=303)
    secretariat_session.sign_out(response)
    return response


def mount_ui(app: FastAPI) -> None:
    """Add the pages and their static files to the API's app (once, however often it is called)."""
    if getattr(app.state, "ui_mounted", False):
        return
    app.state.ui_mounted = True
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
