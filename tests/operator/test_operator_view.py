"""Unit: the in-memory cluster view and the work queue."""

from __future__ import annotations

import asyncio

import pytest
from oda_cms_operator.view import ClusterView
from oda_cms_operator.workqueue import WorkQueue


def obj(name: str, version: str | None, labels: dict | None = None, namespace: str = "ns") -> dict:
    metadata = {"name": name, "namespace": namespace, "labels": labels or {}}
    if version is not None:
        metadata["resourceVersion"] = version
    return {"metadata": metadata}


def endpoint_slice(name: str, service: str, ready: bool) -> dict:
    return {"metadata": {"name": name, "namespace": "ns", "labels": {"kubernetes.io/service-name": service}},
            "endpoints": [{"conditions": {"ready": ready}}]}


def test_an_older_event_does_not_replace_what_a_write_returned():
    view = ClusterView()
    view.put("exposedapis", obj("a", "12"))
    assert not view.put("exposedapis", obj("a", "11"))
    assert view.get("exposedapis", "ns", "a")["metadata"]["resourceVersion"] == "12"
    assert view.put("exposedapis", obj("a", "13"))


def test_opaque_resource_versions_let_the_newest_arrival_win():
    view = ClusterView()
    view.put("exposedapis", obj("a", "x9"))
    assert view.put("exposedapis", obj("a", "x1"))


def test_owned_children_need_both_labels():
    view = ClusterView()
    ours = {"oda.tmforum.org/componentName": "c", "app.kubernetes.io/managed-by": "oda-cms-operator"}
    view.put("exposedapis", obj("mine", "1", ours))
    view.put("exposedapis", obj("canvas", "1", {"oda.tmforum.org/componentName": "c"}))
    view.put("exposedapis", obj("elsewhere", "1", ours, namespace="other"))
    assert [o["metadata"]["name"] for o in view.owned("exposedapis", "ns", "c")] == ["mine"]


def test_service_readiness_changes_are_reported_once():
    view = ClusterView()
    assert view.put_slice(endpoint_slice("s-1", "svc", False)) is None  # not ready before, not ready now
    assert view.put_slice(endpoint_slice("s-2", "svc", True)) == ("ns", "svc")
    assert view.put_slice(endpoint_slice("s-2", "svc", True)) is None
    assert view.service_ready("ns", "svc")
    assert view.remove_slice("ns", "s-2") == ("ns", "svc")
    assert not view.service_ready("ns", "svc")


@pytest.mark.asyncio
async def test_queue_runs_a_key_added_twice_once_and_the_earliest_first():
    queue: WorkQueue[str] = WorkQueue()
    queue.add("later", delay=0.05)
    queue.add("now")
    queue.add("now")
    assert await queue.get() == "now"
    assert len(queue) == 1
    assert await asyncio.wait_for(queue.get(), 1) == "later"


@pytest.mark.asyncio
async def test_queue_keeps_the_earlier_due_time():
    queue: WorkQueue[str] = WorkQueue()
    queue.add("k")
    queue.add("k", delay=60)
    assert await asyncio.wait_for(queue.get(), 1) == "k"
