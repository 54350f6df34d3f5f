"""Integration: a bad Component is reported (Event, status) and fails alone."""

from __future__ import annotations

import dataclasses
import json

import pytest
from operator_harness import (
    SLICES_PATH,
    component_body,
    create,
    dependent_api,
    endpoint_slice,
    eventually,
    exposed_api,
    live,
    oda_path,
    operator_requests,
    running_operator,
)

pytestmark = pytest.mark.asyncio


def events_about(cluster, name: str) -> list[dict]:
    return [event for event in live(cluster, "events").values() if event["involvedObject"]["name"] == name]


def summary(cluster, name: str) -> dict:
    return live(cluster, "components")[name]["status"]["summary/status"]


def nameless() -> dict:
    body = component_body("r3-bad", exposed=[exposed_api("troubleTicket", "TMF621", "r3-bad")])
    del body["spec"]["coreFunction"]["exposedAPIs"][0]["name"]
    return body


def bad_port() -> dict:
    good, bad = exposed_api("troubleTicket", "TMF621", "r3-bad"), exposed_api("usage", "TMF635", "r3-bad")
    bad["port"] = "http"
    return component_body("r3-bad", exposed=[good, bad])


async def test_api_without_name_is_reported_in_status_and_as_a_warning_event(cluster, config):
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), nameless())

        def reported() -> None:
            assert summary(cluster, "r3-bad")["errorSummary"] == (
                "invalid spec: spec.coreFunction.exposedAPIs[0] has no name")
            assert summary(cluster, "r3-bad")["deployment_status"] == "In-Progress-CompCon"  # never blank
            events = events_about(cluster, "r3-bad")
            assert [(e["type"], e["reason"]) for e in events] == [("Warning", "InvalidSpec")]
            assert "has no name" in events[0]["message"]

        await eventually(reported)
    assert live(cluster, "exposedapis") == {}


async def test_child_the_api_server_rejects_is_reported_and_the_rest_is_done(cluster, config):
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), bad_port())

        def reported() -> None:
            assert "r3-bad-troubleticket" in live(cluster, "exposedapis")
            assert summary(cluster, "r3-bad")["errorSummary"].startswith("exposedapis r3-bad-usage rejected: ")
            events = events_about(cluster, "r3-bad")
            assert [(e["type"], e["reason"]) for e in events] == [("Warning", "ChildRejected")]

        await eventually(reported)


async def test_rejected_child_is_not_sent_again_nor_reported_twice(cluster, config):
    async with running_operator(cluster, config):  # resync every 0.3 s
        await create(cluster, oda_path("components"), bad_port())
        await eventually(lambda: events_about(cluster, "r3-bad")[0])
        mark = len(cluster._requests)
        await __import__("asyncio").sleep(2.0)
    writes = [r for r in operator_requests(cluster, mark) if r.method.value != "GET"]
    assert writes == []
    assert len(events_about(cluster, "r3-bad")) == 1


async def test_fixed_spec_clears_the_error_summary(cluster, config):
    async with running_operator(cluster, config):
        await create(cluster, oda_path("components"), nameless())
        await eventually(lambda: summary(cluster, "r3-bad")["errorSummary"])
        fixed = component_body("r3-bad", exposed=[exposed_api("troubleTicket", "TMF621", "r3-bad")])
        response = await cluster.patch(oda_path("components", name="r3-bad"), json={"spec": fixed["spec"]},
                                       headers={"Content-Type": "application/merge-patch+json"})
        assert response.status == 200

        def cleared() -> None:
            assert "errorSummary" not in summary(cluster, "r3-bad")
            assert "r3-bad-troubleticket" in live(cluster, "exposedapis")
            assert [e["reason"] for e in events_about(cluster, "r3-bad")] == ["InvalidSpec", "Reconciled"]

        await eventually(cleared)


@pytest.mark.parametrize("bad", [nameless, bad_port], ids=["spec-error", "rejected-child"])
async def test_bad_component_does_not_delay_the_others(cluster, config, bad):
    """A provider appearing re-resolves every consumer at once, even with a bad Component among them."""
    slow_timer = dataclasses.replace(config, resync_interval=3600)
    await create(cluster, SLICES_PATH, endpoint_slice("r2-som"))
    async with running_operator(cluster, slow_timer):
        await create(cluster, oda_path("components"), bad())
        for consumer in ("r1-cms", "r4-crm"):
            await create(cluster, oda_path("components"), component_body(
                consumer, dependent=[dependent_api("serviceOrdering", "TMF641")]))
        await eventually(lambda: events_about(cluster, "r3-bad")[0])
        await create(cluster, oda_path("components"), component_body(
            "r2-som", exposed=[exposed_api("serviceOrdering", "TMF641", "r2-som")]))

        def resolved() -> None:
            for consumer in ("r1-cms", "r4-crm"):
                configmap = live(cluster, "configmaps")[f"{consumer}-dependent-apis"]
                assert json.loads(configmap["data"]["dependentApis.json"])["serviceOrdering"]["ready"] is True

        await eventually(resolved, timeout=5)
