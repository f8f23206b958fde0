"""Search latency through the API against the same request sent straight to OpenSearch, in one run.

    .venv/bin/python bench/query_latency.py [--docs 100000] [--rounds 20] [--keep]

1. Loads N documents into a throwaway alias (deleted afterwards unless --keep), made from the demo
   corpus texts (`demo_corpus/texts/*.md`; synthetic text when they are missing) with varied titles,
   chemicals, topics, countries, years and providers.
2. Serves the API from that alias with uvicorn in a separate process, as `pops serve` does.
3. For a fixed mix of queries (every facet and highlighting on, 20 hits per page), times
   `GET /api/search` over HTTP and the identical body (`search_service.search_body`) sent to OpenSearch
   with opensearch-py, interleaved, after a warm-up; prints p50/p95/p99 of both and the overhead.

Targets: p95 <= 100 ms through the API at 100k documents on 2 cores; API overhead <= 10 ms at p50.
Every query of the mix has enough hits that the API sends exactly one request to OpenSearch
(no "did you mean" round trip), so both sides do the same work.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from opensearchpy import helpers  # noqa: E402

from analyzers.index import ensure_index  # noqa: E402
from search_api.filters import build_filters  # noqa: E402
from pops.config import get_settings  # noqa: E402
from pops.services import opensearch_client  # noqa: E402
from search_api.search_service import SearchService, search_body  # noqa: E402
from synonyms.registry import load_registry, load_topics  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "demo_corpus" / "texts"
LANGS = ("ar", "zh", "en", "fr", "ru", "es")
COUNTRIES = ("KE", "BR", "CN", "FR", "RU", "EG", "IN", "MX", "SN", "VN", "JO", "AR", "DE", "NG", "PE", "MA", "KZ",
             "ID", "ZA", "CL", "CA", "AU", "JP", "TN", "UA", "ES", "CO", "TH", "GH", "PH")
DOC_TYPES = ("national-implementation-plan", "report", "guidance", "decision", "meeting-document", "awareness",
             "article", "data", "presentation")
PROVIDERS = ("party", "igo", "ngo", "industry", "research", "secretariat")
PAGE_SIZE = 20

# The measured mix: (query parameters) -- free text in six languages, syntax, facet selections, sorts.
QUERY_MIX: list[dict] = [
    {},
    {"q": "DDT"},
    {"q": "滴滴涕"},
    {"q": "PCB transformers"},
    {"q": '"open burning"'},
    {"q": "PFOS -PFOA"},
    {"q": "dioxins OR furans"},
    {"q": "plaguicidas obsoletos"},
    {"q": "стойких органических загрязнителей"},
    {"q": "الملوثات العضوية الثابتة"},
    {"q": "élimination des PCB"},
    {"chemical": ["pfos", "pfoa"], "lang": ["en", "fr"]},
    {"q": "stockpiles", "country": ["KE", "BR"], "year_from": 2005},
    {"topic": ["bat-bep"], "sort": "newest"},
    {"q": "monitoring", "doc_type": ["report", "guidance"], "provider_type": ["party"]},
    {"q": "national implementation plan", "year_from": 2010, "year_to": 2020, "lang": ["en"]},
    {"chemical": ["ddt"], "topic": ["ddt-vector-control", "alternatives"], "sort": "oldest"},
    {"q": "lindane", "candidate": ["chlorpyrifos", "mccp"]},
]


def _texts() -> list[tuple[str, str, str]]:
    """(language, title, body) of each demo text; synthetic ones when the corpus is not there."""
    found = []
    for path in sorted(TEXTS.glob("*.md")):
        raw = path.read_text(encoding="utf-8")
        match = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", raw, re.DOTALL)
        if not match:
            continue
        meta, body = match.group(1), match.group(2)
        lang = re.search(r"^lang:\s*(\w+)", meta, re.M)
        title = re.search(r'^title:\s*"?(.*?)"?\s*$', meta, re.M)
        if lang and title:
            found.append((lang.group(1), title.group(1), re.sub(r"[#*_>`-]+", " ", body)))
    if found:
        return found
    words = "persistent organic pollutants stockpiles monitoring inventory transformers pesticides disposal".split()
    rng = random.Random(7)
    return [(lang, f"Synthetic report {n}", " ".join(rng.choice(words) for _ in range(300)))
            for n, lang in enumerate(LANGS * 5)]


def _documents(count: int, seed: int = 42):
    rng = random.Random(seed)
    texts = _texts()
    chemicals = sorted(load_registry().chemicals)
    topics = sorted(load_topics())
    for n in range(count):
        lang, title, body = texts[n % len(texts)]
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        rng.shuffle(paragraphs)
        text = "\n\n".join(paragraphs[: max(2, len(paragraphs) - rng.randint(0, 3))])
        doc_title = f"{title} ({n // len(texts) + 1})"
        year = rng.randint(1998, 2026)
        chems = rng.sample(chemicals, rng.randint(1, 3))
        yield {
            "_id": f"bench-{n}",
            "_source": {
                "doc_id": f"bench-{n}", "lang": lang, "languages": [lang], "filename": f"bench-{n}.pdf",
                "title": {lang: doc_title, "std": doc_title}, "body": {lang: text, "std": text},
                "title_exact": doc_title, "title_suggest": doc_title, "year": year,
                "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "chemicals": chems, "candidates": [c for c in chems if c in ("chlorpyrifos", "mccp")],
                "topics": rng.sample(topics, rng.randint(1, 3)), "countries": rng.sample(COUNTRIES, rng.randint(1, 2)),
                "doc_type": rng.choice(DOC_TYPES), "provider_type": rng.choice(PROVIDERS),
                "source": f"Provider {rng.randint(1, 60)}", "path": f"/bench/bench-{n}.pdf", "root": "/bench",
            },
        }


def load(client, alias: str, count: int) -> float:
    index = ensure_index(client, alias)
    client.indices.put_settings(index=index, body={"index": {"refresh_interval": "-1", "number_of_replicas": 0}})
    started = time.perf_counter()
    done = 0
    for ok, _ in helpers.streaming_bulk(client, ({"_index": alias, **doc} for doc in _documents(count)),
                                        chunk_size=1000, request_timeout=300, raise_on_error=True):
        done += ok
        if done % 10_000 == 0:
            print(f"  {done} documents", file=sys.stderr)
    client.indices.put_settings(index=index, body={"index": {"refresh_interval": "1s"}})
    client.indices.refresh(index=index, request_timeout=600)
    client.indices.flush(index=index, request_timeout=600)  # segments as bulk indexing leaves them, not merged to one
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(alias: str, log_queries: bool) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "POPS_INDEX": alias, "POPS_SECRETARIAT_KEY": "bench",
           "POPS_LOG_QUERIES": "true" if log_queries else "false"}
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "search_api.app:create_app", "--factory",
                                "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                                "--no-access-log"], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/openapi.json", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError("the API did not start")


def _filters(params: dict):
    return build_filters(**{key: value for key, value in params.items() if key != "sort"})


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


SIDES = ("api", "service", "direct")


def measure(client, alias: str, url: str, rounds: int, warm_up: int = 3) -> tuple[dict[str, list[float]], list[int]]:
    """Milliseconds per request of each side: over HTTP, the service layer in this process, OpenSearch alone."""
    times: dict[str, list[float]] = {side: [] for side in SIDES}
    totals: list[int] = []
    service = SearchService(client, alias, max_page_size=PAGE_SIZE)
    filters = [_filters(params) for params in QUERY_MIX]
    bodies = [search_body(f, params.get("sort", "relevance"), PAGE_SIZE) for f, params in zip(filters, QUERY_MIX)]
    with httpx.Client(base_url=url, timeout=30) as http:
        for round_number in range(warm_up + rounds):
            for number, params in enumerate(QUERY_MIX):
                shift = (round_number + number) % len(SIDES)
                for side in SIDES[shift:] + SIDES[:shift]:
                    started = time.perf_counter()
                    if side == "api":
                        response = http.get("/api/search", params={"size": PAGE_SIZE, **params})
                        response.raise_for_status()
                        total = response.json()["total"]
                    elif side == "service":
                        service.search(filters[number], params.get("sort", "relevance"), size=PAGE_SIZE, record=False)
                    else:
                        client.search(index=alias, body=bodies[number])
                    if round_number >= warm_up:
                        times[side].append((time.perf_counter() - started) * 1000)
                if round_number == 0:
                    totals.append(total)
    return times, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000, help="Documents to load (default 100000).")
    parser.add_argument("--rounds", type=int, default=20, help="Measured passes over the query mix.")
    parser.add_argument("--alias", help="Reuse this alias when it already holds documents (no load).")
    parser.add_argument("--keep", action="store_true", help="Keep the loaded index afterwards.")
    parser.add_argument("--no-query-log", action="store_true", help="Serve with POPS_LOG_QUERIES=false.")
    args = parser.parse_args()

    settings = get_settings()
    client = opensearch_client(settings, timeout=60)
    alias = args.alias or f"pops-bench-{uuid.uuid4().hex[:8]}"
    created = False
    try:
        if not (args.alias and client.indices.exists_alias(name=alias)):
            created = True
            print(f"loading {args.docs} documents into {alias} ...", file=sys.stderr)
            seconds = load(client, alias, args.docs)
            print(f"loaded in {seconds:.0f} s ({args.docs / seconds:.0f} docs/s)", file=sys.stderr)
        count = client.count(index=alias)["count"]
        process, url = serve(alias, log_queries=not args.no_query_log)
        try:
            times, totals = measure(client, alias, url, args.rounds)
        finally:
            process.terminate()
            process.wait(10)
    finally:
        if created and not args.keep:
            client.indices.delete(index=f"{alias}*", ignore_unavailable=True, expand_wildcards="all")

    print(f"{count} documents, {len(QUERY_MIX)} queries x {args.rounds} rounds, {os.cpu_count()} cores, "
          f"page size {PAGE_SIZE}, all facets and highlighting; hits per query: min {min(totals)}, max {max(totals)}")
    print(f"{'':<34}{'p50':>8}{'p95':>8}{'p99':>8}{'mean':>8}   (ms)")
    rows = (("API over HTTP (uvicorn process)", times["api"]),
            ("service layer in-process", times["service"]),
            ("OpenSearch direct, same body", times["direct"]))
    for name, values in rows:
        print(f"{name:<34}" + "".join(f"{percentile(values, p):>8.1f}" for p in (50, 95, 99))
              + f"{statistics.fmean(values):>8.1f}")
    overhead = [percentile(times["api"], p) - percentile(times["direct"], p) for p in (50, 95, 99)]
    print(f"{'API overhead (API - direct)':<34}" + "".join(f"{value:>8.1f}" for value in overhead)
          + f"{statistics.fmean(times['api']) - statistics.fmean(times['direct']):>8.1f}")

if __name__ == "__main__":
    main()
