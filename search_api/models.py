"""Response shapes of the API. The UI renders the same objects, so changing a field changes both."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class FacetValue(BaseModel):
    value: str
    label: str
    count: int
    selected: bool


class Hit(BaseModel):
    id: str
    title: str
    title_html: str = Field(description="The title, HTML-escaped, with <mark> around query matches.")
    path: str | None = None
    languages: list[str] = []
    lang: str | None = None
    year: int | None = None
    date: str | None = None
    doc_type: str | None = None
    provider_type: str | None = None
    source: str | None = None
    chemicals: list[str] = Field([], description="Chemical ids.")
    candidates: list[str] = Field(
        [], description="Ids of chemicals that were Article 8 candidates at the document's date.")
    topics: list[str] = Field([], description="Topic ids.")
    countries: list[str] = Field([], description="ISO 3166 alpha-2 codes.")
    snippets: list[str] = Field([], description="HTML: the text is escaped, then matches are wrapped in <mark>.")
    score: float | None = None


class SearchResponse(BaseModel):
    total: int
    took_ms: int
    page: int | None
    size: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = Field(
        description="One list per filter parameter (chemical, candidate, topic, lang, country, doc_type, "
                    "provider_type) plus the year histogram.")
    suggestion: str | None = Field(None, description="A corrected query that has hits, offered when few or none.")
    chemicals_recognised: list[str] = Field([], description="Chemical ids recognised in the query text.")
    next_cursor: str | None = Field(None, description="Pass as `cursor` (with the same query) for the next page.")


class DocumentRef(BaseModel):
    id: str
    title: str
    languages: list[str] = []
    lang: str | None = None
    year: int | None = None
    doc_type: str | None = None


class DocumentDetail(Hit):
    filename: str | None = None
    mime_type: str | None = None
    size: int | None = Field(None, description="Bytes.")
    page_count: int | None = None
    authors: list[str] = []
    created: str | None = None
    modified: str | None = None
    truncated: bool | None = Field(None, description="The text was cut at POPS_MAX_TEXT_CHARS.")
    ocr: bool | None = Field(None, description="The text comes from OCR of a scanned document.")
    metadata: dict[str, Any] = {}
    tags: dict[str, Any] = Field({}, description="Tags with the evidence the indexer found for them.")
    excerpt: str = ""
    version_group: str | None = None
    related: list[DocumentRef] = []
    versions: list[DocumentRef] = []


class Suggestion(BaseModel):
    kind: str = Field(description="`title` or `chemical`.")
    text: str
    id: str = Field(description="Document id for a title, chemical id for a chemical.")
    label: str | None = None
    lang: str | None = None


class Listed(BaseModel):
    cop: str
    year: int
    decision: str | None = None


class ChemicalSummary(BaseModel):
    id: str
    name: str
    label: str
    abbreviations: list[str]
    cas: list[str]
    annexes: list[str]
    listed: Listed | None
    candidate: bool = Field(description="An Article 8 candidate today: proposed and not yet listed.")
    categories: list[str] = []
    documents: int = Field(description="Documents in the index tagged with this chemical.")


class NameOut(BaseModel):
    text: str
    status: str


class Article8Stage(BaseModel):
    stage: str
    meeting: str | None
    year: int
    decision: str | None = None


class Article8Out(BaseModel):
    proposed_year: int
    proposer: str | None
    history: list[Article8Stage]


class CountValue(BaseModel):
    value: str
    label: str
    count: int


class ChemicalProfile(ChemicalSummary):
    proposed_annexes: list[str] = []
    candidate_window: list[int | None] | None = None
    article8: Article8Out | None = None
    names: dict[str, list[NameOut]] = Field(description="Names per language, the usual one first.")
    synonyms: dict[str, list[str]] = Field(description="Synonyms per language; `*` holds language-neutral terms.")
    by_topic: list[CountValue] = []
    by_language: list[CountValue] = []
    by_country: list[CountValue] = []
    by_year: list[CountValue] = []
    best_practices: list[Hit] = Field([], description="BAT/BEP, alternatives and guidance documents first.")


class Axis(BaseModel):
    parameter: str
    values: list[CountValue]


class Cell(BaseModel):
    count: int
    url: str


class CompareResponse(BaseModel):
    total: int
    rows: Axis
    cols: Axis
    cells: list[list[Cell]] = Field(description="cells[i][j]: documents with rows value i and cols value j.")


class SignificantValue(BaseModel):
    value: str
    label: str
    count: int
    background_count: int
    score: float


class SynthesisResponse(BaseModel):
    total: int
    terms: list[SignificantValue] = Field(
        description="Distinctive words of the result set against the whole collection.")
    chemicals: list[SignificantValue]
    topics: list[SignificantValue]
    timeline: list[CountValue]
    languages: list[CountValue]
    countries: list[CountValue]
    sources: list[CountValue]
    doc_types: list[CountValue]
    provider_types: list[CountValue]


class GapGroup(BaseModel):
    kind: str = Field(description="`query`, `chemical`, `topic` or `language`.")
    key: str
    label: str
    count: int = Field(description="Low-result searches in this group.")
    first_seen: str | None
    last_seen: str | None
    example: str | None = None
    filters: dict[str, Any] = {}
    hits_then: int | None = Field(None, description="Most hits any of these searches had.")
    hits_now: int | None = Field(None, description="Hits of the latest such search when run again now.")
    closed: bool | None = Field(None, description="The search now finds more than it did: the gap has been filled.")


class GapsResponse(BaseModel):
    threshold: int
    searches: int = Field(description="Low-result searches in the period.")
    queries: list[GapGroup]
    chemicals: list[GapGroup]
    topics: list[GapGroup]
    languages: list[GapGroup]


class InformationRequestIn(BaseModel):
    looked_for: str = Field(min_length=1, max_length=2000, description="What the user looked for and did not find.")
    contact: str | None = Field(None, max_length=200, description="Optional e-mail or name, to be answered.")
    query: str | None = Field(None, max_length=500)
    filters: dict[str, list[str] | int | str] | None = None
    ui_lang: str | None = Field(None, max_length=5)


class InformationRequestOut(InformationRequestIn):
    id: str
    received: str


class ParameterError(BaseModel):
    parameter: str
    in_: str = Field(alias="in", description="`query`, `path` or `body`.")
    message: str


class InvalidParameterResponse(BaseModel):
    """The 422 answer: which parameters are wrong and why."""

    error: str
    message: str
    parameters: list[str]
    detail: list[ParameterError]


class ErrorResponse(BaseModel):
    error: str
    message: str
