"""A kmock Kubernetes emulator with the API-server behaviour the operator tests depend on.

kmock 0.8's ``KubernetesEmulator`` stores objects and streams watch events, but it answers creations
with 200 instead of 201, a failed JSON-patch test with 500 instead of 422, assigns no uid,
resourceVersion or creationTimestamp, ignores ``generateName``, ignores label selectors (in lists and watches), does no
ownerReference garbage collection and neither prunes nor validates custom resources. ``ClusterEmulator``
adds those, so the real kopf runtime and kubernetes-client behave as against an API server.
ExposedAPI and DependentAPI objects are pruned to their v1 schema (unknown ``spec`` fields dropped,
on creation and in merge patches) and validated on creation (422), as the API server does with the
CRDs from the shared canvas chart (without it, they are stored as sent). Components are stored as
sent, as an API server would store one through an older served version or a conversion webhook, so
the tests can present the operator with Components its parser must refuse.
"""

from __future__ import annotations

import datetime
import itertools
import uuid
from collections.abc import Mapping
from typing import Any

import aiohttp.web
import jsonpatch
import jsonschema
import kmock
import oda_reference
from kmock._internal import rendering  # the emulator's request type; kmock exports no public alias

ODA_RESOURCES = {"components": "Component", "exposedapis": "ExposedAPI", "dependentapis": "DependentAPI"}
VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"]
SCHEMA_CHECKED = {"exposedapis": "ExposedAPI", "dependentapis": "DependentAPI"}


def prune(value: Any, schema: Mapping[str, Any]) -> Any:
    """Drop the object fields ``schema`` does not declare (structural-schema pruning)."""
    if isinstance(value, dict):
        properties = schema.get("properties")
        if properties is not None and not schema.get("x-kubernetes-preserve-unknown-fields"):
            return {key: prune(item, properties[key]) for key, item in value.items() if key in properties}
        if isinstance(schema.get("additionalProperties"), Mapping):
            return {key: prune(item, schema["additionalProperties"]) for key, item in value.items()}
        return value
    if isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        return [prune(item, schema["items"]) for item in value]
    return value


def _spec_schema(plural: str) -> Mapping[str, Any] | None:
    if not (oda_reference.SHARED / "oda" / "crds").is_dir():
        return None
    return oda_reference.crd_schema(SCHEMA_CHECKED[plural])


def selector_matches(selector: str, labels: Mapping[str, str]) -> bool:
    """Equality-based label selectors: ``k=v``, ``k==v``, ``k!=v``, ``k``, ``!k``, comma-separated."""
    for term in filter(None, (part.strip() for part in selector.split(","))):
        if "!=" in term:
            key, value = (s.strip() for s in term.split("!=", 1))
            if labels.get(key) == value:
                return False
        elif "=" in term:
            key, value = (s.strip() for s in term.replace("==", "=").split("=", 1))
            if labels.get(key) != value:
                return False
        elif term.startswith("!"):
            if term[1:].strip() in labels:
                return False
        elif term not in labels:
            return False
    return True


class ClusterEmulator(kmock.KubernetesEmulator):
    """kmock's emulator plus uids, resourceVersions, 201 on create, label selectors and owner GC."""

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        self._versions = itertools.count(1)
        self.resources.load_bundled()
        for plural, kind in ODA_RESOURCES.items():
            self.resources[f"oda.tmforum.org/v1/{plural}"] = kmock.ResourceInfo(
                kind=kind, singular=kind.lower(), namespaced=True, verbs=VERBS
            )

    def _stamp(self, request: rendering.Request) -> None:
        version = str(next(self._versions))
        if request.action == kmock.action.CREATE and isinstance(request.data, dict):
            metadata = request.data.setdefault("metadata", {})
            if not metadata.get("name") and metadata.get("generateName"):
                metadata["name"] = metadata["generateName"] + uuid.uuid4().hex[:5]
            metadata.setdefault("namespace", request.namespace)
            metadata["uid"] = str(uuid.uuid4())
            metadata["resourceVersion"] = version
            metadata["generation"] = 1
            metadata["creationTimestamp"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        elif request.action == kmock.action.UPDATE and isinstance(request.data, dict):
            request.data.setdefault("metadata", {})["resourceVersion"] = version
        elif request.action == kmock.action.UPDATE and isinstance(request.data, list):
            request.data.append({"op": "add", "path": "/metadata/resourceVersion", "value": version})

    def _apply_schema(self, request: rendering.Request) -> None:
        """Prune ``spec`` to the CRD schema and validate a created object, as the API server does."""
        if request.resource is None or request.resource.plural not in SCHEMA_CHECKED:
            return
        if not isinstance(request.data, dict) or not isinstance(request.data.get("spec"), dict):
            return
        schema = _spec_schema(request.resource.plural)
        if schema is None:
            return
        request.data["spec"] = prune(request.data["spec"], schema["properties"]["spec"])
        if request.action == kmock.action.CREATE:
            try:
                jsonschema.validate(request.data, schema)
            except jsonschema.ValidationError as error:
                kind = SCHEMA_CHECKED[request.resource.plural]
                raise kmock.KubernetesError(status=422, reason="Invalid",
                                            message=f"{kind} is invalid: {error.message}") from None

    async def _handle(self, request: rendering.Request) -> aiohttp.web.StreamResponse:
        if request.resource is not None:
            self._apply_schema(request)
            self._stamp(request)
        response = await super()._handle(request)
        if request.action == kmock.action.CREATE and response.status == 200 and not response.prepared:
            response.set_status(201)
        if request.action == kmock.action.DELETE or request.action == kmock.action.UPDATE:
            await self._collect_garbage()
        return response

    async def _render_error(self, exc: Exception) -> aiohttp.web.StreamResponse:
        # A failed JSON-patch "test" (kopf's optimistic resourceVersion check) is a 422 on a real server.
        if isinstance(exc, jsonpatch.JsonPatchTestFailed):
            exc = kmock.KubernetesError(status=422, reason="Invalid", message=str(exc))
        return await super()._render_error(exc)

    async def _serve_list(self, request: rendering.Request) -> rendering.Payload:
        result: Any = await super()._serve_list(request)
        selector = request.params.get("labelSelector")
        if selector:
            result["items"] = [
                item for item in result["items"]
                if selector_matches(selector, item.get("metadata", {}).get("labels") or {})
            ]
        return result

    async def _serve_watch(self, request: rendering.Request) -> Any:
        selector = request.params.get("labelSelector")
        async for event in super()._serve_watch(request):
            if selector and isinstance(event, dict):
                labels = event.get("object", {}).get("metadata", {}).get("labels") or {}
                if not selector_matches(selector, labels):
                    continue
            yield event

    async def _collect_garbage(self) -> None:
        """Delete objects all of whose owners are gone, repeatedly, like the cluster's GC (background)."""
        async with self._lock:
            while True:
                live = {key: obj for key, obj in self._objects.items() if not obj.deleted}
                uids = {obj.raw.get("metadata", {}).get("uid") for obj in live.values()}
                orphans = [
                    (key, obj) for key, obj in live.items()
                    if (refs := obj.raw.get("metadata", {}).get("ownerReferences"))
                    and all(ref.get("uid") not in uids for ref in refs)
                ]
                if not orphans:
                    return
                for (resource, _, _), obj in orphans:
                    raw = obj.raw
                    obj.delete()
                    await self._buses[resource].put({"type": "DELETED", "object": raw})
