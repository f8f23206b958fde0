"""The comparison page: two dimensions crossed into a matrix of document counts, each cell a search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from search_api.filters import SearchFilters
from search_api.models import CompareResponse
from ui import links
from ui.templating import translate
from ui.vocabulary import DIMENSIONS

DEFAULT_ROWS, DEFAULT_COLS = "country", "chemical"


@dataclass
class MatrixCell:
    count: int
    href: str | None


def dimensions_from(rows: str | None, cols: str | None) -> tuple[str, str, list[str]]:
    """The two dimensions asked for, falling back to the defaults; the names of any that were unusable."""
    ignored = [name for name, value in (("rows", rows), ("cols", cols)) if value and value not in DIMENSIONS]
    rows = rows if rows in DIMENSIONS else DEFAULT_ROWS
    cols = cols if cols in DIMENSIONS else DEFAULT_COLS
    if rows == cols:
        cols = DEFAULT_COLS if rows != DEFAULT_COLS else DEFAULT_ROWS
        ignored.append("cols")
    return rows, cols, ignored


def ui_search_link(api_url: str) -> str:
    """The search page for a cell: the API's link to the same search, on the UI's search path."""
    _, _, query = api_url.partition("?")
    return f"/?{query}" if query else "/"


def matrix(response: CompareResponse) -> list[tuple[str, str, list[MatrixCell]]]:
    """(row value, row label, cells) per row; each non-empty cell links to its documents."""
    return [(row.value, row.label, [MatrixCell(cell.count, ui_search_link(cell.url) if cell.count else None)
                                    for cell in cells])
            for row, cells in zip(response.rows.values, response.cells)]


def context(response: CompareResponse, filters: SearchFilters, rows: str, cols: str, ignored: list[str],
            lang: str) -> dict[str, Any]:
    query = [*filters.query_items(), ("rows", rows), ("cols", cols)]
    return {
        "section": "compare",
        "filters": filters,
        "rows": rows,
        "cols": cols,
        "ignored": ignored,
        "dimensions": [(name, translate(lang, title)) for name, title in DIMENSIONS.items()],
        "rows_title": translate(lang, DIMENSIONS[rows]),
        "cols_title": translate(lang, DIMENSIONS[cols]),
        "response": response,
        "matrix": matrix(response),
        "csv_href": links.href("/api/compare.csv", query),
        "search_href": links.href("/", filters.query_items()),
    }
