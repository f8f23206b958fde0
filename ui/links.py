"""Links between states of a page: every state is a URL, so it can be bookmarked and shared.

A state is the ordered list of query-string pairs of the current request. Changing what is shown
(a filter, the sort order) goes back to the first page; moving between pages keeps everything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlencode

Items = Sequence[tuple[str, str]]

# Parameters that describe where in a result list one is, not what the list is.
POSITION_PARAMS = frozenset({"page", "cursor"})


def href(path: str, items: Iterable[tuple[str, str]]) -> str:
    pairs = [(key, value) for key, value in items if value != ""]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def _reset(items: Items) -> list[tuple[str, str]]:
    return [(key, value) for key, value in items if key not in POSITION_PARAMS]


def with_value(items: Items, param: str, value: str) -> list[tuple[str, str]]:
    """Add one value of a multi-valued parameter (a facet selection)."""
    kept = _reset(items)
    return kept if (param, value) in kept else [*kept, (param, value)]


def without_value(items: Items, param: str, value: str) -> list[tuple[str, str]]:
    """Remove one value of a multi-valued parameter (an active-filter chip)."""
    return [(key, val) for key, val in _reset(items) if (key, val) != (param, value)]


def without_params(items: Items, *params: str) -> list[tuple[str, str]]:
    return [(key, value) for key, value in _reset(items) if key not in params]


def replaced(items: Items, param: str, value: str | None, *, keep_position: bool = False) -> list[tuple[str, str]]:
    """Set a single-valued parameter (sort order, page); None removes it."""
    base = list(items) if keep_position else _reset(items)
    kept = [(key, val) for key, val in base if key != param]
    return kept if value is None else [*kept, (param, value)]
