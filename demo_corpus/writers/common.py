"""Document facts every writer needs: language tags, text direction and the creation time."""

from __future__ import annotations

import datetime

from demo_corpus.schema import SourceText

# BCP 47 tags written into document metadata (UN documents use British English).
LANGUAGE_TAGS = {"ar": "ar-SA", "zh": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}


def language_tag(source: SourceText) -> str:
    return LANGUAGE_TAGS[source.meta["lang"]]


def is_rtl(source: SourceText) -> bool:
    return source.meta["lang"] == "ar"


def created_date(source: SourceText) -> datetime.date:
    return datetime.date.fromisoformat(source.meta["date"])


def created_at(source: SourceText) -> datetime.datetime:
    """Creation time stamped into metadata: noon UTC, so the date survives any time-zone shift."""
    return datetime.datetime.combine(created_date(source), datetime.time(12, 0))
