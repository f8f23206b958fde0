"""`/api/documents/{id}` and its original file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import FileResponse

from search_api import dependencies as deps
from search_api.documents_service import DocumentService
from search_api.models import DocumentDetail

router = APIRouter(prefix="/api/documents", tags=["documents"])

DocId = Annotated[str, Path(min_length=1, max_length=512)]


@router.get("/{doc_id}", response_model=DocumentDetail, summary="A document, its tags, related documents and versions",
            responses={404: {"description": "Unknown document"}})
def document(doc_id: DocId, service: Annotated[DocumentService, Depends(deps.document_service)]) -> DocumentDetail:
    return service.document(doc_id)


@router.get("/{doc_id}/file", summary="The original file", response_class=FileResponse,
            responses={200: {"content": {"application/octet-stream": {}}},
                       403: {"description": "Outside the indexed folders"},
                       404: {"description": "Unknown document or file gone"}})
def original_file(doc_id: DocId, service: Annotated[DocumentService, Depends(deps.document_service)]) -> FileResponse:
    """Always an attachment, never rendered in the API's origin (an HTML file could carry scripts)."""
    path = service.file_path(doc_id)
    return FileResponse(path, filename=path.name, media_type="application/octet-stream",
                        headers={"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"})
