"""`pops index`: walk, look up, extract in a bounded worker pool, bulk-write, report.

The main thread walks the tree lazily, hashes each file and asks OpenSearch in batches which
contents it already holds (`mget` on the content hash). Unchanged files cost a hash and nothing
else; moved or copied files get a partial update of their paths; only new contents go to the
workers, and never more than `2 × workers` at a time, so memory stays flat whatever the size of
the tree. The main thread also collects the workers' documents into bounded bulk batches and
records one outcome per file in the report, the ingest log and the progress display.

When Tika or OpenSearch stays away past its retry budget the run stops cleanly: what was done is
written and reported, the exit status is 1, and a re-run picks up the rest (content hashes make
it idempotent).
"""

from __future__ import annotations

import datetime
import itertools
import os
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as TransportConnectionError
from opensearchpy.helpers import scan

from analyzers.index import IndexError_, current_index, ensure_index
from indexer.bulk import BulkWriter, OpenSearchUnavailable, retry_while_unavailable
from indexer.extract import before_tika
from indexer.fingerprint import content_hash
from indexer.ingest_log import ensure_ingest_log, log_id
from indexer.process import TaggerWarmUp, Task, WorkResult, process
from indexer.progress import RunProgress
from indexer.report import FAILED, INDEXED, SKIPPED, UNCHANGED, WOULD_INDEX, FileOutcome, RunReport
from indexer.sidecar import SidecarMetadata
from indexer.tika_client import TikaClient, TikaUnavailable
from indexer.walk import FoundFile, SkippedFile, absolute_path, split_globs, walk
from pops.config import Settings, get_settings
from pops.services import opensearch_client, tika_url

LOOKUP_BATCH = 32
RECENT_DOCS = 50_000
PRUNE_SCROLL = "5m"


def new_run_id() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def check_paths(paths: Sequence[str | Path]) -> None:
    """Bad arguments are refused before anything starts."""
    if not paths:
        raise ValueError("give at least one file or folder to index")
    missing = [os.fspath(path) for path in paths if not os.path.exists(path)]
    if missing:
        raise ValueError(f"no such file or folder: {', '.join(missing)}")


