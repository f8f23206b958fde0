"""Chemical profiles: registry facts joined with what the index holds about each chemical.

A party looking for best practices on a chemical starts here, so the profile's documents put
BAT/BEP, alternatives and guidance first.
"""

from __future__ import annotations

from opensearchpy import OpenSearch

from search_api.errors import NotFound
from search_api.hits import HIT_SOURCE, highlight_spec, hit_from
from search_api.labels import label
from search_api.models import (Article8Out, Article8Stage, ChemicalProfile, ChemicalSummary, CountValue, Listed,
                               NameOut)
from synonyms.registry import Chemical, load_registry

BEST_PRACTICE_TOPICS = ("bat-bep", "alternatives")
BEST_PRACTICE_DOC_TYPES = ("guidance",)
PROFILE_DOCUMENTS = 10


def _summary(chemical: Chemical, ui_lang: str, documents: int, candidates_now: set[str]) -> dict:
    listing = chemical.listing
    return {
        "id": chemical.id, "name": chemical.name, "label": chemical.label(ui_lang),
        "abbreviations": list(chemical.abbreviations), "cas": list(chemical.cas), "annexes": list(chemical.annexes),
        "listed": Listed(cop=listing.cop, year=listing.year, decision=listing.decision) if listing else None,
        "candidate": chemical.id in candidates_now, "categories": list(chemical.categories), "documents": documents,
    }


def _counts(client: OpenSearch, alias: str) -> dict[str, int]:
    response = client.search(index=alias, body={
        "size": 0, "aggs": {"chemicals": {"terms": {"field": "chemicals", "size": 1000}}}})
    return {b["key"]: b["doc_count"] for b in response["aggregations"]["chemicals"]["buckets"]}


def list_chemicals(client: OpenSearch, alias: str, ui_lang: str = "en") -> list[ChemicalSummary]:
    registry = load_registry()
    counts = _counts(client, alias)
    candidates = registry.candidates_now()
    return [ChemicalSummary(**_summary(chemical, ui_lang, counts.get(chemical.id, 0), candidates))
            for chemical in registry.chemicals.values()]


def _values(param: str, buckets: list[dict], ui_lang: str) -> list[CountValue]:
    return [CountValue(value=str(b["key"] if param != "year" else int(b["key"])),
                       label=label(param, str(b["key"] if param != "year" else int(b["key"])), ui_lang),
                       count=b["doc_count"]) for b in buckets]


def best_practice_query(chemical_id: str) -> dict:
    """Documents tagged with the chemical; BAT/BEP, alternatives and guidance score higher."""
    return {"bool": {
        "filter": [{"term": {"chemicals": chemical_id}}],
        "should": [{"terms": {"topics": list(BEST_PRACTICE_TOPICS), "boost": 3}},
                   {"terms": {"doc_type": list(BEST_PRACTICE_DOC_TYPES), "boost": 2}}],
    }}


def chemical_profile(client: OpenSearch, alias: str, chemical_id: str, ui_lang: str = "en") -> ChemicalProfile:
    registry = load_registry()
    chemical = registry.chemicals.get(chemical_id)
    if chemical is None:
        raise NotFound(f"no chemical with id {chemical_id!r}")
    response = client.search(index=alias, body={
        "size": PROFILE_DOCUMENTS, "_source": HIT_SOURCE, "track_total_hits": True,
        "query": best_practice_query(chemical_id),
        "sort": ["_score", {"year": {"order": "desc", "missing": "_last"}}, {"doc_id": "asc"}],
        "highlight": highlight_spec(has_text=False),
        "aggs": {"topics": {"terms": {"field": "topics", "size": 50}},
                 "languages": {"terms": {"field": "languages", "size": 10}},
                 "countries": {"terms": {"field": "countries", "size": 250}},
                 "years": {"histogram": {"field": "year", "interval": 1, "min_doc_count": 1}}},
    })
    aggs = response["aggregations"]
    article8 = chemical.article8
    return ChemicalProfile(
        **_summary(chemical, ui_lang, response["hits"]["total"]["value"], registry.candidates_now()),
        proposed_annexes=list(chemical.proposed_annexes),
        candidate_window=list(chemical.candidate_window) if chemical.candidate_window else None,
        article8=Article8Out(
            proposed_year=article8.proposed_year, proposer=article8.proposer,
            history=[Article8Stage(stage=s.stage, meeting=s.meeting, year=s.year, decision=s.decision)
                     for s in article8.history]) if article8 else None,
        names={lang: [NameOut(text=n.text, status=n.status) for n in names] for lang, names in chemical.names.items()},
        synonyms={lang: list(terms) for lang, terms in chemical.synonyms.items()},
        by_topic=_values("topic", aggs["topics"]["buckets"], ui_lang),
        by_language=_values("lang", aggs["languages"]["buckets"], ui_lang),
        by_country=_values("country", aggs["countries"]["buckets"], ui_lang),
        by_year=_values("year", aggs["years"]["buckets"], ui_lang),
        best_practices=[hit_from(raw) for raw in response["hits"]["hits"]],
    )
