"""The landing page: what this component serves, at `{prefix}/`, `{prefix}/tmf-api` and `{prefix}/docs`.

HTML for a browser, JSON when the client asks for it (`Accept: application/json`): every served API with
its base path, version, TMF API id, Swagger UI and openapi.json, and the links to the dashboard, health and
metrics.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from typing import Any

from component.api.definitions import ApiDefinition


class Landing:
    def __init__(self, apis: Iterable[ApiDefinition], documents: Mapping[str, Mapping[str, Any]], prefix: str) -> None:
        self.prefix = prefix
        self.paths = {prefix or "/", f"{prefix}/", f"{prefix}/tmf-api", f"{prefix}/tmf-api/", f"{prefix}/docs",
                      f"{prefix}/docs/"}
        self.apis = [{
            "name": api.name,
            "title": api.title,
            "id": documents[api.name].get("info", {}).get("x-api-id"),
            "version": documents[api.name].get("info", {}).get("version"),
            "basePath": f"{prefix}{api.base_path}",
            "swaggerUi": f"{prefix}{api.base_path}/docs/",
            "openapi": f"{prefix}{api.base_path}/openapi.json",
        } for api in apis]
        self.links = {"dashboard": f"{prefix}/dashboard/", "liveness": "/health/live", "readiness": "/health/ready",
                      "metrics": "/metrics"}
        self._json = json.dumps({"apis": self.apis, "links": self.links}, indent=2).encode()
        self._html = self._render().encode()

    def serves(self, path: str) -> bool:
        return path in self.paths

    def body(self, accept: str) -> tuple[bytes, str]:
        """The page as the client prefers: JSON when it asks for JSON rather than HTML."""
        wants_json = "application/json" in accept and "text/html" not in accept
        return (self._json, "application/json") if wants_json else (self._html, "text/html; charset=utf-8")

    def _render(self) -> str:
        rows = "\n".join(
            f"<tr><td>{html.escape(api['title'])}</td><td>{html.escape(str(api['id'] or ''))}</td>"
            f"<td>{html.escape(str(api['version'] or ''))}</td>"
            f"<td><a href=\"{html.escape(api['basePath'])}\"><code>{html.escape(api['basePath'])}</code></a></td>"
            f"<td><a href=\"{html.escape(api['swaggerUi'])}\">Swagger UI</a></td>"
            f"<td><a href=\"{html.escape(api['openapi'])}\">openapi.json</a></td></tr>" for api in self.apis)
        links = " · ".join(f'<a href="{html.escape(url)}">{html.escape(name)}</a>' for name, url in self.links.items())
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>oda-cms</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}}table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #ccc;padding:.4rem .8rem;text-align:left}}</style></head>
<body><h1>oda-cms</h1>
<p>Customer management for telecom operators: a TM Forum ODA component. The APIs this process serves:</p>
<table><thead><tr><th>API</th><th>id</th><th>version</th><th>base path</th><th colspan="2">documentation</th></tr>
</thead><tbody>
{rows}
</tbody></table>
<p>{links}</p>
</body></html>
"""
