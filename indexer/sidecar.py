"""Explicit metadata written next to the documents: a folder's `manifest.json` or a `<file>.json` sidecar.

Publishers know who provided a document, where it came from and when it was issued better than any
inference from its text, so these fields win over what extraction and tagging find. What a
document is *about* (chemicals, topics) is deliberately not taken from here: it must come from
tagging the text, so that the index shows what the indexer really recognises.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from collections import OrderedDict
from typing import Any

from indexer.walk import MANIFEST_NAME, SIDECAR_SUFFIX

TEXT_FIELDS = ("provider_type", "source", "version_group", "doc_type")
_CACHED_MANIFESTS = 64
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def parse_date(value: Any) -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) as the full YYYY-MM-DD the index accepts."""
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    if not isinstance(value, str):
        return None
    match = _DATE.match(value.strip())
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def explicit_fields(entry: Any) -> dict[str, Any]:
    """The fields of one manifest entry or sidecar that the index takes as given."""
    if not isinstance(entry, dict):
        return {}
    fields: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = entry.get(name)
        if isinstance(value, str) and value.strip():
            fields[name] = value.strip()
    date = parse_date(entry.get("date"))
    if date:
        fields["date"] = date
    year = entry.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and 1000 <= year <= 9999:
        fields["year"] = year
    elif date:
        fields["year"] = int(date[:4])
    return fields


class SidecarMetadata:
    """Looks up explicit metadata for a file; manifests are cached per folder (a few at a time)."""

    def __init__(self) -> None:
        self._manifests: OrderedDict[str, dict] = OrderedDict()

    def _manifest(self, directory: str) -> dict:
        if directory in self._manifests:
            self._manifests.move_to_end(directory)
            return self._manifests[directory]
        found = _read_json(os.path.join(directory, MANIFEST_NAME))
        manifest = found if isinstance(found, dict) else {}
        self._manifests[directory] = manifest
        if len(self._manifests) > _CACHED_MANIFESTS:
            self._manifests.popitem(last=False)
        return manifest

    def for_file(self, absolute: str) -> dict[str, Any]:
        """Manifest entry first, then the file's own sidecar on top of it."""
        directory, name = os.path.split(absolute)
        fields = explicit_fields(self._manifest(directory).get(name))
        sidecar = absolute + SIDECAR_SUFFIX
        if os.path.isfile(sidecar):
            fields.update(explicit_fields(_read_json(sidecar)))
        return fields
