"""A thin client for Tika server's recursive endpoint, `PUT /rmeta/text`.

Status codes and transport errors carry the information the indexer needs, so they are kept:
Tika reports most bad files inside a 200 answer, but 422/500/204 also happen, and when a parse
crashes or overruns its budget the watchdog kills the forked parser, which shows up here as a
reset or refused connection until the new child answers `/version` again. A file is retried
after such a restart (another file may have caused it); when Tika does not come back the caller
gets :class:`TikaUnavailable` and stops the run.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

# Tika refuses a per-request budget at or below its minimum (30 s) with HTTP 400, and silently
# answers `[]` to one above the server's taskTimeoutMillis.
MIN_TIMEOUT_MS = 30_001
RESTARTING_STATUS = (502, 503)


class TikaUnavailable(RuntimeError):
    """Tika did not answer for longer than the recovery budget: the run cannot go on."""


@dataclass
class TikaReply:
    """What Tika said about one file: an HTTP answer, or why there is none."""

    status_code: int | None = None
    parts: list[dict[str, Any]] = field(default_factory=list)
    body: str = ""
    seconds: float = 0.0
    timed_out: bool = False
    crashed: bool = False


class TikaClient:
    def __init__(self, url: str, timeout_s: int, ocr_languages: str = "", *, retries: int = 2,
                 recovery_wait_s: float = 60.0, pool_size: int = 8) -> None:
        self.url = url.rstrip("/")
        self.timeout_s = timeout_s
        self.ocr_languages = ocr_languages
        self.retries = retries
        self.recovery_wait_s = recovery_wait_s
        self._send_timeout_header = True
        self._gone: TikaUnavailable | None = None
        self._lock = threading.Lock()
        limits = httpx.Limits(max_connections=pool_size, max_keepalive_connections=pool_size)
        self._http = httpx.Client(limits=limits, timeout=httpx.Timeout(10.0, read=timeout_s + 30.0))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> TikaClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def version(self) -> str | None:
        try:
            response = self._http.get(f"{self.url}/version", timeout=5.0)
        except httpx.HTTPError:
            return None
        return response.text.strip() if response.status_code == 200 else None

    def wait_until_up(self, budget_s: float | None = None) -> bool:
        """Poll `/version` with backoff until it answers or the budget is spent."""
        deadline = time.monotonic() + (self.recovery_wait_s if budget_s is None else budget_s)
        delay = 0.5
        while True:
            if self.version() is not None:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
            delay = min(delay * 2, 5.0)

    def headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "X-Tika-PDFOcrStrategy": "auto"}
        if self.ocr_languages:
            headers["X-Tika-OCRLanguage"] = self.ocr_languages
        if self._send_timeout_header:
            headers["X-Tika-Timeout-Millis"] = str(max(self.timeout_s * 1000, MIN_TIMEOUT_MS))
        return headers

    def _put(self, path: str, size: int) -> httpx.Response:
        headers = self.headers() | {"Content-Length": str(size)}
        with open(path, "rb") as body:
            return self._http.put(f"{self.url}/rmeta/text", content=body, headers=headers)

    def _unavailable(self, error: object) -> TikaUnavailable:
        """Remembered, so the other workers give up at once instead of each waiting out the budget."""
        with self._lock:
            self._gone = self._gone or TikaUnavailable(
                f"Tika at {self.url} stopped answering ({error}) and was not back within {self.recovery_wait_s:.0f} s")
        return self._gone

    def rmeta_text(self, path: str) -> TikaReply:
        """Text and metadata of a file and everything embedded in it."""
        if self._gone is not None:
            raise self._gone
        size = os.path.getsize(path)
        attempts = self.retries + 1
        for attempt in range(attempts):
            start = time.monotonic()
            try:
                response = self._put(path, size)
            except httpx.TransportError as exc:
                seconds = time.monotonic() - start
                timed_out = isinstance(exc, httpx.ReadTimeout) or seconds >= self.timeout_s * 0.95
                if not self.wait_until_up():
                    raise self._unavailable(exc) from exc
                if timed_out:
                    return TikaReply(seconds=seconds, timed_out=True)
                if attempt + 1 < attempts:
                    time.sleep(2 ** attempt)
                continue
            seconds = time.monotonic() - start
            if response.status_code in RESTARTING_STATUS:
                if not self.wait_until_up():
                    raise self._unavailable(f"HTTP {response.status_code}")
                continue
            reply = self._reply(response, seconds)
            if reply.status_code == 200 and not reply.parts and not reply.body and self._send_timeout_header:
                # The server's own task budget is lower than ours: it ignored the file. Ask again without one.
                with self._lock:
                    self._send_timeout_header = False
                return self.rmeta_text(path)
            return reply
        return TikaReply(crashed=True)

    @staticmethod
    def _reply(response: httpx.Response, seconds: float) -> TikaReply:
        reply = TikaReply(status_code=response.status_code, seconds=seconds)
        if response.status_code == 200:
            try:
                parts = response.json()
            except ValueError:
                parts = None
            if isinstance(parts, list):
                reply.parts = [part for part in parts if isinstance(part, dict)]
            else:
                reply.body = response.text[:2000]
        else:
            reply.body = response.text[:2000]
        return reply
