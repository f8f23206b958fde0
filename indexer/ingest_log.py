"""The ingest log: one document per file outcome per run, in `<alias>-ingest-log`.

The secretariat can ask it which files failed and why (`status:failed`), what a run did, or the
history of one path, without access to the machine that ran the indexer.
"""

from __future__ import annotations

import hashlib
from typing import Any

from opensearchpy import OpenSearch

LOG_SUFFIX = "-ingest-log"

LOG_MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "run_id": {"type": "keyword"},
        "time": {"type": "date"},
        "path": {"type": "keyword"},
        "root": {"type": "keyword"},
        "status": {"type": "keyword"},
        "kind": {"type": "keyword"},
        "reason": {"type": "text", "fields": {"keyword": {"type": "keyword", "ignore_above": 1024}}},
        "doc_id": {"type": "keyword"},
        "size": {"type": "long"},
        "mime": {"type": "keyword"},
    },
}


def log_index_name(alias: str) -> str:
    return f"{alias}{LOG_SUFFIX}"


def ensure_ingest_log(client: OpenSearch, alias: str) -> str:
    """The log index, created on first use."""
    name = log_index_name(alias)
    if not client.indices.exists(index=name):
        client.indices.create(index=name, body={
            "settings": {"number_of_shards": 1, "auto_expand_replicas": "0-1"},
            "mappings": LOG_MAPPINGS,
        }, ignore=400)  # another indexer may have created it in the meantime
    return name


def log_id(run_id: str, path: str) -> str:
    """Stable per run and path, so a retried bulk write does not log the same outcome twice."""
    return f"log-{run_id}-{hashlib.sha1(path.encode('utf-8')).hexdigest()[:16]}"
