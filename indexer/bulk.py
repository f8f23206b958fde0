"""Buffered bulk writes through `opensearch-py`'s `streaming_bulk`, with an answer for every action.

Each action carries a callback that learns whether OpenSearch accepted it, and why not; nothing
is dropped silently. Batches are bounded by count and by bytes. 429 rejections are retried by
`streaming_bulk` itself; when OpenSearch does not answer at all, the unacknowledged rest of the
batch is retried with backoff and, past the budget, :class:`OpenSearchUnavailable` stops the run.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as TransportConnectionError
from opensearchpy.exceptions import TransportError
from opensearchpy.helpers import streaming_bulk

Done = Callable[[bool, str | None], None]


class OpenSearchUnavailable(RuntimeError):
    """OpenSearch stopped answering for longer than the retry budget."""


@dataclass
class _Action:
    op: str
    index: str
    id: str
    body: str | None
    partial: dict[str, Any] | None
    size: int
    callbacks: list[Done] = field(default_factory=list)

    def bulk_action(self) -> dict[str, Any]:
        action: dict[str, Any] = {"_op_type": self.op, "_index": self.index, "_id": self.id}
        if self.partial is not None:
            action["doc"] = self.partial
        elif self.body is not None:
            action["_source"] = self.body  # pre-serialised once: the serializer passes strings through
        return action


def describe_error(error: Any) -> str:
    """`type: reason` of a bulk item error, the most useful line of it."""
    if isinstance(error, dict):
        kind = error.get("type", "error")
        reason = error.get("reason", "")
        cause = error.get("caused_by")
        if isinstance(cause, dict) and cause.get("reason"):
            reason = f"{reason} ({cause['reason']})"
        return f"{kind}: {reason}"[:500]
    return str(error)[:500]


def retry_while_unavailable(call: Callable[[], Any], budget_s: float, what: str) -> Any:
    """Run `call`, retrying with capped exponential backoff while OpenSearch cannot be reached."""
    deadline = time.monotonic() + budget_s
    delay = 1.0
    while True:
        try:
            return call()
        except TransportConnectionError as exc:
            error: Exception = exc
        except TransportError as exc:
            if not isinstance(exc.status_code, int) or (exc.status_code < 500 and exc.status_code != 429):
                raise
            error = exc
        if time.monotonic() >= deadline:
            raise OpenSearchUnavailable(f"OpenSearch did not answer {what} for {budget_s:.0f} s: {error}") from error
        time.sleep(min(delay, max(0.1, deadline - time.monotonic())))
        delay = min(delay * 2, 10.0)


class BulkWriter:
    def __init__(self, client: OpenSearch, *, chunk_size: int = 200, max_chunk_bytes: int = 8 * 1024 * 1024,
                 max_retries: int = 5, initial_backoff: int = 1, max_backoff: int = 30,
                 unavailable_after_s: float = 60.0, max_age_s: float = 2.0) -> None:
        self.client = client
        self.chunk_size = chunk_size
        self.max_chunk_bytes = max_chunk_bytes
        self.max_retries = max_retries
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self.unavailable_after_s = unavailable_after_s
        self.max_age_s = max_age_s
        self.seconds = 0.0
        self.dead = False
        self._buffer: OrderedDict[tuple[str, str], _Action] = OrderedDict()
        self._bytes = 0
        self._oldest = 0.0
        self._flushing = False
        self._serializer = client.transport.serializer

    def add(self, op: str, index: str, doc_id: str, source: dict[str, Any] | None = None,
            on_done: Done | None = None) -> None:
        """Queue an `index`, `update` (source is the partial document) or `delete`; flush when the batch is full."""
        if self.dead:
            if on_done:
                on_done(False, "not written: OpenSearch is unavailable")
            return
        body = self._serializer.dumps(source) if op == "index" else None
        partial = source if op == "update" else None
        size = len(body.encode("utf-8")) if body else len(self._serializer.dumps(partial)) if partial else 0
        key = (op, doc_id)
        previous = self._buffer.get(key)
        callbacks = [on_done] if on_done else []
        if previous is not None:
            # A later partial update carries the whole new value: it replaces the queued one.
            self._bytes -= previous.size
            callbacks = previous.callbacks + callbacks
        if not self._buffer:
            self._oldest = time.monotonic()
        self._buffer[key] = _Action(op, index, doc_id, body, partial, size, callbacks)
        self._bytes += size
        if len(self._buffer) >= self.chunk_size or self._bytes >= self.max_chunk_bytes:
            self.flush()

    def flush_if_stale(self) -> None:
        """Send a partial batch that has waited long enough, so outcomes and progress do not lag behind."""
        if self._buffer and time.monotonic() - self._oldest >= self.max_age_s:
            self.flush()

    def flush(self) -> None:
        """Send everything queued, including what the answers' callbacks queue meanwhile."""
        if self._flushing:
            return
        self._flushing = True
        start = time.perf_counter()
        try:
            while self._buffer and not self.dead:
                pending = self._buffer
                self._buffer = OrderedDict()
                self._bytes = 0
                self._send_batch(pending)
        finally:
            self._flushing = False
            self.seconds += time.perf_counter() - start

    def _send_batch(self, pending: OrderedDict[tuple[str, str], _Action]) -> None:
        try:
            retry_while_unavailable(lambda: self._send(pending), self.unavailable_after_s, "bulk writes")
        except OpenSearchUnavailable:
            self.dead = True
            self._fail_all(pending, "not written: OpenSearch is unavailable")
            raise
        except TransportError as exc:
            self._fail_all(pending, f"bulk request refused: {exc}")

    def abandon(self, reason: str) -> None:
        """Report every queued action as not written (the run is stopping without OpenSearch)."""
        self.dead = True
        pending, self._buffer = self._buffer, OrderedDict()
        self._fail_all(pending, reason)

    @staticmethod
    def _fail_all(pending: OrderedDict[tuple[str, str], _Action], reason: str) -> None:
        while pending:
            _key, action = pending.popitem(last=False)
            for callback in action.callbacks:
                callback(False, reason)

    def _send(self, pending: OrderedDict[tuple[str, str], _Action]) -> None:
        """Send what is still unacknowledged; acknowledged actions leave `pending` as their answers arrive."""
        results = streaming_bulk(
            self.client,
            [action.bulk_action() for action in pending.values()],
            chunk_size=self.chunk_size,
            max_chunk_bytes=self.max_chunk_bytes,
            raise_on_error=False,
            raise_on_exception=True,
            max_retries=self.max_retries,
            initial_backoff=self.initial_backoff,
            max_backoff=self.max_backoff,
        )
        for ok, item in results:
            op, info = next(iter(item.items()))
            action = pending.pop((op, str(info.get("_id"))), None)
            if action is None:
                continue
            status = info.get("status")
            accepted = ok or (op == "delete" and status == 404)
            error = None if accepted else describe_error(info.get("error") or f"HTTP {status}")
            for callback in action.callbacks:
                callback(accepted, error)
