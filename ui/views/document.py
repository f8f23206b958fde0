"""The document page: metadata, tags with the evidence behind them, related documents and versions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from search_api.labels import (chemical_label, country_label, doc_type_label, language_label, provider_type_label,
                               topic_label)
from search_api.models import DocumentDetail
from ui import links
from ui.highlight import highlight, highlight_fragment, query_terms
from ui.i18n import N_
from ui.templating import translate
from ui.vocabulary import FACET_TITLES

# Extracted metadata worth showing a reader, with its name on the page; the rest stays in the API's answer.
SHOWN_METADATA = {
    "dc:creator": N_("Author"),
    "dc:publisher": N_("Publisher"),
    "dc:subject": N_("Subject"),
    "meta:keyword": N_("Keywords"),
    "Content-Type": N_("File format"),
}


@dataclass
class TagView:
    kind: str
    label: str
    href: str
    evidence: list[tuple[str, int]]


def _evidence(detail: DocumentDetail, kind: str) -> dict[str, list[tuple[str, int]]]:
    found = {}
    for item in (detail.tags.get("evidence") or {}).get(kind, []) or []:
        phrases = item.get("phrases") or {}
        found[str(item.get("id"))] = sorted(((str(p), int(n)) for p, n in phrases.items()), key=lambda pair: -pair[1])
    return found


def tag_views(detail: DocumentDetail, lang: str) -> list[TagView]:
    """Chemicals (to their pages), topics and countries (to a search), each with what the tagger found."""
    views = []
    chemicals, topics, countries = (_evidence(detail, kind) for kind in ("chemicals", "topics", "countries"))
    kinds = {param: translate(lang, FACET_TITLES[param]) for param in ("chemical", "topic", "country")}
    for chemical in detail.chemicals:
        views.append(TagView(kinds["chemical"], chemical_label(chemical, lang),
                             f"/chemicals/{chemical}", chemicals.get(chemical, [])))
    for topic in detail.topics:
        views.append(TagView(kinds["topic"], topic_label(topic, lang), links.href("/", [("topic", topic)]),
                             topics.get(topic, [])))
    for country in detail.countries:
        views.append(TagView(kinds["country"], country_label(country, lang),
                             links.href("/", [("country", country)]), countries.get(country, [])))
    return views


def metadata_rows(detail: DocumentDetail, lang: str) -> list[tuple[str, str]]:
    rows = []
    if detail.languages:
        rows.append((translate(lang, "Languages"), ", ".join(language_label(code, lang) for code in detail.languages)))
    if detail.doc_type:
        rows.append((translate(lang, "Document type"), doc_type_label(detail.doc_type, lang)))
    if detail.provider_type:
        rows.append((translate(lang, "Provider type"), provider_type_label(detail.provider_type, lang)))
    if detail.source:
        rows.append((translate(lang, "Source"), detail.source))
    for key, name in SHOWN_METADATA.items():
        value = detail.metadata.get(key)
        if value:
            rows.append((translate(lang, name), ", ".join(map(str, value)) if isinstance(value, list) else str(value)))
    return rows


def context(detail: DocumentDetail, query: str, lang: str) -> dict[str, Any]:
    terms = query_terms(query)
    return {
        "section": "search",
        "document": detail,
        "query": query,
        "tags": tag_views(detail, lang),
        "metadata": metadata_rows(detail, lang),
        "preview": highlight_fragment(detail.excerpt, terms) if detail.excerpt else None,
        "title": highlight(detail.title, terms),
        "back_href": links.href("/", [("q", query)]),
        "language_names": {code: language_label(code, lang) for code in
                           {*detail.languages, *(ref.lang for ref in detail.versions if ref.lang)}},
    }
