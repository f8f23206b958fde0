"""docker-compose.yml cannot run here (no Docker engine); it must still agree with what the app reads."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import yaml

from pops.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_are_the_three_the_project_needs() -> None:
    assert set(_compose()["services"]) == {"opensearch", "tika", "api"}


def test_api_variables_are_settings_the_app_reads() -> None:
    env = _compose()["services"]["api"]["environment"]
    fields = {name.upper() for name in Settings.model_fields}
    unknown = [key for key in env if key.removeprefix("POPS_") not in fields or not key.startswith("POPS_")]
    assert unknown == []


def test_service_urls_and_ports_match_the_services() -> None:
    services = _compose()["services"]
    env = services["api"]["environment"]
    for url_key, service in (("POPS_OPENSEARCH_URL", "opensearch"), ("POPS_TIKA_URL", "tika")):
        url = urlparse(env[url_key])
        assert url.hostname == service
        published = {int(p.rsplit(":", 2)[-1]) for p in services[service]["ports"]}
        assert url.port in published
    api_ports = {int(p.rsplit(":", 1)[-1]) for p in services["api"]["ports"]}
    assert int(env["POPS_PORT"]) in api_ports


def test_opensearch_image_installs_the_analysis_plugins() -> None:
    dockerfile = (ROOT / "stack" / "docker" / "opensearch.Dockerfile").read_text()
    assert "analysis-icu" in dockerfile and "analysis-smartcn" in dockerfile
