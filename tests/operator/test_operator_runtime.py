"""Integration: the real kopf runtime running the operator against the emulated cluster."""

from __future__ import annotations

import json

import pytest
from conftest import (
    SLICES_PATH,
    component_body,
    create,
    endpoint_slice,
    eventually,
    exposed_api,
    live,
    oda_path,
    running_operator,
)

pytestmark = pytest.mark.asyncio


async def test_created_component_gets_exposed_apis_with_in_cluster_urls(cluster, config):
    await create(cluster, SLICES_PATH, endpoint_slice("r1-cms"))
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), component_body(
            "r1-cms", exposed=[exposed_api("customerManagement", "TMF629", "r1-cms")]))

        def registered():
            child = live(cluster, "exposedapis")["r1-cms-customermanagement"]
            assert child["status"]["apiStatus"]["url"] == (
                "http://r1-cms.components.svc.cluster.local:8080/r1-customerManagement/tmf-api/customerManagement/v4")
            assert child["status"]["implementation"]["ready"] is True
            return child

        child = await eventually(registered)
        print(json.dumps(child, indent=1))
