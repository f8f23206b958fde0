"""Topics a document is about, scored by the signal phrases of the topic taxonomy (``synonyms/topics.yaml``).

The taxonomy's convention: each distinct phrase found adds its weight (repeating a phrase adds
nothing), and a topic is tagged when the sum reaches the topic's threshold, so one supporting phrase
in passing is not enough while a term of art is. On top of it, a phrase found in the title counts
``TITLE_FACTOR`` times its weight: a title states what the document is about.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from spacy.tokens import Doc

from indexer.tagging.evidence import Evidence
from indexer.tagging.phrases import Hit, Phrase, PhraseTable, count_phrases, longest_spans
from synonyms.registry import Topic, load_topics

TITLE_FACTOR = 2.0


@functools.cache
def topic_index() -> tuple[Mapping[str, Topic], PhraseTable]:
    """The taxonomy and its phrases compiled, once per process."""
    topics = load_topics()
    table = PhraseTable(
        Phrase(topic.id, language, phrase)
        for topic in topics.values()
        for language, phrases in topic.phrases.items()
        for phrase in phrases
    )
    return topics, table


def score_topics(doc: Doc, languages: Iterable[str], title_tokens: int = 0) -> list[Evidence]:
    """Tagged topics, best first; the first ``title_tokens`` tokens of ``doc`` are the title."""
    topics, table = topic_index()
    hits = table.find(doc, languages)
    by_topic: dict[str, list[Hit]] = {}
    for hit in hits:
        by_topic.setdefault(hit.key, []).append(hit)
    scores: list[Evidence] = []
    for topic_id, topic_hits in by_topic.items():
        topic = topics[topic_id]
        kept = longest_spans(topic_hits)
        in_title = {hit.phrase for hit in kept if hit.end <= title_tokens}
        score = sum(
            _weight(topic, phrase) * (TITLE_FACTOR if phrase in in_title else 1.0)
            for phrase in {hit.phrase for hit in kept}
        )
        if score >= topic.threshold:
            scores.append(Evidence(topic_id, count_phrases(kept)[topic_id], score))
    return sorted(scores, key=lambda found: (-found.score, found.id))


def _weight(topic: Topic, phrase: str) -> float:
    """A phrase's weight (the highest, when several languages list it)."""
    return max((weights[phrase] for weights in topic.weights.values() if phrase in weights), default=0.0)
