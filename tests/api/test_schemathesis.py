"""Property-based API testing with schemathesis against the running component, one run per API.

Every served API's own document drives generated requests (examples, coverage, fuzzing and stateful
phases; stateful chains follow the Location headers of creates). Checks: no 5xx, documented status
codes, content types and headers, responses valid against the document, schema-violating requests
rejected. Bounded by example count so CI stays fast; the seed is fixed so a failure reproduces.

`fields` is left out of generation: a `fields=` response is partial by design (TMF630), so it would
contradict the schema's required lists; `fields` has its own tests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from component.api.registry import APIS
from tests.support.ci import unavailable
from tests.support.live_server import LiveServer

CHECKS = ",".join([
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_headers_conformance", "response_schema_conformance", "negative_data_rejection",
])
MAX_EXAMPLES = 25
SEED = 20261126

pytestmark = pytest.mark.slow


def schemathesis_command() -> list[str]:
    executable = Path(sys.executable).with_name("st")
    if executable.exists():
        return [str(executable)]
    found = shutil.which("st")
    if found is None:
        unavailable("the schemathesis CLI (st) is not installed")
    return [found]


def without_fields_parameter(document: dict) -> dict:
    shared = document.get("components", {}).get("parameters", {})

    def is_fields(parameter: dict) -> bool:
        resolved = shared.get(parameter.get("$ref", "").rsplit("/", 1)[-1], parameter)
        return resolved.get("name") == "fields" and resolved.get("in") == "query"

    for path_item in document["paths"].values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "parameters" in operation:
                operation["parameters"] = [parameter for parameter in operation["parameters"]
                                           if not is_fields(parameter)]
    return document


@pytest.mark.parametrize("api_name", sorted(APIS))
def test_generated_requests_get_documented_answers_and_never_a_server_error(
    server: LiveServer, api_name: str, tmp_path: Path
) -> None:
    api = APIS[api_name]
    run_schemathesis(f"{server.root}{server.settings.path_prefix}{api.base_path}", tmp_path, api_name)


def run_schemathesis(root: str, tmp_path: Path, api_name: str, *extra: str) -> None:
    """Run the schemathesis CLI on the API at `root` (its served document) and fail on any finding."""
    document = requests.get(f"{root}/openapi.json", timeout=10).json()  # open whatever AUTH_MODE says
    schema_file = tmp_path / "openapi.json"
    schema_file.write_text(json.dumps(without_fields_parameter(document)))
    command = [
        *schemathesis_command(), "run", str(schema_file), "--url", root, "--checks", CHECKS,
        "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "1",
        "--generation-database", "none", "--request-timeout", "30", "--max-failures", "5", *extra,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"schemathesis found problems in {api_name}:\n{result.stdout[-15000:]}"
