"""Where the services are and how to talk to them: external URLs win over the local stack."""

from __future__ import annotations

from opensearchpy import OpenSearch

from pops.config import Settings


def opensearch_url(settings: Settings) -> str:
    return settings.opensearch_url or f"http://127.0.0.1:{settings.opensearch_port}"


def tika_url(settings: Settings) -> str:
    return (settings.tika_url or f"http://127.0.0.1:{settings.tika_port}").rstrip("/")


def opensearch_client(settings: Settings, timeout: float = 30, retries: int = 3) -> OpenSearch:
    auth = None
    if settings.opensearch_user:
        password = settings.opensearch_password.get_secret_value() if settings.opensearch_password else ""
        auth = (settings.opensearch_user, password)
    url = opensearch_url(settings)
    return OpenSearch(
        hosts=[url],
        http_auth=auth,
        use_ssl=url.startswith("https"),
        verify_certs=settings.opensearch_verify_certs,
        ssl_show_warn=settings.opensearch_verify_certs,
        ca_certs=str(settings.opensearch_ca_certs) if settings.opensearch_ca_certs else None,
        timeout=timeout,
        max_retries=retries,
        retry_on_timeout=True,
    )
