"""Autocomplete: document titles from the index, chemical names in six languages from the registry."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from opensearchpy import OpenSearch

from analyzers.analysis import LANGUAGES
from search_api.hits import display_title
from search_api.models import Suggestion
from synonyms.registry import NEUTRAL, load_registry


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@lru_cache(maxsize=1)
def _chemical_terms() -> list[tuple[str, str, str, str]]:
    """(folded term, term, language, chemical id) for every name, abbreviation and synonym."""
    terms = []
    seen = set()
    for chemical in load_registry().chemicals.values():
        by_language = {lang: [name.text for name in chemical.names.get(lang, ())]
                       + list(chemical.synonyms.get(lang, ())) for lang in LANGUAGES}
        by_language[NEUTRAL] = [*chemical.abbreviations, *chemical.synonyms.get(NEUTRAL, ())]
        for lang, language_terms in by_language.items():
            for term in language_terms:
                key = (fold(term), chemical.id)
                if key not in seen:
                    seen.add(key)
                    terms.append((key[0], term, lang, chemical.id))
    return terms


def chemical_suggestions(prefix: str, ui_lang: str, limit: int) -> list[Suggestion]:
    """Chemicals one of whose terms starts with `prefix` (or has a word that does); one entry each."""
    wanted = fold(prefix)
    if not wanted:
        return []
    ranked: dict[str, tuple[int, int, str, str]] = {}
    for folded, term, lang, chemical_id in _chemical_terms():
        if folded.startswith(wanted):
            rank = 0
        elif any(word.startswith(wanted) for word in folded.split()[1:]):
            rank = 1
        else:
            continue
        key = (rank, len(term), term, lang)
        if chemical_id not in ranked or key < ranked[chemical_id]:
            ranked[chemical_id] = key
    registry = load_registry()
    best = sorted(ranked.items(), key=lambda item: item[1])[:limit]
    return [Suggestion(kind="chemical", text=term, id=chemical_id, label=registry.get(chemical_id).label(ui_lang),
                       lang=None if lang == NEUTRAL else lang)
            for chemical_id, (_, _, term, lang) in best]


def title_suggestions(client: OpenSearch, alias: str, prefix: str, limit: int) -> list[Suggestion]:
    response = client.search(index=alias, body={
        "size": limit, "_source": ["doc_id", "title", "filename", "lang"],
        "query": {"multi_match": {"query": prefix, "type": "bool_prefix",
                                  "fields": ["title_suggest", "title_suggest._2gram", "title_suggest._3gram"]}},
    })
    suggestions = []
    for hit in response["hits"]["hits"]:
        source = hit["_source"]
        doc_id = str(source.get("doc_id") or hit["_id"])
        suggestions.append(Suggestion(kind="title", text=display_title(source, doc_id), id=doc_id,
                                      lang=source.get("lang")))
    return suggestions


def suggest(client: OpenSearch, alias: str, prefix: str, ui_lang: str = "en", limit: int = 10) -> list[Suggestion]:
    """Chemicals first (they widen a search across languages), then titles; each gets at least half."""
    chemicals = chemical_suggestions(prefix, ui_lang, limit)
    titles = title_suggestions(client, alias, prefix, limit)
    n_chemicals = min(len(chemicals), max(limit - len(titles), (limit + 1) // 2))
    return chemicals[:n_chemicals] + titles[:limit - n_chemicals]
