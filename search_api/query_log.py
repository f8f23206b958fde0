"""The search log behind the information-gap report, written off the request path.

A search puts one small record on a bounded queue and returns; one background thread bulk-writes
the queue into `<alias>-query-log`. When the queue is full (OpenSearch slow or down) records are
dropped and counted rather than slowing searches. No IP address or other personal data is kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time

from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import OpenSearchException, RequestError

log = logging.getLogger("search_api.query_log")

_KEYWORD = {"type": "keyword"}
LOG_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "timestamp": {"type": "date"},
        "query": {"type": "keyword", "ignore_above": 1000},
        "normalised": {"type": "keyword", "ignore_above": 1000},
        "filters": {"type": "object", "properties": {
            "chemical": _KEYWORD, "candidate": _KEYWORD, "topic": _KEYWORD, "lang": _KEYWORD, "country": _KEYWORD,
            "doc_type": _KEYWORD, "provider_type": _KEYWORD, "year_from": {"type": "integer"},
            "year_to": {"type": "integer"}}},
        "ui_lang": _KEYWORD,
        "total": {"type": "integer"},
        "took_ms": {"type": "integer"},
        "chemicals": _KEYWORD,
        "topics": _KEYWORD,
        "languages": _KEYWORD,
    },
}


# The gap report can lag by this much; fewer refreshes leave more of the node to searches.
REFRESH_INTERVAL = "30s"


def log_index(alias: str) -> str:
    return f"{alias}-query-log"


def ensure_log_index(client: OpenSearch, name: str) -> None:
    if client.indices.exists(index=name):
        return
    try:
        client.indices.create(index=name, body={
            "settings": {"number_of_shards": 1, "auto_expand_replicas": "0-1", "refresh_interval": REFRESH_INTERVAL},
            "mappings": LOG_MAPPING})
    except RequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


class QueryLog:
    """A bounded queue drained by one thread; `flush()` waits until what was queued is searchable."""

    def __init__(self, client: OpenSearch, alias: str, capacity: int = 10_000, batch_size: int = 500,
                 linger_s: float = 1.0) -> None:
        self.client = client
        self.index = log_index(alias)
        self.batch_size = batch_size
        self.linger_s = linger_s
        self.dropped = 0
        self._queue: queue.Queue[dict | None] = queue.Queue(maxsize=capacity)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._index_ready = False

    def start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="query-log", daemon=True)
                self._thread.start()

    def record(self, entry: dict) -> None:
        """Queue one search; never blocks."""
        self.start()
        entry.setdefault("timestamp", now_iso())
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            self.dropped += 1

    def flush(self, timeout: float = 30) -> None:
        """Wait until every queued record is written, then make them searchable."""
        self.start()
        done = threading.Event()
        waiter = threading.Thread(target=lambda: (self._queue.join(), done.set()), daemon=True)
        waiter.start()
        if not done.wait(timeout):
            raise TimeoutError(f"the query log was not written within {timeout} s")
        if self._index_ready:
            self.client.indices.refresh(index=self.index)

    def close(self, timeout: float = 10) -> None:
        """Write what is queued and stop the thread (at application shutdown)."""
        if self._thread is None or not self._thread.is_alive():
            return
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            return
        self._thread.join(timeout)

    def _run(self) -> None:
        """Write in batches: wait up to `linger_s` after a record for others, so that a busy API sends
        about one bulk request a second rather than one per search."""
        while True:
            batch = [self._queue.get()]
            deadline = time.monotonic() + self.linger_s
            while batch[-1] is not None and len(batch) < self.batch_size:
                try:
                    batch.append(self._queue.get(timeout=max(0.0, deadline - time.monotonic())))
                except queue.Empty:
                    break
            entries = [item for item in batch if item is not None]
            try:
                if entries:
                    self._write(entries)
            except (OpenSearchException, OSError) as exc:
                self.dropped += len(entries)
                log.warning("could not write %d query-log records: %s", len(entries), exc)
            finally:
                for _ in batch:
                    self._queue.task_done()
            if len(entries) < len(batch):
                return

    def _write(self, entries: list[dict]) -> None:
        if not self._index_ready:
            ensure_log_index(self.client, self.index)
            self._index_ready = True
        helpers.bulk(self.client, ({"_index": self.index, "_source": entry} for entry in entries),
                     raise_on_error=False)
