"""Unit: Service readiness from EndpointSlices."""

from __future__ import annotations

from oda_cms_operator.readiness import endpoint_slices_ready


def slice_with(*conditions: dict) -> dict:
    return {"endpoints": [{"addresses": ["10.0.0.1"], "conditions": c} for c in conditions]}


def test_ready_endpoint_makes_the_service_ready():
    assert endpoint_slices_ready([slice_with({"ready": False}), slice_with({"ready": True})])


def test_unknown_readiness_counts_as_ready():
    assert endpoint_slices_ready([slice_with({})])


def test_terminating_or_unready_endpoints_do_not_count():
    assert not endpoint_slices_ready([slice_with({"ready": False}, {"ready": True, "terminating": True})])


def test_no_slices_means_not_ready():
    assert not endpoint_slices_ready([])
