"""What the API says about its index at start-up and in /healthz: missing, or built by an older mapping."""

from __future__ import annotations

import logging

from opensearchpy import OpenSearch
from opensearchpy.exceptions import OpenSearchException

from analyzers.index import IndexError_, check_mapping, current_index

log = logging.getLogger("search_api")


def index_report(client: OpenSearch, alias: str) -> dict:
    """`{"alias", "index", "warning"}`; the warning says what to do when the index needs attention."""
    try:
        index = current_index(client, alias)
        if index is None:
            return {"alias": alias, "index": None,
                    "warning": f"no index behind {alias} yet: run `pops index PATH` to build it"}
        return {"alias": alias, "index": index, "warning": check_mapping(client, alias)}
    except IndexError_ as exc:
        return {"alias": alias, "index": None, "warning": str(exc)}
    except OpenSearchException as exc:
        return {"alias": alias, "index": None, "warning": f"OpenSearch could not be asked about {alias}: {exc}"}


def log_index_state(client: OpenSearch, alias: str) -> dict:
    report = index_report(client, alias)
    if report["warning"]:
        log.warning("index: %s", report["warning"])
    else:
        log.info("index: %s -> %s", alias, report["index"])
    return report
