"""Building the component's runtime pieces from settings, shared by `serve` and `worker`."""

from __future__ import annotations

from component.api.registry import APIS
from component.config import Settings
from component.domain.clock import Clock
from component.service import Registry
from component.specs import document_path, load_bundled, with_merge_patch_nulls
from component.store.database import Database


def load_documents() -> dict[str, dict]:
    """Every API's bundled document as served, by API name."""
    return {api.name: with_merge_patch_nulls(load_bundled(document_path(api.spec_file))) for api in APIS.values()}


def build_registry(settings: Settings, database: Database, documents: dict[str, dict] | None = None,
                   clock: Clock | None = None) -> Registry:
    """Every resource type of every API (rules read across APIs, whichever APIs this process serves)."""
    documents = documents or load_documents()
    registry = Registry(database, clock, base_url=f"{settings.public_base_url or ''}{settings.path_prefix}")
    for api in APIS.values():
        for resource_type in api.resources:
            registry.register(api.name, resource_type, documents[api.name], api.base_path)
    return registry
