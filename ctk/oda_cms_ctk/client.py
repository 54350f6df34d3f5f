"""HTTP access to one API of a deployment: requests with a short printable description of each call."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"


@dataclass(frozen=True)
class Exchange:
    """One request and its response, as the report shows them."""

    method: str
    url: str
    response: requests.Response

    @property
    def request(self) -> str:
        return f"{self.method} {self.url}"

    def body(self) -> Any:
        """The response body as JSON, or None when it is not JSON."""
        try:
            return self.response.json()
        except ValueError:
            return None

    def summary(self, limit: int = 300) -> str:
        """Status and the start of the body, to explain a failure."""
        text = self.response.text
        text = text if len(text) <= limit else text[:limit] + "..."
        return f"got {self.response.status_code} {text}"


class ApiClient:
    """One API of the deployment, e.g. <url><prefix>/tmf-api/customerManagement/v4."""

    def __init__(self, root: str, session: requests.Session | None = None, timeout: float = 30.0) -> None:
        self.root = root.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout

    def url(self, path: str) -> str:
        return f"{self.root}/{path.lstrip('/')}"

    def call(self, method: str, path: str, body: Any = None, params: dict[str, str] | None = None,
             content_type: str = JSON) -> Exchange:
        """Send one request; a connection failure is answered as a synthetic 599 so every check can report it."""
        url = self.url(path)
        prepared = requests.Request(method, url, params=params).prepare()
        headers = {"Accept": JSON}
        data = None
        if body is not None:
            headers["Content-Type"] = content_type
            data = json.dumps(body)
        try:
            response = self.session.request(method, url, params=params, data=data, headers=headers,
                                            timeout=self.timeout)
        except requests.RequestException as error:
            response = requests.Response()
            response.status_code = 599
            response._content = f"no response: {error}".encode()
        return Exchange(method, prepared.url or url, response)

    def get(self, path: str, params: dict[str, str] | None = None) -> Exchange:
        return self.call("GET", path, params=params)

    def post(self, path: str, body: Any) -> Exchange:
        return self.call("POST", path, body)

    def patch(self, path: str, body: Any) -> Exchange:
        return self.call("PATCH", path, body, content_type=MERGE_PATCH)

    def delete(self, path: str) -> Exchange:
        return self.call("DELETE", path)
