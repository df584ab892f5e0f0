"""Schemathesis over ``/api/v1/openapi.json``, as the demo chair on the demo data.

Every operation the spec lists gets requests generated from its schema — valid ones and,
separately, ones that break it — and every answer must be no 5xx, of the declared content
type and status, and valid against the response schema. Path ids are drawn from the small
range the demo's rows have (the spec itself says 1 to 2**31-1), so most requests reach a
real row instead of a 404. Bounded: a few examples an operation, well under a minute.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tracker.accounts.operations import find_user

from ..helpers import working_in

pytestmark = pytest.mark.schema

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance,
          status_code_conformance]
EXAMPLES = 10
DEMO_IDS = {"type": "integer", "minimum": 1, "maximum": 40}


def _on_demo_ids(spec: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(spec)
    for item in spec["paths"].values():
        for parameter in item.get("parameters", []):
            if parameter["in"] == "path":
                parameter["schema"] = DEMO_IDS
    return spec


def test_the_api_answers_every_generated_request_within_its_schema(app, client, runner,
                                                                   factory) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    with working_in(app):
        chair = find_user("chair@napiri.example")
    headers = {"Authorization": f"Bearer {factory.token(chair)}"}
    spec = client.get("/api/v1/openapi.json", headers=headers).get_json()
    schema = schemathesis.openapi.from_dict(_on_demo_ids(spec))
    schema.app = app
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def call(data: st.DataObject, operation: Any, mode: schemathesis.GenerationMode) -> None:
        case = data.draw(operation.as_strategy(generation_mode=mode))
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, ExceptionGroup) as failure:
            lines = [line.strip() for line in str(failure).splitlines() if line.strip()]
            failures.append(f"{operation.label} → {response.status_code}: {' '.join(lines[:8])}")

    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            call(operation=operation, mode=mode)
    assert failures == []
