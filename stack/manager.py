"""`pops stack up|down|status`: the local services, or the external ones named by POPS_*_URL."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import httpx

from pops.config import Settings
from pops.services import opensearch_url, tika_url
from stack.java import find_java
from stack.opensearch_node import OpenSearchNode
from stack.tika_server import TikaServer


@dataclass
class ServiceStatus:
    url: str
    version: str | None
    running: bool
    managed: bool
    pid: int | None = None
    log: str | None = None


def _external_opensearch_version(settings: Settings) -> str | None:
    from pops.services import opensearch_client

    try:
        return opensearch_client(settings).info()["version"]["number"]
    except Exception:  # noqa: BLE001 - any failure means "not reachable" for a status line
        return None


def _external_tika_version(url: str) -> str | None:
    try:
        response = httpx.get(f"{url}/version", timeout=5)
    except httpx.HTTPError:
        return None
    return response.text.strip().removeprefix("Apache Tika ").strip() if response.status_code == 200 else None


def status(settings: Settings) -> dict[str, ServiceStatus]:
    result: dict[str, ServiceStatus] = {}
    if settings.opensearch_url:
        version = _external_opensearch_version(settings)
        result["opensearch"] = ServiceStatus(opensearch_url(settings), version, version is not None, managed=False)
    else:
        node = OpenSearchNode(settings, log=lambda _: None)
        version = node.running_version()
        result["opensearch"] = ServiceStatus(node.url, version, version is not None, True, node.pid(), str(node.log_dir))
    if settings.tika_url:
        version = _external_tika_version(tika_url(settings))
        result["tika"] = ServiceStatus(tika_url(settings), version, version is not None, managed=False)
    else:
        tika = TikaServer(settings, log=lambda _: None)
        version = tika.running_version()
        result["tika"] = ServiceStatus(tika.url, version, version is not None, True, tika.pid(), str(tika.log_dir))
    return result


def status_json(settings: Settings) -> dict[str, dict]:
    return {name: asdict(service) for name, service in status(settings).items()}


def up(settings: Settings, log=print) -> None:
    """Start what is not running yet; a second call reuses the running services."""
    needs_local = not settings.opensearch_url or not settings.tika_url
    java = find_java(settings.java_home) if needs_local else None
    if java:
        log(f"Java {java.version} from {java.origin}: {java.home}")
    if not settings.tika_url:
        TikaServer(settings, java, log).start()
    if not settings.opensearch_url:
        OpenSearchNode(settings, java, log).start()


def down(settings: Settings, log=print) -> None:
    stopped = [OpenSearchNode(settings, log=log).stop(), TikaServer(settings, log=log).stop()]
    if not any(stopped):
        log("nothing was running")
