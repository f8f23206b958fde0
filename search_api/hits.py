"""Turning stored documents and their highlights into the `Hit` shape."""

from __future__ import annotations

import html
import re

from analyzers.analysis import LANGUAGES, NEUTRAL
from search_api.models import DocumentRef, Hit

HIT_SOURCE = ["doc_id", "title", "filename", "path", "languages", "lang", "year", "date", "doc_type",
              "provider_type", "source", "chemicals", "candidates", "topics", "countries"]
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
MAX_SNIPPETS = 3
_TAGS = re.compile(r"</?mark>")

TITLE_HIGHLIGHT_FIELDS = [f"title.{lang}" for lang in (*LANGUAGES, NEUTRAL)]
BODY_HIGHLIGHT_FIELDS = [f"body.{lang}" for lang in (*LANGUAGES, NEUTRAL)]


def highlight_spec(has_text: bool = True, fallback_chars: int = 240) -> dict:
    """Unified highlighter with the HTML encoder: text is escaped first, then wrapped in <mark>.

    The language-neutral body field returns the opening of the text when nothing matched, so
    every hit has a snippet. Without query text (browsing by facets) that opening is all there is
    to show, so the other fields are not highlighted at all.
    """
    fields: dict = {}
    if has_text:
        fields = {field: {"number_of_fragments": 0} for field in TITLE_HIGHLIGHT_FIELDS}
        for field in BODY_HIGHLIGHT_FIELDS:
            fields[field] = {"number_of_fragments": MAX_SNIPPETS, "fragment_size": 180}
    fields[f"body.{NEUTRAL}"] = {"number_of_fragments": MAX_SNIPPETS, "fragment_size": 180,
                                 "no_match_size": fallback_chars}
    return {"type": "unified", "encoder": "html", "pre_tags": [MARK_OPEN], "post_tags": [MARK_CLOSE],
            "fields": fields}


def display_title(source: dict, fallback: str) -> str:
    titles = source.get("title") or {}
    if isinstance(titles, str):
        return titles
    lang = source.get("lang")
    for key in (lang, NEUTRAL, *LANGUAGES):
        if key and titles.get(key):
            return str(titles[key])
    return str(source.get("filename") or fallback)


def snippets(highlight: dict, languages: list[str]) -> list[str]:
    """The document's own language fields first, then the neutral one; matches before the fallback."""
    ordered = [f"body.{lang}" for lang in languages if lang in LANGUAGES]
    ordered += [field for field in BODY_HIGHLIGHT_FIELDS if field not in ordered]
    seen: set[str] = set()
    found: list[str] = []
    for field in ordered:
        for fragment in highlight.get(field, []):
            key = " ".join(_TAGS.sub("", fragment).split())
            if key and key not in seen:
                seen.add(key)
                found.append(fragment.strip())
    if any(MARK_OPEN in fragment for fragment in found):
        found = [fragment for fragment in found if MARK_OPEN in fragment]
    return found[:MAX_SNIPPETS]


def _title_html(highlight: dict, title: str) -> str:
    for field in TITLE_HIGHLIGHT_FIELDS:
        for fragment in highlight.get(field, []):
            if MARK_OPEN in fragment:
                return fragment
    return html.escape(title)


def _list(value) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def hit_from(raw: dict) -> Hit:
    source = raw.get("_source", {})
    doc_id = str(source.get("doc_id") or raw["_id"])
    title = display_title(source, doc_id)
    highlight = raw.get("highlight", {})
    languages = _list(source.get("languages")) or _list(source.get("lang"))
    return Hit(
        id=doc_id, title=title, title_html=_title_html(highlight, title), path=source.get("path"),
        languages=languages, lang=source.get("lang"), year=source.get("year"),
        date=str(source["date"]) if source.get("date") else None, doc_type=source.get("doc_type"),
        provider_type=source.get("provider_type"), source=source.get("source"),
        chemicals=_list(source.get("chemicals")), candidates=_list(source.get("candidates")),
        topics=_list(source.get("topics")), countries=_list(source.get("countries")),
        snippets=snippets(highlight, languages), score=raw.get("_score"),
    )


def ref_from(raw: dict) -> DocumentRef:
    source = raw.get("_source", {})
    doc_id = str(source.get("doc_id") or raw["_id"])
    return DocumentRef(id=doc_id, title=display_title(source, doc_id),
                       languages=_list(source.get("languages")) or _list(source.get("lang")),
                       lang=source.get("lang"), year=source.get("year"), doc_type=source.get("doc_type"))
