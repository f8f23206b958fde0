"""The index document of one file, exactly as the strict mapping in `analyzers/mappings.py` expects it.

Text goes into the field of the detected language (when it is one of the six with its own
analyser) and always into the neutral `std` field, so a document whose language was misjudged
is still found.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any

from analyzers.analysis import LANGUAGES, NEUTRAL
from indexer.extract import Extracted
from indexer.language import LanguageResult
from indexer.walk import FoundFile
from synonyms.registry import load_registry


@lru_cache(maxsize=256)
def chemical_labels(chemical_id: str) -> tuple[str, ...]:
    """The chemical's display name in each UN language, for search-as-you-type."""
    try:
        chemical = load_registry().get(chemical_id)
    except KeyError:
        return ()
    return tuple(dict.fromkeys(chemical.label(lang) for lang in LANGUAGES))


def _multilingual(value: str, lang: str) -> dict[str, str]:
    fields = {NEUTRAL: value}
    if lang in LANGUAGES:
        fields[lang] = value
    return fields


def document_year(explicit: dict[str, Any], tags: Any, date: str | None) -> int | None:
    """Explicit metadata first, then the year the tagger found, then the document date."""
    if explicit.get("year"):
        return int(explicit["year"])
    if getattr(tags, "year", None):
        return int(tags.year)
    return int(date[:4]) if date else None


def build_document(*, found: FoundFile, content_hash: str, extracted: Extracted, language: LanguageResult,
                   tags: Any, explicit: dict[str, Any], indexed_at: datetime.datetime | None = None) -> dict[str, Any]:
    lang = language.primary
    chemicals = list(tags.chemicals)
    date = explicit.get("date")
    title = extracted.title or found.name
    return {
        "doc_id": content_hash,
        "content_hash": content_hash,
        "path": found.absolute,
        "paths": [found.absolute],
        "root": found.root,
        "filename": found.name,
        "title": _multilingual(title, lang),
        "title_exact": title,
        "title_suggest": title,
        "chemical_names": list(dict.fromkeys(label for chem in chemicals for label in chemical_labels(chem))),
        "body": _multilingual(extracted.text, lang),
        "lang": lang,
        "languages": list(language.languages),
        "lang_confidence": float(language.confidence),
        "chemicals": chemicals,
        "candidates": list(tags.candidates),
        "candidates_now": list(tags.candidates_now),
        "topics": list(tags.topics),
        "countries": list(tags.countries),
        "doc_type": explicit.get("doc_type") or tags.doc_type,
        "provider_type": explicit.get("provider_type"),
        "source": explicit.get("source"),
        "year": document_year(explicit, tags, date),
        "date": date,
        "created": extracted.created,
        "modified": extracted.modified,
        "authors": extracted.authors,
        "mime_type": extracted.mime_type,
        "size": found.size,
        "page_count": extracted.page_count,
        "text_length": extracted.text_length,
        "truncated": extracted.truncated,
        "ocr": extracted.ocr,
        "version_group": explicit.get("version_group"),
        "indexed_at": (indexed_at or datetime.datetime.now(datetime.timezone.utc)).isoformat(),
        "tags": tags.to_dict(),
        "metadata": extracted.metadata,
    }
