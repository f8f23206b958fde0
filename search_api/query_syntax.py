"""The user's query syntax: words, "phrases", -exclusions and OR. Never fails: anything else is text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_OPERATORS = re.compile(r"[+|&!(){}\[\]^~*?:\\/<>=]")


@dataclass
class ParsedQuery:
    """Alternatives are OR-ed groups; each group's words and phrases are AND-ed."""

    groups: list[list[str]] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def positive_text(self) -> str:
        return " ".join(" ".join(group) for group in self.groups)

    @property
    def empty(self) -> bool:
        return not any(self.groups)


def _clean(text: str) -> str:
    """Characters with a meaning in OpenSearch's syntaxes are searched as spaces."""
    return " ".join(_OPERATORS.sub(" ", text).split())


def parse(raw: str | None) -> ParsedQuery:
    parsed = ParsedQuery()
    text = unicodedata.normalize("NFKC", raw or "").replace("“", '"').replace("”", '"').replace("«", '"').replace("»", '"')
    if text.count('"') % 2:
        text = text.replace('"', " ")
    current: list[str] = []
    for negated, phrase, word in _TOKEN.findall(text):
        if word == "OR":
            if current:
                parsed.groups.append(current)
                current = []
            continue
        if word.startswith("-") and len(word) > 1:
            negated, word = "-", word[1:]
        term = _clean(phrase if phrase else word)
        if not term:
            continue
        if negated:
            parsed.excluded.append(term)
            continue
        if phrase and " " in term:
            parsed.phrases.append(term)
            current.append(f'"{term}"')
        else:
            current.extend(term.split())
    if current:
        parsed.groups.append(current)
    return parsed


def normalise(raw: str | None) -> str:
    """The form under which the gap report groups queries: folded case, single spaces, sorted terms."""
    folded = unicodedata.normalize("NFKC", raw or "").casefold()
    return " ".join(sorted(_clean(folded.replace('"', " ")).split()))
