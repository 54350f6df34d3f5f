"""A CTK folder in TM Forum's v4 layout, and the run files made from it (never written back into it).

The layout of a kit as TM Forum ships it (and as ../shared/tmf/ctk-official holds them):

    <kit>/config.json                          url (the API root), headers, payloads.<Resource>.POST.payload
    <kit>/ctk/<name>.postman_collection.json   the Postman collection (some kits: <name>.testkit.json)
    <kit>/ctk/TMFENV-V4.0.0.postman_environment.json

TM Forum's own runner (ctk/index.js in their zip) puts config.headers on every request, the payload of each
resource into the body of the first POST to that resource's collection, and config.url into the environment
variable the requests start with; `prepare` does the same, into new files.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

Json = dict[str, Any]
GENERATED = {"pmtest.json", "TMFENV.json", "package.json", "package-lock.json"}
URL_VARIABLE = re.compile(r"^\{\{(\w+)\}\}")


class KitError(ValueError):
    """The folder is not a CTK in the v4 layout, or its config.json is unusable."""


def _read_json(path: Path) -> Json:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as error:
        raise KitError(f"{path}: {error}") from error


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def requests_of(items: list[Json]) -> list[Json]:
    """Every request item of a collection, depth first, in the order newman runs them."""
    found: list[Json] = []
    for item in items:
        if "item" in item:
            found.extend(requests_of(item["item"]))
        elif "request" in item:
            found.append(item)
    return found


def raw_url(item: Json) -> str:
    url = item["request"].get("url", "")
    return url if isinstance(url, str) else str(url.get("raw", ""))


@dataclass(frozen=True)
class KitFolder:
    folder: Path
    config: Json
    collection_path: Path
    environment_path: Path

    @classmethod
    def open(cls, folder: str | Path) -> KitFolder:
        root = Path(folder).resolve()
        config_path = root / "config.json"
        if not config_path.is_file():
            raise KitError(f"{root} has no config.json: not a CTK folder in TM Forum's v4 layout")
        files = [path for path in sorted((root / "ctk").glob("*.json")) if path.name not in GENERATED]
        environments = [path for path in files if path.name.endswith("postman_environment.json")]
        collections = [path for path in files if path.name.endswith((".postman_collection.json", ".testkit.json"))]
        if len(collections) != 1 or len(environments) != 1:
            raise KitError(f"{root / 'ctk'} must hold one Postman collection and one environment, found "
                           f"{[p.name for p in collections]} and {[p.name for p in environments]}")
        return cls(root, _read_json(config_path), collections[0], environments[0])

    @property
    def name(self) -> str:
        return self.folder.name

    def collection(self) -> Json:
        return _read_json(self.collection_path)

    def environment(self) -> Json:
        return _read_json(self.environment_path)

    @property
    def api_path(self) -> str:
        """The API's path from the kit's own url, e.g. /tmf-api/customerManagement/v4/."""
        path = urlsplit(str(self.config.get("url", "")).strip()).path
        if "/tmf-api/" not in path:
            raise KitError(f"{self.folder}/config.json: url {self.config.get('url')!r} names no /tmf-api/ path")
        return "/tmf-api/" + path.split("/tmf-api/", 1)[1].strip("/") + "/"

    @property
    def api_name(self) -> str:
        """The API's name in its path, e.g. customerManagement."""
        return self.api_path.split("/")[2]

    def url_variable(self, collection: Json) -> str:
        """The environment variable every request URL starts with (e.g. {{Customer}})."""
        names = {match.group(1) for item in requests_of(collection.get("item", []))
                 if (match := URL_VARIABLE.match(raw_url(item)))}
        if len(names) != 1:
            raise KitError(f"{self.collection_path.name}: requests start with {sorted(names)}, expected one variable")
        return names.pop()

    def prepare(self, api_root: str, config: Json) -> tuple[Json, Json]:
        """The collection and environment to run against `api_root` with `config` (a config.json's content):
        headers on every request, each payload on the first POST of its resource, the URL variable set."""
        collection = copy.deepcopy(self.collection())
        items = requests_of(collection.get("item", []))
        headers = [{"key": key, "value": value} for key, value in (config.get("headers") or {}).items()]
        for item in items:
            item["request"]["header"] = copy.deepcopy(headers)
        variable = self.url_variable(collection)
        for resource, methods in (config.get("payloads") or {}).items():
            payload = (methods or {}).get("POST", {}).get("payload")
            if payload is None:
                continue
            target = f"{{{{{variable}}}}}{_lower_first(resource)}"
            posts = [item for item in items
                     if item["request"].get("method") == "POST" and raw_url(item).split("?")[0] == target]
            if not posts:
                raise KitError(f"config.json payloads.{resource}: the collection has no POST {target}")
            posts[0]["request"].setdefault("body", {"mode": "raw"})["raw"] = json.dumps(payload)
        environment = copy.deepcopy(self.environment())
        environment["name"] = "TMForumv4"
        values = environment.setdefault("values", [])
        root = api_root.rstrip("/") + "/"
        for value in values:
            if value.get("key") == variable:
                value["value"] = root
                break
        else:
            values.append({"key": variable, "value": root, "enabled": True})
        return collection, environment
