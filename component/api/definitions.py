"""What an API is to the component: its document, base path and the resource types it serves."""

from __future__ import annotations

from dataclasses import dataclass

from component.domain.kernel.resource_type import ResourceType


@dataclass(frozen=True)
class ApiDefinition:
    name: str  # short name for `oda-cms serve --api NAME`: "customer"
    title: str
    spec_file: str  # in openapi/: "tmf629-customer-v4.yaml"
    base_path: str  # "/tmf-api/customerManagement/v4"
    resources: tuple[ResourceType, ...]
    has_hub: bool = True