def run_index(
    paths: Sequence[str | Path],
    *,
    settings: Settings | None = None,
    alias: str | None = None,
    workers: int | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    prune: bool = False,
    dry_run: bool = False,
    report_path: str | Path | None = None,
    live_progress: bool | None = None,
    client: OpenSearch | None = None,
    tika_recovery_s: float = 60.0,
    opensearch_recovery_s: float = 60.0,
    log: Callable[[str], None] | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> RunReport:
    """Index `paths` into the alias (default `settings.index`); the report says what happened to each file.

    Raises ValueError for bad arguments; every other problem ends up in the report, whose
    `exit_code()` is 0 (all indexed or unchanged), 2 (some files failed) or 1 (run incomplete).
    `on_file` is called in the calling thread with each file's outcome as it is settled.
    """
    check_paths(paths)
    settings = settings or get_settings()
    run = _Run(
        settings=settings,
        alias=alias or settings.index,
        workers=max(1, workers or settings.workers),
        include=split_globs(settings.include) + split_globs(include),
        exclude=split_globs(settings.exclude) + split_globs(exclude),
        dry_run=dry_run,
        client=client or opensearch_client(settings),
        tika_recovery_s=tika_recovery_s,
        opensearch_recovery_s=opensearch_recovery_s,
        log=log,
        on_file=on_file,
    )
    with RunProgress(run.report, live=live_progress, log=run.log) as progress:
        run.progress = progress
        run.execute(paths, prune=prune)
    if report_path is not None:
        run.report.write(report_path)
    return run.report


class _Run:
    def __init__(self, *, settings: Settings, alias: str, workers: int, include: list[str], exclude: list[str],
                 dry_run: bool, client: OpenSearch, tika_recovery_s: float, opensearch_recovery_s: float,
                 log: Callable[[str], None] | None, on_file: Callable[[FileOutcome], None] | None) -> None:
        self.settings = settings
        self.alias = alias
        self.workers = workers
        self.include = include
        self.exclude = exclude
        self.dry_run = dry_run
        self.client = client
        self.tika_recovery_s = tika_recovery_s
        self.opensearch_recovery_s = opensearch_recovery_s
        self.log = log or (lambda line: None)
        self.on_file = on_file
        self.run_id = new_run_id()
        self.report = RunReport(self.run_id, alias, dry_run)
        self.progress: RunProgress | None = None
        self.writer = BulkWriter(client, unavailable_after_s=opensearch_recovery_s)
        self.sidecars = SidecarMetadata()
        self.index_exists = False
        self.log_index: str | None = None
        self.tika: TikaClient | None = None
        self.pool: ThreadPoolExecutor | None = None
        self.tagger: TaggerWarmUp | None = None
        self.queue_limit = 2 * workers
        self.pending: dict[Future[WorkResult], Task] = {}
        self.in_extraction: dict[str, list[FoundFile]] = {}
        self.recent: OrderedDict[str, list[str]] = OrderedDict()
        self.stopping = False
        self.seconds: dict[str, float] = {}

    # ---------------------------------------------------------------- lifecycle

    def execute(self, paths: Sequence[str | Path], prune: bool) -> None:
        interrupted = False
        try:
            self._start()
            for batch in _batches(walk(paths, self.include, self.exclude), LOOKUP_BATCH):
                if self.stopping:
                    break
                self._plan(batch)
            self._drain()
            if prune and not self.stopping:
                self._prune([absolute_path(path) for path in paths])
            self._finish_writes()
        except OpenSearchUnavailable as exc:
            self._stop(str(exc))
            self._abandon_pending(f"not indexed: {exc}")
            self.writer.abandon(f"not written: {exc}")
        except IndexError_ as exc:
            self._stop(str(exc))
        except KeyboardInterrupt:
            interrupted = True
            self._stop("interrupted")
            self._abandon_pending("not indexed: the run was interrupted")
            self._finish_writes()
        finally:
            if self.pool is not None:
                # After Ctrl-C, do not sit out a long OCR: the abandoned results are not used.
                self.pool.shutdown(wait=not interrupted, cancel_futures=True)
            if self.tika is not None:
                self.tika.close()
            self.seconds["index"] = self.writer.seconds
            self.report.stage_seconds = dict(self.seconds)
            self.report.finish()

    def _start(self) -> None:
        if self.dry_run:
            self.index_exists = self._opensearch(lambda: current_index(self.client, self.alias), "the index lookup") is not None
            return
        self._opensearch(lambda: ensure_index(self.client, self.alias), "index creation")
        self.index_exists = True
        self.log_index = self._opensearch(lambda: ensure_ingest_log(self.client, self.alias), "ingest log creation")

    def _start_extraction(self) -> None:
        """Tika, the tagger and the pool, on the first new content: a re-run over unchanged files needs none."""
        self.tika = TikaClient(tika_url(self.settings), self.settings.tika_timeout_s, self.settings.ocr_languages,
                               recovery_wait_s=self.tika_recovery_s, pool_size=self.workers + 2)
        if not self.tika.wait_until_up():
            raise TikaUnavailable(f"Tika at {self.tika.url} does not answer; start it with `pops stack up`")
        self.tagger = TaggerWarmUp()
        self.pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="pops-extract")

    def _stop(self, error: str) -> None:
        self.stopping = True
        self.report.stop(error)
        self.log(f"stopping: {error}")

    def _finish_writes(self) -> None:
        if self.dry_run or self.writer.dead:
            return
        self.writer.flush()
        targets = [self.alias] + ([self.log_index] if self.log_index else [])
        self._opensearch(lambda: self.client.indices.refresh(index=",".join(targets)), "the refresh")

    # ---------------------------------------------------------------- helpers

    def _timed(self, stage: str, call: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        try:
            return call()
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start

    def _opensearch(self, call: Callable[[], Any], what: str) -> Any:
        return retry_while_unavailable(call, self.opensearch_recovery_s, what)

    def _remember(self, doc_id: str, paths: list[str]) -> None:
        self.recent[doc_id] = paths
        self.recent.move_to_end(doc_id)
        while len(self.recent) > RECENT_DOCS:
            self.recent.popitem(last=False)

    def record(self, found: FoundFile | SkippedFile, status: str, reason: str | None = None, *,
               doc_id: str | None = None, mime: str | None = None, kind: str | None = None,
               moved: bool = False) -> None:
        size = found.size if isinstance(found, FoundFile) else 0
        outcome = FileOutcome(found.shown, status, reason, doc_id, size, mime, kind, moved)
        self.report.add(outcome)
        if self.log_index and not self.dry_run and not self.writer.dead:
            self.writer.add("index", self.log_index, log_id(self.run_id, found.absolute), {
                "run_id": self.run_id,
                "time": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                "path": found.absolute,
                "root": found.root if isinstance(found, FoundFile) else None,
                "status": status,
                "kind": kind,
                "reason": reason,
                "doc_id": doc_id,
                "size": size,
                "mime": mime,
            })
        if self.progress is not None:
            self.progress.update()
        if self.on_file is not None:
            self.on_file(outcome)

    # ---------------------------------------------------------------- planning

    def _plan(self, batch: list[FoundFile | SkippedFile]) -> None:
        hashed: list[tuple[FoundFile, str]] = []
        for item in batch:
            if isinstance(item, SkippedFile):
                self.record(item, SKIPPED, item.reason)
                continue
            failure = before_tika(item.size, self.settings.max_file_mb)
            if failure:
                self.record(item, FAILED, failure.reason, kind=failure.kind)
                continue
            try:
                hashed.append((item, self._timed("hash", lambda: content_hash(item.absolute))))
            except OSError as exc:
                self.record(item, FAILED, f"unreadable: {exc.strerror or exc}", kind="unreadable")
        unknown = {digest for _, digest in hashed if digest not in self.recent and digest not in self.in_extraction}
        existing = self._timed("lookup", lambda: self._existing_paths(unknown))
        new: list[tuple[FoundFile, str]] = []
        relocated: list[tuple[FoundFile, str]] = []
        for found, digest in hashed:
            if digest in self.in_extraction:
                self.in_extraction[digest].append(found)
                continue
            known = self.recent[digest] if digest in self.recent else existing.get(digest)
            if known:
                if self._known_content(found, digest, known):
                    relocated.append((found, digest))
                continue
            if self.dry_run:
                self._remember(digest, [found.absolute])
            else:
                self.in_extraction[digest] = []
            new.append((found, digest))
        arrived = [found.absolute for found, _ in new + relocated]
        replaced = self._timed("lookup", lambda: self._docs_holding(arrived))
        for found, digest in relocated:
            self._retire_old_versions(found.absolute, digest, replaced.get(found.absolute, []))
        for found, digest in new:
            if self.dry_run:
                reason = "changed since the last run" if replaced.get(found.absolute) else None
                self.record(found, WOULD_INDEX, reason, doc_id=digest)
                continue
            task = Task(found, digest, self.sidecars.for_file(found.absolute), replaced.get(found.absolute, []))
            if not self.stopping:
                try:
                    self._submit(task)
                    continue
                except TikaUnavailable as exc:
                    self._stop(str(exc))
            self._fail_task(task, f"not extracted: the run stopped ({self.report.error})", "incomplete")
        self.writer.flush_if_stale()

    def _existing_paths(self, ids: set[str]) -> dict[str, list[str]]:
        """Which of these contents the index already holds, with the paths it knows them under."""
        if not ids or not self.index_exists:
            return {}
        answer = self._opensearch(lambda: self.client.mget(index=self.alias, body={"ids": sorted(ids)},
                                                           _source_includes="paths"), "the lookup of known files")
        return {doc["_id"]: list(doc.get("_source", {}).get("paths") or [])
                for doc in answer["docs"] if doc.get("found")}

    def _docs_holding(self, paths: list[str]) -> dict[str, list[tuple[str, list[str]]]]:
        """Documents indexed earlier under these paths: their content changed, they are to be replaced."""
        if not paths or not self.index_exists:
            return {}
        body = {"query": {"terms": {"paths": paths}}, "_source": ["paths"], "size": min(10_000, 4 * len(paths) + 10)}
        answer = self._opensearch(lambda: self.client.search(index=self.alias, body=body), "the lookup of changed files")
        wanted = set(paths)
        holders: dict[str, list[tuple[str, list[str]]]] = {}
        for hit in answer["hits"]["hits"]:
            held = list(hit["_source"].get("paths") or [])
            for path in wanted.intersection(held):
                holders.setdefault(path, []).append((hit["_id"], held))
        return holders

    def _known_content(self, found: FoundFile, digest: str, paths: list[str]) -> bool:
        """Record a file whose content is indexed; True when it is indexed under other paths (moved or copied)."""
        if found.absolute in paths:
            self.record(found, UNCHANGED, doc_id=digest)
            return False
        gone = [path for path in paths if not os.path.exists(path)]
        kept = [path for path in paths if path not in gone]
        new_paths = kept + [found.absolute]
        moved = bool(gone)
        reason = f"moved from {gone[0]}" if moved else f"same content as {kept[0]}"
        self._remember(digest, new_paths)
        if self.dry_run:
            self.record(found, UNCHANGED, reason, doc_id=digest, moved=moved)
            return True

        def done(ok: bool, error: str | None) -> None:
            if ok:
                self.record(found, UNCHANGED, reason, doc_id=digest, moved=moved)
            else:
                self.record(found, FAILED, f"path update refused: {error}", doc_id=digest, kind="index-error")

        fields = _path_fields(new_paths)
        if new_paths[0] == found.absolute:
            fields["root"] = found.root
        self.writer.add("update", self.alias, digest, fields, on_done=done)
        return True

    # ---------------------------------------------------------------- extraction

    def _submit(self, task: Task) -> None:
        if self.pool is None:
            self._start_extraction()
        while len(self.pending) >= self.queue_limit:
            self._collect()
        assert self.pool is not None and self.tika is not None and self.tagger is not None
        future = self.pool.submit(process, task, self.tika, self.tagger, max_text_chars=self.settings.max_text_chars,
                                  timeout_s=self.settings.tika_timeout_s)
        self.pending[future] = task

    def _drain(self) -> None:
        while self.pending:
            self._collect()

    def _collect(self) -> None:
        """Wait for at least one worker and settle every finished file."""
        done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
        unavailable: TikaUnavailable | None = None
        for future in done:
            task = self.pending.pop(future)
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - recorded against the file, the run goes on
                self._fail_task(task, f"indexer error: {type(exc).__name__}: {exc}", "indexer-error")
                continue
            for stage, seconds in result.seconds.items():
                self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
            if result.unavailable is not None:
                unavailable = unavailable or result.unavailable
                self._fail_task(task, f"not extracted: {result.unavailable}", "tika-unavailable")
                continue
            self._finish_task(result)
        if unavailable is not None and not self.stopping:
            self._stop(str(unavailable))
        self.writer.flush_if_stale()

    def _fail_task(self, task: Task, reason: str, kind: str, mime: str | None = None) -> None:
        for found in [task.found, *self.in_extraction.pop(task.content_hash, [])]:
            self.record(found, FAILED, reason, kind=kind, mime=mime)

    def _finish_task(self, result: WorkResult) -> None:
        task = result.task
        if result.failure is not None:
            self._fail_task(task, result.failure.reason, result.failure.kind, result.failure.mime_type)
            self._retire_old_versions(task.found.absolute, task.content_hash, task.replaces)
            return
        document = result.document
        assert document is not None
        files = [task.found, *self.in_extraction.pop(task.content_hash, [])]
        document["paths"] = [found.absolute for found in files]
        self._remember(task.content_hash, document["paths"])
        mime = document.get("mime_type")
        reasons = ["changed since the last run: the earlier version was replaced" if task.replaces else None]
        reasons += [f"same content as {task.found.shown}"] * (len(files) - 1)
        if result.warnings:
            reasons[0] = "; ".join(filter(None, [reasons[0], *result.warnings[:3]]))

        def done(ok: bool, error: str | None) -> None:
            for found, reason in zip(files, reasons):
                if ok:
                    self.record(found, INDEXED, reason, doc_id=task.content_hash, mime=mime)
                else:
                    self.record(found, FAILED, f"index refused it: {error}", doc_id=task.content_hash, mime=mime,
                                kind="index-error")

        self.writer.add("index", self.alias, task.content_hash, document, on_done=done)
        self._retire_old_versions(task.found.absolute, task.content_hash, task.replaces)

    def _retire_old_versions(self, path: str, digest: str, holders: list[tuple[str, list[str]]]) -> None:
        """`path` no longer holds the old content: drop it from those documents, or drop the documents."""
        if self.dry_run:
            return
        for old_id, held in holders:
            if old_id == digest:
                continue
            current = self.recent[old_id] if old_id in self.recent else held
            remaining = [kept for kept in current if kept != path]
            if remaining == current:
                continue
            self._remember(old_id, remaining)
            self._write_paths(old_id, remaining)

    def _write_paths(self, doc_id: str, paths: list[str], on_deleted: Callable[[], None] | None = None) -> None:
        def done(ok: bool, error: str | None) -> None:
            if not ok:
                self.log(f"warning: could not update the paths of {doc_id}: {error}")
            elif not paths and on_deleted:
                on_deleted()

        if paths:
            self.writer.add("update", self.alias, doc_id, _path_fields(paths), on_done=done)
        else:
            self.writer.add("delete", self.alias, doc_id, on_done=done)

    def _abandon_pending(self, reason: str) -> None:
        for future, task in list(self.pending.items()):
            future.cancel()
            self._fail_task(task, reason, "incomplete")
        self.pending.clear()

    # ---------------------------------------------------------------- pruning

    def _prune(self, roots: list[str]) -> None:
        if not self.index_exists:
            return
        self._finish_writes()
        for root in roots:
            prefix = root.rstrip(os.sep) + os.sep
            query = {"query": {"bool": {"should": [{"prefix": {"paths": prefix}}, {"term": {"paths": root}}]}},
                     "_source": ["paths"]}
            try:
                for hit in scan(self.client, query=query, index=self.alias, scroll=PRUNE_SCROLL):
                    self._prune_document(hit["_id"], list(hit["_source"].get("paths") or []), root, prefix)
            except TransportConnectionError as exc:
                raise OpenSearchUnavailable(f"OpenSearch stopped answering during the prune scan: {exc}") from exc

    def _prune_document(self, doc_id: str, held: list[str], root: str, prefix: str) -> None:
        paths = self.recent[doc_id] if doc_id in self.recent else held
        gone = [path for path in paths if (path == root or path.startswith(prefix)) and not os.path.exists(path)]
        if not gone:
            return
        remaining = [path for path in paths if path not in gone]
        self._remember(doc_id, remaining)
        if self.dry_run:
            if not remaining:
                self.report.pruned += 1
            return

        def deleted() -> None:
            self.report.pruned += 1
            for path in gone:
                self.writer.add("index", self.log_index, log_id(self.run_id, path), {
                    "run_id": self.run_id, "time": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                    "path": path, "root": root, "status": "pruned", "kind": None,
                    "reason": "the file is gone", "doc_id": doc_id, "size": 0, "mime": None})

        self._write_paths(doc_id, remaining, on_deleted=deleted)


def _path_fields(paths: list[str]) -> dict[str, Any]:
    """The partial update of a document whose paths changed: the first path is the one shown."""
    return {"paths": paths, "path": paths[0], "filename": os.path.basename(paths[0])}
