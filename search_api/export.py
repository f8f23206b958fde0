"""Streaming exports of a whole result set as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from search_api.filters import SearchFilters
from search_api.models import Hit
from search_api.search_service import ResultScan

CSV_COLUMNS = ["id", "title", "path", "languages", "year", "doc_type", "chemicals", "candidates", "topics",
               "countries", "source", "provider_type"]
LIST_SEPARATOR = ";"
# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FIELDS = {"id", "title", "path", "languages", "lang", "year", "date", "doc_type", "provider_type", "source",
                 "chemicals", "candidates", "topics", "countries"}


def _cell(value) -> str:
    if value is None:
        return ""
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(hit: Hit) -> list[str]:
    data = hit.model_dump()
    return [_cell(data[column]) for column in CSV_COLUMNS]


def csv_lines(scan: ResultScan) -> Iterator[str]:
    """A UTF-8 BOM (so spreadsheet programs read Arabic and Chinese right), the header, one row per hit."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    for hit in scan:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(csv_row(hit))
        yield buffer.getvalue()


def json_chunks(scan: ResultScan, filters: SearchFilters, sort: str) -> Iterator[str]:
    """One JSON document: the query, the total, then every hit, written as it is read."""
    head = {"total": scan.total, "q": filters.q, "filters": filters.as_dict(), "sort": sort}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "hits": ['
    separator = ""
    for hit in scan:
        yield separator + json.dumps(hit.model_dump(include=EXPORT_FIELDS), ensure_ascii=False)
        separator = ",\n"
    yield "]}\n"
