"""Indexer throughput against Tika alone, where the time goes, and whether memory grows with the tree.

    .venv/bin/python bench/index_throughput.py DIR [--workers N]

1. Tika alone: the same files through `PUT /rmeta/text` with the same headers and worker count.
2. The whole pipeline (`run_index`) into a throwaway index, deleted afterwards: files/s, MB/s, the
   ratio to Tika alone (target >= 0.9), seconds per stage, peak RSS of the indexer.
3. The pipeline on a third of the files and on all of them, each in a fresh process, to show that
   peak RSS does not grow with the number of files.

Needs the running services (`pops stack up`). Peak RSS is sampled every 20 ms in a thread.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.pipeline import run_index  # noqa: E402
from indexer.tika_client import TikaClient  # noqa: E402
from indexer.walk import FoundFile, split_globs, walk  # noqa: E402
from pops.config import get_settings  # noqa: E402
from pops.services import opensearch_client, tika_url  # noqa: E402

WARM_UP_FILES = 10


class PeakRss:
    """Highest resident set size of this process while the block runs."""

    def __init__(self, every_s: float = 0.02) -> None:
        self.every_s = every_s
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._process = psutil.Process()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._process.memory_info().rss)
            self._stop.wait(self.every_s)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._process.memory_info().rss)


def files_under(directory: Path) -> list[FoundFile]:
    settings = get_settings()
    return [item for item in walk([directory], split_globs(settings.include), split_globs(settings.exclude))
            if isinstance(item, FoundFile)]


def tika_alone(files: list[FoundFile], workers: int) -> dict:
    settings = get_settings()
    with TikaClient(tika_url(settings), settings.tika_timeout_s, settings.ocr_languages, pool_size=workers + 2) as tika:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda found: tika.rmeta_text(found.absolute), files[:WARM_UP_FILES]))
            start = time.perf_counter()
            replies = list(pool.map(lambda found: tika.rmeta_text(found.absolute), files))
            seconds = time.perf_counter() - start
    size = sum(found.size for found in files)
    return {"files": len(files), "bytes": size, "seconds": round(seconds, 2),
            "files_per_s": round(len(files) / seconds, 3), "mb_per_s": round(size / 1024 / 1024 / seconds, 4),
            "not_200": sum(1 for reply in replies if reply.status_code != 200)}


def pipeline(paths: list[str], workers: int) -> dict:
    """One pipeline run into a throwaway index (deleted afterwards), with this process's peak RSS."""
    settings = get_settings()
    alias = f"pops-bench-{uuid.uuid4().hex[:8]}"
    client = opensearch_client(settings)
    baseline = psutil.Process().memory_info().rss
    try:
        with PeakRss() as rss:
            start = time.perf_counter()
            report = run_index(paths, settings=settings, alias=alias, workers=workers, live_progress=False)
            seconds = time.perf_counter() - start
    finally:
        client.indices.delete(index=f"{alias}*", ignore_unavailable=True, expand_wildcards="all")
    summary = report.summary()
    files = summary["files"] - summary["skipped"]
    return {"files": files, "bytes": summary["bytes"], "indexed": summary["indexed"], "failed": summary["failed"],
            "seconds": round(seconds, 2), "files_per_s": round(files / seconds, 3),
            "mb_per_s": round(summary["bytes"] / 1024 / 1024 / seconds, 4),
            "stage_seconds": summary["stage_seconds"], "rss_start_mb": round(baseline / 1024 / 1024, 1),
            "rss_peak_mb": round(rss.peak / 1024 / 1024, 1)}


def pipeline_in_child(paths: list[str], workers: int) -> dict:
    """A fresh interpreter per measurement, so one run's peak RSS does not carry into the next."""
    command = [sys.executable, __file__, "--child", "--workers", str(workers), "--", *paths]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", help="The folder to measure on (or, with --child, the files).")
    parser.add_argument("--workers", type=int, default=None, help="Extraction workers (default POPS_WORKERS).")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    workers = args.workers or get_settings().workers
    if args.child:
        print(json.dumps(pipeline(args.paths, workers)))
        return

    files = files_under(Path(args.paths[0]))
    paths = [found.absolute for found in files]
    total_mb = sum(found.size for found in files) / 1024 / 1024
    print(f"{len(files)} files, {total_mb:.1f} MB, {workers} workers")
    alone = tika_alone(files, workers)
    print(f"Tika alone : {alone['files_per_s']:.2f} files/s, {alone['mb_per_s']:.3f} MB/s ({alone['seconds']} s)")
    whole = pipeline_in_child(paths, workers)
    print(f"pipeline   : {whole['files_per_s']:.2f} files/s, {whole['mb_per_s']:.3f} MB/s ({whole['seconds']} s, "
          f"{whole['indexed']} indexed, {whole['failed']} failed)")
    print(f"ratio pipeline / Tika alone: {whole['files_per_s'] / alone['files_per_s']:.2f} (target >= 0.9)")
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in whole["stage_seconds"].items())
    print(f"stage seconds (summed over workers): {stages}")
    third = pipeline_in_child(paths[::3], workers)
    print(f"peak RSS   : {third['rss_peak_mb']:.0f} MB for {third['files']} files, "
          f"{whole['rss_peak_mb']:.0f} MB for {whole['files']} files (start {whole['rss_start_mb']:.0f} MB)")
    print(json.dumps({"tika_alone": alone, "pipeline": whole, "pipeline_third": third}, indent=2))


if __name__ == "__main__":
    main()
