"""Validation of real HTTP responses against the component's own OpenAPI document (openapi-core)."""

from __future__ import annotations

from typing import Any

import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse


class ResponseChecker:
    """Checks that responses match the document served at `<api root>/openapi.json`."""

    def __init__(self, api_root: str) -> None:
        document: dict[str, Any] = requests.get(f"{api_root}/openapi.json", timeout=10).json()
        # The served document names the API root as its server, so request paths resolve against it.
        document["servers"] = [{"url": api_root}]
        self.openapi = OpenAPI.from_dict(document)

    def check(self, response: requests.Response) -> None:
        """Raise when the response's status, headers or body contradict the document."""
        self.openapi.validate_response(
            RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response)
        )
