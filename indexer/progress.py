"""Progress of a run: a live line on a terminal, plain log lines every few seconds otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from indexer.report import RunReport

LOG_EVERY_S = 10.0


def _rates(report: RunReport) -> str:
    seconds = max(report.elapsed, 1e-6)
    failed = report.counts["failed"]
    return (f"{report.files} files, {report.files / seconds:.1f} files/s, "
            f"{report.bytes / 1024 / 1024 / seconds:.2f} MB/s, {failed} failed")


class RunProgress:
    """Updated after every file outcome; the walk's total is unknown, so no percentage."""

    def __init__(self, report: RunReport, *, live: bool | None = None, log: Callable[[str], None] | None = None) -> None:
        self.report = report
        self.live = sys.stderr.isatty() if live is None else live
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self._last_log = time.monotonic()
        self._progress: Progress | None = None
        self._task = None

    def __enter__(self) -> RunProgress:
        if self.live:
            self._progress = Progress(SpinnerColumn(), TextColumn("indexing"), TextColumn("{task.description}"),
                                      TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task(_rates(self.report), total=None)
        return self

    def update(self) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=_rates(self.report))
        elif time.monotonic() - self._last_log >= LOG_EVERY_S:
            self._last_log = time.monotonic()
            self.log(f"indexing: {_rates(self.report)}")

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()
