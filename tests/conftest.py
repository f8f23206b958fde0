"""Shared fixtures: the real services, started once per session, and per-test indices."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from pops.config import Settings, get_settings
from pops.services import opensearch_client, tika_url

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def services() -> Settings:
    """OpenSearch and Tika: the ones named by POPS_OPENSEARCH_URL / POPS_TIKA_URL, else the local stack."""
    from stack import manager

    settings = get_settings()
    manager.up(settings, log=lambda _line: None)
    return settings


@pytest.fixture(scope="session")
def os_client(services: Settings) -> OpenSearch:
    return opensearch_client(services)


@pytest.fixture(scope="session")
def tika(services: Settings) -> str:
    return tika_url(services)


@pytest.fixture
def index_name(os_client: OpenSearch) -> Iterator[str]:
    """A unique alias name for one test; every index and alias under it is removed afterwards."""
    name = f"pops-test-{uuid.uuid4().hex[:10]}"
    yield name
    os_client.indices.delete(index=f"{name}*", ignore_unavailable=True, expand_wildcards="all")


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not present at {SHARED_CORPUS}; these tests use it when it is")
    return SHARED_CORPUS
