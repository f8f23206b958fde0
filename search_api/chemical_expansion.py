"""Recognise chemical names in a query, in any of the six languages, as canonical chemical ids.

Documents carry the ids of the chemicals they discuss (tagged at index time), so a query for
滴滴涕, ДДТ or "DDT" can find every document about DDT whatever its language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from analyzers.analysis import LANGUAGES
from synonyms.registry import load_registry

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\u0600-\u06ff-]+", " ", text).split())


@dataclass(frozen=True)
class ChemicalMention:
    chemical_id: str
    surface: str


@lru_cache(maxsize=1)
def _term_index() -> dict[str, str]:
    registry = load_registry()
    index: dict[str, str] = {}
    for chemical in registry.chemicals.values():
        for lang in (*LANGUAGES, "*"):
            for term in chemical.all_terms(lang):
                folded = _fold(term)
                if folded:
                    index.setdefault(folded, chemical.id)
    return index


def find_chemicals(query: str) -> list[ChemicalMention]:
    """Longest-first matches of registry terms as whole words (or as substrings of Chinese text)."""
    folded = _fold(query)
    if not folded:
        return []
    index = _term_index()
    mentions: list[ChemicalMention] = []
    words = folded.split()
    used = [False] * len(words)
    for size in range(min(len(words), 8), 0, -1):
        for start in range(len(words) - size + 1):
            if any(used[start:start + size]):
                continue
            candidate = " ".join(words[start:start + size])
            found = next((form for form in _number_forms(candidate) if form in index), None)
            if found:
                mentions.append(ChemicalMention(index[found], candidate))
                used[start:start + size] = [True] * size
    for start, word in enumerate(words):
        if used[start] or not _CJK.search(word):
            continue
        for term, chemical_id in index.items():
            if _CJK.search(term) and term in word:
                mentions.append(ChemicalMention(chemical_id, term))
    return mentions


def _number_forms(phrase: str) -> list[str]:
    """The phrase, then its last word in the other number ("dioxin" and "dioxins")."""
    if phrase.endswith("s"):
        return [phrase, phrase[:-1]]
    return [phrase, phrase + "s"]


def remaining_text(query_words: list[str], mentions: list[ChemicalMention]) -> str:
    """The query words that are not part of a recognised chemical name."""
    text = _fold(" ".join(query_words))
    for mention in sorted(mentions, key=lambda m: -len(m.surface)):
        text = text.replace(mention.surface, " ")
    return " ".join(text.split())
