"""Dictionary matching shared by the taggers: phrases per language, compiled into spaCy PhraseMatchers.

Each phrase is tokenised like the documents (see ``tokens``) and matched on the folded NORM, so case,
accents and diacritics do not matter. Two refinements keep dictionary matching honest:
abbreviations written in capitals ("DDT", "PFOS", "HBCD") only match capitals, because a lower-case
look-alike is usually another word; and phrases that overlap are resolved by keeping the longest span, so
"gamma-hexachlorocyclohexane" is one match, not also "hexachlorocyclohexane".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from indexer.tagging.tokens import arabic_variants, parse, pipeline, prepare

NEUTRAL = "*"


@dataclass(frozen=True)
class Phrase:
    """A dictionary entry: the tag it stands for, its language ("*" for any) and its text."""

    key: str
    language: str
    text: str


@dataclass(frozen=True)
class Hit:
    """A phrase found in a document, by token offsets."""

    key: str
    phrase: str
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


class PhraseTable:
    """Phrases compiled into one PhraseMatcher per language, plus one for language-neutral phrases."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        vocab = pipeline().vocab
        phrases = list(phrases)
        self._matchers: dict[str, PhraseMatcher] = {}
        self._entries: dict[int, tuple[str, str, tuple[bool, ...]]] = {}
        forms = sorted(
            (
                (distance, index, form, phrase)
                for index, phrase in enumerate(phrases)
                for distance, form in _written_forms(phrase)
            ),
            key=lambda item: item[:3],
        )
        # a form belongs to the phrases it is closest to; a clitic variant never shadows another phrase
        closest: dict[tuple[str, str], int] = {}
        owned: set[tuple[str, str, str]] = set()
        for distance, _, form, phrase in forms:
            pattern = parse(prepare(form))
            normal = " ".join(token.norm_ for token in pattern)
            if not len(pattern) or (phrase.language, phrase.key, normal) in owned:
                continue
            if closest.setdefault((phrase.language, normal), distance) < distance:
                continue
            owned.add((phrase.language, phrase.key, normal))
            capitals = _capitals(pattern)
            label = f"{phrase.key}\x1f{phrase.text}\x1f{capitals}"
            self._entries[vocab.strings.add(label)] = (phrase.key, phrase.text, capitals)
            matcher = self._matchers.get(phrase.language)
            if matcher is None:
                matcher = self._matchers[phrase.language] = PhraseMatcher(vocab, attr="NORM")
            matcher.add(label, [pattern])

    def find(self, doc: Doc, languages: Iterable[str]) -> list[Hit]:
        """Hits of the phrases of ``languages`` and the neutral ones, overlaps not yet resolved."""
        hits: set[Hit] = set()
        for language in {*languages, NEUTRAL}:
            matcher = self._matchers.get(language)
            if matcher is None:
                continue
            for match_id, start, end in matcher(doc):
                key, text, capitals = self._entries[match_id]
                if _capitals_agree(doc, start, capitals):
                    hits.add(Hit(key, text, start, end))
        return sorted(hits, key=lambda hit: (hit.start, -hit.length, hit.key))


def longest_spans(hits: Iterable[Hit]) -> list[Hit]:
    """Keep the longest of overlapping hits (the earliest on a tie); a span claimed by several keys keeps them all."""
    ordered = sorted(hits, key=lambda hit: (-hit.length, hit.start, hit.key))
    taken: set[int] = set()
    kept: list[Hit] = []
    claimed: dict[tuple[int, int], set[str]] = {}
    for hit in ordered:
        span = (hit.start, hit.end)
        if span in claimed:
            if hit.key not in claimed[span]:
                claimed[span].add(hit.key)
                kept.append(hit)
            continue
        tokens = range(hit.start, hit.end)
        if any(index in taken for index in tokens):
            continue
        taken.update(tokens)
        claimed[span] = {hit.key}
        kept.append(hit)
    return sorted(kept, key=lambda hit: (hit.start, hit.key))


def count_phrases(hits: Iterable[Hit]) -> dict[str, dict[str, int]]:
    """key -> {phrase: occurrences}, the evidence a tag rests on."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for hit in hits:
        counts[hit.key][hit.phrase] += 1
    return {key: dict(phrases) for key, phrases in counts.items()}


def _written_forms(phrase: Phrase) -> list[tuple[int, str]]:
    return arabic_variants(phrase.text) if phrase.language in ("ar", NEUTRAL) else [(0, phrase.text)]


def _capitals(pattern: Doc) -> tuple[bool, ...]:
    """Which pattern tokens are abbreviations in capitals (two or more capital letters, nothing lower-case)."""
    return tuple(
        sum(ch.isupper() for ch in token.text) >= 2 and not any(ch.islower() for ch in token.text)
        for token in pattern
    )


def _capitals_agree(doc: Doc, start: int, capitals: tuple[bool, ...]) -> bool:
    return all(
        not upper or not any(ch.islower() for ch in doc[start + offset].text) for offset, upper in enumerate(capitals)
    )
