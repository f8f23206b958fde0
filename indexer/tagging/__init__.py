"""Tagging: what a document is about, from its text, title, date and format.

``tag_document`` is the single entry point. The text is prepared and tokenised once; chemicals,
topics and countries are matched on that one token stream, the year and document type are read from
the title and opening text. Matchers are built on first use and kept for the life of the process.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass, field
from typing import Any

from indexer.tagging.chemicals import chemical_index, find_chemicals
from indexer.tagging.countries import country_table, find_countries
from indexer.tagging.dates import document_year
from indexer.tagging.doc_type import document_type
from indexer.tagging.evidence import Evidence
from indexer.tagging.phrases import Hit, count_phrases
from indexer.tagging.tokens import count_tokens, parse, pipeline, prepare
from indexer.tagging.topics import score_topics, topic_index

TAGGED_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
_BUILDING = threading.Lock()  # the first documents may arrive on several threads at once
# Tagging is CPU-bound Python, so one document at a time costs nothing; it lets each document run in
# a spaCy memory zone, which frees the strings it added to the vocabulary (memory stays flat).
_TAGGING = threading.Lock()

__all__ = ["Tags", "tag_document", "warm_up", "TAGGED_LANGUAGES"]


@dataclass
class Tags:
    """Everything the tagger says about a document, and the evidence for it."""

    chemicals: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    candidates_now: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    year: int | None = None
    doc_type: str | None = None
    evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "chemicals": list(self.chemicals),
            "candidates": list(self.candidates),
            "candidates_now": list(self.candidates_now),
            "topics": list(self.topics),
            "countries": list(self.countries),
            "year": self.year,
            "doc_type": self.doc_type,
            "evidence": {kind: [dict(item) for item in items] for kind, items in self.evidence.items()},
        }


def tag_document(
    text: str,
    *,
    title: str = "",
    languages: list[str],
    date: datetime.date | None = None,
    mime_type: str | None = None,
) -> Tags:
    """Tag a document written in ``languages`` (as detected; empty or unknown means all six are tried)."""
    _build_matchers()
    searched = [language for language in languages if language in TAGGED_LANGUAGES] or list(TAGGED_LANGUAGES)
    prepared_title, prepared_text = prepare(title or ""), prepare(text or "")
    combined = f"{prepared_title}\n\n{prepared_text}" if prepared_title else prepared_text
    with _TAGGING, pipeline().memory_zone():
        doc = parse(combined)
        chemicals = _by_key(find_chemicals(doc, combined, searched))
        topics = score_topics(doc, searched, title_tokens=count_tokens(prepared_title))
        countries = _by_key(find_countries(doc, searched))
    year = document_year(text or "", title=title or "", date=date)
    doc_type = document_type(text or "", title=title or "", mime_type=mime_type)

    registry = chemical_index().registry
    chemical_ids = sorted(evidence.id for evidence in chemicals)
    on = date or (datetime.date(int(year.id), 1, 1) if year else None)
    now = registry.candidates_now()
    return Tags(
        chemicals=chemical_ids,
        candidates=[chem for chem in chemical_ids if on is not None and registry.is_candidate(chem, on)],
        candidates_now=[chem for chem in chemical_ids if chem in now],
        topics=[str(evidence.id) for evidence in topics],
        countries=sorted(str(evidence.id) for evidence in countries),
        year=int(year.id) if year else None,
        doc_type=str(doc_type.id) if doc_type else None,
        evidence={
            "chemicals": [evidence.to_dict() for evidence in chemicals],
            "topics": [evidence.to_dict() for evidence in topics],
            "countries": [evidence.to_dict() for evidence in countries],
            "year": [year.to_dict()] if year else [],
            "doc_type": [doc_type.to_dict()] if doc_type else [],
        },
    )


def warm_up() -> None:
    """Build every matcher now rather than on the first document (a few seconds, once per process)."""
    _build_matchers()


def _build_matchers() -> None:
    with _BUILDING:
        chemical_index()
        topic_index()
        country_table()


def _by_key(hits: list[Hit]) -> list[Evidence]:
    """One piece of evidence per tag: its phrases counted, the score being the number of mentions."""
    return [Evidence(key, found, float(sum(found.values()))) for key, found in sorted(count_phrases(hits).items())]
