"""Countries and Parties named in a document, as ISO 3166-1 alpha-2 codes.

In scripts with letter case a name counts only when written with capitals, which keeps "china"
(porcelain) and "turkey" out; names that double as surnames or animals ("Chad", "Jordan",
"Guinea pig") need a context that does not make them part of another name.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from spacy.tokens import Doc

from indexer.tagging.country_names import AMBIGUOUS_NAMES, NOT_A_COUNTRY_AFTER, NOT_COUNTRIES, country_names
from indexer.tagging.phrases import Hit, Phrase, PhraseTable, longest_spans

NOT_A_COUNTRY = ""
NEUTRAL_NEIGHBOURS = set("In From To For And Of The With By At On Lake Republic Government Parties Party".split())


@functools.cache
def country_table() -> PhraseTable:
    """All country names, compiled once per process."""
    names = [
        Phrase(code, language, name) for language, names in country_names().items() for name, code in names.items()
    ]
    blockers = [Phrase(NOT_A_COUNTRY, language, name) for language, names in NOT_COUNTRIES.items() for name in names]
    return PhraseTable([*names, *blockers])


def find_countries(doc: Doc, languages: Iterable[str]) -> list[Hit]:
    """Country hits in ``doc`` for the given languages, longest names first."""
    hits = [
        hit for hit in country_table().find(doc, languages) if hit.key == NOT_A_COUNTRY or _written_as_name(doc, hit)
    ]
    return [hit for hit in longest_spans(hits) if hit.key != NOT_A_COUNTRY]


def _written_as_name(doc: Doc, hit: Hit) -> bool:
    span = doc[hit.start : hit.end]
    words = [token for token in span if token.is_alpha]
    if not words or not _has_case(words[0].text):
        return True
    if not span.text.isupper() and not (words[0].text[0].isupper() and words[-1].text[0].isupper()):
        return False
    if hit.phrase not in AMBIGUOUS_NAMES:
        return True
    after = doc[hit.end] if hit.end < len(doc) else None
    before = doc[hit.start - 1] if hit.start > 0 else None
    if after is not None and (after.lower_ in NOT_A_COUNTRY_AFTER or _is_other_name(after.text)):
        return False
    return before is None or not _is_other_name(before.text)


def _is_other_name(word: str) -> bool:
    return word.isalpha() and word[0].isupper() and word not in NEUTRAL_NEIGHBOURS


def _has_case(word: str) -> bool:
    return word[0].lower() != word[0].upper()
