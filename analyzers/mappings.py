"""Field mappings of the document index. Bump MAPPING_VERSION with every change, then `pops migrate`."""

from __future__ import annotations

from analyzers.analysis import LANGUAGES, NEUTRAL, SEARCH_ANALYZER

MAPPING_VERSION = 2

# Facet and filter fields: keyword, doc values, eager ordinals for fast first facet requests.
FACET_FIELDS = ("chemicals", "candidates", "candidates_now", "topics", "languages", "countries",
                "doc_type", "provider_type", "source")


def _language_text(lang: str, with_offsets: bool) -> dict:
    field: dict = {"type": "text", "analyzer": f"pops_{lang}"}
    if with_offsets:
        field["index_options"] = "offsets"  # highlighting without re-analysis, whatever the length
    if lang == "zh":
        field["fields"] = {"bigram": {"type": "text", "analyzer": "pops_zh_bigram"}}
    if lang == NEUTRAL:
        field["search_analyzer"] = SEARCH_ANALYZER
        # Word pairs indexed as terms: the chemical names that synonyms expand to are phrases
        # (many per chemical, in six languages), and a phrase of pairs is far cheaper to match.
        field["index_phrases"] = True
    return field


def _multilingual(with_offsets: bool, copy_to: str | None = None) -> dict:
    properties = {lang: _language_text(lang, with_offsets) for lang in (*LANGUAGES, NEUTRAL)}
    if copy_to:
        properties[NEUTRAL]["copy_to"] = copy_to
    return {"properties": properties}


def _keyword() -> dict:
    return {"type": "keyword", "eager_global_ordinals": True}


def mappings() -> dict:
    properties: dict = {
        "doc_id": {"type": "keyword"},
        "content_hash": {"type": "keyword"},
        "path": {"type": "keyword"},
        "paths": {"type": "keyword"},
        "root": {"type": "keyword"},
        "filename": {"type": "keyword", "normalizer": "folded"},
        "title": _multilingual(with_offsets=False, copy_to="spell"),
        "title_exact": {"type": "keyword", "normalizer": "folded"},
        "title_suggest": {"type": "search_as_you_type", "analyzer": "pops_std"},
        "chemical_names": {"type": "search_as_you_type", "analyzer": "pops_std"},
        "body": _multilingual(with_offsets=True, copy_to="spell"),
        "spell": {"type": "text", "analyzer": "pops_std", "fields": {"shingle": {"type": "text", "analyzer": "pops_shingle"}}},
        "lang": {"type": "keyword"},
        "lang_confidence": {"type": "float"},
        "year": {"type": "integer"},
        "date": {"type": "date"},
        "created": {"type": "date"},
        "modified": {"type": "date"},
        "authors": {"type": "keyword"},
        "mime_type": {"type": "keyword"},
        "size": {"type": "long"},
        "page_count": {"type": "integer"},
        "text_length": {"type": "integer"},
        "truncated": {"type": "boolean"},
        "ocr": {"type": "boolean"},
        "version_group": {"type": "keyword"},
        "indexed_at": {"type": "date"},
        "tags": {"type": "object", "enabled": False},
        "metadata": {"type": "object", "enabled": False},
    }
    for field in FACET_FIELDS:
        properties[field] = _keyword()
    return {
        "dynamic": "strict",
        "_meta": {"mapping_version": MAPPING_VERSION},
        "properties": properties,
    }
