"""Chemicals named in a document: by name or synonym in the document's languages, by language-neutral
abbreviation, or by CAS Registry Number.

The dictionary is built from the synonyms registry itself (``synonyms.registry``), not from the
generated pattern file, so a registry edit reaches the tagger without a compile step. CAS numbers are
found by pattern rather than by dictionary: a number counts only when its check digit is right and the
registry knows it, so "1763-23-2" (a typo of PFOS's 1763-23-1) tags nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from indexer.tagging.phrases import NEUTRAL, Hit, Phrase, PhraseTable, longest_spans
from synonyms.registry import LANGUAGES, Registry, cas_is_valid, load_registry

CAS_NUMBER = re.compile(r"(?<![\d-])\d{2,7}-\d{2}-\d(?![\d-])")
CAS_SHAPE = re.compile(r"^\d{2,7}-\d{2}-\d$")


@dataclass(frozen=True)
class ChemicalIndex:
    """The registry, its terms compiled into matchers, and its CAS numbers."""

    registry: Registry
    table: PhraseTable
    by_cas: dict[str, str]


@functools.cache
def chemical_index() -> ChemicalIndex:
    """Built once per process from the packaged registry."""
    registry = load_registry()
    return ChemicalIndex(
        registry=registry,
        table=PhraseTable(_phrases(registry)),
        by_cas={cas: chemical.id for chemical in registry.chemicals.values() for cas in chemical.cas},
    )


def find_chemicals(doc: Doc, text: str, languages: Iterable[str]) -> list[Hit]:
    """Chemical hits: dictionary phrases (longest span wins) in ``doc``, and valid known CAS numbers in ``text``.

    ``text`` is the prepared text ``doc`` was parsed from; CAS hits carry character offsets, which never
    collide with token hits because the two are not resolved against each other.
    """
    index = chemical_index()
    hits = longest_spans(index.table.find(doc, languages))
    for match in CAS_NUMBER.finditer(text):
        number = match.group()
        owner = index.by_cas.get(number)
        if owner and cas_is_valid(number):
            hits.append(Hit(owner, number, match.start(), match.end()))
    return hits


def _phrases(registry: Registry) -> list[Phrase]:
    phrases: list[Phrase] = []
    for chemical in registry.chemicals.values():
        neutral = [term for term in chemical.all_terms(NEUTRAL) if not CAS_SHAPE.match(term)]
        phrases += [Phrase(chemical.id, NEUTRAL, term) for term in neutral]
        for language in LANGUAGES:
            own = [term for term in chemical.all_terms(language) if term not in chemical.synonyms.get(NEUTRAL, ())]
            phrases += [Phrase(chemical.id, language, term) for term in own]
    return phrases
