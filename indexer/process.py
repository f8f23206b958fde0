"""The work done for one new file in a worker thread: extract, detect languages, tag, build the document.

Every step is timed, so the benchmark can say where the time goes. A bug in a later step is
recorded against the file ("indexer error: ...") instead of ending the run; only an unreachable
Tika escapes, because then no other file can be processed either.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from indexer.document import build_document
from indexer.extract import Extracted, ExtractionFailure, interpret
from indexer.language import detect_languages
from indexer.tagging import tag_document, warm_up
from indexer.tika_client import TikaClient, TikaUnavailable
from indexer.walk import FoundFile


@dataclass
class Task:
    found: FoundFile
    content_hash: str
    explicit: dict[str, Any]
    replaces: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class WorkResult:
    task: Task
    document: dict[str, Any] | None = None
    failure: ExtractionFailure | None = None
    unavailable: TikaUnavailable | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _as_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


class TaggerWarmUp:
    """Builds the tagger's matchers in the background while the first files are with Tika."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        threading.Thread(target=self._build, name="pops-tagger-warm-up", daemon=True).start()

    def _build(self) -> None:
        try:
            warm_up()
        finally:
            self._ready.set()

    def wait(self) -> None:
        self._ready.wait()


def process(task: Task, tika: TikaClient, tagger: TaggerWarmUp, *, max_text_chars: int, timeout_s: int) -> WorkResult:
    result = WorkResult(task)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.seconds[stage] = result.seconds.get(stage, 0.0) + now - clock
        clock = now

    try:
        reply = tika.rmeta_text(task.found.absolute)
    except TikaUnavailable as exc:
        result.unavailable = exc
        lap("extract")
        return result
    except OSError as exc:
        result.failure = ExtractionFailure("unreadable", f"unreadable: {exc.strerror or exc}")
        lap("extract")
        return result
    extracted = interpret(reply, max_text_chars=max_text_chars, timeout_s=timeout_s)
    lap("extract")
    if isinstance(extracted, ExtractionFailure):
        result.failure = extracted
        return result
    tagger.wait()
    lap("wait_for_tagger")
    try:
        result.document = _describe(task, extracted, lap)
        result.warnings = extracted.warnings
    except Exception as exc:  # noqa: BLE001 - one document's bug must not end a run over thousands
        result.failure = ExtractionFailure("indexer-error", f"indexer error: {type(exc).__name__}: {exc}",
                                           extracted.mime_type)
    return result


def _describe(task: Task, extracted: Extracted, lap: Callable[[str], None]) -> dict[str, Any]:
    language = detect_languages(extracted.text)
    lap("detect")
    # Only a publication date the publisher stated: a file's creation time is often a later conversion.
    date = task.explicit.get("date")
    languages = list(language.languages) or [language.primary]
    tags = tag_document(extracted.text, title=extracted.title, languages=languages, date=_as_date(date),
                        mime_type=extracted.mime_type)
    lap("tag")
    document = build_document(found=task.found, content_hash=task.content_hash, extracted=extracted,
                              language=language, tags=tags, explicit=task.explicit)
    lap("build")
    return document
