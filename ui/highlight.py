"""Highlight a user's query in a document's text: escape the text first, then add the <mark> tags.

Doing it in that order means nothing in the document can become markup, whatever it contains.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

from search_api.query_syntax import parse

MIN_TERM_CHARS = 2


def query_terms(query: str | None) -> list[str]:
    """The words and phrases a query looks for (not the excluded ones), longest first."""
    if not query:
        return []
    parsed = parse(query)
    phrases = re.findall(r'"([^"]+)"', parsed.positive_text)
    words = re.sub(r'"[^"]*"', " ", parsed.positive_text).split()
    terms = {" ".join(term.split()) for term in [*phrases, *words] if term.upper() != "OR"}
    return sorted((term for term in terms if len(term) >= MIN_TERM_CHARS), key=len, reverse=True)


def highlight(text: str, terms: list[str]) -> Markup:
    """`text` (plain) escaped, with every case-insensitive occurrence of a term wrapped in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term).replace(r"\ ", r"\s+") for term in terms), re.IGNORECASE)
    parts: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(str(escape(text[position:match.start()])))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))


def highlight_fragment(escaped_html: str, terms: list[str]) -> Markup:
    """Re-highlight a fragment OpenSearch already HTML-encoded: decode it to text, then `highlight`."""
    plain = html.unescape(re.sub(r"</?mark>", "", escaped_html))
    return highlight(plain, terms)
