"""`pops eval`: a judged query set run through OpenSearch's `_rank_eval` (nDCG@10 and MRR).

Judgments name documents by file name, so the same file can be judged in any index built from
the same files. `--baseline` copies the documents into a throwaway index whose text fields use the
plain `standard` analyser and runs the same queries there, in the same run.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml
from opensearchpy import OpenSearch

from analyzers.analysis import LANGUAGES, NEUTRAL
from analyzers.index import current_index
from search_api.query_builder import text_query

K = 10


@dataclass(frozen=True)
class Judgment:
    query_id: str
    q: str
    ratings: dict[str, int]


@dataclass
class QueryScore:
    query_id: str
    q: str
    ndcg: float
    mrr: float
    unresolved: list[str]


def load_judgments(path: Path) -> list[Judgment]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Judgment(str(item["id"]), str(item["q"]), {str(k): int(v) for k, v in item["ratings"].items()})
            for item in data["queries"]]


def _ids_by_filename(client: OpenSearch, index: str, filenames: set[str]) -> dict[str, str]:
    response = client.search(index=index, body={
        "size": len(filenames) * 3 + 10, "_source": ["filename"],
        "query": {"terms": {"filename": sorted(filenames)}},
    })
    return {hit["_source"]["filename"]: hit["_id"] for hit in response["hits"]["hits"]}


def baseline_query(q: str) -> dict:
    fields = [f"{part}.{lang}" for part in ("title", "body") for lang in (*LANGUAGES, NEUTRAL)]
    return {"multi_match": {"query": q, "fields": fields}}


def _rank_eval(client: OpenSearch, index: str, judgments: list[Judgment], ids: dict[str, str],
               query_for, metric: dict) -> dict[str, float]:
    requests = [{
        "id": j.query_id,
        "request": {"query": query_for(j.q)},
        "ratings": [{"_index": index, "_id": ids[name], "rating": rating}
                    for name, rating in j.ratings.items() if name in ids],
    } for j in judgments]
    response = client.rank_eval(index=index, body={"requests": requests, "metric": metric})
    return {query_id: detail["metric_score"] for query_id, detail in response["details"].items()}


def evaluate(client: OpenSearch, index: str, judgments: list[Judgment], query_for=text_query) -> list[QueryScore]:
    # Hits name their physical index, so ratings must too, not the alias.
    index = current_index(client, index) or index
    names = {name for j in judgments for name in j.ratings}
    ids = _ids_by_filename(client, index, names)
    ndcg = _rank_eval(client, index, judgments, ids, query_for,
                      {"dcg": {"k": K, "normalize": True}})
    mrr = _rank_eval(client, index, judgments, ids, query_for,
                     {"mean_reciprocal_rank": {"k": K, "relevant_rating_threshold": 1}})
    return [QueryScore(j.query_id, j.q, ndcg[j.query_id], mrr[j.query_id],
                       sorted(name for name in j.ratings if name not in ids)) for j in judgments]


def _baseline_mapping() -> dict:
    text = {"type": "text", "analyzer": "standard"}
    multilingual = {"properties": {lang: text for lang in (*LANGUAGES, NEUTRAL)}}
    return {"dynamic": False, "properties": {"filename": {"type": "keyword"}, "title": multilingual, "body": multilingual}}


def evaluate_baseline(client: OpenSearch, alias: str, judgments: list[Judgment]) -> list[QueryScore]:
    source = current_index(client, alias)
    baseline = f"{alias}-baseline-{uuid.uuid4().hex[:8]}"
    client.indices.create(index=baseline, body={"settings": {"number_of_replicas": 0}, "mappings": _baseline_mapping()})
    try:
        client.reindex(body={"source": {"index": source, "_source": ["filename", "title", "body"]},
                             "dest": {"index": baseline}}, wait_for_completion=True, refresh=True)
        return evaluate(client, baseline, judgments, baseline_query)
    finally:
        client.indices.delete(index=baseline, ignore_unavailable=True)


def mean(scores: list[QueryScore], attribute: str) -> float:
    return sum(getattr(s, attribute) for s in scores) / len(scores) if scores else 0.0
