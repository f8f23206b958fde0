"""`/api/chemicals` and the chemical profiles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from opensearchpy import OpenSearch

from search_api import dependencies as deps
from search_api.chemicals_service import chemical_profile, list_chemicals
from search_api.models import ChemicalProfile, ChemicalSummary

router = APIRouter(prefix="/api/chemicals", tags=["chemicals"])


@router.get("", response_model=list[ChemicalSummary], summary="Every chemical of the registry, with document counts")
def chemicals(client: Annotated[OpenSearch, Depends(deps.client)], alias: Annotated[str, Depends(deps.alias)],
              ui_lang: deps.UiLang = "en") -> list[ChemicalSummary]:
    return list_chemicals(client, alias, ui_lang)


@router.get("/{chemical_id}", response_model=ChemicalProfile, summary="A chemical's profile and best practices",
            responses={404: {"description": "Unknown chemical"}})
def chemical(chemical_id: Annotated[str, Path(min_length=1, max_length=100)],
             client: Annotated[OpenSearch, Depends(deps.client)], alias: Annotated[str, Depends(deps.alias)],
             ui_lang: deps.UiLang = "en") -> ChemicalProfile:
    return chemical_profile(client, alias, chemical_id, ui_lang)
