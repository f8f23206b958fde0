"""The run report: counters for the summary and one entry per file, spooled to disk as it goes.

Entries are written to a temporary JSON-lines file rather than kept in a list, so a run over a
million files does not hold a million dicts; `write` streams them into the final JSON document.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INDEXED, UNCHANGED, FAILED, SKIPPED, WOULD_INDEX = "indexed", "unchanged", "failed", "skipped", "would-index"


@dataclass(frozen=True)
class FileOutcome:
    path: str
    status: str
    reason: str | None = None
    doc_id: str | None = None
    size: int = 0
    mime: str | None = None
    kind: str | None = None
    moved: bool = False

    def entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"path": self.path, "status": self.status, "reason": self.reason, "id": self.doc_id}
        if self.kind:
            entry["kind"] = self.kind
        return entry


class RunReport:
    def __init__(self, run_id: str, index: str, dry_run: bool) -> None:
        self.run_id = run_id
        self.index = index
        self.dry_run = dry_run
        self.started = time.monotonic()
        self.counts: Counter[str] = Counter()
        self.failed_by_kind: Counter[str] = Counter()
        self.bytes = 0
        self.pruned = 0
        self.complete = True
        self.error: str | None = None
        self.stage_seconds: dict[str, float] = {}
        self.seconds: float | None = None
        self._spool = tempfile.TemporaryFile(mode="w+", encoding="utf-8", prefix="pops-index-", suffix=".jsonl")

    def add(self, outcome: FileOutcome) -> None:
        key = "moved" if outcome.moved and outcome.status == UNCHANGED else outcome.status
        self.counts[key] += 1
        if outcome.status == FAILED:
            self.failed_by_kind[outcome.kind or "other"] += 1
        self.bytes += outcome.size
        self._spool.write(json.dumps(outcome.entry(), ensure_ascii=False) + "\n")

    def stop(self, error: str) -> None:
        """The run could not complete: keep the first reason."""
        self.complete = False
        self.error = self.error or error

    def finish(self) -> None:
        self.seconds = time.monotonic() - self.started

    @property
    def files(self) -> int:
        return sum(self.counts.values())

    @property
    def elapsed(self) -> float:
        return self.seconds if self.seconds is not None else time.monotonic() - self.started

    def summary(self) -> dict[str, Any]:
        seconds = self.elapsed
        summary: dict[str, Any] = {
            "indexed": self.counts[INDEXED],
            "unchanged": self.counts[UNCHANGED],
            "moved": self.counts["moved"],
            "failed": self.counts[FAILED],
            "skipped": self.counts[SKIPPED],
            "pruned": self.pruned,
            "files": self.files,
            "bytes": self.bytes,
            "seconds": round(seconds, 3),
            "files_per_s": round(self.files / seconds, 2) if seconds > 0 else None,
            "mb_per_s": round(self.bytes / 1024 / 1024 / seconds, 3) if seconds > 0 else None,
            "failed_by_kind": dict(self.failed_by_kind),
            "stage_seconds": {stage: round(value, 3) for stage, value in self.stage_seconds.items()},
            "complete": self.complete,
            "error": self.error,
            "run_id": self.run_id,
            "index": self.index,
            "dry_run": self.dry_run,
        }
        if self.dry_run:
            summary["would_index"] = self.counts[WOULD_INDEX]
        return summary

    def exit_code(self) -> int:
        """0: all indexed or unchanged; 2: completed with failed files; 1: the run could not complete."""
        if not self.complete:
            return 1
        return 2 if self.counts[FAILED] else 0

    def sentence(self) -> str:
        summary = self.summary()
        parts = [f"{summary['indexed']} indexed", f"{summary['unchanged']} unchanged"]
        if self.dry_run:
            parts.insert(0, f"{summary['would_index']} to index")
        for key in ("moved", "failed", "skipped", "pruned"):
            if summary[key]:
                parts.append(f"{summary[key]} {key}")
        text = ", ".join(parts) + f" in {summary['seconds']:.1f} s"
        if not self.complete:
            text += f"; the run stopped: {self.error}"
        return text

    def entries(self) -> Iterator[dict[str, Any]]:
        self._spool.flush()
        self._spool.seek(0)
        for line in self._spool:
            yield json.loads(line)
        self._spool.seek(0, os.SEEK_END)

    def write(self, path: str | Path) -> None:
        """The JSON report, written next to its final name and moved into place."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with partial.open("w", encoding="utf-8") as out:
            out.write('{"summary": ')
            json.dump(self.summary(), out, ensure_ascii=False, indent=2)
            out.write(',\n"files": [')
            for number, entry in enumerate(self.entries()):
                out.write(",\n" if number else "\n")
                json.dump(entry, out, ensure_ascii=False)
            out.write("\n]}\n")
        partial.replace(target)

    def close(self) -> None:
        self._spool.close()
