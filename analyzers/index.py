"""One logical index behind an alias: versioned physical indices created from an index template.

`<alias>-v1`, `<alias>-v2`, … all match the template `<alias>`; the alias points at exactly one of
them and is moved atomically by `migrate`, so searches never see a missing index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from opensearchpy import NotFoundError, OpenSearch

from analyzers.analysis import LANGUAGES, NEUTRAL, SYNONYM_FILTER, analysis_settings, synonym_filter
from analyzers.mappings import MAPPING_VERSION, mappings

GENERATED_SYNONYMS = Path(__file__).resolve().parent.parent / "synonyms" / "generated"


class IndexError_(RuntimeError):
    """A problem with the index layout that the user must act on; the message says what to do."""


def read_synonym_rules(directory: Path = GENERATED_SYNONYMS) -> dict[str, list[str]]:
    """Solr-format rules per field language; the neutral field gets every language's rules."""
    rules: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        path = directory / f"{lang}.txt"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        rules[lang] = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    rules[NEUTRAL] = sorted({rule for lang in LANGUAGES for rule in rules[lang]})
    return rules


def index_settings(synonyms: dict[str, list[str]]) -> dict:
    return {
        "number_of_shards": 1,
        "auto_expand_replicas": "0-1",
        "refresh_interval": "1s",
        "max_result_window": 10000,
        "analysis": analysis_settings(synonyms[NEUTRAL]),
    }


def template_body(alias: str, synonyms: dict[str, list[str]] | None = None) -> dict:
    synonyms = read_synonym_rules() if synonyms is None else synonyms
    return {
        "index_patterns": [f"{alias}-v*"],
        "priority": 100,
        "template": {"settings": index_settings(synonyms), "mappings": mappings()},
        "_meta": {"mapping_version": MAPPING_VERSION, "managed_by": "pops-search"},
    }


def put_template(client: OpenSearch, alias: str, synonyms: dict[str, list[str]] | None = None) -> None:
    client.indices.put_index_template(name=alias, body=template_body(alias, synonyms))


@dataclass(frozen=True)
class IndexState:
    alias: str
    index: str | None
    mapping_version: int | None

    @property
    def up_to_date(self) -> bool:
        return self.mapping_version == MAPPING_VERSION


def current_index(client: OpenSearch, alias: str) -> str | None:
    try:
        found = client.indices.get_alias(name=alias)
    except NotFoundError:
        return None
    indices = sorted(found)
    if len(indices) != 1:
        raise IndexError_(f"alias {alias} points at {len(indices)} indices ({', '.join(indices)}); it must point at one")
    return indices[0]


def state(client: OpenSearch, alias: str) -> IndexState:
    index = current_index(client, alias)
    if index is None:
        return IndexState(alias, None, None)
    meta = client.indices.get_mapping(index=index)[index]["mappings"].get("_meta", {})
    return IndexState(alias, index, meta.get("mapping_version"))


def _version_of(index: str) -> int:
    match = re.search(r"-v(\d+)$", index)
    return int(match.group(1)) if match else 0


def ensure_index(client: OpenSearch, alias: str) -> str:
    """The physical index behind `alias`, created from the current template on first use."""
    existing = current_index(client, alias)
    if existing:
        return existing
    if client.indices.exists(index=alias):
        raise IndexError_(f"{alias} exists as an index, not an alias; remove it or choose another POPS_INDEX")
    put_template(client, alias)
    index = f"{alias}-v1"
    while client.indices.exists(index=index):
        index = f"{alias}-v{_version_of(index) + 1}"
    client.indices.create(index=index, body={"aliases": {alias: {"is_write_index": True}}})
    client.cluster.health(index=index, wait_for_status="yellow")
    return index


def check_mapping(client: OpenSearch, alias: str) -> str | None:
    """A sentence for the user when the index behind `alias` was built by an older mapping, else None."""
    current = state(client, alias)
    if current.index is None or current.up_to_date:
        return None
    return (f"the index {current.index} behind {alias} has mapping version {current.mapping_version}, "
            f"this code expects {MAPPING_VERSION}: run `pops migrate` to rebuild it without downtime")


def migrate(client: OpenSearch, alias: str, log=print) -> str:
    """New physical index from the current template, `_reindex`, atomic alias swap; old index kept."""
    old = current_index(client, alias)
    if old is None:
        return ensure_index(client, alias)
    put_template(client, alias)
    new = f"{alias}-v{_version_of(old) + 1}"
    while client.indices.exists(index=new):
        new = f"{alias}-v{_version_of(new) + 1}"
    client.indices.create(index=new, body={"settings": {"refresh_interval": "-1"}})
    log(f"reindexing {old} -> {new}")
    result = client.reindex(body={"source": {"index": old}, "dest": {"index": new}},
                            wait_for_completion=True, refresh=True, request_timeout=3600)
    if result.get("failures"):
        client.indices.delete(index=new)
        raise IndexError_(f"reindex into {new} failed, {alias} still points at {old}: {result['failures'][:3]}")
    client.indices.put_settings(index=new, body={"index": {"refresh_interval": "1s"}})
    client.indices.refresh(index=new)
    old_count = client.count(index=old)["count"]
    new_count = client.count(index=new)["count"]
    if new_count != old_count:
        client.indices.delete(index=new)
        raise IndexError_(f"{new} holds {new_count} documents, {old} holds {old_count}; {alias} still points at {old}")
    client.indices.update_aliases(body={"actions": [
        {"remove": {"index": old, "alias": alias}},
        {"add": {"index": new, "alias": alias, "is_write_index": True}},
    ]})
    log(f"{alias} now points at {new} ({new_count} documents); {old} is kept until `pops migrate --drop-old`")
    return new


def drop_old_indices(client: OpenSearch, alias: str, log=print) -> list[str]:
    """Delete the physical indices of `alias` that it no longer points at."""
    keep = current_index(client, alias)
    found = client.indices.get(index=f"{alias}-v*", expand_wildcards="all", ignore_unavailable=True)
    dropped = [name for name in found if name != keep and re.fullmatch(rf"{re.escape(alias)}-v\d+", name)]
    for name in dropped:
        client.indices.delete(index=name)
        log(f"deleted {name}")
    return dropped


def apply_synonyms(client: OpenSearch, alias: str, synonyms: dict[str, list[str]] | None = None) -> str:
    """Put new search-time synonyms into the live index: close, update the filters, reopen.

    The refresh-search-analyzers API needs the index-management plugin, which is not part of the
    local stack; close/update/open works on every OpenSearch. Documents are not reindexed: only
    the neutral field's search analyser uses the synonyms. The template is updated too, for future indices.
    """
    synonyms = read_synonym_rules() if synonyms is None else synonyms
    index = current_index(client, alias)
    if index is None:
        raise IndexError_(f"no index behind {alias}: run `pops index PATH` first")
    put_template(client, alias, synonyms)
    filters = {SYNONYM_FILTER: synonym_filter(synonyms[NEUTRAL])}
    client.indices.close(index=index)
    try:
        client.indices.put_settings(index=index, body={"analysis": {"filter": filters}})
    finally:
        client.indices.open(index=index)
        client.cluster.health(index=index, wait_for_status="yellow")
    client.indices.clear_cache(index=index, request=True)
    return index
