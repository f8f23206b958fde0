"""One document: its metadata and tags, related documents, its other language versions, its file."""

from __future__ import annotations

import os
from pathlib import Path

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError

from analyzers.analysis import LANGUAGES, NEUTRAL
from indexer.ingest_log import log_index_name
from search_api.errors import Forbidden, IndexMissing, NotFound, is_missing_index
from search_api.hits import hit_from, ref_from
from search_api.models import DocumentDetail, DocumentRef

EXCERPT_CHARS = 2000
RELATED = 5
MAX_VERSIONS = 20
MLT_FIELDS = [f"{part}.{lang}" for part in ("title", "body") for lang in (*LANGUAGES, NEUTRAL)]
_REF_SOURCE = ["doc_id", "title", "filename", "languages", "lang", "year", "doc_type"]


class DocumentService:
    def __init__(self, client: OpenSearch, alias: str) -> None:
        self.client = client
        self.alias = alias

    def _stored(self, doc_id: str) -> dict:
        """The stored document, found by its id whatever physical index the alias points at."""
        try:
            response = self.client.search(index=self.alias, body={
                "size": 1, "query": {"ids": {"values": [doc_id]}},
                "_source": {"excludes": ["body", "spell", "title_suggest", "chemical_names"]},
            })
        except NotFoundError as exc:
            if is_missing_index(exc):
                raise IndexMissing(f"no index named {self.alias} yet: run `pops index PATH` first") from exc
            raise
        hits = response["hits"]["hits"]
        if not hits:
            raise NotFound(f"no document with id {doc_id!r}")
        return hits[0]

    def _excerpt(self, raw: dict) -> str:
        """The opening of the text, from the neutral body field (every document has it)."""
        response = self.client.search(index=self.alias, body={
            "size": 1, "query": {"ids": {"values": [raw["_id"]]}}, "_source": False,
            "highlight": {"type": "unified", "encoder": "html",
                          "fields": {f"body.{NEUTRAL}": {"number_of_fragments": 0, "no_match_size": EXCERPT_CHARS}}},
        })
        hits = response["hits"]["hits"]
        fragments = hits[0].get("highlight", {}).get(f"body.{NEUTRAL}", []) if hits else []
        return fragments[0][:EXCERPT_CHARS] if fragments else ""

    def related(self, raw: dict, size: int = RELATED) -> list[DocumentRef]:
        """More-like-this over the title and body fields, leaving out the document's own versions."""
        must_not: list[dict] = [{"ids": {"values": [raw["_id"]]}}]
        group = raw["_source"].get("version_group")
        if group:
            must_not.append({"term": {"version_group": group}})
        response = self.client.search(index=self.alias, body={
            "size": size, "_source": _REF_SOURCE,
            "query": {"bool": {"must": [{"more_like_this": {
                "fields": MLT_FIELDS, "like": [{"_index": raw["_index"], "_id": raw["_id"]}],
                "min_term_freq": 1, "min_doc_freq": 1, "max_query_terms": 30, "minimum_should_match": "10%",
            }}], "must_not": must_not}},
        })
        return [ref_from(hit) for hit in response["hits"]["hits"]]

    def versions(self, raw: dict) -> list[DocumentRef]:
        group = raw["_source"].get("version_group")
        if not group:
            return []
        response = self.client.search(index=self.alias, body={
            "size": MAX_VERSIONS, "_source": _REF_SOURCE, "sort": [{"doc_id": "asc"}],
            "query": {"bool": {"filter": [{"term": {"version_group": group}}],
                               "must_not": [{"ids": {"values": [raw["_id"]]}}]}},
        })
        return [ref_from(hit) for hit in response["hits"]["hits"]]

    def document(self, doc_id: str) -> DocumentDetail:
        raw = self._stored(doc_id)
        source = raw["_source"]
        hit = hit_from(raw)
        excerpt = self._excerpt(raw)
        authors = source.get("authors") or []
        return DocumentDetail(
            **hit.model_dump(exclude={"snippets"}), snippets=[excerpt] if excerpt else [],
            filename=source.get("filename"), mime_type=source.get("mime_type"), size=source.get("size"),
            page_count=source.get("page_count"), authors=[authors] if isinstance(authors, str) else list(authors),
            created=_text(source.get("created")), modified=_text(source.get("modified")),
            truncated=source.get("truncated"), ocr=source.get("ocr"),
            metadata=source.get("metadata") or {}, tags=source.get("tags") or {}, excerpt=excerpt,
            version_group=source.get("version_group"), related=self.related(raw), versions=self.versions(raw),
        )

    def indexed_roots(self) -> set[str] | None:
        """The folders the indexer has walked, from its ingest log; None when there is no ingest log."""
        try:
            response = self.client.search(index=log_index_name(self.alias), body={
                "size": 0, "aggs": {"roots": {"terms": {"field": "root", "size": 10_000}}}})
        except NotFoundError:
            return None
        return {bucket["key"] for bucket in response["aggregations"]["roots"]["buckets"]}

    def file_path(self, doc_id: str) -> Path:
        """The original file, only when its real path lies inside the root the document was indexed from,
        and that root is one the indexer recorded walking."""
        source = self._stored(doc_id)["_source"]
        path, root = source.get("path"), source.get("root")
        if not path or not root:
            raise NotFound(f"document {doc_id!r} has no file on record")
        roots = self.indexed_roots()
        if roots is not None and root not in roots:
            raise Forbidden("the document's folder is not one the indexer walked")
        return safe_file(Path(root), Path(path))


def _text(value) -> str | None:
    return None if value is None else str(value)


def safe_file(root: Path, path: Path) -> Path:
    """`path` resolved (symbolic links followed) when it is a regular file inside `root`'s real path."""
    if not root.is_absolute():
        raise Forbidden("the document's root is not an absolute path")
    candidate = path if path.is_absolute() else root / path
    try:
        real_root = Path(os.path.realpath(root))
        real = Path(os.path.realpath(candidate))
    except (OSError, ValueError) as exc:
        raise NotFound("the original file is not available") from exc
    if not real.is_relative_to(real_root) or real == real_root:
        raise Forbidden("the original file is outside the indexed folders")
    if not real.is_file():
        raise NotFound("the original file is not available")
    return real
