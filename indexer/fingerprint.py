"""Content hashes: a document's id is the sha256 of its bytes, so re-runs and moves are cheap to recognise."""

from __future__ import annotations

import hashlib

CHUNK = 1024 * 1024


def content_hash(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
