"""API fuzzing with schemathesis: generated requests from the OpenAPI schema never cause a server error."""

from __future__ import annotations

import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from pops.config import Settings
from search_api.app import create_app
from search_fixtures import fixture_documents, index_documents

pytestmark = [pytest.mark.services, pytest.mark.slow]

KEY = "fuzz-key"
ALIAS = f"pops-test-{uuid.uuid4().hex[:10]}"

# Building the app touches no service, so the schema can be loaded when the module is collected.
app = create_app(Settings(index=ALIAS, secretariat_key=KEY))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module", autouse=True)
def collection(os_client):
    index_documents(os_client, ALIAS, fixture_documents(generated=20))
    yield
    app.state.query_log.close()
    os_client.indices.delete(index=f"{ALIAS}*", ignore_unavailable=True, expand_wildcards="all")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors_and_responses_match_the_schema(case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"},
                           checks=[not_a_server_error, response_schema_conformance])
